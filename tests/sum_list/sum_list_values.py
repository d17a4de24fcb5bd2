"""sum_list on numbers: the type of its result and its signature (ResultTypeAndSignatureTest),
ints of every size against sum() (IntegerSumTest), and floats, ints beside floats and special
values against math.fsum() or the exact sum (FloatSumTest).
"""
import array
import decimal
import fractions
import inspect
import itertools
import math
import random

from my_python_module import sum_list
from support.number_likes import Colour, FloatLike, Index, OnlyAdd, Real, Small
from support.native_functions.sum_list import fsum_oracle
from support.oracles import outcome
from sum_list_case import DBL_MAX, DBL_TRUE_MIN, INF, NAN, SumListTestCase
from sum_list_inputs import (LyingIterable, ShortList, integer_near_edges, random_double,
                             random_integer, random_mixed, subnormal, wide_double)


class ResultTypeAndSignatureTest(SumListTestCase):
    def test_empty_inputs_give_the_int_zero(self):
        for empty in [[], (), iter([]), range(0), b"", bytearray(), array.array("q"),
                      (x for x in []), {}, set(), LyingIterable([], 10**9)]:
            result = sum_list(empty)
            self.assertIs(type(result), int, empty)
            self.assertEqual(result, 0, empty)

    def test_empty_float_buffers_sum_to_zero(self):
        # The spec is silent on whether an empty float buffer gives 0 or 0.0; both equal 0.
        for empty in [array.array("d"), array.array("f"), memoryview(b"").cast("d")]:
            result = sum_list(empty)
            self.assertIn(type(result), (int, float), empty)
            self.assertEqual(result, 0, empty)
            self.assertEqual(math.copysign(1, result), 1.0, empty)

    def test_integral_results_are_plain_ints_not_bools_or_subclasses(self):
        for values, expected in [([True], 1), ([False], 0), ([True, True], 2), ((False,), 0),
                                 ([Small(3)], 3), ([Colour.GREEN], 2), ([Index(7)], 7),
                                 (iter([True]), 1), (array.array("b", [1]), 1),
                                 (memoryview(b"\x01").cast("?"), 1)]:
            result = sum_list(values)
            self.assertIs(type(result), int, values)
            self.assertEqual(result, expected, values)

    def test_float_results_are_plain_floats(self):
        for values, expected in [([Real(1.5)], 1.5), ([1, Real(0.5)], 1.5),
                                 ([FloatLike(2.25)], 2.25), (array.array("f", [0.5]), 0.5),
                                 ([decimal.Decimal("0.5")], 0.5),
                                 ([fractions.Fraction(1, 4)], 0.25), ([0.0], 0.0),
                                 ([0.5, True, False], 1.5), ([True, 0.5], 1.5)]:
            result = sum_list(values)
            self.assertIs(type(result), float, values)
            self.assertEqual(result, expected, values)

    def test_values_may_be_passed_by_keyword(self):
        self.assertEqual(sum_list(values=[1, 2, 3]), 6)
        self.assertSameFloat(sum_list(values=(0.1, 0.2)), math.fsum([0.1, 0.2]))
        self.assertEqual(list(inspect.signature(sum_list).parameters), ["values"])

    def test_wrong_arity_and_unknown_keywords_raise_type_error(self):
        for args, kwargs in [((), {}), (([1], [2]), {}), ((), {"items": [1]}),
                             (([1],), {"values": [1]}), ((), {"values": [1], "start": 0})]:
            with self.assertRaises(TypeError, msg=(args, kwargs)):
                sum_list(*args, **kwargs)

    def test_non_iterable_arguments_raise_type_error(self):
        for bad in [5, 2.5, None, object(), OnlyAdd(), Index(3), 1j, type("NoIter", (), {
                "__len__": lambda self: 3})()]:
            with self.assertRaises(TypeError, msg=bad):
                sum_list(bad)

    def test_strings_are_rejected_up_front(self):
        class Text(str):
            pass

        for text in ["", "123", "1", Text("12"), Text("")]:
            with self.assertRaises(TypeError, msg=repr(text)):
                sum_list(text)


class IntegerSumTest(SumListTestCase):
    def test_lists_of_small_ints_of_every_length_match_sum(self):
        rng = random.Random(1)
        for length in range(301):
            values = [rng.randint(-(2**31), 2**31) for _ in range(length)]
            self.check_integral(values, length)
            self.check_integral(tuple(values), length)

    def test_ints_of_every_bit_length_and_every_list_length_match_sum(self):
        rng = random.Random(2)
        for length in range(301):
            values = [random_integer(rng) for _ in range(length)]
            self.check_integral(values, length)

    def test_ints_around_two_to_the_63_and_64_are_exact(self):
        rng = random.Random(3)
        for length in range(1, 200):
            values = [integer_near_edges(rng) for _ in range(length)]
            self.check_integral(values, values)
        for edge in [2**63 - 1, -(2**63), 2**63, 2**64 - 1, 2**64, -(2**64), 2**53 + 1,
                     -(2**53) - 1, 2**127 - 1, -(2**127), 2**128]:
            for count in [1, 2, 3, 1000, 70000]:
                self.check_integral([edge] * count, (edge, count))
            self.check_integral([edge, -edge, 1], edge)
            self.check_integral([edge, 1, -1, -edge], edge)

    def test_many_64_bit_ints_overflowing_128_bits_of_partial_sums_stay_exact(self):
        values = [2**64 - 1] * 100_000 + [-(2**63)] * 100_000 + [2**63 - 1] * 50_000
        self.check_integral(values)

    def test_huge_ints_are_exact_whatever_their_size(self):
        rng = random.Random(4)
        for _ in range(300):
            values = [rng.choice([1, -1]) * rng.getrandbits(rng.randint(60, 5000))
                      for _ in range(rng.randint(1, 20))]
            values += [rng.randint(-5, 5) for _ in range(rng.randint(0, 5))]
            rng.shuffle(values)
            self.check_integral(values)
        self.check_integral([10**400, -(10**400), 1])
        self.check_integral([10**400, 2**70, 3])

    def test_large_random_int_lists_match_sum(self):
        rng = random.Random(5)
        small = [rng.randint(-(2**29), 2**29) for _ in range(200_000)]
        self.check_integral(small)
        wide = [rng.randint(-(2**63), 2**64) for _ in range(150_000)]
        self.check_integral(wide)
        self.check_integral(tuple(wide))
        self.check_integral([random_integer(rng) for _ in range(100_000)])

    def test_bools_int_subclasses_enums_and_index_objects_count_as_ints(self):
        rng = random.Random(6)
        for _ in range(200):
            plain = [random_integer(rng) for _ in range(rng.randint(0, 30))]
            wrapped = []
            for value in plain:
                kind = rng.randrange(3)
                wrapped.append(value if kind == 0 else Small(value) if kind == 1 else
                               Index(value))
            wrapped += [True, False, Colour.RED, Index(1)]
            result = sum_list(wrapped)
            self.assertIs(type(result), int)
            self.assertEqual(result, sum(plain) + 3, wrapped)

    def test_every_kind_of_iterable_sums_like_sum(self):
        rng = random.Random(7)
        values = [random_integer(rng) for _ in range(500)]

        class GetItemOnly:
            def __getitem__(self, index):
                return values[index]

        for make, label in [(lambda: iter(values), "iterator"),
                            (lambda: (v for v in values), "generator"),
                            (GetItemOnly, "__getitem__ only"), (lambda: map(int, values), "map"),
                            (lambda: itertools.chain(values, [1]), "chain"),
                            (lambda: reversed(values), "reversed"), (lambda: set(values), "set"),
                            (lambda: dict.fromkeys(values), "dict"),
                            (lambda: ShortList(values), "list subclass"),
                            (lambda: array.array("q", range(-300, 200)), "array")]:
            expected = sum(make())
            result = sum_list(make())
            self.assertIs(type(result), int, label)
            self.assertEqual(result, expected, label)

    def test_ranges_of_any_size_and_step_match_sum(self):
        for r in [range(10**6), range(-(10**5), 10**5, 7), range(10**5, -(10**5), -3),
                  range(2**70, 2**70 + 1000), range(2**63 - 500, 2**63 + 500),
                  range(-(2**64), -(2**64) + 2000, 2)]:
            self.check_integral(r, r)


class FloatSumTest(SumListTestCase):
    def test_floats_of_wide_exponents_at_every_length_match_fsum(self):
        rng = random.Random(10)
        compared = 0
        for length in range(1, 302):
            wide = [wide_double(rng) for _ in range(length)]
            compared += self.check_floating(wide, length)
            any_bits = [random_double(rng) for _ in range(length)]
            compared += self.check_floating(any_bits, length)
            compared += self.check_floating(tuple(any_bits), length)
            narrow = [rng.uniform(-1.0, 1.0) for _ in range(length)]
            compared += self.check_floating(narrow, length)
        self.assertEqual(compared, 4 * 301)

    def test_cancellation_leaves_the_exact_residue_rounded_once(self):
        rng = random.Random(11)
        for length in range(1, 301):
            big = [wide_double(rng) for _ in range(length)]
            residue = [rng.uniform(-1, 1) * 10.0 ** rng.randint(-300, 10)
                       for _ in range(rng.randint(0, 3))]
            values = big + [-x for x in big] + residue
            rng.shuffle(values)
            self.assertTrue(self.check_floating(values, length))
            self.assertSameFloat(sum_list(values), math.fsum(residue), length)
        for values in [[1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50],
                       [2.0**53, 1.0, -(2.0**53)], [1e308, -1e308, 5e-324],
                       [1.0, 1e-16] * 10 + [-1.0] * 10, [0.1] * 10 + [-1.0]]:
            self.assertTrue(self.check_floating(values, values))

    def test_halfway_cases_round_to_even_as_fsum_does(self):
        ulp = 2.0**-52
        for values in [[1.0, ulp / 2], [1.0 + ulp, ulp / 2], [1.0, ulp / 2, 2.0**-200],
                       [1.0, ulp / 2, -(2.0**-200)], [1.0, -ulp / 4], [1.0, -ulp / 4, 5e-324],
                       [2.0**53, 1.0], [2.0**53, 1.0, 2.0**-100], [2.0**53, 3.0],
                       [DBL_MAX, -(2.0**969)], [1.0, 2.0**-1074]]:
            self.assertTrue(self.check_floating(values, values))

    def test_subnormals_alone_and_beside_normals_match_fsum(self):
        rng = random.Random(12)
        for length in range(1, 301):
            tiny = [subnormal(rng) for _ in range(length)]
            self.assertTrue(self.check_floating(tiny, length))
            near = tiny + [rng.choice([1, -1]) * 2.0**-1022 * rng.random()
                           for _ in range(length)] + [2.0**-1000]
            rng.shuffle(near)
            self.assertTrue(self.check_floating(near, length))
        self.assertSameFloat(sum_list([DBL_TRUE_MIN] * 7), 7 * DBL_TRUE_MIN)
        self.assertSameFloat(sum_list([2.0**-1022, -DBL_TRUE_MIN]), 2.0**-1022 - DBL_TRUE_MIN)

    def test_zero_sums_are_positive_zero_as_in_fsum(self):
        for values in [[-0.0], [-0.0, -0.0], [0.0, -0.0], [1.0, -1.0], [-1.5, 1.5],
                       [5e-324, -5e-324], (-0.0,), [0, -0.0], [-0.0, 0]]:
            self.assertSameFloat(sum_list(values), math.fsum(values), values)
            self.assertSameFloat(sum_list(values), 0.0, values)

    def test_ints_mixed_with_floats_in_either_order_match_fsum(self):
        rng = random.Random(13)
        for length in range(301):
            ints = [rng.choice([random_integer, integer_near_edges])(rng)
                    for _ in range(length)]
            floats = [wide_double(rng) if rng.random() < 0.3 else rng.uniform(-1e20, 1e20)
                      for _ in range(rng.randint(1, 5))]
            for values in [ints + floats, floats + ints]:
                self.assertTrue(self.check_floating(values, length))
            mixed = ints + floats
            rng.shuffle(mixed)
            self.assertTrue(self.check_floating(mixed, length))
            self.assertSameOutcome(outcome(sum_list, iter(mixed)), fsum_oracle(mixed), length)

    def test_ints_above_two_to_the_53_are_each_rounded_to_a_double_first(self):
        for values in [[2**53 + 1, 0.0], [0.0, 2**53 + 1], [2**53 + 1] * 3 + [0.5],
                       [0.5] + [2**53 + 1] * 3, [2**53 + 1, -(2**53), 0.0],
                       [2**63 + 1025, -(2**63), 0.0], [2**64 - 1, 1.0, -(2**64)],
                       [2**60 + 1, 2**60 + 1, 2**60 + 1, 1.5], [-(2**53) - 1, 0.25, 2**53],
                       [Index(2**53 + 1), 0.0], [Small(2**53 + 1), 0.0],
                       [2**52] * 4 + [0.5], [-(2**52)] * 4 + [0.5],
                       [2**100 + 2**47, 1.0], [1.0, 2**100 + 2**47, -(2**100)]]:
            self.assertTrue(self.check_floating(values, values))
            self.assertTrue(self.check_floating(tuple(values), values))

    def test_mixed_random_lists_of_every_length_match_fsum(self):
        rng = random.Random(14)
        for length in range(301):
            values = [random_mixed(rng) for _ in range(length)] + [rng.uniform(-1, 1)]
            rng.shuffle(values)
            self.assertTrue(self.check_floating(values, length))

    def test_large_float_lists_match_fsum(self):
        rng = random.Random(15)
        wide = [wide_double(rng) for _ in range(150_000)]
        self.assertTrue(self.check_floating(wide))
        narrow = [rng.gauss(0, 1) for _ in range(200_000)]
        self.assertTrue(self.check_floating(narrow))
        cancelling = narrow + [-x for x in narrow] + [1e-30]
        rng.shuffle(cancelling)
        self.assertSameFloat(sum_list(cancelling), 1e-30)
        mixed = [random_mixed(rng) for _ in range(100_000)] + [0.5]
        rng.shuffle(mixed)
        self.assertTrue(self.check_floating(mixed))
        self.assertTrue(self.check_floating([0.1] * 100_000 + [1] * 100_000))

    def test_ints_too_large_for_a_float_raise_overflow_error_like_fsum(self):
        for values in [[10**400, 1.0], [1.0, 10**400], [10**400, -(10**400), 0.5],
                       [2**1024, 0.0], [0.0, -(2**1024)], [2**1024 - 2**970, 0.5],
                       [Index(10**400), 0.5], [0.5, Small(10**400)], [0.5] * 10 + [10**309]]:
            self.assertIs(outcome(math.fsum, values), OverflowError, values)
            with self.assertRaises(OverflowError, msg=values):
                sum_list(values)
        # Just below the overflow threshold an int rounds to the largest double.
        self.assertSameFloat(sum_list([2**1024 - 2**970 - 1, 0.0]), DBL_MAX)

    def test_ints_too_large_for_a_float_are_fine_without_floats(self):
        self.assertEqual(sum_list([10**400, 1]), 10**400 + 1)
        self.assertEqual(sum_list([1, 10**400, -(10**400)]), 1)

    def test_infinities_and_nans_behave_as_in_fsum(self):
        for values in [[INF], [-INF], [INF, 1.0], [1, -INF], [INF, INF], [NAN], [1.0, NAN, 2.0],
                       [NAN, INF], [INF, -INF], [-INF, 5, INF], [NAN, INF, -INF], [INF, DBL_MAX],
                       [1e308, INF, 1e308], [3, NAN]]:
            self.assertTrue(self.check_floating(values, values))
        with self.assertRaises(ValueError):
            sum_list([1.0, INF, 2.0, -INF])
        self.assertTrue(math.isnan(sum_list([1.0, NAN])))

    def test_random_specials_match_fsum_where_fsum_does_not_overflow(self):
        rng = random.Random(16)
        pool = [INF, -INF, NAN, 1.0, -1.0, 1e308, -1e308, DBL_MAX, 0.0, -0.0, 5e-324, 3, 2**60]
        compared = 0
        for _ in range(3000):
            values = [rng.choice(pool) for _ in range(rng.randint(1, 8))]
            if not any(isinstance(value, float) for value in values):
                values.append(-0.0)
            compared += self.check_floating(values, values)
        self.assertGreater(compared, 2000)

    def test_an_intermediate_overflow_that_fsum_gives_up_on_returns_the_exact_sum(self):
        for values, expected in [([1e308, 1e308, -1e308], 1e308),
                                 ([DBL_MAX, DBL_MAX, -DBL_MAX], DBL_MAX),
                                 ([DBL_MAX, 2.0**970, -DBL_TRUE_MIN], DBL_MAX),
                                 ([DBL_MAX, 2.0**970, -(2.0**969)], DBL_MAX),
                                 ([-DBL_MAX, -DBL_MAX, DBL_MAX, 1.0], -DBL_MAX),
                                 ([1e308] * 10 + [-1e308] * 9 + [0.5], 1e308)]:
            self.assertIs(outcome(math.fsum, values), OverflowError, values)
            self.assertSameFloat(float(sum(map(fractions.Fraction, values))), expected, values)
            self.assertSameFloat(sum_list(values), expected, values)
            self.assertSameFloat(sum_list(tuple(values)), expected, values)
            self.assertSameFloat(sum_list(iter(values)), expected, values)

    def test_an_exact_sum_past_the_largest_double_raises_overflow_error(self):
        for values in [[1e308, 1e308], [DBL_MAX, 2.0**970], [DBL_MAX, DBL_MAX, -DBL_MAX, 2.0**970],
                       [-1e308] * 3, [1e308] * 20 + [-1e308] * 18]:
            with self.assertRaises(OverflowError, msg=values):
                sum_list(values)

    def test_random_near_overflow_sums_match_the_exact_sum(self):
        rng = random.Random(17)
        compared = 0
        for _ in range(2000):
            values = [rng.choice([1, -1]) * rng.uniform(0.5, 1.0) * DBL_MAX
                      for _ in range(rng.randint(1, 12))]
            compared += self.check_floating(values, values)
        self.assertEqual(compared, 2000)

    def test_objects_with_float_and_float_subclasses_count_as_floats(self):
        rng = random.Random(18)
        for _ in range(200):
            plain = [wide_double(rng) for _ in range(rng.randint(1, 20))]
            wrapped = [rng.choice([float, Real, FloatLike])(x) for x in plain]
            wrapped.append(decimal.Decimal("0.1"))
            wrapped.append(fractions.Fraction(1, 3))
            expected = fsum_oracle(plain + [0.1, 1 / 3])
            if expected is not None:
                self.assertSameOutcome(outcome(sum_list, wrapped), expected, plain)
