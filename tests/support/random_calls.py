"""What the random calls of the native functions are drawn with: the bytes read as a stream of
choices (Reader), and the Python values made from them. The fuzz target feeds its bytes to each
function's draw (tests/fuzz/harness.py), the property tests feed it Hypothesis's; each draw is in
its function's spec file (support/native_functions/<name>.py).

A draw decodes the bytes into a call (Drawn) and builds the same arguments twice: one copy goes to
the native function, and the function's oracle walks the other the way the function is specified
to. The values made here are items of every kind (make_item: ints of every size, floats of every
bit pattern, bools, strs, None, nested lists, int and float subclasses, Decimals, and objects whose
__index__ or __float__ raises or mutates the list being summed, through Action) and buffers of
every kind (make_buffer: arrays, memoryviews, ctypes and NumPy arrays, bytes).

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
from support.oracles import DOCUMENTED, InputError

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
            # Re-entrant: a sum inside the sum. Imported here, so that the specs import
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


