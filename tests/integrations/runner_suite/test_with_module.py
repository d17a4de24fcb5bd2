"""A small suite that both test runners collect inside pyhost: my_python_module against Python's
own sum, math.fsum and str(a + b).

    pyhost -m pytest runner_suite
    pyhost -m unittest discover runner_suite

The tests are unittest.TestCase methods, because unittest collects nothing else and pytest
collects those too. tests/integrations/test_runners.py runs both commands.
"""

import math
import os
import unittest

import my_python_module

# test_runners.py sets this variable to show that a failing test gives a non-zero exit status.
# It makes the expectation of one test wrong, never the module's result.
DELIBERATE_FAILURE = os.environ.get("PYHOST_RUNNER_SUITE_FAIL") == "1"


class SumListTest(unittest.TestCase):
    def test_sum_list_of_ints_is_the_exact_sum(self):
        values = [1, 2, 3, 2**70, -(2**65), 2**63 - 1]
        self.assertEqual(my_python_module.sum_list(values), sum(values))

    def test_sum_list_of_floats_is_the_correctly_rounded_sum(self):
        values = [0.1] * 10 + [1e100, 1.0, -1e100]
        self.assertEqual(my_python_module.sum_list(values), math.fsum(values))

    def test_sum_list_names_the_index_of_a_non_numeric_item(self):
        with self.assertRaisesRegex(TypeError, r"\bitem 2\b"):
            my_python_module.sum_list([1, 2, "three"])


class SumAsStringTest(unittest.TestCase):
    def test_sum_as_string_is_the_decimal_string_of_the_sum(self):
        # One assertion over every pair, not subtests: pytest without a plugin counts subtests
        # differently from unittest, and test_runners.py compares the counts.
        pairs = [(0, 0), (2, 3), (2**64 - 1, 1), (2**64 - 1, 2**64 - 1)]
        offset = 1 if DELIBERATE_FAILURE else 0
        self.assertEqual([my_python_module.sum_as_string(a, b) for a, b in pairs],
                         [str(a + b + offset) for a, b in pairs])


if __name__ == "__main__":
    unittest.main()
