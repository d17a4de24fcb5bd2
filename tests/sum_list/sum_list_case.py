"""The base classes of sum_list's tests and what they share: comparisons of its results with
sum(), math.fsum() and a buffer's elements (SumListTestCase), the base of the NumPy tests, which
skip or fail where NumPy is missing (NumpyTestCase), the special doubles, and the discovery of the
tests of every topic (topic_tests).

NumpyTestCase reads --require-numpy from support.settings when its tests run.
"""
import math
import os
import sys
import unittest

from my_python_module import sum_list
from support import settings
from support.native_functions.sum_list import fsum_oracle
from support.oracles import outcome

try:
    import numpy as np
except ImportError as error:
    np = None
    NUMPY_MISSING = f"numpy is not importable: {error}"

INF = math.inf
NAN = math.nan
DBL_MAX = sys.float_info.max
DBL_TRUE_MIN = 5e-324


def topic_tests(loader, latencies):
    """The tests of every sum_list_*.py module of this folder, one module per topic: with
    `latencies`, only those that assert one (named *_promptly), else all the others."""
    everything = loader.discover(os.path.dirname(os.path.abspath(__file__)),
                                 pattern="sum_list_*.py")
    return _select(everything, latencies)


def _select(suite, latencies):
    kept = unittest.TestSuite()
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            kept.addTest(_select(test, latencies))
        elif test.id().endswith("_promptly") == latencies:
            kept.addTest(test)
    return kept


def flat_list(memory):
    """The elements of a buffer of any shape, as Python numbers, in C order."""
    items = memory.tolist()
    while items and isinstance(items[0], list):
        items = [item for row in items for item in row]
    return items


class SumListTestCase(unittest.TestCase):
    def assertSameFloat(self, actual, expected, msg=None):
        """Bit for bit, the sign of zero included; any nan matches any nan."""
        self.assertIs(type(actual), float, msg)
        if math.isnan(expected):
            self.assertTrue(math.isnan(actual), f"{actual!r} is not nan: {msg}")
        else:
            self.assertEqual(actual.hex(), expected.hex(), msg)

    def assertSameOutcome(self, actual, expected, msg=None):
        """`expected` is a number or an exception type; ints must come back as exact ints."""
        if isinstance(expected, type):
            self.assertIs(actual, expected, msg)
        elif isinstance(expected, float):
            if isinstance(actual, type):
                self.fail(f"raised {actual.__name__}, expected {expected!r}: {msg}")
            self.assertSameFloat(actual, expected, msg)
        else:
            self.assertIs(type(actual), int, msg)
            self.assertEqual(actual, expected, msg)

    def check_integral(self, values, msg=None):
        """sum_list(values) is sum(values); `values` is re-iterable."""
        self.assertSameOutcome(outcome(sum_list, values), sum(values), msg)

    def check_floating(self, values, msg=None):
        """sum_list(values) is fsum(values) (or the exact sum where fsum overflows); returns
        whether the case was specified and so compared."""
        expected = fsum_oracle(values)
        if expected is None:
            return False
        self.assertSameOutcome(outcome(sum_list, values), expected, msg)
        return True

    def check_buffer(self, buffer, msg=None):
        """A buffer sums as its elements do as Python numbers."""
        view = memoryview(buffer)
        items = flat_list(view)
        if view.format[-1:] in ("e", "f", "d", "g"):
            if not items:  # 0 or 0.0: the spec does not say which
                self.assertEqual(sum_list(buffer), 0, msg)
                return
            expected = fsum_oracle(items)
            self.assertIsNotNone(expected, msg)
        else:
            expected = sum(items)
        self.assertSameOutcome(outcome(sum_list, buffer), expected, msg)


class NumpyTestCase(SumListTestCase):
    def setUp(self):
        if np is None:
            if settings.OPTIONS.require_numpy:
                self.fail(f"--require-numpy was given but {NUMPY_MISSING}")
            self.skipTest(NUMPY_MISSING)

    def check_array(self, values, msg=None):
        """A NumPy array sums as its elements do, each as fsum or sum() sees it."""
        flat = values.ravel()
        if values.dtype.kind == "f":
            if flat.size == 0:  # 0 or 0.0: the spec does not say which
                self.assertEqual(sum_list(values), 0, msg)
                return
            expected = fsum_oracle(flat.astype(np.float64).tolist())
            self.assertIsNotNone(expected, msg)
        else:
            expected = sum(flat.tolist())
        self.assertSameOutcome(outcome(sum_list, values), expected, msg)
