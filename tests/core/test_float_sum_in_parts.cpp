#include "core/float_sum.hpp"

#include "tests/core/exact_reference.hpp"
#include "tests/core/float_sum_checks.hpp"
#include "tests/core/random_summands.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <span>
#include <vector>

using pyhost::core::float_sum;
using pyhost::core::float_sum_result;
using pyhost::core::float_sum_status;
using pyhost::core::simd_level;
using pyhost::core::testing::exact_sum;
using pyhost::core::testing::require_same;
using pyhost::core::testing::summands;
using pyhost::core::testing::supported_levels;

namespace {

constexpr double dbl_max = std::numeric_limits<double>::max();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

} // namespace

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
