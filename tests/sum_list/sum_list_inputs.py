"""The inputs that sum_list's tests build: odd items and containers (an int that the oracle sum()
converts too, iterables, sequences and lists that lie about their length, an exception of the
tests' own) and seeded random numbers of each kind (any double by bit pattern, doubles of wide
exponents, subnormals, ints near the edges of each range and ints of any size).
"""
import math
import struct
import sys

from support.number_likes import Index


class Hook(Index):
    """Integral: converted through __index__ by sum_list and math.fsum, and through __radd__ by
    the builtin sum() that serves as the oracle, once per item in each."""

    def __radd__(self, other):
        return other + self.__index__()


class LyingIterable:
    """Iterates over `items` but reports `length` (or raises) from __len__ and __length_hint__."""

    def __init__(self, items, length):
        self.items = items
        self.length = length

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        if isinstance(self.length, BaseException):
            raise self.length
        return self.length

    __length_hint__ = __len__


class LyingSequence:
    """Only __getitem__ (ending with IndexError) and a lying __len__."""

    def __init__(self, items, length):
        self.items = items
        self.length = length

    def __getitem__(self, index):
        return self.items[index]

    __len__ = LyingIterable.__len__
    __length_hint__ = LyingIterable.__len__


class LyingList(list):
    def __len__(self):
        return sys.maxsize


class ShortList(list):
    def __len__(self):
        return 0


class CustomError(Exception):
    pass


def random_double(rng):
    """Any finite double, by bit pattern: every exponent equally likely."""
    while True:
        value = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if math.isfinite(value):
            return value


def wide_double(rng):
    return math.ldexp(rng.random() * 2 - 1, rng.randint(-1080, 1023))


def subnormal(rng):
    return math.ldexp(rng.random() * 2 - 1, -1022 - rng.randint(0, 52))


def integer_near_edges(rng):
    edge = rng.choice([2**53, 2**62, 2**63, 2**64, 2**31, 2**32, 2**30, 2**127, 2**128])
    return rng.choice([1, -1]) * (edge + rng.randint(-3, 3))


def random_integer(rng):
    return rng.choice([1, -1]) * rng.getrandbits(rng.randint(0, 130))


def random_mixed(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return random_integer(rng)
    if kind == 1:
        return integer_near_edges(rng)
    if kind == 2:
        return rng.randint(-1000, 1000)
    if kind == 3:
        return wide_double(rng)
    if kind == 4:
        return rng.uniform(-1e6, 1e6)
    return subnormal(rng)
