#include "core/float_sum.hpp"

#include "tests/core/exact_reference.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <random>
#include <span>
#include <vector>

using pyhost::core::float_sum;
using pyhost::core::float_sum_result;
using pyhost::core::float_sum_status;
using pyhost::core::simd_level;
using pyhost::core::testing::exact_sum;

namespace {

constexpr double dbl_max = std::numeric_limits<double>::max();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

enum class fsum_outcome { value, value_error, overflow_error };

struct cpython_fsum_result {
    double value;
    fsum_outcome outcome;
};

// math_fsum from CPython's Modules/mathmodule.c, Shewchuk's partials and all, for checking
// fsum's semantics; the implementation under test is a different algorithm.
cpython_fsum_result cpython_fsum(std::span<const double> values) {
    std::vector<double> partials;
    double special_sum = 0.0;
    double inf_sum = 0.0;
    for (const double xsave : values) {
        double x = xsave;
        std::size_t i = 0;
        for (std::size_t j = 0; j < partials.size(); ++j) {
            double y = partials[j];
            if (std::fabs(x) < std::fabs(y)) {
                std::swap(x, y);
            }
            const double hi = x + y;
            const double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[i++] = lo;
            }
            x = hi;
        }
        partials.resize(i);
        if (x != 0.0) {
            if (!std::isfinite(x)) {
                if (std::isfinite(xsave)) {
                    return {0.0, fsum_outcome::overflow_error};
                }
                if (std::isinf(xsave)) {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push_back(x);
            }
        }
    }
    if (special_sum != 0.0) {
        if (std::isnan(inf_sum)) {
            return {0.0, fsum_outcome::value_error};
        }
        return {special_sum, fsum_outcome::value};
    }
    double hi = 0.0;
    std::size_t n = partials.size();
    if (n > 0) {
        hi = partials[--n];
        double lo = 0.0;
        while (n > 0) {
            const double x = hi;
            const double y = partials[--n];
            hi = x + y;
            const double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            const double y = lo * 2.0;
            const double x = hi + y;
            const double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
    }
    return {hi, fsum_outcome::value};
}

std::vector<simd_level> supported_levels() {
    std::vector<simd_level> levels;
    for (const auto level : {simd_level::baseline, simd_level::avx2, simd_level::avx512}) {
        if (pyhost::core::simd_level_supported(level)) {
            levels.push_back(level);
        }
    }
    return levels;
}

// The ways values reach an accumulator; the sum must not depend on the way.
enum class feed { one_by_one, whole_array, interleaved };

float_sum_result sum_with(simd_level level, feed how, std::span<const double> values) {
    float_sum sum{level};
    switch (how) {
    case feed::one_by_one:
        for (const double value : values) {
            sum.add(value);
        }
        break;
    case feed::whole_array:
        sum.add(values);
        break;
    case feed::interleaved: {
        // Runs of arbitrary lengths go in singly, as arrays, and strided from a copy where
        // every double sits 3 bytes off alignment.
        std::mt19937_64 random{values.size()};
        std::vector<unsigned char> bytes(16 * values.size() + 3);
        std::size_t i = 0;
        int way = 0;
        while (i < values.size()) {
            const std::size_t run = std::min<std::size_t>(values.size() - i, random() % 40);
            const auto part = values.subspan(i, run);
            if (way == 0) {
                for (const double value : part) {
                    sum.add(value);
                }
            } else if (way == 1) {
                sum.add(part);
            } else {
                for (std::size_t j = 0; j < run; ++j) {
                    std::memcpy(bytes.data() + 3 + 16 * j, &part[j], sizeof(double));
                }
                sum.add_strided<double>(bytes.data() + 3, run, 16);
            }
            way = (way + 1) % 3;
            i += run;
        }
        break;
    }
    }
    return sum.result();
}

std::uint64_t bits_of(double value) {
    return std::bit_cast<std::uint64_t>(value);
}

void require_same(const float_sum_result &got, const float_sum_result &expected) {
    INFO("got " << got.value << " (" << std::hexfloat << got.value << std::defaultfloat
                << ") expected " << expected.value << " (" << std::hexfloat << expected.value
                << ")");
    REQUIRE(static_cast<int>(got.status) == static_cast<int>(expected.status));
    if (std::isnan(expected.value)) {
        REQUIRE(std::isnan(got.value));
    } else {
        REQUIRE(bits_of(got.value) == bits_of(expected.value));
    }
}

void require_exact(std::span<const double> values) {
    const float_sum_result expected = exact_sum(values);
    for (const simd_level level : supported_levels()) {
        for (const feed how : {feed::one_by_one, feed::whole_array, feed::interleaved}) {
            INFO("level " << static_cast<int>(level) << ", feed " << static_cast<int>(how) << ", "
                          << values.size() << " values");
            require_same(sum_with(level, how, values), expected);
        }
    }
}

void require_fsum(std::span<const double> values, double expected) {
    require_exact(values);
    require_same(pyhost::core::fsum(values), {expected, float_sum_status::ok});
}

// Random summands of several kinds, all drawn from one seeded generator.
class summands {
  public:
    explicit summands(std::uint64_t seed) : random_{seed} {}

    double uniform() { return std::uniform_real_distribution<double>{-1.0, 1.0}(random_); }

    double with_exponent_in(int low, int high) {
        const double fraction = uniform();
        return std::ldexp(fraction, std::uniform_int_distribution<int>{low, high}(random_));
    }

    // A random sign and all 53 bits of mantissa, in [2**exponent, 2**(exponent + 1)).
    double with_full_mantissa(int exponent) {
        const double mantissa = static_cast<double>((random_() >> 11) | (std::uint64_t{1} << 52));
        return std::ldexp(random_() % 2 == 0 ? mantissa : -mantissa, exponent - 52);
    }

    double subnormal() {
        const auto units = static_cast<double>(random_() >> 12);
        return std::ldexp(random_() % 2 == 0 ? units : -units, -1074);
    }

    double near_max() {
        return dbl_max * std::uniform_real_distribution<double>{-1.0, 1.0}(random_);
    }

    // Integers too wide for a double's mantissa, whose sums round often and tie often.
    double wide_integer() {
        const auto bits = static_cast<std::int64_t>(random_());
        return static_cast<double>(bits >> (random_() % 64));
    }

    std::size_t below(std::size_t bound) { return random_() % bound; }

    // Values drawn by `draw`, then their negations and a few more, shuffled: the sum is small
    // and found only by cancelling everything else exactly.
    template <class F>
    std::vector<double> cancelling(std::size_t count, F draw) {
        std::vector<double> values;
        for (std::size_t i = 0; i < count / 2; ++i) {
            values.push_back(draw());
        }
        const std::size_t half = values.size();
        for (std::size_t i = 0; i < half; ++i) {
            values.push_back(-values[i]);
        }
        while (values.size() < count) {
            values.push_back(with_exponent_in(-1074, 0));
        }
        std::shuffle(values.begin(), values.end(), random_);
        return values;
    }

    template <class F>
    std::vector<double> drawn(std::size_t count, F draw) {
        std::vector<double> values(count);
        std::generate(values.begin(), values.end(), draw);
        return values;
    }

    // Every kind of data, of the given length.
    std::vector<std::vector<double>> every_kind(std::size_t count) {
        return {
            drawn(count, [this] { return uniform(); }),
            drawn(count, [this] { return with_exponent_in(-60, 60); }),
            drawn(count, [this] { return with_exponent_in(-1100, 1024); }),
            drawn(count, [this] { return subnormal(); }),
            drawn(count, [this] { return wide_integer(); }),
            cancelling(count, [this] { return with_exponent_in(-300, 300); }),
            cancelling(count, [this] { return near_max(); }),
            drawn(count,
                  [this] { return below(3) == 0 ? near_max() : with_exponent_in(-1074, 0); }),
        };
    }

  private:
    std::mt19937_64 random_;
};

} // namespace

TEST_CASE("an empty sum is positive zero") {
    require_fsum({}, 0.0);
}

TEST_CASE("zeros of either sign sum to positive zero") {
    require_fsum(std::vector{-0.0}, 0.0);
    require_fsum(std::vector{-0.0, -0.0, 0.0}, 0.0);
    require_fsum(std::vector<double>(1000, -0.0), 0.0);
    require_fsum(std::vector{1.5, -1.5}, 0.0);
    require_fsum(std::vector{-1.5, 1.5, -0.0}, 0.0);
}

TEST_CASE("CPython's own fsum cases give CPython's results") {
    // From Lib/test/test_math.py, testFsum.
    require_fsum(std::vector{1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50}, 1e-100);
    require_fsum(std::vector{0x1p53, -0.5, -0x1p-54}, 0x1p53 - 1.0);
    require_fsum(std::vector{0x1p53, 1.0, 0x1p-100}, 0x1p53 + 2.0);
    require_fsum(std::vector{0x1p53 + 10.0, 1.0, 0x1p-100}, 0x1p53 + 12.0);
    require_fsum(std::vector{0x1p53 - 4.0, 0.5, 0x1p-54}, 0x1p53 - 3.0);
    require_fsum(std::vector{1e16, 1., 1e-16}, 10000000000000002.0);
    require_fsum(std::vector{1e16 - 2., 1. - 0x1p-53, -(1e16 - 2.), -(1. - 0x1p-53)}, 0.0);
    std::vector<double> harmonic;
    std::vector<double> alternating;
    for (int n = 1; n <= 1000; ++n) {
        harmonic.push_back(1.0 / n);
        alternating.push_back((n % 2 == 0 ? 1.0 : -1.0) / n);
    }
    require_fsum(harmonic, 0x1.df11f45f4e61ap+2);
    require_fsum(alternating, -0x1.62a2af1bd3624p-1);
    std::vector<double> spread;
    for (int n = -1074; n < 972; n += 2) {
        spread.push_back(std::ldexp(1.0, n) - std::ldexp(1.0, n + 50) + std::ldexp(1.0, n + 52));
    }
    spread.push_back(-0x1p1022);
    require_fsum(spread, 0x1.5555555555555p+970);
}

TEST_CASE("cancellation across the whole range leaves exactly the small terms") {
    require_fsum(std::vector{1e308, 1.0, -1e308}, 1.0);
    require_fsum(std::vector{dbl_max, 0x1p-1074, -dbl_max}, 0x1p-1074);
    require_fsum(std::vector{0x1p-1074, dbl_max, -0x1p-1074, 3.5, -dbl_max}, 3.5);
    require_fsum(std::vector{1e300, 1e-300, -1e300, 1e-300}, 2e-300);
}

TEST_CASE("halfway cases round to the even neighbour") {
    const double next_after_one = 1.0 + 0x1p-52;
    require_fsum(std::vector{1.0, 0x1p-53}, 1.0);
    require_fsum(std::vector{next_after_one, 0x1p-53}, 1.0 + 0x1p-51);
    require_fsum(std::vector{-1.0, -0x1p-53}, -1.0);
    require_fsum(std::vector{-next_after_one, -0x1p-53}, -1.0 - 0x1p-51);
    // Anything beyond the halfway point, however far down, rounds away.
    require_fsum(std::vector{1.0, 0x1p-53, 0x1p-1074}, next_after_one);
    require_fsum(std::vector{next_after_one, 0x1p-53, -0x1p-1074}, next_after_one);
    require_fsum(std::vector{0x1p1000, 0x1p947, 0x1p-1000}, 0x1p1000 + 0x1p948);
    // The halfway point built from pieces that no partial sum holds alone.
    require_fsum(std::vector{0x1p60, 0x1p6, 0x1p5, -0x1p4, 0x1p5, 0x1p4}, 0x1p60);
    require_fsum(std::vector{0x1p60 + 0x1p8, 0x1p6, 0x1p5, -0x1p4, 0x1p5, 0x1p4}, 0x1p60 + 0x1p9);
}

TEST_CASE("subnormal sums are exact and cross into the normal range") {
    require_fsum(std::vector{0x1p-1074, 0x1p-1074, 0x1p-1074}, 0x3p-1074);
    require_fsum(std::vector{0x1p-1022 - 0x1p-1074, 0x1p-1074}, 0x1p-1022);
    require_fsum(std::vector{0x1p-1022, -0x1p-1074}, 0x1p-1022 - 0x1p-1074);
    require_fsum(std::vector{0x1.8p-1022, 0x1.8p-1022, 0x1p-1074}, 0x3p-1022 + 0x1p-1074);
    summands random{1};
    for (int i = 0; i < 200; ++i) {
        require_exact(random.drawn(random.below(300), [&random] { return random.subnormal(); }));
    }
}

TEST_CASE("nans and infinities decide the outcome as in fsum") {
    const auto sum_of = [](std::vector<double> values) { return pyhost::core::fsum(values); };
    require_same(sum_of({quiet_nan}), {quiet_nan, float_sum_status::ok});
    require_same(sum_of({1.0, quiet_nan, 2.0}), {quiet_nan, float_sum_status::ok});
    require_same(sum_of({inf, 1.0}), {inf, float_sum_status::ok});
    require_same(sum_of({-inf, -inf, 1e308}), {-inf, float_sum_status::ok});
    require_same(sum_of({inf, quiet_nan}), {quiet_nan, float_sum_status::ok});
    require_same(sum_of({inf, -inf}), {quiet_nan, float_sum_status::inf_minus_inf});
    require_same(sum_of({-inf, 1.0, inf}), {quiet_nan, float_sum_status::inf_minus_inf});
    require_same(sum_of({quiet_nan, inf, -inf}), {quiet_nan, float_sum_status::inf_minus_inf});
    // Specials win over an overflow among the finite values, which fsum would raise first.
    require_same(sum_of({1e308, 1e308, inf}), {inf, float_sum_status::ok});
    require_same(sum_of({1e308, 1e308, quiet_nan}), {quiet_nan, float_sum_status::ok});
    // Specials in every position of blocks of every kind.
    summands random{2};
    for (const double special : {quiet_nan, inf, -inf}) {
        for (const std::size_t count :
             std::initializer_list<std::size_t>{1, 7, 9, 16, 255, 256, 257, 1024, 1025, 3000}) {
            for (auto values : random.every_kind(count)) {
                values[random.below(count)] = special;
                require_exact(values);
            }
        }
    }
}

TEST_CASE("exact sums past the largest double report overflow") {
    const auto sum_of = [](std::vector<double> values) { return pyhost::core::fsum(values); };
    require_same(sum_of({dbl_max, dbl_max}), {inf, float_sum_status::overflow});
    require_same(sum_of({-dbl_max, -dbl_max}), {-inf, float_sum_status::overflow});
    // DBL_MAX plus half its last place ties, and the tie goes to the even 2**1024.
    require_same(sum_of({dbl_max, 0x1p970}), {inf, float_sum_status::overflow});
    require_same(sum_of({dbl_max, 0x1p970, -0x1p-1074}), {dbl_max, float_sum_status::ok});
    require_same(sum_of({-dbl_max, -0x1p969, -0x1p969, 0x1p-1000}),
                 {-dbl_max, float_sum_status::ok});
    require_same(sum_of(std::vector<double>(100000, dbl_max)), {inf, float_sum_status::overflow});
}

TEST_CASE("an intermediate overflow with a finite exact sum gives the rounded sum") {
    // fsum raises OverflowError on these; the exact sum is a double.
    require_exact(std::vector{1e308, 1e308, -1e308});
    require_same(pyhost::core::fsum(std::vector{1e308, 1e308, -1e308}),
                 {1e308, float_sum_status::ok});
    std::vector<double> values(5000, dbl_max);
    values.resize(10000, -dbl_max);
    values.push_back(1.5);
    require_same(pyhost::core::fsum(values), {1.5, float_sum_status::ok});
    std::vector<double> huge(300000, 1.5e308);
    huge.resize(600001, -1e308);
    require_exact(huge);
}

TEST_CASE("every length from 0 to 600 agrees with the exact reference") {
    summands random{3};
    for (std::size_t count = 0; count <= 600; ++count) {
        for (const auto &values : random.every_kind(count)) {
            require_exact(values);
        }
    }
}

TEST_CASE("large arrays of every kind agree with the exact reference") {
    summands random{4};
    for (const std::size_t count : std::initializer_list<std::size_t>{100000, 262147}) {
        for (const auto &values : random.every_kind(count)) {
            require_exact(values);
        }
    }
}

TEST_CASE("sums near rounding boundaries agree with the exact reference") {
    // A double, half its last place, and a tiny nudge either way or none, split into pieces.
    summands random{5};
    for (int i = 0; i < 3000; ++i) {
        const double x = random.with_exponent_in(-900, 900);
        const double half_place = (std::nextafter(x, 2 * x) - x) / 2;
        std::vector<double> values{x, half_place};
        if (random.below(3) != 0) {
            const double sign = random.below(2) == 0 ? 1.0 : -1.0;
            const int depth = static_cast<int>(random.below(900));
            values.push_back(std::ldexp(sign, std::ilogb(x) - 54 - depth));
        }
        for (std::size_t pieces = random.below(6); pieces > 0; --pieces) {
            const double piece = random.with_exponent_in(-1074, std::ilogb(x));
            values.push_back(piece);
            values.push_back(-piece);
        }
        require_exact(values);
    }
}

TEST_CASE("blocks whose magnitudes span about 52 binades are summed exactly") {
    // Two levels of 52 bits each take every bit of a block exactly when its smallest magnitude
    // is within 52 binades of the largest: these blocks sit on either side of that line.
    summands random{10};
    for (int span = 48; span <= 58; ++span) {
        for (const std::size_t count :
             std::initializer_list<std::size_t>{16, 32, 1000, 1024, 2048}) {
            for (int trial = 0; trial < 4; ++trial) {
                auto values = random.drawn(count, [&random, span] {
                    return random.with_full_mantissa(
                        -static_cast<int>(random.below(static_cast<std::size_t>(span) + 1)));
                });
                values[0] = random.with_full_mantissa(0);
                values[1] = random.with_full_mantissa(-span);
                require_exact(values);
            }
        }
    }
}

TEST_CASE("the last bits of values 52 binades below a block's largest are kept") {
    // A pair that differs only in the last bit of its smaller member, amid pairs that cancel:
    // the sum is that one bit, which a level too few would drop. The blocks hold no zeros.
    summands random{12};
    for (const std::size_t count : std::initializer_list<std::size_t>{16, 1024}) {
        for (int offset = -3; offset <= 3; ++offset) {
            for (int trial = 0; trial < 20; ++trial) {
                const double x = std::fabs(random.with_full_mantissa(-52 + offset));
                const double last_bit = std::ldexp(1.0, std::ilogb(x) - 52);
                std::vector<double> values{1.5, -1.5, x, -(x - last_bit)};
                while (values.size() < count) {
                    const double pair =
                        random.with_full_mantissa(-static_cast<int>(random.below(20)));
                    values.push_back(pair);
                    values.push_back(-pair);
                }
                require_exact(values);
                require_same(pyhost::core::fsum(values), {last_bit, float_sum_status::ok});
            }
        }
    }
}

TEST_CASE("zeros in a block do not hide the bits of its smallest values") {
    // Zeros leave nothing over, so the plan looks past them for the smallest magnitude; the
    // values 53 to 200 binades below the largest must still take a third level. The sum is
    // 1 + 2**-53 + tiny, which rounds up only if the tiny part is kept.
    summands random{13};
    for (const std::size_t count : std::initializer_list<std::size_t>{16, 1024, 5000}) {
        for (const int depth : {53, 60, 105, 200}) {
            for (const bool negative_zeros : {false, true}) {
                std::vector<double> values(count, negative_zeros ? -0.0 : 0.0);
                const double tiny = std::ldexp(1.0, -depth - 1);
                const std::size_t where = random.below(count - 2);
                values[where] = 1.0;
                values[where + 1] = 0x1p-53;
                values[where + 2] = tiny;
                require_exact(values);
                require_same(pyhost::core::fsum(values),
                             {std::nextafter(1.0, 2.0), float_sum_status::ok});
            }
        }
    }
}

TEST_CASE("magnitudes near the top of the vector kernels' range are summed exactly") {
    summands random{11};
    for (const int top : {1019, 1020, 1021, 1022, 1023}) {
        for (const std::size_t count : std::initializer_list<std::size_t>{16, 1024, 3000}) {
            require_exact(random.drawn(
                count, [&random, top] { return random.with_exponent_in(top - 60, top); }));
            require_exact(random.cancelling(
                count, [&random, top] { return random.with_full_mantissa(top - 1); }));
        }
    }
    // 1.5 * 2**1023 plus this rounds to infinity, so it must not meet the vector kernels.
    const double below_limit = std::nextafter(0x1p1022, 0.0);
    require_exact(std::vector<double>(16, below_limit));
    require_exact(std::vector<double>{below_limit, 1.0, -below_limit, 0x1p-1074, 1e-300, -1e300,
                                      below_limit, 2.0, 3.0});
}

TEST_CASE("long runs of one value just below a power of two are summed exactly") {
    // Every value's first level is then close to 2**51 steps, which a block must have room for.
    for (const double value : {1.0 - 0x1p-53, -(1.0 - 0x1p-53), 0x1.fffffffffffffp+1000, 0.75,
                               0x1.fffffffffffffp-1000}) {
        require_exact(std::vector<double>(100000, value));
    }
}

TEST_CASE("results equal a port of CPython's fsum wherever it returns a value") {
    summands random{6};
    int compared = 0;
    for (std::size_t count = 0; count <= 300; ++count) {
        for (const auto &values : random.every_kind(count)) {
            const cpython_fsum_result expected = cpython_fsum(values);
            const float_sum_result got = pyhost::core::fsum(values);
            switch (expected.outcome) {
            case fsum_outcome::value:
                require_same(got, {expected.value, float_sum_status::ok});
                ++compared;
                break;
            case fsum_outcome::value_error:
                REQUIRE(got.status == float_sum_status::inf_minus_inf);
                break;
            case fsum_outcome::overflow_error:
                // fsum gave up; the exact reference decides instead.
                require_same(got, exact_sum(values));
                break;
            }
        }
    }
    CHECK(compared > 1000);
}

TEST_CASE("float arrays are widened exactly before summing") {
    summands random{7};
    for (const std::size_t count :
         std::initializer_list<std::size_t>{0, 1, 5, 100, 1023, 1024, 1025, 5000}) {
        std::vector<float> floats(count);
        for (float &value : floats) {
            value = static_cast<float>(random.with_exponent_in(-149, 127));
        }
        const std::vector<double> widened(floats.begin(), floats.end());
        const float_sum_result expected = exact_sum(widened);
        for (const simd_level level : supported_levels()) {
            float_sum contiguous{level};
            contiguous.add(std::span<const float>{floats});
            require_same(contiguous.result(), expected);
            float_sum strided{level};
            strided.add_strided<float>(floats.data(), floats.size(), sizeof(float));
            require_same(strided.result(), expected);
        }
    }
}

TEST_CASE("strided arrays sum the elements their strides select") {
    summands random{8};
    for (const std::size_t count : std::initializer_list<std::size_t>{0, 1, 3, 17, 1000, 4099}) {
        const auto values =
            random.drawn(count, [&random] { return random.with_exponent_in(-80, 80); });
        std::vector<double> reversed(values.rbegin(), values.rend());
        const float_sum_result expected = exact_sum(values);
        for (const simd_level level : supported_levels()) {
            // Every third double, starting one byte off alignment.
            std::vector<unsigned char> bytes(24 * count + 1);
            for (std::size_t i = 0; i < count; ++i) {
                std::memcpy(bytes.data() + 1 + 24 * i, &values[i], sizeof(double));
            }
            float_sum spaced{level};
            spaced.add_strided<double>(bytes.data() + 1, count, 24);
            require_same(spaced.result(), expected);
            // Backwards through the reversed copy.
            float_sum backwards{level};
            if (count != 0) {
                backwards.add_strided<double>(reversed.data() + count - 1, count, -8);
            }
            require_same(backwards.result(), expected);
            // A zero stride repeats one element.
            if (count != 0) {
                float_sum repeated{level};
                repeated.add_strided<double>(values.data(), count, 0);
                require_same(repeated.result(), exact_sum(std::vector<double>(count, values[0])));
            }
            // Floats, strided.
            std::vector<float> floats(2 * count);
            for (std::size_t i = 0; i < count; ++i) {
                floats[2 * i] = static_cast<float>(values[i]);
                floats[2 * i + 1] = 1e30f;
            }
            std::vector<double> widened(count);
            for (std::size_t i = 0; i < count; ++i) {
                widened[i] = floats[2 * i];
            }
            float_sum spaced_floats{level};
            spaced_floats.add_strided<float>(floats.data(), count, 2 * sizeof(float));
            require_same(spaced_floats.result(), exact_sum(widened));
        }
    }
}

TEST_CASE("adding may continue after a result is taken") {
    summands random{9};
    const auto values =
        random.drawn(5000, [&random] { return random.with_exponent_in(-300, 300); });
    for (const simd_level level : supported_levels()) {
        float_sum sum{level};
        for (std::size_t i = 0; i < values.size(); ++i) {
            sum.add(values[i]);
            if (i % 613 == 0) {
                require_same(sum.result(), exact_sum(std::span{values}.first(i + 1)));
            }
        }
        require_same(sum.result(), exact_sum(values));
    }
}

TEST_CASE("sums of parts made apart join into the sum of the whole") {
    summands random{10};
    for (const std::size_t count : std::initializer_list<std::size_t>{0, 1, 7, 600, 5000}) {
        for (const auto &values : random.every_kind(count)) {
            const float_sum_result expected = exact_sum(values);
            for (const simd_level level : supported_levels()) {
                // Up to four parts of random sizes, each summed apart, some value by value.
                std::vector<std::size_t> cuts{0, count};
                for (int i = 0; i < 3; ++i) {
                    cuts.push_back(count == 0 ? 0 : random.below(count + 1));
                }
                std::sort(cuts.begin(), cuts.end());
                float_sum whole{level};
                for (std::size_t part = 0; part + 1 < cuts.size(); ++part) {
                    const auto values_of_part =
                        std::span{values}.subspan(cuts[part], cuts[part + 1] - cuts[part]);
                    float_sum apart{level};
                    if (part % 2 == 0) {
                        apart.add(values_of_part);
                    } else {
                        for (const double value : values_of_part) {
                            apart.add(value);
                        }
                    }
                    whole.add(apart);
                    // The part keeps its own value.
                    require_same(apart.result(), exact_sum(values_of_part));
                }
                require_same(whole.result(), expected);
            }
        }
    }
}

TEST_CASE("joined sums carry across the whole range and keep nans and infinities") {
    // Parts whose totals cancel from the top of the range to the bottom, each far past what one
    // chunk holds, so that joining them carries through every chunk.
    std::vector<double> high(4000, dbl_max / 8);
    std::vector<double> low(4000, -dbl_max / 8);
    low.push_back(0x1p-1074);
    float_sum first;
    first.add(high);
    float_sum second;
    second.add(low);
    first.add(second);
    require_same(first.result(), {0x1p-1074, float_sum_status::ok});

    float_sum plus;
    plus.add(inf);
    float_sum minus;
    minus.add(-inf);
    minus.add(plus);
    require_same(minus.result(), {quiet_nan, float_sum_status::inf_minus_inf});
    float_sum with_nan;
    with_nan.add(1.0);
    float_sum nan_part;
    nan_part.add(quiet_nan);
    with_nan.add(nan_part);
    CHECK(std::isnan(with_nan.result().value));
}
