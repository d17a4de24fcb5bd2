"""my_python_module.sum_as_string against Python's own integers, run inside pyhost (and under
python3 with the extension module, and against the module installed from the wheel).

The oracle is str(a + b) computed by CPython; the inputs are seeded random operands of every bit
length, the edges of the range, and the types that must be accepted or refused.
"""
import decimal
import fractions
import random
import sys
import unittest

import my_python_module
from my_python_module import sum_as_string
from support.number_likes import Colour, Index, OnlyInt, Small

U64_MAX = 2**64 - 1


class SumAsStringTest(unittest.TestCase):
    def test_random_operands_of_every_bit_length_match_python_ints(self):
        rng = random.Random(20261124)
        for _ in range(20000):
            a = rng.getrandbits(rng.randint(0, 64))
            b = rng.getrandbits(rng.randint(0, 64))
            self.assertEqual(sum_as_string(a, b), str(a + b), (a, b))

    def test_the_edges_of_the_range_are_exact(self):
        edges = [0, 1, 2**32 - 1, 2**32, 2**63 - 1, 2**63, 2**64 - 2, U64_MAX]
        for a in edges:
            for b in edges:
                self.assertEqual(sum_as_string(a, b), str(a + b), (a, b))
                self.assertEqual(sum_as_string(a=a, b=b), str(a + b), (a, b))

    def test_int_like_arguments_are_accepted(self):
        self.assertEqual(sum_as_string(True, False), "1")
        self.assertEqual(sum_as_string(Small(4), Colour.RED), "5")
        self.assertEqual(sum_as_string(Index(U64_MAX), Index(1)), str(2**64))

    def test_out_of_range_integers_raise_overflow_error_naming_the_argument(self):
        for a, b, name in [(-1, 0, "a"), (0, -(2**70), "b"), (2**64, 0, "a"), (0, 10**30, "b"),
                           (Index(-5), 0, "a")]:
            with self.assertRaises(OverflowError, msg=(a, b)) as caught:
                sum_as_string(a, b)
            self.assertIn(f"'{name}'", str(caught.exception))

    def test_non_integers_raise_type_error_naming_the_argument(self):
        for bad in [1.0, float("nan"), "1", b"1", None, decimal.Decimal(1), fractions.Fraction(1),
                    OnlyInt(), 1j, [1]]:
            for args, name in [((bad, 1), "a"), ((1, bad), "b")]:
                with self.assertRaises(TypeError, msg=args) as caught:
                    sum_as_string(*args)
                self.assertIn(f"'{name}'", str(caught.exception))

    def test_wrong_arity_and_unknown_keywords_raise_type_error(self):
        for args, kwargs in [((), {}), ((1,), {}), ((1, 2, 3), {}), ((1,), {"c": 2}),
                             ((1, 2), {"a": 1})]:
            with self.assertRaises(TypeError, msg=(args, kwargs)):
                sum_as_string(*args, **kwargs)

    def test_help_shows_the_signature_with_parameter_names(self):
        import inspect
        import pydoc
        text = pydoc.render_doc(my_python_module, renderer=pydoc.plaintext)
        self.assertIn("sum_as_string(a, b)", text)
        self.assertEqual(list(inspect.signature(sum_as_string).parameters), ["a", "b"])
        self.assertTrue(my_python_module.__doc__)
        self.assertTrue(sum_as_string.__doc__)


if __name__ == "__main__":
    unittest.main()
