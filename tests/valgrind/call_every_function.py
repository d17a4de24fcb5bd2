"""Calls every native function of my_python_module COUNT times on each of its valid and error
paths: the cases of the specs in support/native_functions, as the reference-leak loop
(tests/native_functions/test_refleaks.py) calls them. Run by memcheck.py under valgrind, at two
counts, with tests/ on PYTHONPATH.

    PYTHONPATH=tests pyhost call_every_function.py COUNT
"""
import sys

import my_python_module
from support.native_functions import call_many, every_case

count = int(sys.argv[1])
cases = every_case(my_python_module)
for _, function, case in cases:
    call_many(function, case.arguments, count, case.raises)
print(f"{len(cases)} cases, {count} calls each")
