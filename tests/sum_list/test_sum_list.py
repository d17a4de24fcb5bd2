"""my_python_module.sum_list against Python's own sum() and math.fsum(), run inside pyhost (and
under python3 with the extension module, and against the module installed from the wheel).

The oracles: sum() for all-integral input, math.fsum() as soon as one item is a float (with the
exact sum through fractions.Fraction where fsum gives up on an intermediate overflow), and the
elements as Python numbers (tolist()) for buffers. Inputs are seeded random data of every length,
the edges of each range, adversarial items that mutate the list or raise, every buffer format,
and long sums interrupted by signals or running beside other threads.

The tests live beside this script, by topic: sum_list_values.py (results, ints and floats),
sum_list_hostile_items.py (bad items, mutation and re-entrancy), sum_list_buffers.py (buffers and
NumPy arrays) and sum_list_long_sums.py (Ctrl-C and threads during long sums), on the base classes
of sum_list_case.py and the inputs of sum_list_inputs.py; load_tests finds them. The tests that
assert a latency (*_promptly) run apart, in test_sum_list_latencies.py, so that these can share
the cores with other tests.

    PYTHONPATH=tests pyhost tests/sum_list/test_sum_list.py [--require-numpy] [unittest options]

With --require-numpy a missing NumPy fails the run instead of skipping its tests.
"""
from support import options

from sum_list_case import topic_tests


def load_tests(loader, tests, pattern):
    return topic_tests(loader, latencies=False)


if __name__ == "__main__":
    options.main(__doc__, "require-numpy")
