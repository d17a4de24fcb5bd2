"""Property tests of my_python_module with Hypothesis (Debian's python3-hypothesis), run inside
pyhost: sum_list against sum() and math.fsum(), sum_as_string against Python's own ints, and every
native function of support/native_functions/ against its oracle on calls drawn from
Hypothesis's bytes, as the fuzz target draws them from libFuzzer's. Seeded: every run tries the
same examples (derandomize), and no example database is kept.

    PYTHONPATH=tests pyhost tests/native_functions/test_properties.py [--require-hypothesis]

Without Hypothesis it exits with status 77, which ctest reports as skipped; with
--require-hypothesis that fails. Any other argument goes to unittest.
"""
import array
import collections
import functools
import math
import sys
import unittest

import my_python_module
from my_python_module import sum_as_string, sum_list
import support.settings
from support import options
from support.native_functions import FUNCTIONS
from support.native_functions.sum_list import fsum_oracle
from support.oracles import outcome, same_outcome

# The command line is read first: it says whether a missing Hypothesis skips or fails.
if __name__ == "__main__":
    REMAINING = options.parse(__doc__, "require-hypothesis")
try:
    from hypothesis import HealthCheck, given, settings, strategies as st
except ImportError as error:
    if __name__ == "__main__" and support.settings.OPTIONS.require_hypothesis:
        raise
    print(f"skipped: hypothesis is not importable: {error}", file=sys.stderr)
    sys.exit(77)
try:
    import numpy as np
    from hypothesis.extra import numpy as hnp
except ImportError:
    np = None

EXAMPLES = 400
settings.register_profile("pyhost", derandomize=True, database=None, deadline=None,
                          max_examples=EXAMPLES, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pyhost")

U64_MAX = 2**64 - 1
ints = st.integers() | st.integers(min_value=-(2**200), max_value=2**200)
floats = st.floats(allow_nan=True, allow_infinity=True)
finite_floats = st.floats(allow_nan=False, allow_infinity=False)
numbers = ints | floats | st.booleans()
# Examples tried per property, reported at the end.
TRIED = collections.Counter()


def counted(test):
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        TRIED[test.__name__] += 1
        return test(*args, **kwargs)

    return wrapper


def tearDownModule():
    print(f"\n{sum(TRIED.values())} examples tried over {len(TRIED)} properties",
          file=sys.stderr)


class PropertyTestCase(unittest.TestCase):
    def assertSameSum(self, actual, expected):
        """Ints exactly and as ints; floats bit for bit (any nan matches); exception types."""
        if expected is None:
            return
        if isinstance(expected, type):
            self.assertIs(actual, expected)
        elif isinstance(expected, float):
            self.assertIs(type(actual), float, actual)
            if math.isnan(expected):
                self.assertTrue(math.isnan(actual), actual)
            else:
                self.assertEqual(actual.hex(), expected.hex())
        else:
            self.assertIs(type(actual), int, actual)
            self.assertEqual(actual, expected)


class SumListPropertyTest(PropertyTestCase):
    @given(st.lists(ints | st.booleans(), max_size=300))
    @counted
    def test_integral_items_sum_as_sum_does(self, values):
        self.assertSameSum(sum_list(values), sum(values))
        self.assertSameSum(sum_list(tuple(values)), sum(values))
        self.assertSameSum(sum_list(iter(values)), sum(values))

    @given(st.lists(floats, min_size=1, max_size=300))
    @counted
    def test_float_items_sum_as_fsum_does(self, values):
        expected = fsum_oracle(values)
        self.assertSameSum(outcome(sum_list, values), expected)
        self.assertSameSum(outcome(sum_list, array.array("d", values)), expected)

    @given(st.lists(numbers, max_size=200).filter(lambda v: any(type(x) is float for x in v)))
    @counted
    def test_mixed_items_sum_as_fsum_does(self, values):
        self.assertSameSum(outcome(sum_list, values), fsum_oracle(values))

    @given(st.lists(finite_floats | ints, max_size=100), st.randoms(use_true_random=False))
    @counted
    def test_the_order_of_the_items_does_not_matter(self, values, rng):
        shuffled = list(values)
        rng.shuffle(shuffled)
        first, second = outcome(sum_list, values), outcome(sum_list, shuffled)
        if isinstance(first, float) and math.isnan(first):
            self.assertTrue(math.isnan(second))
        else:
            self.assertEqual((type(first), first), (type(second), second))

    @given(st.lists(ints, max_size=200), st.integers(min_value=0, max_value=200))
    @counted
    def test_integral_sums_split_anywhere_add_up(self, values, cut):
        self.assertEqual(sum_list(values), sum_list(values[:cut]) + sum_list(values[cut:]))

    @given(st.lists(numbers, max_size=50), st.sampled_from([None, "1", 1j, [1], b"x", object()]),
           st.data())
    @counted
    def test_a_bad_item_raises_type_error_naming_its_index(self, values, bad, data):
        index = data.draw(st.integers(min_value=0, max_value=len(values)))
        values.insert(index, bad)
        with self.assertRaises(TypeError) as caught:
            sum_list(values)
        self.assertIn(f"item {index} ", str(caught.exception))

    @unittest.skipIf(np is None, "numpy is not importable")
    @given(hnp.arrays(dtype=st.sampled_from(["<i1", ">u2", "<i4", ">i8", "<u8", "?", "<f2", ">f4",
                                             "<f8", ">f8"]),
                      shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=12)),
           st.sampled_from(["c", "f", "strided"]))
    @counted
    def test_numpy_arrays_sum_as_their_elements_do(self, values, layout):
        if layout == "f":
            values = np.asfortranarray(values)
        elif layout == "strided":
            values = values[..., ::-2]
        elements = values.ravel().tolist()
        if values.dtype.kind == "f":
            expected = fsum_oracle([float(x) for x in elements]) if elements else None
        else:
            expected = sum(int(x) for x in elements)
        self.assertSameSum(outcome(sum_list, values), expected)


class SumAsStringPropertyTest(PropertyTestCase):
    @given(st.integers(min_value=0, max_value=U64_MAX), st.integers(min_value=0, max_value=U64_MAX))
    @counted
    def test_operands_in_range_give_the_exact_decimal_sum(self, a, b):
        self.assertEqual(sum_as_string(a, b), str(a + b))
        self.assertEqual(sum_as_string(b=b, a=a), str(a + b))

    @given(st.integers(), st.integers())
    @counted
    def test_operands_out_of_range_raise_overflow_error(self, a, b):
        expected = str(a + b) if 0 <= a <= U64_MAX and 0 <= b <= U64_MAX else OverflowError
        self.assertEqual(outcome(sum_as_string, a, b), expected)

    @given(st.one_of(floats, st.text(max_size=3), st.none(), st.binary(max_size=3),
                     st.complex_numbers()), st.integers(min_value=0, max_value=U64_MAX))
    @counted
    def test_non_integers_raise_type_error_in_either_place(self, bad, good):
        self.assertIs(outcome(sum_as_string, bad, good), TypeError)
        self.assertIs(outcome(sum_as_string, good, bad), TypeError)


class DrawnCallPropertyTest(PropertyTestCase):
    @given(st.sampled_from([function.name for function in FUNCTIONS]), st.binary(max_size=2000))
    @counted
    def test_every_native_function_gives_what_its_oracle_expects_on_drawn_calls(self, name, data):
        function = next(function for function in FUNCTIONS if function.name == name)
        drawn = function.draw(data, 0)
        actual = drawn.call(getattr(my_python_module, name))
        # Formatted only on failure: the repr of some inputs raises (NumPy arrays of invalid
        # code points).
        if not same_outcome(actual, drawn.expected, drawn.empty_float_buffer):
            self.fail(f"{name}(*{drawn.args!r}, **{drawn.kwargs!r}) gave {actual!r}, "
                      f"expected {drawn.expected!r}")


if __name__ == "__main__":
    options.run_unittest(REMAINING)
