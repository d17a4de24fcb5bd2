#include "core/float_sum.hpp"

#include "tests/core/float_sum_checks.hpp"
#include "tests/core/random_summands.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <vector>

using pyhost::core::float_sum_status;
using pyhost::core::testing::require_exact;
using pyhost::core::testing::require_fsum;
using pyhost::core::testing::require_same;
using pyhost::core::testing::summands;

namespace {

constexpr double dbl_max = std::numeric_limits<double>::max();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

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
