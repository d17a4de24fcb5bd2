"""my_python_module.sum_list against Python's own sum() and math.fsum(), run inside pyhost.

The oracles: sum() for all-integral input, math.fsum() as soon as one item is a float (with the
exact sum through fractions.Fraction where fsum gives up on an intermediate overflow), and the
elements as Python numbers (tolist()) for buffers. Inputs are seeded random data of every length,
the edges of each range, adversarial items that mutate the list or raise, every buffer format,
and long sums interrupted by signals or running beside other threads.

The tests live beside this script, by topic: sum_list_values.py (results, ints and floats),
sum_list_hostile_items.py (bad items, mutation and re-entrancy), sum_list_buffers.py (buffers and
NumPy arrays) and sum_list_long_sums.py (Ctrl-C and threads during long sums), on the base classes
of sum_list_case.py and the inputs of sum_list_inputs.py. This script gathers their test classes.

Run: pyhost test_sum_list.py [--require-numpy] [unittest options]. With --require-numpy a missing
NumPy fails the run instead of skipping its tests.
"""
import sys
import unittest

from sum_list_buffers import BufferTest, NumpyBufferTest
from sum_list_case import REQUIRE_NUMPY
from sum_list_hostile_items import BadItemTest, MutationAndReentrancyTest
from sum_list_long_sums import LongSumTest, NumpyLongSumTest
from sum_list_values import FloatSumTest, IntegerSumTest, ResultTypeAndSignatureTest

# tests/sanitizers/sum_list_without_latencies.py runs only the test classes whose __module__ is
# this module's, so each class imported here takes this module's name. unittest then names every
# test after this script too, as its command line does.
for _case in (ResultTypeAndSignatureTest, IntegerSumTest, FloatSumTest, BadItemTest,
              MutationAndReentrancyTest, BufferTest, NumpyBufferTest, LongSumTest,
              NumpyLongSumTest):
    _case.__module__ = __name__
del _case  # a class left in the namespace under a second name would have its tests run twice


if __name__ == "__main__":
    if REQUIRE_NUMPY:
        sys.argv = [arg for arg in sys.argv if arg != "--require-numpy"]
    unittest.main()
