"""The Python half of the fuzz target (fuzz_my_python_module.cpp), compiled into it.

fuzz_one(data) decodes the fuzzer's bytes into a call of a native function: sum_list on a list,
tuple, iterator, generator, array, memoryview, ctypes or NumPy buffer, range or non-iterable, whose
items are ints of every size, floats of every bit pattern, bools, strs, None, nested lists, int and
float subclasses, Decimals, and objects whose __index__ or __float__ raises or mutates the list
being summed; or sum_as_string with arguments of every kind, by position or keyword. It builds the
same input twice from the same bytes: one goes to the native function, the other to an oracle
that walks it the way the function is specified to (sum() for integral items, math.fsum()
otherwise, the argument rules for sum_as_string). Any difference in result or exception type, and
any exception outside the documented ones, raises: the C++ side prints it and aborts, which
libFuzzer records as a crash with the input that caused it.
"""
import array
import ctypes
import decimal
import fractions
import math
import operator
import struct
import sys

from my_python_module import sum_as_string, sum_list

try:
    import numpy as np
except ImportError:
    np = None

U64_MAX = 2**64 - 1
# sum_list's documented exceptions, and the inputs' own.
DOCUMENTED = (TypeError, OverflowError, ValueError)
INT_EDGES = [0, 1, 2**30, 2**31, 2**32, 2**53, 2**62, 2**63, 2**64, 2**127, 2**128, 2**1023,
             2**1024, 10**400]
FLOAT_SPECIALS = [math.inf, -math.inf, math.nan, -0.0, 0.0, sys.float_info.max, 5e-324,
                  2.0**-1022, 1e308, -1e308, 2.0**53, 0.5]
# Buffers this long are summed with the GIL released, chunk by chunk.
LONG_BUFFER = 70_000


class FuzzError(Exception):
    """Raised by the inputs' own __index__, __float__ and iterators: must propagate unchanged."""


class Mismatch(AssertionError):
    pass


class Reader:
    """The fuzzer's bytes as a stream of choices; past the end every choice is 0, so the costly
    choices (long lists and buffers) are made by non-zero bytes."""

    def __init__(self, data, position=0):
        self.data = data
        self.position = position

    def byte(self):
        if self.position >= len(self.data):
            return 0
        value = self.data[self.position]
        self.position += 1
        return value

    def take(self, size):
        chunk = self.data[self.position:self.position + size]
        self.position += size
        return chunk.ljust(size, b"\0")

    def exhausted(self):
        return self.position >= len(self.data)

    def signed(self, size):
        return int.from_bytes(self.take(size), "little", signed=True)

    def integer(self):
        kind = self.byte() % 8
        if kind == 0:
            return self.signed(1)
        if kind == 1:
            return self.signed(4)
        if kind == 2:
            return int.from_bytes(self.take(8), "little")
        if kind == 3:
            return self.signed(8)
        if kind == 4:
            edge = INT_EDGES[self.byte() % len(INT_EDGES)]
            return (-1 if self.byte() & 1 else 1) * (edge + self.signed(1) % 7 - 3)
        if kind == 5:
            return self.signed(1 + self.byte() % 32)
        if kind == 6:
            return self.signed(16)
        return self.signed(1 + self.byte() * 4)  # up to 8000 bits

    def double(self):
        if self.byte() % 4 == 0:
            return FLOAT_SPECIALS[self.byte() % len(FLOAT_SPECIALS)]
        return struct.unpack("<d", self.take(8))[0]


class Small(int):
    pass


class Real(float):
    pass


class Action:
    """An item running an action, chosen by the bytes, each time it is converted to a number."""

    def __init__(self, value, action, argument, home):
        self.value = value
        self.action = action
        self.argument = argument
        self.home = home  # the list being summed, or None

    def run(self):
        action, home = self.action, self.home
        if action == 1:
            raise FuzzError(self.argument)
        if home is None:
            return
        if action == 2:
            home.clear()
        elif action == 3:
            home.extend([self.argument, 0.5, -(2**70)][: 1 + self.argument % 3])
        elif action == 4 and home:
            home.pop()
        elif action == 5 and home:
            del home[0]
        elif action == 6:
            home[:] = [self.argument] * len(home)
        elif action == 7:
            # Re-entrant: a sum inside the sum.
            inner = [self.argument, -self.argument, 2**65, 7]
            if sum_list(inner) != sum(inner):
                raise Mismatch("re-entrant sum_list differs from sum()")


class Index(Action):
    def __index__(self):
        self.run()
        return self.value


class FloatLike(Action):
    def __float__(self):
        self.run()
        return self.value


def make_item(reader, home, depth):
    kind = reader.byte() % 16
    if kind <= 2:
        return reader.integer()
    if kind <= 5:
        return reader.double()
    if kind == 6:
        return bool(reader.byte() & 1)
    if kind == 7:
        return str(reader.byte())
    if kind == 8:
        return None
    if kind == 9:
        if depth >= 3:
            return None
        nested = [make_item(reader, None, depth + 1) for _ in range(reader.byte() % 3)]
        return tuple(nested) if reader.byte() & 1 else nested
    if kind == 10:
        return complex(reader.double(), reader.double())
    if kind == 11:
        return Small(reader.integer()) if reader.byte() & 1 else Real(reader.double())
    if kind == 12:
        return Index(reader.integer(), reader.byte() % 8, reader.signed(1), home)
    if kind == 13:
        return FloatLike(reader.double(), reader.byte() % 8, reader.signed(1), home)
    if kind == 14:
        if reader.byte() & 1:
            return decimal.Decimal(reader.signed(4)).scaleb(reader.signed(1) % 20 - 10)
        return fractions.Fraction(reader.signed(4), 1 + reader.byte())
    return FLOAT_SPECIALS[reader.byte() % len(FLOAT_SPECIALS)]


def make_items(reader, home):
    count = reader.byte() % 48
    if reader.byte() % 16 == 15:
        count *= 40  # now and then a long list: signal checks, batches
    items = []
    for _ in range(count):
        if reader.exhausted():
            break
        items.append(make_item(reader, home, 0))
    return items


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
            if isinstance(item, Action):
                item.home = None
        values = tuple(home)
        return values, iter(values)
    if kind == 2 or kind == 5:
        return iter(home) if kind == 2 else home, walk(home)
    stop_at = reader.byte()

    def generate(source):
        for position, item in enumerate(walk(source)):
            if position == stop_at:
                raise FuzzError("from the iterator")
            yield item

    return generate(home), generate(home)


NUMPY_DTYPES = ["<i1", "<u1", "<i2", ">i2", "<u2", ">u4", "<i4", ">i8", "<u8", ">u8", "<f2",
                ">f2", "<f4", ">f4", "<f8", ">f8", "g", "?", "c16", "S2", "O"]
CTYPES = [ctypes.c_int16.__ctype_be__, ctypes.c_uint32.__ctype_be__, ctypes.c_int64.__ctype_be__,
          ctypes.c_double.__ctype_be__, ctypes.c_float.__ctype_be__, ctypes.c_longdouble,
          ctypes.c_bool, ctypes.c_uint8, ctypes.c_double, ctypes.c_char]


def make_buffer(reader):
    """A buffer, the Python numbers of its elements (None: not numbers, so TypeError), and
    whether its elements are floats (an empty float buffer may sum to 0 or 0.0)."""
    kind = reader.byte() % 5
    length = reader.byte() % 64
    if reader.byte() % 32 == 31:
        length *= LONG_BUFFER // 32
    if kind == 0:
        code = "bBhHiIlLqQfd"[reader.byte() % 12]
        raw = reader.take(length * struct.calcsize(code))
        values = array.array(code, raw)
        return values, list(values), code in "fd"
    if kind == 1:
        code = "bBhHiIlLqQnNfd?cP"[reader.byte() % 17]
        size = struct.calcsize(code)
        raw = reader.take(length * size)
        view = memoryview(raw).cast(code)
        step = reader.byte() % 5 - 2 or 1
        view = view[::step]
        if reader.byte() & 1 and len(view) % 2 == 0 and view.c_contiguous and len(view):
            view = view.cast("B").cast(code, shape=[2, len(view) // 2])
        if code in "cP":
            return view, None, False
        items = view.tolist()
        if view.ndim == 2:
            items = [x for row in items for x in row]
        return view, items, code in "fd"
    if kind == 2:
        ctype = CTYPES[reader.byte() % len(CTYPES)]
        width = 1 + reader.byte() % 3
        rows = length // width
        raw = reader.take(rows * width * ctypes.sizeof(ctype))
        values = ((ctype * width) * rows).from_buffer_copy(raw) if rows else (ctype * 0)()
        if ctype is ctypes.c_char:
            return values, None, False
        numbers = []
        for row in values if rows else []:
            numbers.extend(row[:])
        return values, numbers, memoryview(values).format[-1:] in "fdg"
    if kind == 3 and np is not None:
        dtype = np.dtype(NUMPY_DTYPES[reader.byte() % len(NUMPY_DTYPES)])
        if dtype.kind == "O":
            # Summed by iterating its items; nested lists would make it two-dimensional.
            items = [item for item in make_items(reader, None) if not isinstance(item, list)]
            values = np.empty(len(items), dtype=object)
            for position, item in enumerate(items):
                values[position] = item
            return values, values.tolist(), False
        raw = reader.take(length * dtype.itemsize)
        values = np.frombuffer(raw, dtype=dtype)
        shape = reader.byte() % 5
        if shape == 1 and len(values) % 2 == 0:
            values = values.reshape(2, -1).T
        elif shape == 2:
            values = values[::-2]
        elif shape == 3 and len(values):
            values = np.broadcast_to(values[:1], (reader.byte() % 9,))
        elif shape == 4 and len(values):
            values = values[0]  # zero-dimensional when it is an array: TypeError
            if not isinstance(values, np.ndarray):
                values = np.asarray(values)
        if dtype.kind in "cS" or values.ndim == 0:
            return values, None, False
        if dtype.kind == "f":
            return values, [float(x) for x in values.ravel()], True
        return values, [int(x) for x in values.ravel()], False
    if kind == 4:
        data = reader.take(length)
        return (bytearray(data) if reader.byte() & 1 else data), list(data), False
    return array.array("d"), [], True


def fsum_oracle(numbers):
    """math.fsum, except where fsum gives up on an intermediate overflow though every summand is
    finite: there the exact sum rounded once. None where that is unspecified."""
    try:
        return math.fsum(numbers)
    except OverflowError as error:
        if "intermediate overflow" not in str(error):
            return OverflowError
    except ValueError:
        return ValueError
    doubles = [float(value) for value in numbers]
    if not all(math.isfinite(value) for value in doubles):
        return None
    try:
        return float(sum(map(fractions.Fraction, doubles)))
    except OverflowError:
        return OverflowError


def expected_sum(items):
    """What sum_list must give for the items that its walk yields: a number, an exception
    instance (the first error, as the specification orders them), or None where unspecified."""
    if isinstance(items, list) and set(map(type, items)) <= {int, float, bool}:
        # Plain numbers, as buffers give: no item runs code or is refused, so the walk below
        # reduces to this (an int too large for a float beside any float: OverflowError).
        if float not in set(map(type, items)):
            return sum(items)
        outcome = fsum_oracle(items)
        return outcome() if isinstance(outcome, type) else outcome
    numbers = []
    floating = False
    too_large = False
    iterator = iter(items)
    for index in range(sys.maxsize):
        try:
            item = next(iterator)
        except StopIteration:
            break
        except FuzzError as error:
            return error
        if isinstance(item, (int, float)):
            number = float(item) if isinstance(item, float) else int(item)
        elif isinstance(item, complex):
            return TypeError(f"item {index} ")
        elif hasattr(type(item), "__index__"):
            try:
                number = operator.index(item)
            except FuzzError as error:
                return error
        elif hasattr(type(item), "__float__"):
            try:
                number = float(item)
            except FuzzError as error:
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
    outcome = fsum_oracle(numbers)
    return outcome() if isinstance(outcome, type) else outcome


def same_outcome(actual, expected, empty_float_buffer=False):
    """actual: the result or the exception raised; expected: from expected_sum."""
    if expected is None:
        return True
    if isinstance(expected, BaseException):
        if type(actual) is not type(expected):
            return False
        if isinstance(expected, TypeError) and expected.args:
            return expected.args[0] in str(actual)
        if isinstance(expected, FuzzError):
            return actual.args == expected.args
        return True
    if isinstance(actual, BaseException):
        return False
    if empty_float_buffer:
        return actual == 0 and type(actual) in (int, float) and math.copysign(1, actual) == 1
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, float):
        if math.isnan(expected):
            return math.isnan(actual)
        return actual.hex() == expected.hex()
    return actual == expected


def call(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except (*DOCUMENTED, FuzzError) as error:
        return error


def check(condition, message):
    """`message` is a function: formatting some inputs (NumPy arrays of invalid code points) raises."""
    if not condition:
        raise Mismatch(message())


def fuzz_sum_list(data, start):
    reader = Reader(data, start)
    kind = reader.byte() % 8
    if kind <= 5 and kind != 4:
        values, _ = make_sequence_input(reader, kind)
        actual = call(sum_list, values)
        _, walked = make_sequence_input(Reader(data, start + 1), kind)
        expected = expected_sum(walked)
        check(same_outcome(actual, expected), lambda: f"sum_list gave {actual!r}, expected {expected!r}")
    elif kind == 4 or kind == 6:
        values, numbers, floating = make_buffer(reader)
        actual = call(sum_list, values)
        expected = TypeError() if numbers is None else expected_sum(numbers)
        check(same_outcome(actual, expected, floating and not numbers),
              lambda: f"sum_list({values!r}) gave {actual!r}, expected {expected!r}")
    else:
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
        actual = call(sum_list, values)
        check(same_outcome(actual, expected), lambda: f"sum_list({values!r}) gave {actual!r}, "
                                              f"expected {expected!r}")


def make_argument(reader):
    kind = reader.byte() % 10
    if kind <= 3:
        return reader.integer()
    if kind == 4:
        return bool(reader.byte() & 1)
    if kind == 5:
        return Small(reader.integer())
    if kind == 6:
        return Index(reader.integer(), 1 if reader.byte() % 4 == 0 else 0, reader.signed(1), None)
    if kind == 7:
        return reader.double()
    return [None, "1", 1j, decimal.Decimal(1), b"1", [1]][reader.byte() % 6]


def expected_argument(argument):
    """The int sum_as_string reads from `argument`, or the exception it must raise."""
    if isinstance(argument, int):
        value = int(argument)
    elif not isinstance(argument, float) and hasattr(type(argument), "__index__"):
        try:
            value = operator.index(argument)
        except FuzzError as error:
            return error
    else:
        return TypeError()
    if not 0 <= value <= U64_MAX:
        return OverflowError()
    return value


def fuzz_sum_as_string(data, start):
    reader = Reader(data, start)
    style = reader.byte() % 8
    a, b = make_argument(reader), make_argument(reader)
    twin = Reader(data, start + 1)
    twin_a, twin_b = make_argument(twin), make_argument(twin)
    if style <= 3:
        actual = call(sum_as_string, a, b)
    elif style == 4:
        actual = call(sum_as_string, b=b, a=a)
    elif style == 5:
        actual = call(sum_as_string, a, b=b)
    elif style == 6:
        count = reader.byte() % 4
        actual = call(sum_as_string, *[a, b, a][:count])
        if count != 2:
            check(isinstance(actual, TypeError), lambda: f"{count} arguments gave {actual!r}")
            return
    else:
        actual = call(sum_as_string, a, **{["a", "c", "values"][reader.byte() % 3]: b})
        check(isinstance(actual, TypeError), lambda: f"a bad keyword gave {actual!r}")
        return
    expected = expected_argument(twin_a)
    if not isinstance(expected, BaseException):
        second = expected_argument(twin_b)
        expected = second if isinstance(second, BaseException) else str(expected + second)
    check(same_outcome(actual, expected), lambda: f"sum_as_string({a!r}, {b!r}) gave {actual!r}, "
                                          f"expected {expected!r}")


def fuzz_one(data):
    if not data:
        return
    if data[0] % 4 == 3:
        fuzz_sum_as_string(data, 1)
    else:
        fuzz_sum_list(data, 1)
