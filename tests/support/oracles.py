"""What every oracle of a native function shares. Each function's oracle, in its spec file
(support/native_functions/<name>.py), works out what a call must give with CPython's own
arithmetic: the result, or the exception that the call must raise (an instance), or None where
the specification leaves the outcome open. same_outcome compares a call's outcome with it.
"""
import math

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
