"""What each native function must give, worked out by CPython itself: sum() and math.fsum() for
sum_list (with the exact sum through fractions.Fraction where fsum gives up), Python's own int
arithmetic for sum_as_string. The case list (native_functions.py), the fuzz target, the property
tests and the tests of each function share them.

An oracle returns the result, or the exception that the call must raise (an instance), or None
where the specification leaves the outcome open. same_outcome compares a call's outcome with it.
"""
import fractions
import math
import operator
import sys

U64_MAX = 2**64 - 1
# The exceptions that the native functions document; a test's own inputs may raise InputError.
DOCUMENTED = (TypeError, OverflowError, ValueError)


class InputError(Exception):
    """Raised on purpose by a test's inputs (an item's __index__ or __float__, an iterator). A
    native function must let it through unchanged, so the oracles give it as the outcome."""


def outcome(function, *args):
    """function(*args), or the type of the documented exception that it raises."""
    try:
        return function(*args)
    except DOCUMENTED as error:
        return type(error)


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


def same_outcome(actual, expected, empty_float_buffer=False):
    """actual: the result or the exception raised; expected: an oracle's outcome. Results of the
    same type, floats bit for bit (any nan matches); exceptions of the same type, a TypeError with
    the oracle's text in its message, an InputError with the same arguments. An empty float
    buffer may give 0 or 0.0, but not -0.0."""
    if expected is None:
        return True
    if isinstance(expected, BaseException):
        if type(actual) is not type(expected):
            return False
        if isinstance(expected, TypeError) and expected.args:
            return expected.args[0] in str(actual)
        if isinstance(expected, InputError):
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
