"""sum_list's Ctrl-C tests (the methods named *_promptly, in sum_list_long_sums.py): a signal ends
a long sum within 50 ms, after a measurement that the input is long enough to make that
meaningful. They time the code, so they run alone (CTest's RUN_SERIAL), and not in the sanitizer
builds, where they would time the instrumentation instead.

    PYTHONPATH=tests pyhost tests/sum_list/test_sum_list_latencies.py [--require-numpy]
"""
from support import options

from sum_list_case import topic_tests


def load_tests(loader, tests, pattern):
    return topic_tests(loader, latencies=True)


if __name__ == "__main__":
    options.main(__doc__, "require-numpy")
