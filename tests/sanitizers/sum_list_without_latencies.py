"""test_sum_list.py as the sanitizer run needs it: every test but those that assert a latency.

Its Ctrl-C tests (the methods named *_promptly) check that a signal ends a long sum within 50 ms,
after measuring that the input is long enough to make that meaningful. ASan and UBSan slow the
summing loops by a factor that varies from one loop to the next, so both measurements are of the
instrumentation rather than of the code; they run in the normal build. Every other test, the
list mutations, re-entrant sums, signal handlers and threads among them, runs here, and the
names of those left out are printed.

    pyhost sum_list_without_latencies.py tests/e2e/test_sum_list.py [--require-numpy]
"""
import importlib.util
import os
import sys
import unittest

path, options = sys.argv[1], sys.argv[2:]
sys.argv = [path, *options]  # test_sum_list reads --require-numpy from its command line
sys.path.insert(0, os.path.dirname(os.path.abspath(path)))  # its oracles, as when run directly
spec = importlib.util.spec_from_file_location("test_sum_list", path)
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)

loader = unittest.TestLoader()
suite = unittest.TestSuite()
left_out = []
for name, value in sorted(vars(module).items()):
    if isinstance(value, type) and issubclass(value, unittest.TestCase) and \
            value.__module__ == module.__name__:
        for test in loader.getTestCaseNames(value):
            if test.endswith("_promptly"):
                left_out.append(f"{name}.{test}")
            else:
                suite.addTest(value(test))
print(f"left out under the sanitizers, as they assert latencies: {len(left_out)}",
      *left_out, sep="\n  ", file=sys.stderr)
result = unittest.TextTestRunner(verbosity=1).run(suite)
sys.exit(0 if result.wasSuccessful() else 1)
