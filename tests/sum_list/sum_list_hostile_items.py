"""sum_list against items that work against it: items it cannot convert, conversions and
iterators that raise (BadItemTest), and items whose conversion mutates the list being summed or
sums it again, and lengths that lie (MutationAndReentrancyTest).
"""
import gc
import itertools
import math
import random
import sys

from my_python_module import sum_list
from support.number_likes import FloatLike, FloatRaising, Index, OnlyAdd, OnlyInt, Raising
from sum_list_case import SumListTestCase
from sum_list_inputs import CustomError, Hook, LyingIterable, LyingList, LyingSequence, ShortList


class BadItemTest(SumListTestCase):
    BAD_ITEMS = [(1j, "complex"), ("1", "str"), (None, "NoneType"), ([1], "list"),
                 (OnlyAdd(), "OnlyAdd"), (OnlyInt(), "OnlyInt"), (b"1", "bytes"),
                 ((1,), "tuple")]

    def assertNamesItem(self, values, index, type_name):
        with self.assertRaises(TypeError, msg=(index, type_name)) as caught:
            sum_list(values)
        message = str(caught.exception)
        self.assertRegex(message, rf"(?<![\d.]){index}(?![\d.])", (index, type_name))
        self.assertIn(type_name, message)

    def test_bad_items_raise_type_error_naming_their_index_and_type(self):
        for bad, type_name in self.BAD_ITEMS:
            for prefix in [[], [1, 2, 3], [1.5, 2], [1] * 57, [2**70, 0.5, Index(2)] * 4]:
                values = prefix + [bad, 4]
                index = len(prefix)
                self.assertNamesItem(values, index, type_name)
                self.assertNamesItem(tuple(values), index, type_name)
                self.assertNamesItem(iter(values), index, type_name)
                self.assertNamesItem(LyingIterable(values, 1), index, type_name)

    def test_a_bad_item_far_into_a_long_list_is_named_by_its_index(self):
        self.assertNamesItem([1] * 123_457 + ["x"], 123_457, "str")
        self.assertNamesItem([0.5] * 70_001 + [None], 70_001, "NoneType")
        self.assertNamesItem(itertools.chain(range(99_999), [1j]), 99_999, "complex")

    def test_exceptions_from_index_and_float_propagate_unchanged(self):
        errors = [CustomError("mine"), TypeError("from __index__"), OverflowError("big"),
                  ValueError("v"), KeyboardInterrupt(), MemoryError(), RecursionError(),
                  SystemExit(3), GeneratorExit()]
        for error in errors:
            for item in [Raising(error), FloatRaising(error)]:
                for values in [[item], [1, 2, item, 3], [0.5, item], [2**80, item],
                               (1, item), iter([1.5, item])]:
                    with self.assertRaises(BaseException, msg=(error, values)) as caught:
                        sum_list(values)
                    self.assertIs(caught.exception, error)

    def test_exceptions_from_the_iterator_propagate_unchanged(self):
        for error in [CustomError("it"), KeyboardInterrupt(), MemoryError(), StopAsyncIteration()]:
            def generate():
                yield 1
                yield 2.5
                raise error

            with self.assertRaises(BaseException) as caught:
                sum_list(generate())
            self.assertIs(caught.exception, error)

    def test_an_iterator_raising_stop_iteration_early_ends_the_sum(self):
        class Stopping:
            def __init__(self):
                self.count = 0

            def __iter__(self):
                return self

            def __next__(self):
                self.count += 1
                if self.count > 5:
                    raise StopIteration
                return self.count

        self.assertEqual(sum_list(Stopping()), 15)

    def test_index_and_float_returning_the_wrong_type_raise_type_error(self):
        for item in [Index(1.5), Index("3"), FloatLike(1), FloatLike("2.0")]:
            with self.assertRaises(TypeError, msg=item):
                sum_list([1, item])


class MutationAndReentrancyTest(SumListTestCase):
    """Items whose conversion mutates the list being summed. The builtin sum() and math.fsum()
    walk a list the same way (its size read again at every step), so they are the oracles."""

    def check_scenario(self, make, floating=False):
        oracle = math.fsum if floating else sum
        expected = oracle(make(oracle))
        for _ in range(3):
            gc.collect()
            actual = sum_list(make(sum_list))
            if floating:
                self.assertSameFloat(actual, expected)
            else:
                self.assertIs(type(actual), int)
                self.assertEqual(actual, expected)
        return expected

    def test_an_item_that_clears_the_list_ends_the_sum(self):
        def make(_):
            values = [1, 2, 3]
            values.append(Hook(4, values.clear))
            values += [5, 6, Hook(7)]
            return values

        self.assertEqual(self.check_scenario(make), 10)

        def make_floats(_):
            values = [0.5, 1, 2**60]
            values.append(FloatLike(0.25, values.clear))
            values += [8.0, 16.0]
            return values

        self.assertEqual(self.check_scenario(make_floats, floating=True), 2**60 + 1.75)

    def test_an_item_that_shrinks_the_list_stops_at_the_new_end(self):
        def make(_):
            values = [1, 2]
            values.append(Hook(4, lambda: values.__delitem__(slice(3, None))))
            values += [Hook(100, lambda: values.pop())] * 50
            return values

        self.assertEqual(self.check_scenario(make), 7)

        def make_floats(_):
            values = [0.5] * 10
            values.append(FloatLike(3.0, lambda: values.__delitem__(slice(5, None))))
            values += [1e300] * 1000
            return values

        self.assertEqual(self.check_scenario(make_floats, floating=True), 8.0)

    def test_an_item_that_grows_the_list_has_the_new_items_summed(self):
        def make(_):
            values = [1]
            grown = [0]

            def grow():
                if grown[0] < 40:
                    grown[0] += 1
                    values.extend([1] * 1000 + [Hook(2, grow)] + [0.5] * (grown[0] == 40))

            values.append(Hook(2, grow))
            return values

        expected = self.check_scenario(make, floating=True)
        self.assertEqual(expected, 1 + 41 * 2 + 40 * 1000 + 0.5)

        def make_ints(_):
            values = [Hook(1, lambda: values.extend(range(10**5)) if len(values) < 10 else None)]
            values += [Hook(2**64)] * 5
            return values

        self.assertEqual(self.check_scenario(make_ints), 1 + 5 * 2**64 + sum(range(10**5)))

    def test_an_item_that_replaces_every_item_including_itself_is_kept_alive(self):
        def make(_):
            values = []

            def replace():
                values[:] = [Hook(10**30 + i) for i in range(len(values) + 3)]

            values.extend([Hook(1, replace), Hook(2, replace), 3])
            return values

        self.check_scenario(make)

        def make_floats(_):
            values = []

            def replace():
                values[:] = [FloatLike(0.5 * i) for i in range(len(values))] + [1.0]

            values.extend([FloatLike(1.25, replace), 2.5, FloatLike(3.0, replace), 4.0])
            return values

        self.check_scenario(make_floats, floating=True)

    def test_an_item_dropped_from_the_list_is_not_used_after_it_is_freed(self):
        freed = []

        class Dropping:
            def __init__(self, values, value):
                self.values = values
                self.value = value
                self.payload = [value] * 1000

            def __index__(self):
                self.values.clear()
                gc.collect()
                return self.payload[-1]

            def __del__(self):
                freed.append(self.value)

        for value in [5, 2**62, 2**100]:
            values = [1]
            values.append(Dropping(values, value))
            values.append(7)
            self.assertEqual(sum_list(values), 1 + value)
            gc.collect()
            self.assertIn(value, freed)

    def test_an_item_that_sums_the_same_list_again_gets_the_right_inner_sum(self):
        def make(total):
            values = [1, 2]
            depth = [0]

            def inner():
                depth[0] += 1
                return total(values) if depth[0] <= 5 else 100

            values.append(Hook(inner))
            values.append(4)
            return values

        self.check_scenario(make)

    def test_a_list_that_contains_an_item_summing_it_raises_recursion_error(self):
        class Recursive:
            def __index__(self):
                return sum_list(values)

            def __float__(self):
                return float(sum_list(values))

        for values in [[1, Recursive()], [0.5, Recursive()], (Recursive(),)]:
            with self.assertRaises(RecursionError):
                sum_list(values)
        self.assertEqual(sum_list([1, 2]), 3)

    def test_reentrant_sums_from_several_items_do_not_disturb_each_other(self):
        rng = random.Random(20)
        inner = [rng.randint(-100, 100) for _ in range(50)] + [2**70]
        inner_floats = [rng.uniform(-1, 1) for _ in range(50)]
        values = [Hook(lambda: sum_list(inner)) for _ in range(20)]
        values += [FloatLike(lambda: sum_list(inner_floats)) for _ in range(20)]
        values += [1, 0.5]
        expected = math.fsum([float(sum(inner))] * 20 + [math.fsum(inner_floats)] * 20 +
                             [1, 0.5])
        self.assertSameFloat(sum_list(values), expected)

    def test_a_lying_len_is_ignored_for_iterables_and_sequences(self):
        rng = random.Random(21)
        items = [rng.randint(-1000, 1000) for _ in range(1000)] + [2**70]
        floats = [rng.uniform(-1, 1) for _ in range(1000)]
        for length in [sys.maxsize, 2**40, 0, 1, 10**6, -1, RuntimeError("len"),
                       MemoryError(), OverflowError()]:
            for kind in [LyingIterable, LyingSequence]:
                self.assertEqual(sum_list(kind(items, length)), sum(items), (kind, length))
                self.assertEqual(sum_list(kind([], length)), 0, (kind, length))
                self.assertSameFloat(sum_list(kind(floats, length)), math.fsum(floats),
                                     (kind, length))

    def test_list_subclasses_with_a_lying_len_sum_their_real_items(self):
        items = list(range(-50, 1000)) + [0.5]
        for kind in [LyingList, ShortList]:
            self.assertSameFloat(sum_list(kind(items)), math.fsum(items), kind)
            self.assertEqual(sum_list(kind(range(10**4))), sum(range(10**4)), kind)
            self.assertEqual(sum_list(kind()), 0, kind)
