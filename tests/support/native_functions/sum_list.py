"""sum_list's spec: its cases, its oracle and its draw of random calls (FUNCTION).

The oracle is CPython's own arithmetic: sum() for all-integral input, math.fsum() as soon as one
item is a float, with the exact sum through fractions.Fraction where fsum gives up on an
intermediate overflow (fsum_oracle). expected_sum walks the items as sum_list reads them, so that
items which mutate the list or raise give the outcome the specification orders.

The draw gets a list, tuple, iterator, generator, array, memoryview, ctypes or NumPy buffer,
range or non-iterable (support.random_calls makes the items and buffers), and hands a twin of the
input to expected_sum. The fuzz target's kept corpus (tests/fuzz/corpus) was made with the first
bytes 0, 1 and 2 (mod 4) picking sum_list: a change to them, or to how the draw reads the bytes,
makes the corpus lose what it covers.
"""
import array
import fractions
import math
import operator
import sys

from support.function_spec import NativeFunction, call, invalid, valid
from support.number_likes import FloatLike, Index, Raising
from support.oracles import InputError
from support.random_calls import Drawn, Reader, make_buffer, make_item, make_items

try:
    import numpy as np
except ImportError:
    np = None


# The oracle -----------------------------------------------------------------------------------

def fsum_oracle(values):
    """math.fsum(values), except where fsum gives up on an intermediate overflow although every
    summand is finite: there, the exact sum correctly rounded (OverflowError past the largest
    double). Returns None where the outcome is unspecified (an intermediate overflow beside an
    infinity or nan), else the float or the exception type."""
    values = list(values)
    try:
        return math.fsum(values)
    except OverflowError as error:
        if "intermediate overflow" not in str(error):
            return OverflowError
    except (ValueError, TypeError) as error:
        return type(error)
    try:
        doubles = [float(value) for value in values]  # fsum rounds each int to a double
    except OverflowError:
        return OverflowError
    if not all(math.isfinite(value) for value in doubles):
        return None
    try:
        return float(sum(map(fractions.Fraction, doubles)))
    except OverflowError:
        return OverflowError


def expected_sum(values):
    """What sum_list(values) must give, walking its items as sum_list reads them: a number, an
    exception instance (the first error, as the specification orders them), or None where that
    is unspecified. A list's length is read again before each item, as its iterator does."""
    if isinstance(values, list) and set(map(type, values)) <= {int, float, bool}:
        # Plain numbers, as buffers give: no item runs code or is refused, so the walk below
        # reduces to this (an int too large for a float beside any float: OverflowError).
        if float not in set(map(type, values)):
            return sum(values)
        result = fsum_oracle(values)
        return result() if isinstance(result, type) else result
    numbers = []
    floating = False
    too_large = False
    iterator = iter(values)
    for index in range(sys.maxsize):
        try:
            item = next(iterator)
        except StopIteration:
            break
        except InputError as error:
            return error
        if isinstance(item, (int, float)):
            number = float(item) if isinstance(item, float) else int(item)
        elif isinstance(item, complex):
            return TypeError(f"item {index} ")
        elif hasattr(type(item), "__index__"):
            try:
                number = operator.index(item)
            except InputError as error:
                return error
        elif hasattr(type(item), "__float__"):
            try:
                number = float(item)
            except InputError as error:
                return error
        else:
            return TypeError(f"item {index} ")
        if isinstance(number, float):
            if too_large:
                return OverflowError()
            floating = True
        else:
            try:
                float(number)
            except OverflowError:
                if floating:
                    return OverflowError()
                too_large = True
        numbers.append(number)
    if not floating:
        return sum(numbers)
    result = fsum_oracle(numbers)
    return result() if isinstance(result, type) else result


# The draw of random calls ---------------------------------------------------------------------

def walk(values):
    """Yields a list's items as sum_list reads them: the length is read again before each one."""
    i = 0
    while i < list.__len__(values):
        yield list.__getitem__(values, i)
        i += 1


class LyingList(list):
    def __len__(self):
        return 3


def make_sequence_input(reader, kind):
    """A sequence or iterable, and the items its walk yields (a generator, consumed once)."""
    home = LyingList() if kind == 5 else []
    home.extend(make_items(reader, home))
    if kind == 0:
        return home, walk(home)
    if kind == 1:
        # A tuple's items cannot be mutated away; its items' actions act on no list.
        for item in home:
            if isinstance(item, (Index, FloatLike)):
                item.action.home = None
        values = tuple(home)
        return values, iter(values)
    if kind == 2 or kind == 5:
        return iter(home) if kind == 2 else home, walk(home)
    stop_at = reader.byte()

    def generate(source):
        for position, item in enumerate(walk(source)):
            if position == stop_at:
                raise InputError("from the iterator")
            yield item

    return generate(home), generate(home)


def draw_sum_list(data, start):
    """A call of sum_list from data[start:]."""
    reader = Reader(data, start)
    kind = reader.byte() % 8
    if kind <= 5 and kind != 4:
        values, _ = make_sequence_input(reader, kind)
        _, walked = make_sequence_input(Reader(data, start + 1), kind)
        return Drawn((values,), {}, expected_sum(walked))
    if kind == 4 or kind == 6:
        values, numbers, floating = make_buffer(reader)
        expected = TypeError() if numbers is None else expected_sum(numbers)
        return Drawn((values,), {}, expected, floating and not numbers)
    choice = reader.byte() % 3
    if choice == 0:
        start_value, step = reader.integer(), reader.signed(1) or 1
        values = range(start_value, start_value + step * (reader.byte() % 50), step)
        expected = sum(values)
    elif choice == 1:
        values = make_item(reader, None, 0)
        if isinstance(values, (list, tuple)):
            expected = expected_sum(list(values))
        else:
            expected = TypeError()
    else:
        values = str(reader.integer())
        expected = TypeError()
    return Drawn((values,), {}, expected)


# The cases ------------------------------------------------------------------------------------

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

NUMPY_VALID = () if np is None else (
    valid("a numpy float array", lambda: call(np.arange(64, dtype=np.float32))),
    valid("a byte-swapped numpy array", lambda: call(np.arange(64, dtype=">i8")[::2])),
    valid("a numpy object array", lambda: call(np.array([1, BIG, 0.5], dtype=object))),
)
NUMPY_INVALID = () if np is None else (
    invalid("a zero-dimensional numpy array", TypeError, lambda: call(np.array(5.0))),
    invalid("a complex numpy array", TypeError, lambda: call(np.zeros(4, dtype=complex))),
)

FUNCTION = NativeFunction(
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
    ) + NUMPY_VALID,
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
    ) + NUMPY_INVALID,
    oracle=expected_sum,
    draw=draw_sum_list,
    fuzz_bytes=(0, 1, 2),
    core_tests=("tests/core/test_float_sum.cpp", "tests/core/test_float_sum_against_cpython.cpp",
                "tests/core/test_float_sum_arrays.cpp", "tests/core/test_float_sum_blocks.cpp",
                "tests/core/test_float_sum_in_parts.cpp", "tests/core/test_float_sum_random_data.cpp",
                "tests/core/test_integer_sum.cpp"),
)
