#include "tests/core/float_sum_checks.hpp"

#include "tests/core/exact_reference.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>

namespace pyhost::core::testing {

namespace {

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

} // namespace

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

} // namespace pyhost::core::testing
