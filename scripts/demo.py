"""A user script run inside pyhost: it calls the native functions of my_python_module."""
import sys

import my_python_module

print(f"Running inside {sys.executable} (Python {sys.version.split()[0]})")
print("sum_as_string(10, 20) =", my_python_module.sum_as_string(10, 20))
print("sum_as_string(2**64 - 1, 1) =", my_python_module.sum_as_string(2**64 - 1, 1))
try:
    my_python_module.sum_as_string(-1, 2)
except OverflowError as error:
    print("sum_as_string(-1, 2) raises OverflowError:", error)
print("arguments:", sys.argv[1:])
