"""sum_list on buffers: array.array, memoryview, bytes and bytearray of every format, shape and
stride (BufferTest), and NumPy arrays of every dtype, byte order and layout (NumpyBufferTest).
"""
import array
import ctypes
import math
import random

from my_python_module import sum_list
from sum_list_case import INF, NAN, NumpyTestCase, SumListTestCase, np
from sum_list_inputs import random_double, subnormal, wide_double

INTEGER_CODES = "bBhHiIlLqQ"


class BufferTest(SumListTestCase):
    LIMITS = {code: (-(2 ** (8 * array.array(code).itemsize - 1)),
                     2 ** (8 * array.array(code).itemsize - 1) - 1) if code.islower() else
              (0, 2 ** (8 * array.array(code).itemsize) - 1) for code in INTEGER_CODES}

    def test_integer_arrays_of_every_typecode_and_length_match_sum(self):
        rng = random.Random(30)
        for code in INTEGER_CODES:
            low, high = self.LIMITS[code]
            for length in list(range(80)) + [255, 256, 257, 1000, 65535, 65536, 65537, 2**20 + 3]:
                values = [rng.randint(low, high) for _ in range(min(length, 300))]
                values = (values * (length // max(len(values), 1) + 1))[:length]
                self.check_buffer(array.array(code, values), (code, length))
            for extreme in [low, high]:
                self.check_buffer(array.array(code, [extreme] * 100_000), (code, extreme))

    def test_float_and_double_arrays_of_every_length_match_fsum(self):
        rng = random.Random(31)
        for length in range(301):
            doubles = array.array("d", [random_double(rng) for _ in range(length)])
            self.check_buffer(doubles, length)
            self.check_buffer(array.array("d", [wide_double(rng) for _ in range(length)]), length)
            singles = array.array("f", [rng.uniform(-3e38, 3e38) for _ in range(length)])
            self.check_buffer(singles, length)
            self.check_buffer(array.array("f", [subnormal(rng) for _ in range(length)]), length)
        big = array.array("d", [wide_double(rng) for _ in range(200_000)])
        self.check_buffer(big)
        self.check_buffer(array.array("f", [rng.gauss(0, 1e30) for _ in range(200_000)]))

    def test_long_arrays_summed_by_several_threads_are_exact(self):
        # From 2**19 elements a run is shared out among the cores, a unit of 2**16 at a time:
        # what each thread holds must join exactly, whichever thread took which unit.
        rng = random.Random(34)
        length = 5 * 2**20 + 12345
        pattern = [math.ldexp(rng.random() * 2 - 1, rng.randint(-1074, 900)) for _ in range(4099)]
        doubles = array.array("d", (pattern * (length // len(pattern) + 1))[:length])
        self.check_buffer(doubles)
        self.check_buffer(memoryview(doubles)[::-3])
        # Cancellation between units: each unit's sum is huge, the total is what is left.
        cancelling = array.array("d", [1e300, 3.0, -1e300, 0.5] * (length // 4))
        cancelling[-1] = 2.0**-1074
        self.check_buffer(cancelling)
        for special in [NAN, INF, -INF]:
            with_special = array.array("d", doubles)
            with_special[length - 100] = special  # in the last unit
            self.check_buffer(with_special, special)
        both = array.array("d", doubles)
        both[3], both[length - 3] = INF, -INF
        self.assertRaises(ValueError, sum_list, both)
        ints = array.array("q", [rng.choice([-(2**63), 2**63 - 1, rng.randint(-(2**63), 2**63 - 1)])
                                 for _ in range(4099)] * (length // 4099))
        self.check_buffer(ints)
        self.check_buffer(array.array("Q", [2**64 - 1]) * length)
        self.check_buffer(array.array("f", [rng.gauss(0, 1e30) for _ in range(4099)]) * 1000)

    def test_float_arrays_with_specials_behave_as_in_fsum(self):
        self.assertSameFloat(sum_list(array.array("d", [1.0, NAN, 2.0])), NAN)
        self.assertSameFloat(sum_list(array.array("d", [1.0, INF])), INF)
        self.assertSameFloat(sum_list(array.array("f", [-INF, 1.0])), -INF)
        with self.assertRaises(ValueError):
            sum_list(array.array("d", [INF, 1.0, -INF]))
        self.assertSameFloat(sum_list(array.array("d", [-0.0, -0.0])), 0.0)
        self.assertSameFloat(sum_list(array.array("d", [1e308, 1e308, -1e308])), 1e308)
        with self.assertRaises(OverflowError):
            sum_list(array.array("d", [1e308, 1e308]))
        self.assertSameFloat(sum_list(array.array("d", [1e308] * 70_000 + [-1e308] * 69_999)),
                             1e308)
        with self.assertRaises(ValueError):
            sum_list(array.array("d", [1.0] * 70_000 + [INF, -INF]))

    def test_memoryview_casts_to_every_format_match_their_elements(self):
        rng = random.Random(32)
        raw = bytes(rng.getrandbits(8) for _ in range(8 * 300))
        for code in INTEGER_CODES + "nN":
            self.check_buffer(memoryview(raw).cast(code), code)
        doubles = array.array("d", [wide_double(rng) for _ in range(300)]).tobytes()
        self.check_buffer(memoryview(doubles).cast("d"))
        singles = array.array("f", [rng.uniform(-1e30, 1e30) for _ in range(600)]).tobytes()
        self.check_buffer(memoryview(singles).cast("f"))
        self.check_buffer(memoryview(bytes([0, 1, 1, 0, 1])).cast("?"))

    def test_bool_buffers_count_each_true_element_once(self):
        # A bool element is True or False, whatever nonzero byte stores it: memoryview.tolist()
        # and struct both read any nonzero byte as True.
        raw = bytes([0, 1, 2, 255, 0, 128])
        view = memoryview(raw).cast("?")
        self.assertEqual(view.tolist(), [False, True, True, True, False, True])
        self.assertEqual(sum_list(view), 4)

    def test_multidimensional_memoryviews_sum_every_element(self):
        rng = random.Random(33)
        ints = array.array("i", [rng.randint(-(2**31), 2**31 - 1) for _ in range(2 * 3 * 4 * 5)])
        for shape in [[120], [2, 60], [2, 3, 20], [2, 3, 4, 5], [1, 1, 120], [120, 1]]:
            view = memoryview(ints).cast("B").cast("i", shape)
            self.check_buffer(view, shape)
        doubles = array.array("d", [wide_double(rng) for _ in range(6 * 7 * 8)])
        for shape in [[6, 56], [6, 7, 8], [336, 1]]:
            self.check_buffer(memoryview(doubles).cast("B").cast("d", shape), shape)

    def test_strided_and_reversed_memoryviews_sum_only_their_elements(self):
        rng = random.Random(34)
        for code in INTEGER_CODES + "fd":
            if code in "fd":
                source = array.array(code, [rng.uniform(-1e6, 1e6) for _ in range(1001)])
            else:
                low, high = self.LIMITS[code]
                source = array.array(code, [rng.randint(low, high) for _ in range(1001)])
            view = memoryview(source)
            for sliced in [view[::2], view[::-1], view[::-3], view[5:-5:7], view[7:8], view[3:3],
                           view[::1000], view[::-1001]]:
                self.check_buffer(sliced, (code, sliced.strides, len(sliced)))
        big = array.array("q", range(-(2**20), 2**21))
        self.check_buffer(memoryview(big)[::3])
        self.check_buffer(memoryview(big)[::-5])
        big_doubles = array.array("d", [rng.gauss(0, 1) for _ in range(300_000)])
        self.check_buffer(memoryview(big_doubles)[::-2])

    def test_unaligned_buffers_sum_correctly(self):
        rng = random.Random(35)
        for code, size in [("d", 8), ("f", 4), ("q", 8), ("Q", 8), ("i", 4), ("H", 2)]:
            for count in [1, 7, 300, 70_000]:
                if code in "fd":
                    values = [rng.uniform(-1e9, 1e9) for _ in range(count)]
                    raw = array.array(code, values).tobytes()
                else:
                    raw = rng.randbytes(size * count)
                shifted = bytearray(1) + raw
                view = memoryview(shifted)[1:].cast(code)
                self.check_buffer(view, (code, count))

    def test_bytes_and_bytearrays_sum_their_byte_values(self):
        rng = random.Random(36)
        for length in [0, 1, 2, 15, 16, 17, 300, 100_000]:
            raw = bytes(rng.getrandbits(8) for _ in range(length))
            for buffer in [raw, bytearray(raw), memoryview(raw)]:
                result = sum_list(buffer)
                self.assertIs(type(result), int)
                self.assertEqual(result, sum(raw), (type(buffer), length))
        self.assertEqual(sum_list(b"\xff" * 1_000_000), 255_000_000)

    def test_zero_size_buffers_sum_to_zero(self):
        for code in INTEGER_CODES:
            self.assertEqual(sum_list(array.array(code)), 0, code)
            self.assertIs(type(sum_list(array.array(code))), int, code)
        self.assertEqual(sum_list(memoryview(array.array("i", [1, 2]))[2:]), 0)

    def test_zero_dimensional_buffers_raise_type_error_like_sum(self):
        for scalar in [memoryview(ctypes.c_int(5)), memoryview(ctypes.c_double(1.5)),
                       memoryview(b"abcd").cast("i", [])]:
            with self.assertRaises(TypeError, msg=scalar.format):
                sum(scalar)
            with self.assertRaises(TypeError, msg=scalar.format):
                sum_list(scalar)

    def test_buffers_of_non_numeric_formats_raise_type_error(self):
        for buffer in [array.array("u", "ab"), memoryview(b"ab").cast("c")]:
            with self.assertRaises(TypeError, msg=buffer):
                sum_list(buffer)


class NumpyBufferTest(NumpyTestCase):
    INTEGER_DTYPES = ["i1", "u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4", "<i8",
                      ">i8", "<u8", ">u8", "intc", "uintc", "int_", "uint", "longlong",
                      "ulonglong", "intp", "uintp", "byte", "ubyte", "short", "ushort"]
    FLOAT_DTYPES = ["<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "float16", "float32", "float64",
                    "longdouble", "half", "single", "double"]

    def random_integers(self, rng, dtype, count):
        info = np.iinfo(dtype)
        values = [rng.randint(int(info.min), int(info.max)) for _ in range(min(count, 500))]
        values += [int(info.min), int(info.max)]
        return np.resize(np.array(values, dtype=dtype), count)

    def random_floats(self, rng, dtype, count):
        """Exponents over the whole range of the type (of a double, for longdouble), kept low
        enough that the sum cannot overflow."""
        info = np.finfo(dtype)
        lowest = max(float(np.log2(info.tiny)) - info.nmant, -1074.0)
        highest = min(float(np.log2(info.max)), 1024.0) - 2 - math.log2(count + 1)
        generator = np.random.default_rng(rng.getrandbits(32))
        scale = np.exp2(generator.uniform(lowest, highest, count))
        values = (generator.uniform(-1, 1, count) * scale).astype(dtype)
        if values.dtype == np.longdouble:
            # Bits beyond a double's, so that each element is rounded on the way to fsum.
            values = values * (np.longdouble(1) + np.longdouble(2) ** -60)
        return values

    def test_integer_dtypes_of_both_byte_orders_match_sum(self):
        rng = random.Random(40)
        for dtype in self.INTEGER_DTYPES:
            for count in [0, 1, 2, 3, 7, 8, 9, 31, 32, 33, 100, 257, 65535, 65536, 65537,
                          2**20 + 1]:
                self.check_array(self.random_integers(rng, dtype, count), (dtype, count))
            info = np.iinfo(dtype)
            for extreme in [info.min, info.max]:
                self.check_array(np.full(100_000, extreme, dtype=dtype), (dtype, extreme))

    def test_float_dtypes_of_both_byte_orders_match_fsum(self):
        rng = random.Random(41)
        for dtype in self.FLOAT_DTYPES:
            for count in list(range(40)) + [100, 255, 256, 257, 1000, 65537, 300_000]:
                self.check_array(self.random_floats(rng, dtype, count), (dtype, count))
            self.check_array(np.array([0.1, -0.1, 1e-3, 2.5], dtype=dtype), dtype)

    def test_longdouble_elements_are_each_rounded_to_a_double(self):
        one = np.longdouble(1)
        tail = np.longdouble(2) ** -60
        values = np.array([one + tail, one + tail, -one, -one], dtype=np.longdouble)
        self.assertNotEqual(float(values.sum()), 0.0)
        self.assertSameFloat(sum_list(values), 0.0)
        half_ulp = np.longdouble(2) ** -53
        values = np.array([one + half_ulp, one + half_ulp + tail], dtype=np.longdouble)
        self.assertSameFloat(sum_list(values), math.fsum([1.0, 1.0 + 2**-52]))

    def test_float16_elements_include_subnormals_infinities_and_nans(self):
        all_halves = np.arange(2**16, dtype=np.uint16).view(np.float16)
        finite = all_halves[np.isfinite(all_halves)]
        for order in ["<f2", ">f2"]:
            self.check_array(finite.astype(order), order)
            self.check_array(finite[(finite > -1e-4) & (finite < 1e-4)].astype(order), order)
        self.assertSameFloat(sum_list(np.array([1, np.inf], dtype=">f2")), INF)
        self.assertTrue(math.isnan(sum_list(np.array([1, np.nan], dtype="<f2"))))
        with self.assertRaises(ValueError):
            sum_list(np.array([np.inf, -np.inf], dtype=">f2"))

    def test_bool_arrays_sum_to_the_count_of_true_as_an_int(self):
        rng = np.random.default_rng(42)
        for count in [1, 5, 100, 65537, 10**6]:
            values = rng.random(count) < 0.3
            result = sum_list(values)
            self.assertIs(type(result), int)
            self.assertEqual(result, int(np.count_nonzero(values)), count)

    def test_bool_arrays_holding_bytes_other_than_zero_and_one_count_them_as_true(self):
        values = np.frombuffer(bytes([0, 1, 2, 255, 128, 0]), dtype=np.bool_)
        self.assertEqual(values.tolist(), [False, True, True, True, True, False])
        self.assertEqual(sum_list(values), 4)

    def test_multidimensional_fortran_and_strided_views_sum_every_element(self):
        rng = np.random.default_rng(43)
        ints = rng.integers(-(2**62), 2**62, size=(7, 11, 13), dtype=np.int64)
        floats = rng.standard_normal((7, 11, 13)) * np.exp2(rng.integers(-600, 600, (7, 11, 13)))
        singles = (rng.standard_normal((7, 11, 13)) * 1e20).astype(np.float32)
        halves = (ints % 60_000).astype(np.float16)
        for base in [ints, floats, ints.astype(">i4"), floats.astype(">f8"), singles,
                     singles.astype(">f4"), ints.astype(np.uint16), halves, halves.astype(">f2"),
                     floats.astype(np.longdouble)]:
            views = [base, np.asfortranarray(base), base.T, base.transpose(1, 0, 2),
                     base[::2, ::-3, 1::4], base[::-1, ::-1, ::-1], base[..., 0], base[:, 5, :],
                     base[3], base[:, :, ::5].swapaxes(0, 2), base.reshape(7, 143)[:, ::-2],
                     base.reshape(-1), base[None, :, None], base.reshape(7, 11, 13, 1, 1)]
            for view in views:
                self.check_array(view, (base.dtype, view.shape, view.strides))

    def test_broadcast_views_with_zero_strides_sum_each_repeat(self):
        for value, shape in [(3, (1000,)), (2**62, (4, 5)), (1.5, (3, 4, 5)), (0.1, (70_000,)),
                             (2**63 - 1, (3, 100_000))]:
            view = np.broadcast_to(np.array(value), shape)
            self.assertEqual(view.strides, (0,) * len(shape))
            self.check_array(view, (value, shape))
        row = np.arange(-5, 6, dtype=np.int16)
        self.check_array(np.broadcast_to(row, (9, 11)))

    def test_large_arrays_spanning_several_released_chunks_match(self):
        rng = np.random.default_rng(44)
        chunk = 2**20
        floats = rng.standard_normal(3 * chunk + 17) * np.exp2(rng.integers(-20, 20,
                                                                            3 * chunk + 17))
        self.check_array(floats)
        self.check_array(floats[: 13 * 241_000].reshape(-1, 13)[:, ::-2])
        self.check_array(floats[: 2 * chunk + 6].reshape(2, chunk + 3))
        self.check_array(floats[: 2 * chunk + 6].reshape(chunk + 3, 2))
        ints = rng.integers(-(2**63), 2**63 - 1, size=3 * chunk + 5, dtype=np.int64,
                            endpoint=True)
        self.check_array(ints)
        self.check_array(ints[::-7])
        self.check_array(ints.astype(">i8")[::3])
        self.check_array(np.full(3 * chunk, 2**64 - 1, dtype=np.uint64))

    def test_unaligned_arrays_sum_correctly(self):
        rng = np.random.default_rng(45)
        for dtype in ["<f8", ">f8", "<f4", "<i8", ">u8", "<f2"]:
            raw = bytearray(1) + bytearray(self.random_arrays_bytes(rng, dtype, 1001))
            values = np.frombuffer(raw, dtype=dtype, offset=1)
            self.assertFalse(values.flags.aligned and np.dtype(dtype).itemsize > 1, dtype)
            self.check_array(values, dtype)
            self.check_array(values[::-3], dtype)

    def random_arrays_bytes(self, rng, dtype, count):
        if np.dtype(dtype).kind == "f":
            return (rng.standard_normal(count) * 1000).astype(dtype).tobytes()
        return rng.integers(0, 2**63, size=count, dtype=np.int64).astype(dtype).tobytes()

    def test_zero_size_arrays_sum_to_zero(self):
        for dtype in ["i1", ">i4", "u8", "f8", ">f4", "f2", "longdouble", bool]:
            for shape in [(0,), (3, 0), (0, 5), (2, 0, 4)]:
                values = np.zeros(shape, dtype=dtype)
                result = sum_list(values)
                self.assertEqual(result, 0, (dtype, shape))
                if values.dtype.kind != "f":
                    self.assertIs(type(result), int, (dtype, shape))
            self.assertEqual(sum_list(np.ones(10, dtype=dtype)[5:5]), 0, dtype)

    def test_zero_dimensional_arrays_raise_type_error_like_sum(self):
        for scalar in [np.array(5), np.array(1.5), np.array(True), np.float64(2.0), np.int64(3),
                       np.array(7, dtype=">i2")]:
            with self.assertRaises(TypeError, msg=repr(scalar)):
                sum(scalar)
            with self.assertRaises(TypeError, msg=repr(scalar)):
                sum_list(scalar)

    def test_complex_and_non_numeric_dtypes_raise_type_error(self):
        for values in [np.array([1 + 2j, 3j]), np.array([1, 2], dtype=np.complex64),
                       np.array([b"ab"]), np.array(["x"]), np.zeros(2, dtype="V8")]:
            with self.assertRaises(TypeError, msg=values.dtype):
                sum_list(values)

    def test_float_arrays_with_specials_and_overflow_behave_as_specified(self):
        self.assertSameFloat(sum_list(np.array([1e308, 1e308, -1e308])), 1e308)
        self.assertSameFloat(sum_list(np.array([1e308, 1e308, -1e308], dtype=">f8")), 1e308)
        with self.assertRaises(OverflowError):
            sum_list(np.array([1e308, 1e308]))
        with self.assertRaises(ValueError):
            sum_list(np.array([np.inf, 1.0, -np.inf], dtype=np.float32))
        self.assertTrue(math.isnan(sum_list(np.array([np.nan, 1.0]))))
        self.assertSameFloat(sum_list(np.full(100_000, np.finfo(np.float32).max,
                                              dtype=np.float32)),
                             float(np.finfo(np.float32).max) * 100_000)

    def test_numpy_scalars_as_list_items_sum_as_python_numbers(self):
        rng = random.Random(46)
        ints = [getattr(np, name)(rng.randint(0, 100)) for name in
                ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]]
        ints += [np.uint64(2**64 - 1), np.int64(-(2**63))]
        expected = sum(int(x) for x in ints)
        result = sum_list(ints)
        self.assertIs(type(result), int)
        self.assertEqual(result, expected)
        floats = [np.float16(0.1), np.float32(0.1), np.float64(0.1), np.longdouble("0.1")]
        self.assertSameFloat(sum_list(ints + floats), math.fsum(ints + floats))
        self.assertSameFloat(sum_list(floats + ints), math.fsum(floats + ints))

    def test_float_results_of_numpy_arrays_are_python_floats(self):
        for dtype in ["f2", "f4", "f8", ">f8", "longdouble"]:
            self.assertIs(type(sum_list(np.ones(3, dtype=dtype))), float, dtype)
        for dtype in ["i1", "u8", ">i8", bool]:
            self.assertIs(type(sum_list(np.ones(3, dtype=dtype))), int, dtype)
