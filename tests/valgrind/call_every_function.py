"""Calls every native function of my_python_module COUNT times on each of its valid and error
paths: the cases of tests/e2e/native_functions.py, as the reference-leak loop
(tests/e2e/test_refleaks.py) calls them. Run by memcheck.py under valgrind, at two counts.

    pyhost call_every_function.py COUNT
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "e2e"))
import test_refleaks  # noqa: E402 (after the path to it and to the case list)

count = int(sys.argv[1])
cases = test_refleaks.cases()
for _, function, case, _ in cases:
    test_refleaks.call_many(function, case.arguments, count, case.raises)
print(f"{len(cases)} cases, {count} calls each")
