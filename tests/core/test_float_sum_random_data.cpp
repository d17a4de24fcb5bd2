#include "core/float_sum.hpp"

#include "tests/core/float_sum_checks.hpp"
#include "tests/core/random_summands.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <vector>

using pyhost::core::testing::require_exact;
using pyhost::core::testing::summands;

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
