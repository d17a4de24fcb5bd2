"""The Python half of the fuzz target (fuzz_my_python_module.cpp), which imports it from this
folder, and the spec of every native function from tests/support (support.native_functions).

fuzz_one(data) lets the first byte pick a native function: each spec's fuzz_bytes are the
remainders, modulo the number of all of them, that pick it. It hands the other bytes to that
function's draw, which makes a call and the outcome that the function's oracle expects of it. Any
difference in result or exception type, and any exception outside the documented ones, raises:
the C++ side prints it and aborts, which libFuzzer records as a crash with the input that caused
it.
"""
import my_python_module
from support.native_functions import FUNCTIONS
from support.oracles import same_outcome
from support.random_calls import Mismatch

# The function that each remainder of the first byte picks.
BY_FIRST_BYTE = {byte: function for function in FUNCTIONS for byte in function.fuzz_bytes}


def check(condition, message):
    """`message` is a function: formatting some inputs (NumPy arrays of invalid code points) raises."""
    if not condition:
        raise Mismatch(message())


def fuzz_one(data):
    if not data:
        return
    function = BY_FIRST_BYTE[data[0] % len(BY_FIRST_BYTE)]
    drawn = function.draw(data, 1)
    actual = drawn.call(getattr(my_python_module, function.name))
    check(same_outcome(actual, drawn.expected, drawn.empty_float_buffer),
          lambda: f"{function.name}(*{drawn.args!r}, **{drawn.kwargs!r}) gave {actual!r}, "
                  f"expected {drawn.expected!r}")
