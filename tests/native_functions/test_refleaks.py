"""Reference-leak loop over every native function of my_python_module, as CPython's `-R` does.

For each case of every spec (support/native_functions/: a function and its arguments, on a valid
or an error path) the call is repeated CALLS times per round: WARMUP rounds fill caches and free
lists, then in each of ROUNDS rounds the growth of the allocated memory is measured after a full
collection. A case leaks when it grows in every round (CPython's own criterion, regrtest's
check_rc_deltas), and when a call leaves a reference to its arguments or to the singletons behind
(a leaked reference to None or a small int allocates nothing, so only its count shows it).

The measure is sys.getallocatedblocks(), pymalloc's count of blocks in use. Without pymalloc
(PYTHONMALLOC=malloc, as in the sanitizer run) that count is always 0, and tracemalloc's count of
traced bytes stands in for it, so the loop means the same in both runs.

    PYTHONPATH=tests pyhost tests/native_functions/test_refleaks.py [--require-numpy]

Any other argument goes to unittest.
"""
import gc
import math
import reprlib
import sys
import tracemalloc
import unittest

import my_python_module
from support import options, settings
from support.native_functions import call_many, every_case

try:
    import numpy as np
except ImportError:
    np = None

WARMUP = 3
ROUNDS = 5
CALLS = 2000
# Buffers long enough to take the path that releases the GIL cost more per call.
LONG_CALLS = 200


def allocated():
    """What the loop measures: pymalloc's blocks, or tracemalloc's bytes without pymalloc."""
    if tracemalloc.is_tracing():
        return tracemalloc.get_traced_memory()[0]
    return sys.getallocatedblocks()


def cases():
    """Every case of every native function (support/native_functions/): (its name, the function,
    the case, the calls a round makes of it)."""
    return [(name, function, case, LONG_CALLS if case.long else CALLS)
            for name, function, case in every_case(my_python_module)]


def measure(function, case, calls):
    """The growth of allocated() in each measured round."""
    for _ in range(WARMUP):
        call_many(function, case.arguments, calls, case.raises)
    # Bound beforehand, so that the measure does not count itself: each round replaces the int in
    # `before` and the item in `deltas` rather than adding one.
    deltas = [0] * ROUNDS
    before = allocated()
    for index in range(ROUNDS):
        sys._clear_type_cache()
        gc.collect()
        before = allocated()
        call_many(function, case.arguments, calls, case.raises)
        sys._clear_type_cache()
        gc.collect()
        deltas[index] = allocated() - before
    return deltas


class ReferenceLeakTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if settings.OPTIONS.require_numpy and np is None:
            raise AssertionError("--require-numpy: numpy is not importable")
        if sys.getallocatedblocks() == 0:
            tracemalloc.start()
            cls.addClassCleanup(tracemalloc.stop)

    def test_no_case_grows_the_allocated_memory_in_every_round(self):
        leaking = []
        for name, function, case, calls in cases():
            deltas = measure(function, case, calls)
            if all(delta >= 1 for delta in deltas):
                leaking.append(f"{name}: {deltas}")
        unit = "bytes traced" if tracemalloc.is_tracing() else "blocks"
        print(f"\n{len(cases())} cases, {ROUNDS} rounds of {CALLS} calls each after {WARMUP} "
              f"warm-up rounds, measured in {unit}", file=sys.stderr)
        self.assertEqual(leaking, [], f"{unit} grew in every round")

    def test_calls_leave_no_reference_to_their_arguments_or_the_singletons(self):
        # Objects that outlive the calls, whose counts a leaked reference would raise: the
        # singletons and small numbers that results and errors are made of, and each case's
        # arguments with their items. A case's calls all get the same arguments.
        singletons = [0, 1, 2, 3, 7, None, True, False, math.inf, 0.5, 2**64 - 1, 10, 20,
                      my_python_module]
        leaking = []
        for name, function, case, calls in cases():
            args, kwargs = case.arguments()
            keep = list({id(item): item for item in
                         singletons + arguments_and_their_items(args, kwargs)}.values())
            for _ in range(WARMUP):
                call_many(function, lambda: (args, kwargs), calls, case.raises)
            growth = [[] for _ in keep]
            for _ in range(ROUNDS):
                before = [sys.getrefcount(item) for item in keep]
                call_many(function, lambda: (args, kwargs), calls, case.raises)
                after = [sys.getrefcount(item) for item in keep]
                for deltas, b, a in zip(growth, before, after):
                    deltas.append(a - b)
            leaking += [f"{name} keeps references to {reprlib.repr(item)}: {deltas}"
                        for item, deltas in zip(keep, growth) if all(d >= 1 for d in deltas)]
        self.assertEqual(leaking, [])


def arguments_and_their_items(args, kwargs):
    """The arguments of a call, and the items of those that are lists or tuples."""
    arguments = [*args, *kwargs.values()]
    return arguments + [item for argument in arguments if isinstance(argument, (list, tuple))
                        for item in argument]


if __name__ == "__main__":
    options.main(__doc__, "require-numpy")
