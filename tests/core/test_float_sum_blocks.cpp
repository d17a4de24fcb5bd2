#include "core/float_sum.hpp"

#include "tests/core/float_sum_checks.hpp"
#include "tests/core/random_summands.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <vector>

using pyhost::core::float_sum_status;
using pyhost::core::testing::require_exact;
using pyhost::core::testing::require_same;
using pyhost::core::testing::summands;

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
