"""What a native function's spec holds (support/native_functions/<name>.py): NativeFunction, its
cases (Case, made with valid(), invalid() and call()), its oracle and its draw of random calls.

Arguments are made afresh by a function for each call, since a call may consume them (an
iterator) or change them (a list that one of its items clears). Nothing here imports
my_python_module: the tests look each function up by its name.
"""
import dataclasses
from typing import Callable


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
    """One native function of my_python_module, as its spec file defines it (FUNCTION).

    `valid` cases give what `oracle`, which takes the function's arguments, works out with
    Python's own arithmetic; `invalid` cases raise their exception. `draw(data, start)` makes a
    random call from bytes (support.random_calls.Drawn), for the fuzz target and the property
    tests. The fuzz target's first byte, taken modulo the number of all functions' fuzz bytes,
    picks a function: `fuzz_bytes` are the remainders that pick this one. `core_tests` are its
    tests under tests/core, as paths from the source directory."""

    name: str
    valid: tuple[Case, ...]
    invalid: tuple[Case, ...]
    oracle: Callable[..., object]
    draw: Callable[[bytes, int], object]
    fuzz_bytes: tuple[int, ...]
    core_tests: tuple[str, ...]
