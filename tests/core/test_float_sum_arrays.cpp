#include "core/float_sum.hpp"

#include "tests/core/exact_reference.hpp"
#include "tests/core/float_sum_checks.hpp"
#include "tests/core/random_summands.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <span>
#include <vector>

using pyhost::core::float_sum;
using pyhost::core::float_sum_result;
using pyhost::core::simd_level;
using pyhost::core::testing::exact_sum;
using pyhost::core::testing::require_same;
using pyhost::core::testing::summands;
using pyhost::core::testing::supported_levels;

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
