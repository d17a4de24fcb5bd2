"""Objects that stand in for numbers: the items and arguments that the tests of every native
function share (the tests of sum_list and sum_as_string, the spec files of
support/native_functions, the drawn calls of the fuzz target and the property tests).

A native function converts an object that is neither an int nor a float through __index__ or
__float__, as sum() and math.fsum() do. Each class here takes one of those paths, or none.
"""
import enum


class Index:
    """Converts to an int through __index__ alone, as NumPy's integers do. `value` is the number
    or a function giving it. `action` runs first at every conversion: it may mutate a list being
    summed, or raise."""

    def __init__(self, value, action=None):
        self.value = value
        self.action = action

    def __index__(self):
        if self.action is not None:
            self.action()
        return self.value() if callable(self.value) else self.value


class FloatLike:
    """Converts to a float through __float__ alone, as Decimal and NumPy's floats do. Its value
    and action are those of Index; a value that is not a float makes the conversion fail."""

    def __init__(self, value, action=None):
        self.value = value
        self.action = action

    def __float__(self):
        if self.action is not None:
            self.action()
        return self.value() if callable(self.value) else self.value


class Raising:
    """__index__ raises `error`. An exception class gives a fresh instance at each raise, so that
    a loop of thousands of calls does not grow one traceback."""

    def __init__(self, error):
        self.error = error

    def __index__(self):
        raise self.error


class FloatRaising:
    """__float__ raises `error`, as Raising's __index__ does."""

    def __init__(self, error):
        self.error = error

    def __float__(self):
        raise self.error


class Small(int):
    pass


class Real(float):
    pass


class Colour(enum.IntEnum):
    RED = 1
    GREEN = 2


class OnlyInt:
    """__int__ alone is no integer to sum(), so it is none to the native functions either."""

    def __int__(self):
        return 1


class OnlyAdd:
    """Adds to anything, but is no number: sum() takes it, the native functions refuse it."""

    def __add__(self, other):
        return other

    __radd__ = __add__
