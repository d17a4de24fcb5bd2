"""sum_list is exact and safe under the sanitizers: the tests of test_sum_list.py but those that
assert a latency.

Its Ctrl-C tests (the methods named *_promptly) check that a signal ends a long sum within 50 ms,
after measuring that the input is long enough to make that meaningful. ASan and UBSan slow the
summing loops by a factor that varies from one loop to the next, so both measurements are of the
instrumentation rather than of the code; they run in the normal build. Every other test, the
list mutations, re-entrant sums, signal handlers and threads among them, runs here, and the
names of those left out are printed.

    PYTHONPATH=tests pyhost tests/sum_list/test_sum_list_without_latencies.py [--require-numpy]
"""
import sys
import unittest

from support import options

from sum_list_case import topic_tests


def without_latencies(suite, left_out):
    """The tests of `suite` but the *_promptly ones, whose names go to `left_out`."""
    kept = unittest.TestSuite()
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            kept.addTest(without_latencies(test, left_out))
        elif test.id().endswith("_promptly"):
            left_out.append(test.id())
        else:
            kept.addTest(test)
    return kept


if __name__ == "__main__":
    options.parse(__doc__, "require-numpy", strict=True)
    left_out = []
    suite = without_latencies(topic_tests(unittest.TestLoader()), left_out)
    print(f"left out under the sanitizers, as they assert latencies: {len(left_out)}",
          *left_out, sep="\n  ", file=sys.stderr)
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
