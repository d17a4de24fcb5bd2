"""Calls every native function of my_python_module COUNT times on each of its valid and error
paths: the cases of the reference-leak loop (tests/e2e/test_refleaks.py), which a test there keeps
covering every function. Run by memcheck.py under valgrind, at two counts.

    pyhost call_every_function.py COUNT
"""
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "test_refleaks", os.path.join(here, os.pardir, "e2e", "test_refleaks.py"))
refleaks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refleaks)

count = int(sys.argv[1])
cases = refleaks.cases()
for name, function, make_arguments, _ in cases:
    refleaks.call_many(function, make_arguments, count)
print(f"{len(cases)} cases, {count} calls each")
