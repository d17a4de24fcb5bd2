"""Every native function of my_python_module, with its cases: one entry per function.

Each test that calls every function reads them here: the reference-leak loop (test_refleaks.py),
valgrind (tests/valgrind), the fuzz target (tests/fuzz), the property tests, and the cases test,
which the packaging test also runs against the installed wheel. An entry holds the function's
name; its valid cases, whose results its oracle works out with Python's own arithmetic; its
invalid cases, each with the exception it must raise; its draw of random calls from bytes, for
the fuzz target and the property tests; and its core tests under tests/core.

A new function takes five touches: its algorithm in core/, one binding line in
module/bindings.cpp, its stub line in python/my_python_module.pyi, its entry here and its core
test. tests/native_functions/test_registry.py names each touch left out.

Arguments are made afresh by a function for each call, since a call may consume them (an
iterator) or change them (a list that one of its items clears). Nothing here imports
my_python_module: the tests look each function up by its name.
"""
import array
import dataclasses
import math
import os
from typing import Callable

from support import oracles
from support import random_calls
from support.number_likes import FloatLike, Index, Raising

try:
    import numpy as np
except ImportError:
    np = None

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STUBS = "python/my_python_module.pyi"


def call(*args, **kwargs):
    """The arguments of one call, as a case's function returns them."""
    return args, kwargs


@dataclasses.dataclass(frozen=True)
class Case:
    """One call: what it shows, and a function that makes its arguments afresh. An invalid case
    names the exception that the call must raise. A long case sums a long buffer, which costs
    more: the loops repeat it fewer times."""

    label: str
    arguments: Callable[[], tuple[tuple, dict]]
    raises: type[BaseException] | None = None
    long: bool = False


def valid(label, arguments, long=False):
    return Case(label, arguments, None, long)


def invalid(label, raises, arguments):
    return Case(label, arguments, raises)


@dataclasses.dataclass(frozen=True)
class NativeFunction:
    """One native function of my_python_module. `oracle` takes the function's arguments and
    gives what a valid call returns. `draw(data, start)` makes a random call from bytes
    (random_calls.Drawn). The fuzz target's first byte picks a function: each gets `fuzz_share`
    of the inputs, in the order of FUNCTIONS. `core_tests` are paths from the source directory."""

    name: str
    valid: tuple[Case, ...]
    invalid: tuple[Case, ...]
    oracle: Callable[..., object]
    draw: Callable[[bytes, int], "random_calls.Drawn"]
    fuzz_share: int
    core_tests: tuple[str, ...]


def failing_generator():
    yield 1
    yield 2.5
    raise KeyError("from the iterator")


def clearing_list():
    """An item that empties its list when converted: the sum must hold its own reference."""
    values = [1, 2]
    values.append(Index(1, values.clear))
    values.append(3)
    return values


BIG = 2**100
# Made once: long enough to take the path that releases the GIL, too costly to make per call.
LONG_DOUBLES = array.array("d", [0.5, 1e300, -1e300, 3.0]) * 40_000
LONG_INTS = array.array("q", range(-80_000, 80_000))

SUM_AS_STRING = NativeFunction(
    name="sum_as_string",
    valid=(
        valid("small ints", lambda: call(10, 20)),
        valid("the largest operand and one", lambda: call(2**64 - 1, 1)),
        valid("operands carrying past 2**64", lambda: call(2**64 - 1, 2**64 - 1)),
        valid("operands by keyword", lambda: call(b=2**63, a=7)),
        valid("a bool", lambda: call(True, 7)),
        valid("__index__ objects", lambda: call(Index(5), Index(2**64 - 1))),
    ),
    invalid=(
        invalid("a negative int", OverflowError, lambda: call(-1, 0)),
        invalid("an int past 2**64", OverflowError, lambda: call(0, 2**64 + 5)),
        invalid("a float", TypeError, lambda: call(1.5, 0)),
        invalid("a str", TypeError, lambda: call(1, "2")),
        invalid("None", TypeError, lambda: call(None, 1)),
        invalid("a raising __index__", KeyError, lambda: call(Raising(KeyError), 1)),
        invalid("a missing argument", TypeError, lambda: call(1)),
        invalid("too many arguments", TypeError, lambda: call(1, 2, 3)),
        invalid("an unknown keyword", TypeError, lambda: call(1, c=2)),
        invalid("a duplicate argument", TypeError, lambda: call(1, a=2)),
    ),
    oracle=oracles.expected_sum_as_string,
    draw=random_calls.draw_sum_as_string,
    fuzz_share=1,
    core_tests=("tests/core/test_sum_as_string.cpp",),
)

SUM_LIST_NUMPY_VALID = () if np is None else (
    valid("a numpy float array", lambda: call(np.arange(64, dtype=np.float32))),
    valid("a byte-swapped numpy array", lambda: call(np.arange(64, dtype=">i8")[::2])),
    valid("a numpy object array", lambda: call(np.array([1, BIG, 0.5], dtype=object))),
)
SUM_LIST_NUMPY_INVALID = () if np is None else (
    invalid("a zero-dimensional numpy array", TypeError, lambda: call(np.array(5.0))),
    invalid("a complex numpy array", TypeError, lambda: call(np.zeros(4, dtype=complex))),
)

SUM_LIST = NativeFunction(
    name="sum_list",
    valid=(
        valid("small ints", lambda: call([1, 2, 3, -4] * 25)),
        valid("floats", lambda: call([0.1, 1e300, -1e300, 5e-324] * 25)),
        valid("ints past 64 bits", lambda: call([BIG, -BIG, 2**63, 1, -(2**70)] * 20)),
        valid("ints and floats", lambda: call([1, 2**60, 0.5, BIG, True])),
        valid("an int past 64 bits beside a float", lambda: call([1, 2, 2**70, 0.5])),
        valid("floats before ints", lambda: call([0.5, 1])),
        valid("a tuple", lambda: call(tuple(range(100)))),
        valid("a tuple with an int past 64 bits", lambda: call((1, 2, 2**70))),
        valid("an iterator", lambda: call(iter([1, 2, 3]))),
        valid("a generator", lambda: call(x for x in range(50))),
        valid("values by keyword", lambda: call(values=[1, 2, 0.25])),
        valid("__index__ and __float__ objects",
              lambda: call([Index(3), Index(BIG), FloatLike(0.25)])),
        valid("an item that clears the list", lambda: call(clearing_list())),
        valid("an array of doubles", lambda: call(array.array("d", [0.5] * 64))),
        valid("a strided memoryview", lambda: call(memoryview(array.array("q", range(100)))[::-3])),
        valid("bytes", lambda: call(b"\x01\xff" * 30)),
        valid("a long buffer with the GIL released", lambda: call(LONG_DOUBLES), long=True),
        valid("a long int buffer with the GIL released", lambda: call(LONG_INTS), long=True),
    ) + SUM_LIST_NUMPY_VALID,
    invalid=(
        invalid("a bad item after big ints", TypeError, lambda: call([BIG, 1, 2**70, None])),
        invalid("a bad item after ints and floats", TypeError,
                lambda: call([1, 2, 2**70, 0.5, None, True])),
        invalid("a bad item after small ints", TypeError, lambda: call([1, 2, 3, None])),
        invalid("a bad item in a tuple", TypeError, lambda: call((1.5, "x"))),
        invalid("a complex item", TypeError, lambda: call([1, 1j])),
        invalid("inf and -inf", ValueError, lambda: call([math.inf, 1, -math.inf])),
        invalid("inf and -inf alone", ValueError, lambda: call([math.inf, -math.inf])),
        invalid("a sum past the largest double", OverflowError, lambda: call([1e308, 1e308])),
        invalid("an int too large for a float", OverflowError, lambda: call([10**400, 0.5])),
        invalid("a raising __index__", KeyError, lambda: call([1, BIG, Raising(KeyError)])),
        invalid("a failing iterator", KeyError, lambda: call(failing_generator())),
        invalid("a str", TypeError, lambda: call("123")),
        invalid("a non-iterable", TypeError, lambda: call(5)),
        invalid("a buffer of characters", TypeError, lambda: call(memoryview(b"ab").cast("c"))),
        invalid("an unknown keyword", TypeError, lambda: call(items=[1])),
    ) + SUM_LIST_NUMPY_INVALID,
    oracle=oracles.expected_sum,
    draw=random_calls.draw_sum_list,
    fuzz_share=3,
    core_tests=("tests/core/test_float_sum.cpp", "tests/core/test_float_sum_against_cpython.cpp",
                "tests/core/test_float_sum_arrays.cpp", "tests/core/test_float_sum_blocks.cpp",
                "tests/core/test_float_sum_in_parts.cpp", "tests/core/test_float_sum_random_data.cpp",
                "tests/core/test_integer_sum.cpp"),
)

# The fuzz target's kept corpus was made with this order and these shares: sum_list takes the
# first bytes 0, 1 and 2 (mod 4), sum_as_string takes 3. A change sends those inputs elsewhere.
FUNCTIONS = (SUM_LIST, SUM_AS_STRING)


def every_case(module):
    """(its name, the function, the case) for every case of every native function, the function
    looked up in `module`: the reference-leak loop and valgrind call them all, many times."""
    return [(f"{entry.name}: {case.label}", getattr(module, entry.name), case)
            for entry in FUNCTIONS for case in entry.valid + entry.invalid]


def call_many(function, make_arguments, calls, raises=None):
    """Calls `function` `calls` times, each time with fresh arguments. `raises`: the exception
    that an invalid case raises, and the loop lets pass."""
    expected = raises or ()
    for _ in range(calls):
        args, kwargs = make_arguments()
        try:
            function(*args, **kwargs)
        except expected:
            pass
