# Type stubs of my_python_module (app/bindings.cpp), checked against the built extension by
# mypy's stubtest. The wheel ships them as the stub-only package my_python_module-stubs.
from collections.abc import Iterable
from typing import SupportsFloat, SupportsIndex, overload

def sum_as_string(a: SupportsIndex, b: SupportsIndex) -> str: ...
@overload
def sum_list(values: Iterable[SupportsIndex]) -> int: ...
@overload
def sum_list(values: Iterable[SupportsIndex | SupportsFloat]) -> int | float: ...
