"""Reference-leak loop over every native function of my_python_module, as CPython's `-R` does.

For each case (a function and its arguments, on a valid or an error path) the call is repeated
CALLS times per round: WARMUP rounds fill caches and free lists, then in each of ROUNDS rounds the
growth of the allocated memory is measured after a full collection. A case leaks when it grows in
every round (CPython's own criterion, regrtest's check_rc_deltas), and when a call leaves a
reference to its arguments or to the singletons behind (a leaked reference to None or a small int
allocates nothing, so only its count shows it).

The measure is sys.getallocatedblocks(), pymalloc's count of blocks in use. Without pymalloc
(PYTHONMALLOC=malloc, as in the sanitizer run) that count is always 0, and tracemalloc's count of
traced bytes stands in for it, so the loop means the same in both runs.

Run: pyhost test_refleaks.py [--require-numpy] [unittest options]
"""
import array
import gc
import math
import sys
import tracemalloc
import unittest

import my_python_module
from my_python_module import sum_as_string, sum_list

REQUIRE_NUMPY = "--require-numpy" in sys.argv[1:]
try:
    import numpy as np
except ImportError:
    np = None

WARMUP = 3
ROUNDS = 5
CALLS = 2000
# Buffers long enough to take the path that releases the GIL cost more per call.
LONG_CALLS = 200


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class FloatLike:
    def __float__(self):
        return 0.25


class Raising:
    def __index__(self):
        raise KeyError("from __index__")


class Clearing:
    """Empties the list it is in when converted: the sum must hold its own reference."""

    def __init__(self, values):
        self.values = values

    def __index__(self):
        self.values.clear()
        return 1


def failing_generator():
    yield 1
    yield 2.5
    raise KeyError("from the iterator")


def clearing_list():
    values = [1, 2]
    values.append(Clearing(values))
    values.append(3)
    return values


def allocated():
    """What the loop measures: pymalloc's blocks, or tracemalloc's bytes without pymalloc."""
    if tracemalloc.is_tracing():
        return tracemalloc.get_traced_memory()[0]
    return sys.getallocatedblocks()


def cases():
    """(name, function, make_arguments, calls). make_arguments builds fresh arguments where a
    call consumes them (iterators) or where they must be created per call to be freed per call."""
    big = 2**100
    long_doubles = array.array("d", [0.5, 1e300, -1e300, 3.0]) * 40_000
    long_ints = array.array("q", range(-80_000, 80_000))
    listed = [
        ("sum_as_string of small ints", sum_as_string, lambda: ((10, 20), {}), CALLS),
        ("sum_as_string carrying past 2**64", sum_as_string,
         lambda: ((2**64 - 1, 2**64 - 1), {}), CALLS),
        ("sum_as_string by keyword", sum_as_string, lambda: ((), {"b": 2**63, "a": 7}), CALLS),
        ("sum_as_string of __index__ objects", sum_as_string,
         lambda: ((Index(5), Index(2**64 - 1)), {}), CALLS),
        ("sum_as_string of a negative int", sum_as_string, lambda: ((-1, 0), {}), CALLS),
        ("sum_as_string past 2**64", sum_as_string, lambda: ((0, 2**64 + 5), {}), CALLS),
        ("sum_as_string of a float", sum_as_string, lambda: ((1.5, 0), {}), CALLS),
        ("sum_as_string of a str", sum_as_string, lambda: ((1, "2"), {}), CALLS),
        ("sum_as_string of a raising __index__", sum_as_string, lambda: ((Raising(), 1), {}),
         CALLS),
        ("sum_as_string with a missing argument", sum_as_string, lambda: ((1,), {}), CALLS),
        ("sum_as_string with too many arguments", sum_as_string, lambda: ((1, 2, 3), {}), CALLS),
        ("sum_as_string with an unknown keyword", sum_as_string, lambda: ((1,), {"c": 2}),
         CALLS),
        ("sum_as_string with a duplicate argument", sum_as_string, lambda: ((1,), {"a": 2}),
         CALLS),
        ("sum_list of small ints", sum_list, lambda: (([1, 2, 3, -4] * 25,), {}), CALLS),
        ("sum_list of floats", sum_list, lambda: (([0.1, 1e300, -1e300, 5e-324] * 25,), {}),
         CALLS),
        ("sum_list of ints past 64 bits", sum_list,
         lambda: (([big, -big, 2**63, 1, -(2**70)] * 20,), {}), CALLS),
        ("sum_list of ints and floats", sum_list, lambda: (([1, 2**60, 0.5, big, True],), {}),
         CALLS),
        ("sum_list of a tuple", sum_list, lambda: ((tuple(range(100)),), {}), CALLS),
        ("sum_list of a generator", sum_list, lambda: (((x for x in range(50)),), {}), CALLS),
        ("sum_list of __index__ and __float__ objects", sum_list,
         lambda: (([Index(3), Index(big), FloatLike()],), {}), CALLS),
        ("sum_list of an item that clears the list", sum_list, lambda: ((clearing_list(),), {}),
         CALLS),
        ("sum_list of an array of doubles", sum_list, lambda: ((array.array("d", [0.5] * 64),), {}),
         CALLS),
        ("sum_list of a strided memoryview", sum_list,
         lambda: ((memoryview(array.array("q", range(100)))[::-3],), {}), CALLS),
        ("sum_list of bytes", sum_list, lambda: ((b"\x01\xff" * 30,), {}), CALLS),
        ("sum_list of a long buffer with the GIL released", sum_list,
         lambda: ((long_doubles,), {}), LONG_CALLS),
        ("sum_list of a long int buffer with the GIL released", sum_list,
         lambda: ((long_ints,), {}), LONG_CALLS),
        ("sum_list of a bad item after big ints", sum_list,
         lambda: (([big, 1, 2**70, None],), {}), CALLS),
        ("sum_list of a bad item in a tuple", sum_list, lambda: (((1.5, "x"),), {}), CALLS),
        ("sum_list of a complex item", sum_list, lambda: (([1, 1j],), {}), CALLS),
        ("sum_list of inf and -inf", sum_list, lambda: (([math.inf, 1, -math.inf],), {}), CALLS),
        ("sum_list past the largest double", sum_list, lambda: (([1e308, 1e308],), {}), CALLS),
        ("sum_list of an int too large for a float", sum_list,
         lambda: (([10**400, 0.5],), {}), CALLS),
        ("sum_list of a raising __index__", sum_list, lambda: (([1, big, Raising()],), {}),
         CALLS),
        ("sum_list of a failing iterator", sum_list, lambda: ((failing_generator(),), {}), CALLS),
        ("sum_list of a str", sum_list, lambda: (("123",), {}), CALLS),
        ("sum_list of a non-iterable", sum_list, lambda: ((5,), {}), CALLS),
        ("sum_list of a buffer of characters", sum_list,
         lambda: ((memoryview(b"ab").cast("c"),), {}), CALLS),
        ("sum_list with an unknown keyword", sum_list, lambda: ((), {"items": [1]}), CALLS),
    ]
    if np is not None:
        listed += [
            ("sum_list of a numpy float array", sum_list,
             lambda: ((np.arange(64, dtype=np.float32),), {}), CALLS),
            ("sum_list of a byte-swapped numpy array", sum_list,
             lambda: ((np.arange(64, dtype=">i8")[::2],), {}), CALLS),
            ("sum_list of a numpy object array", sum_list,
             lambda: ((np.array([1, big, 0.5], dtype=object),), {}), CALLS),
            ("sum_list of a zero-dimensional numpy array", sum_list,
             lambda: ((np.array(5.0),), {}), CALLS),
            ("sum_list of a complex numpy array", sum_list,
             lambda: ((np.zeros(4, dtype=complex),), {}), CALLS),
        ]
    return listed


def call_many(function, make_arguments, calls):
    for _ in range(calls):
        args, kwargs = make_arguments()
        try:
            function(*args, **kwargs)
        except (TypeError, OverflowError, ValueError, KeyError):
            pass


def measure(function, make_arguments, calls):
    """The growth of allocated() in each measured round."""
    for _ in range(WARMUP):
        call_many(function, make_arguments, calls)
    # Bound beforehand, so that the measure does not count itself: each round replaces the int in
    # `before` and the item in `deltas` rather than adding one.
    deltas = [0] * ROUNDS
    before = allocated()
    for index in range(ROUNDS):
        sys._clear_type_cache()
        gc.collect()
        before = allocated()
        call_many(function, make_arguments, calls)
        sys._clear_type_cache()
        gc.collect()
        deltas[index] = allocated() - before
    return deltas


class ReferenceLeakTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if REQUIRE_NUMPY and np is None:
            raise AssertionError("--require-numpy: numpy is not importable")
        if sys.getallocatedblocks() == 0:
            tracemalloc.start()
            cls.addClassCleanup(tracemalloc.stop)

    def test_every_native_function_has_cases(self):
        functions = {name for name, value in vars(my_python_module).items()
                     if callable(value) and not name.startswith("_")}
        covered = {function.__name__ for _, function, _, _ in cases()}
        self.assertEqual(functions - covered, set(), "native functions without leak cases")

    def test_no_case_grows_the_allocated_memory_in_every_round(self):
        leaking = []
        for name, function, make_arguments, calls in cases():
            deltas = measure(function, make_arguments, calls)
            if all(delta >= 1 for delta in deltas):
                leaking.append(f"{name}: {deltas}")
        unit = "bytes traced" if tracemalloc.is_tracing() else "blocks"
        print(f"\n{len(cases())} cases, {ROUNDS} rounds of {CALLS} calls each after {WARMUP} "
              f"warm-up rounds, measured in {unit}", file=sys.stderr)
        self.assertEqual(leaking, [], f"{unit} grew in every round")

    def test_calls_leave_no_reference_to_their_arguments_or_the_singletons(self):
        # Objects that outlive the calls, whose counts a leaked reference would raise.
        values = [1, 2, 2**70, 0.5, None, True]
        keep = [values, tuple(values[:3]), 0, 1, 2, 3, 7, None, True, False, math.inf, 0.5,
                2**64 - 1, 10, 20, my_python_module]
        calls = [
            (sum_list, (values[:4],)), (sum_list, (tuple(values[:3]),)),
            (sum_list, (values,)), (sum_list, ([1, 2, 3, None],)), (sum_list, ([0.5, 1],)),
            (sum_list, (iter([1, 2, 3]),)), (sum_list, ([math.inf, -math.inf],)),
            (sum_as_string, (10, 20)), (sum_as_string, (2**64 - 1, 1)),
            (sum_as_string, (None, 1)), (sum_as_string, (True, 7)),
        ]
        leaking = []
        for function, args in calls:
            for _ in range(WARMUP):
                call_many(function, lambda: (args, {}), CALLS)
            growth = {repr(item): [] for item in keep}
            for _ in range(ROUNDS):
                before = [sys.getrefcount(item) for item in keep]
                call_many(function, lambda: (args, {}), CALLS)
                after = [sys.getrefcount(item) for item in keep]
                for item, b, a in zip(keep, before, after):
                    growth[repr(item)].append(a - b)
            leaking += [f"{function.__name__}{args!r} keeps references to {name}: {deltas}"
                        for name, deltas in growth.items() if all(d >= 1 for d in deltas)]
        self.assertEqual(leaking, [])

if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + [a for a in sys.argv[1:] if a != "--require-numpy"])
