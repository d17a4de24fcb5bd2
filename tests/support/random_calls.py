"""Random calls of the native functions, drawn from a string of bytes: the fuzz target feeds it
libFuzzer's bytes (tests/fuzz/harness.py), the property tests feed it Hypothesis's. The case list
(native_functions.py) names each function's draw.

A draw decodes the bytes into a call and builds the same arguments twice: one copy goes to the
native function, and an oracle walks the other the way the function is specified to (oracles.py).
sum_list gets a list, tuple, iterator, generator, array, memoryview, ctypes or NumPy buffer,
range or non-iterable, whose items are ints of every size, floats of every bit pattern, bools,
strs, None, nested lists, int and float subclasses, Decimals, and objects whose __index__ or
__float__ raises or mutates the list being summed. sum_as_string gets arguments of every kind,
by position or keyword.

The bytes are read as a stream of choices; past the end every choice is 0. The fuzz target's
kept corpus (tests/fuzz/corpus) is made of such choices: a change to how a draw reads them makes
the corpus lose what it covers.
"""
import array
import ctypes
import dataclasses
import decimal
import fractions
import math
import struct
import sys

from support.number_likes import FloatLike, Index, Real, Small
from support.oracles import DOCUMENTED, InputError, expected_sum, expected_sum_as_string

try:
    import numpy as np
except ImportError:
    np = None

INT_EDGES = [0, 1, 2**30, 2**31, 2**32, 2**53, 2**62, 2**63, 2**64, 2**127, 2**128, 2**1023,
             2**1024, 10**400]
FLOAT_SPECIALS = [math.inf, -math.inf, math.nan, -0.0, 0.0, sys.float_info.max, 5e-324,
                  2.0**-1022, 1e308, -1e308, 2.0**53, 0.5]
# Buffers this long are summed with the GIL released, chunk by chunk.
LONG_BUFFER = 70_000


class Mismatch(AssertionError):
    """A native function broke a rule inside a drawn call (a re-entrant sum differs)."""


@dataclasses.dataclass
class Drawn:
    """A drawn call: its arguments, and what the oracle expects of their twin."""

    args: tuple
    kwargs: dict
    expected: object
    # An empty float buffer may sum to 0 or 0.0.
    empty_float_buffer: bool = False

    def call(self, function):
        """The call's result, or the documented exception or InputError that it raises."""
        try:
            return function(*self.args, **self.kwargs)
        except (*DOCUMENTED, InputError) as error:
            return error


class Reader:
    """The bytes as a stream of choices; past the end every choice is 0, so the costly choices
    (long lists and buffers) are made by non-zero bytes."""

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


class Action:
    """What an item does, chosen by the bytes, each time it is converted to a number: the
    action of a number_likes.Index or FloatLike. `home` is the list being summed, or None."""

    def __init__(self, kind, argument, home):
        self.kind = kind
        self.argument = argument
        self.home = home

    def __call__(self):
        kind, home = self.kind, self.home
        if kind == 1:
            raise InputError(self.argument)
        if home is None:
            return
        if kind == 2:
            home.clear()
        elif kind == 3:
            home.extend([self.argument, 0.5, -(2**70)][: 1 + self.argument % 3])
        elif kind == 4 and home:
            home.pop()
        elif kind == 5 and home:
            del home[0]
        elif kind == 6:
            home[:] = [self.argument] * len(home)
        elif kind == 7:
            # Re-entrant: a sum inside the sum. Imported here, so that the case list imports
            # without the module (the packaging tests read it under python3 without it).
            from my_python_module import sum_list

            inner = [self.argument, -self.argument, 2**65, 7]
            if sum_list(inner) != sum(inner):
                raise Mismatch("re-entrant sum_list differs from sum()")


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
        return Index(reader.integer(), Action(reader.byte() % 8, reader.signed(1), home))
    if kind == 13:
        return FloatLike(reader.double(), Action(reader.byte() % 8, reader.signed(1), home))
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


def make_argument(reader):
    kind = reader.byte() % 10
    if kind <= 3:
        return reader.integer()
    if kind == 4:
        return bool(reader.byte() & 1)
    if kind == 5:
        return Small(reader.integer())
    if kind == 6:
        return Index(reader.integer(),
                     Action(1 if reader.byte() % 4 == 0 else 0, reader.signed(1), None))
    if kind == 7:
        return reader.double()
    return [None, "1", 1j, decimal.Decimal(1), b"1", [1]][reader.byte() % 6]


def draw_sum_as_string(data, start):
    """A call of sum_as_string from data[start:]: by position or keyword, or with the wrong
    number of arguments or an unknown keyword, which must raise TypeError."""
    reader = Reader(data, start)
    style = reader.byte() % 8
    a, b = make_argument(reader), make_argument(reader)
    twin = Reader(data, start + 1)
    expected = expected_sum_as_string(make_argument(twin), make_argument(twin))
    if style <= 3:
        return Drawn((a, b), {}, expected)
    if style == 4:
        return Drawn((), {"b": b, "a": a}, expected)
    if style == 5:
        return Drawn((a,), {"b": b}, expected)
    if style == 6:
        count = reader.byte() % 4
        return Drawn(tuple([a, b, a][:count]), {}, expected if count == 2 else TypeError())
    return Drawn((a,), {["a", "c", "values"][reader.byte() % 3]: b}, TypeError())
