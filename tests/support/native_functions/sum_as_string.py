"""sum_as_string's spec: its cases, its oracle and its draw of random calls (FUNCTION).

The oracle is Python's own int arithmetic: str(a + b), where each argument is read as
sum_as_string reads it (expected_argument). The draw gives arguments of every kind, by position
or keyword. The fuzz target's kept corpus (tests/fuzz/corpus) was made with the first byte 3
(mod 4) picking sum_as_string: a change to it, or to how the draw reads the bytes, makes the
corpus lose what it covers.
"""
import decimal
import operator

from support.function_spec import NativeFunction, call, invalid, valid
from support.number_likes import Index, Raising, Small
from support.oracles import InputError
from support.random_calls import Action, Drawn, Reader

U64_MAX = 2**64 - 1


# The oracle -----------------------------------------------------------------------------------

def expected_argument(argument):
    """The int that sum_as_string reads from `argument`, or the exception it must raise: a float
    is refused even where it has __index__, and the int must lie in [0, 2**64 - 1]."""
    if isinstance(argument, int):
        value = int(argument)
    elif not isinstance(argument, float) and hasattr(type(argument), "__index__"):
        try:
            value = operator.index(argument)
        except InputError as error:
            return error
    else:
        return TypeError()
    if not 0 <= value <= U64_MAX:
        return OverflowError()
    return value


def expected_sum_as_string(a, b):
    """What sum_as_string(a, b) must give: str(a + b) in Python's ints, or the first argument's
    exception."""
    first = expected_argument(a)
    if isinstance(first, BaseException):
        return first
    second = expected_argument(b)
    return second if isinstance(second, BaseException) else str(first + second)


# The draw of random calls ---------------------------------------------------------------------

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


# The cases ------------------------------------------------------------------------------------

FUNCTION = NativeFunction(
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
    oracle=expected_sum_as_string,
    draw=draw_sum_as_string,
    fuzz_bytes=(3,),
    core_tests=("tests/core/test_sum_as_string.cpp",),
)
