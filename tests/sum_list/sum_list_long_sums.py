"""sum_list on long inputs: Ctrl-C ends a long sum of a list, an iterator, a buffer or a NumPy
array within INTERRUPT_DEADLINE of the signal, signal handlers mutate or sum again the list being
summed, and other threads run beside a long buffer sum (LongSumTest, NumpyLongSumTest). It also
holds what those tests need: inputs measured to be long enough, and the interrupts themselves
(InterruptMixin).
"""
import array
import fractions
import itertools
import math
import os
import random
import signal
import threading
import time
import unittest
import _thread

from my_python_module import sum_list
from support.native_functions.sum_list import fsum_oracle
from sum_list_case import INF, NumpyTestCase, SumListTestCase, np
from sum_list_inputs import random_integer

# Ctrl-C must arrive within this long of the signal.
INTERRUPT_DEADLINE = 0.05
BIG_LIST_LENGTH = 30_000_000
BIG_BUFFER_LENGTH = 100_000_000

_big_buffer = None

# The largest input the interruption tests build: enough for a sum that takes clearly longer than
# the deadline even in an optimised build, within a few GB.
MAX_LONG_INPUT = 400_000_000


def long_input(make, seconds, start=1_000_000, limit=MAX_LONG_INPUT):
    """make(n) for the smallest n found (from `start`, growing, at most `limit`) whose sum takes
    longer than `seconds`, and that n; (None, n) when even `limit` is summed faster."""
    n = start
    while True:
        values = make(n)
        begin = time.perf_counter()
        sum_list(values)
        elapsed = time.perf_counter() - begin
        if elapsed > seconds:
            return values, n
        if n >= limit:
            return None, n
        n = min(limit, max(2 * n, int(n * 1.5 * seconds / max(elapsed, 1e-6))))
        del values


def big_buffer():
    """One shared array('d') of varied doubles whose sum takes clearly longer than the interruption
    tests' delays plus the deadline, and its exact sum."""
    global _big_buffer
    if _big_buffer is None:
        # Magnitudes from 2**-600 to 2**600 in every block: many levels for the kernels, so that
        # a buffer of a few hundred MB takes long enough even when every core sums it.
        pattern = [math.ldexp(i * 0.37 - 100.0, (i * 7919) % 1201 - 600) for i in range(1000)]
        values, n = long_input(lambda n: array.array("d", pattern) * (n // len(pattern)),
                               0.02 + 2 * INTERRUPT_DEADLINE, start=BIG_BUFFER_LENGTH)
        if values is None:
            raise unittest.SkipTest("unreachable: see assertIsNotNone in the tests")
        expected = float(sum(map(fractions.Fraction, pattern)) * (n // len(pattern)))
        _big_buffer = values, expected
    return _big_buffer


class InterruptMixin:
    def long_input(self, make, delay, margin=2 * INTERRUPT_DEADLINE, start=1_000_000):
        """An input from make(n) whose whole sum takes clearly longer than `delay`: long enough
        that a sum ignoring signals misses the deadline. Fails when none can be built here."""
        values, n = long_input(make, delay + margin, start=start)
        self.assertIsNotNone(values, f"the input is too small to test interruption even at {n}")
        return values

    def assertTakesLong(self, function, sample, scale, delay, margin=2 * INTERRUPT_DEADLINE):
        """The whole sum would take clearly longer than `delay` (extrapolated from a `scale`-th
        of the input): by default long enough that a sum ignoring signals misses the deadline."""
        start = time.perf_counter()
        function(sample)
        estimate = (time.perf_counter() - start) * scale
        self.assertGreater(estimate, delay + margin,
                           "the input is too small to test interruption on this machine")

    @staticmethod
    def again_if_late(measure):
        """A latency that misses the deadline is measured once more, and the second counts. A
        stall of the machine is not the sum's: CI once saw 56 ms, then 17 ms, where this sum
        answers in 0.3 ms. A sum that checks for signals too seldom misses both times."""
        latency = measure()
        return measure() if latency >= INTERRUPT_DEADLINE else latency

    def interrupt_with_alarm(self, function, values, delay=0.05):
        """Calls function(values) with SIGALRM, handled like Ctrl-C, due `delay` seconds in.
        Returns the seconds from the signal to the KeyboardInterrupt (again_if_late)."""
        return self.again_if_late(lambda: self.interrupt_once_with_alarm(function, values, delay))

    def interrupt_once_with_alarm(self, function, values, delay):
        def on_alarm(signum, frame):
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGALRM, on_alarm)
        caught = None
        try:
            try:
                start = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, delay)
                function(values)
                signal.setitimer(signal.ITIMER_REAL, 0)
                returned = time.perf_counter()
            except KeyboardInterrupt:
                caught = time.perf_counter()
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except KeyboardInterrupt:
            pass  # the alarm came just after the sum returned
        finally:
            signal.signal(signal.SIGALRM, previous)
        if caught is None:
            self.fail(f"the sum returned after {returned - start:.3f} s, before the interrupt")
        # The timer started after `start`: this overstates the latency, never understates it.
        return caught - (start + delay)

    def interrupt_from_thread(self, function, values, send, delay=0.05):
        """Calls function(values) while another thread calls send() `delay` seconds in. Returns
        the seconds from send() to the KeyboardInterrupt (again_if_late)."""
        return self.again_if_late(lambda: self.interrupt_once_from_thread(function, values, send, delay))

    def interrupt_once_from_thread(self, function, values, send, delay):
        sent = []

        def fire():
            time.sleep(delay)
            sent.append(time.perf_counter())
            send()

        thread = threading.Thread(target=fire)
        caught = None
        finished = False
        try:
            thread.start()
            function(values)
            finished = True
            thread.join()
            time.sleep(0.2)  # the interrupt lands here when the sum ends first
        except KeyboardInterrupt:
            caught = time.perf_counter()
        thread.join()
        self.assertFalse(finished, "the sum returned before the interrupt")
        self.assertIsNotNone(caught)
        return caught - sent[0]


class LongSumTest(InterruptMixin, SumListTestCase):
    """Ctrl-C reaches a long sum within INTERRUPT_DEADLINE of the signal; a long buffer sum lets
    other threads run."""

    @classmethod
    def tearDownClass(cls):
        global _big_buffer
        _big_buffer = None

    def with_alarm_handler(self, handler, delay, function, values):
        """function(values) with `handler` run for SIGALRM `delay` seconds in."""
        previous = signal.signal(signal.SIGALRM, handler)
        try:
            signal.setitimer(signal.ITIMER_REAL, delay)
            return function(values)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def test_ctrl_c_interrupts_a_long_sum_of_a_list_of_small_ints_promptly(self):
        values = self.long_input(lambda n: [1] * n, 0.05, start=BIG_LIST_LENGTH)
        latency = self.interrupt_with_alarm(sum_list, values)
        self.assertLess(latency, INTERRUPT_DEADLINE)

    def test_ctrl_c_interrupts_a_long_sum_of_a_list_of_floats_and_large_ints_promptly(self):
        values = self.long_input(lambda n: [0.5, 2**40, 2**62, 1.5] * (n // 4), 0.05,
                                 start=BIG_LIST_LENGTH)
        self.assertLess(self.interrupt_with_alarm(sum_list, values), INTERRUPT_DEADLINE)
        self.assertLess(self.interrupt_with_alarm(sum_list, tuple(values)), INTERRUPT_DEADLINE)

    def test_ctrl_c_interrupts_a_long_sum_of_an_iterator_promptly(self):
        self.assertTakesLong(sum_list, range(10**6), 100, 0.05)
        self.assertLess(self.interrupt_with_alarm(sum_list, range(10**8)), INTERRUPT_DEADLINE)
        self.assertLess(self.interrupt_with_alarm(sum_list, itertools.repeat(0.5, 10**8)),
                        INTERRUPT_DEADLINE)

    def test_ctrl_c_from_a_signal_interrupts_a_long_buffer_sum_promptly(self):
        values, _ = big_buffer()
        latency = self.interrupt_with_alarm(sum_list, values, delay=0.02)
        self.assertLess(latency, INTERRUPT_DEADLINE)

    def test_sigint_sent_by_another_thread_interrupts_a_long_buffer_sum_promptly(self):
        self.assertIs(signal.getsignal(signal.SIGINT), signal.default_int_handler)
        values, _ = big_buffer()
        latency = self.interrupt_from_thread(
            sum_list, values, lambda: os.kill(os.getpid(), signal.SIGINT), delay=0.02)
        self.assertLess(latency, INTERRUPT_DEADLINE)

    def test_interrupt_main_from_another_thread_interrupts_a_long_buffer_sum_promptly(self):
        values, _ = big_buffer()
        latency = self.interrupt_from_thread(sum_list, values, _thread.interrupt_main,
                                             delay=0.02)
        self.assertLess(latency, INTERRUPT_DEADLINE)

    def test_the_sum_still_works_after_an_interruption(self):
        values, expected = big_buffer()
        self.interrupt_with_alarm(sum_list, values, delay=0.02)
        self.assertSameFloat(sum_list(values), expected)
        self.assertEqual(sum_list([1] * 70_000), 70_000)

    def test_ctrl_c_interrupts_a_long_sum_of_a_list_of_huge_ints_promptly(self):
        # Each item costs microseconds here, so counting items between checks is not enough.
        values = [2**100_000] * 200_000
        self.assertTakesLong(sum_list, values[:20_000], 10, 0.05)
        latency = self.interrupt_with_alarm(sum_list, values, delay=0.05)
        self.assertLess(latency, INTERRUPT_DEADLINE)

    def test_a_signal_handler_that_grows_the_list_mid_sum_has_the_new_items_summed(self):
        values = self.long_input(lambda n: [1] * n, 0.03, margin=0.05, start=10**7)
        length = len(values)
        calls = []

        def on_alarm(signum, frame):
            calls.append(len(values))
            values.extend([2] * 10**6)  # moves the item array

        result = self.with_alarm_handler(on_alarm, 0.03, sum_list, values)
        self.assertEqual(calls, [length])
        self.assertEqual(result, length + 2 * 10**6)

    def test_a_signal_handler_that_empties_the_list_mid_sum_ends_the_sum_safely(self):
        values = self.long_input(lambda n: [1] * n, 0.03, margin=0.05, start=10**7)
        length = len(values)
        result = self.with_alarm_handler(lambda signum, frame: values.clear(), 0.03, sum_list,
                                         values)
        self.assertEqual(values, [])
        self.assertIs(type(result), int)
        self.assertGreater(result, 0)
        self.assertLess(result, length)

    def test_a_signal_handler_summing_the_same_list_mid_sum_gets_the_full_sum(self):
        values = self.long_input(lambda n: [1] * n + [0.5], 0.02, margin=0.05, start=2 * 10**7)
        total = len(values) - 1 + 0.5
        inner = []
        result = self.with_alarm_handler(lambda signum, frame: inner.append(sum_list(values)),
                                         0.02, sum_list, values)
        self.assertEqual(inner, [total])
        self.assertSameFloat(result, total)

    def test_a_buffer_cannot_be_resized_by_a_signal_handler_while_it_is_summed(self):
        values, expected = big_buffer()
        length = len(values)

        def on_alarm(signum, frame):
            del values[10:]

        with self.assertRaises(BufferError):
            self.with_alarm_handler(on_alarm, 0.02, sum_list, values)
        self.assertEqual(len(values), length)
        self.assertSameFloat(sum_list(values), expected)  # released once the sum is over
        values.append(1.0)
        values.pop()

    def test_buffers_are_released_after_errors_and_interruptions(self):
        doubles = array.array("d", [1.0, INF, -INF])
        with self.assertRaises(ValueError):
            sum_list(doubles)
        doubles.append(2.0)  # BufferError if still exported
        with self.assertRaises(OverflowError):
            sum_list(array.array("d", [1e308, 1e308]))
        text = array.array("u", "abc")
        with self.assertRaises(TypeError):
            sum_list(text)
        text.append("d")
        values, expected = big_buffer()
        self.interrupt_with_alarm(sum_list, values, delay=0.02)
        values.append(1.0)  # BufferError if still exported
        values.pop()
        view = memoryview(values)
        self.assertSameFloat(sum_list(view), expected)
        view.release()
        values.append(1.0)
        values.pop()

    def test_other_threads_keep_running_during_a_long_buffer_sum(self):
        values, expected = big_buffer()
        stamps = []
        stop = threading.Event()

        def count():
            n = 0
            while not stop.is_set():
                n += 1
                if n % 100 == 0:
                    stamps.append(time.perf_counter())

        thread = threading.Thread(target=count)
        thread.start()
        try:
            time.sleep(0.02)
            start = time.perf_counter()
            result = sum_list(values)
            end = time.perf_counter()
        finally:
            stop.set()
            thread.join()
        self.assertSameFloat(result, expected)
        duration = end - start
        self.assertGreater(duration, 0.1, "the sum is too short to show other threads running")
        # Away from both ends of the call, where a switch interval could let the thread run
        # even if the sum held the GIL throughout.
        middle = [t for t in stamps if start + duration / 4 < t < end - duration / 4]
        self.assertGreater(len(middle), 10, f"{len(middle)} steps in {duration:.3f} s")
        self.assertGreater(max(middle) - min(middle), duration / 4)

    def test_concurrent_sums_in_several_threads_agree(self):
        rng = random.Random(50)
        doubles = array.array("d", [math.ldexp(rng.random(), rng.randint(-1074, 1000))
                                    for _ in range(300_000)])
        ints = [random_integer(rng) for _ in range(50_000)]
        expected_doubles = fsum_oracle(doubles.tolist())
        expected_ints = sum(ints)
        failures = []

        def work():
            for _ in range(5):
                if sum_list(doubles) != expected_doubles or sum_list(ints) != expected_ints:
                    failures.append(threading.current_thread().name)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])


class NumpyLongSumTest(InterruptMixin, NumpyTestCase):
    def test_ctrl_c_interrupts_long_sums_of_byte_swapped_and_half_precision_arrays_promptly(self):
        # These formats are read element by element, several times slower than native doubles;
        # the interrupt comes at several moments, so a check every too many elements shows.
        base = np.random.default_rng(47).standard_normal(1_000_000) * 1000
        for dtype in [">f8", ">f4", ">i8", ">u8", "<f2", ">f2", "longdouble"]:
            with self.subTest(dtype=dtype):
                values = self.long_input(lambda n: np.resize(base, n).astype(dtype), 0.1,
                                         start=20_000_000)
                latencies = [self.interrupt_with_alarm(sum_list, values, delay=0.01 + 0.014 * k)
                             for k in range(7)]
                self.assertLess(max(latencies), INTERRUPT_DEADLINE,
                                f"latencies in ms: {[round(t * 1000) for t in latencies]}")

    def test_ctrl_c_interrupts_long_sums_of_arrays_with_short_rows_promptly(self):
        # Tall 2-D arrays and transposed Fortran-ordered ones have a short last dimension. Those
        # that are contiguous are summed as one flat run, too fast to interrupt; non-contiguous
        # views of a byte-swapped dtype, read one element at a time, take long enough.
        layouts = [lambda n: np.ones((n, 2), dtype=">f8")[:, :1],
                   lambda n: np.ones((2 * n, 2), dtype=">f8")[::2],
                   lambda n: np.asfortranarray(np.ones((3, 2 * n), dtype=">f8")).T[::2],
                   lambda n: np.ones((n, 2), dtype=">i8")[:, :1]]
        for make in layouts:
            values = self.long_input(make, 0.05, start=6_000_000)
            with self.subTest(dtype=values.dtype, shape=values.shape, strides=values.strides):
                latencies = [self.interrupt_with_alarm(sum_list, values, delay=delay)
                             for delay in [0.01, 0.03]]
                self.assertLess(max(latencies), INTERRUPT_DEADLINE,
                                f"latencies in ms: {[round(t * 1000) for t in latencies]}")
