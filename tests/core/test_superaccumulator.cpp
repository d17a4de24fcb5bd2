#include "core/superaccumulator.hpp"

#include "tests/core/exact_reference.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <random>

using pyhost::core::float_sum_result;
using pyhost::core::float_sum_status;
using pyhost::core::superaccumulator;
using pyhost::core::testing::exact_reference;

namespace {

constexpr double dbl_max = std::numeric_limits<double>::max();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

// The largest mantissa add_scaled takes, and its largest position.
constexpr std::int64_t max_mantissa = (std::int64_t{1} << 62) - 1;
constexpr int max_position = 2045;

void require_same(const float_sum_result &got, const float_sum_result &expected) {
    INFO("got " << std::hexfloat << got.value << " expected " << expected.value);
    REQUIRE(static_cast<int>(got.status) == static_cast<int>(expected.status));
    if (std::isnan(expected.value)) {
        REQUIRE(std::isnan(got.value));
    } else {
        REQUIRE(std::bit_cast<std::uint64_t>(got.value) ==
                std::bit_cast<std::uint64_t>(expected.value));
    }
}

// The accumulator under test and the exact reference, fed the same summands.
struct checked_sum {
    void add(double value) {
        sum.add(value);
        reference.add(value);
    }

    void add_scaled(std::int64_t mantissa, int position) {
        sum.add_scaled(mantissa, position);
        reference.add_scaled(mantissa, position);
    }

    void require_exact() { require_same(sum.result(), reference.result()); }

    superaccumulator sum;
    exact_reference reference;
};

class summands {
  public:
    explicit summands(std::uint64_t seed) : random_{seed} {}

    std::uint64_t bits() { return random_(); }

    int below(int bound) { return static_cast<int>(random_() % static_cast<std::uint64_t>(bound)); }

    // Any finite double, its bits drawn uniformly: every binade is as likely as any other.
    double any_finite() {
        for (;;) {
            const double value = std::bit_cast<double>(random_());
            if (std::isfinite(value)) {
                return value;
            }
        }
    }

    // A mantissa of random sign and length, up to add_scaled's limit.
    std::int64_t mantissa() {
        const auto magnitude = static_cast<std::int64_t>(random_() >> (2 + below(62)));
        return below(2) == 0 ? magnitude : -magnitude;
    }

  private:
    std::mt19937_64 random_;
};

} // namespace

TEST_CASE("superaccumulator: a fresh one holds positive zero") {
    superaccumulator sum;
    require_same(sum.result(), {0.0, float_sum_status::ok});
}

TEST_CASE("superaccumulator: doubles from every binade are held exactly") {
    summands random{21};
    for (int trial = 0; trial < 200; ++trial) {
        checked_sum both;
        const int count = random.below(2000);
        for (int i = 0; i < count; ++i) {
            both.add(random.any_finite());
        }
        both.require_exact();
    }
}

TEST_CASE("superaccumulator: scaled integers at every position are held exactly") {
    summands random{22};
    for (int trial = 0; trial < 300; ++trial) {
        checked_sum both;
        const int count = random.below(300);
        for (int i = 0; i < count; ++i) {
            both.add_scaled(random.mantissa(), random.below(max_position + 1));
            if (random.below(4) == 0) {
                both.add(random.any_finite());
            }
        }
        both.require_exact();
    }
    // The extremes of add_scaled's range, alone and together.
    for (const int position : {0, 31, 32, 33, 1000, max_position}) {
        for (const std::int64_t mantissa : {max_mantissa, -max_mantissa, std::int64_t{1}}) {
            checked_sum both;
            both.add_scaled(mantissa, position);
            both.require_exact();
            both.add_scaled(mantissa, 0);
            both.require_exact();
        }
    }
}

TEST_CASE("superaccumulator: the nearest double is found, ties to even, at every position") {
    // A 53-bit mantissa with its lowest bit at `position`, then half its last place, then
    // nothing, a nudge up or a nudge down somewhere below. Positions cross every chunk border.
    summands random{23};
    for (int position = 1; position <= 2000; ++position) {
        for (const int nudge : {0, 1, -1}) {
            for (const bool negative : {false, true}) {
                const auto top =
                    static_cast<std::int64_t>((std::uint64_t{1} << 52) | (random.bits() >> 12));
                checked_sum both;
                both.add_scaled(negative ? -top : top, position);
                both.add_scaled(negative ? -1 : 1, position - 1);
                if (nudge != 0 && position >= 2) {
                    both.add_scaled(negative == (nudge > 0) ? -1 : 1, random.below(position - 1));
                }
                both.require_exact();
            }
        }
    }
}

TEST_CASE("superaccumulator: sums that cancel carry through every chunk") {
    // Parts at the top of the range whose total cancels down to a few low bits: every chunk
    // between takes carries and borrows.
    summands random{24};
    for (int trial = 0; trial < 50; ++trial) {
        checked_sum both;
        for (int i = 0; i < 100; ++i) {
            const double value = random.any_finite();
            both.add(value);
            both.add(-value);
        }
        both.add_scaled(max_mantissa, max_position);
        both.add_scaled(-max_mantissa, max_position);
        both.add_scaled(random.mantissa(), random.below(100));
        both.add(std::ldexp(1.0, -1074));
        both.require_exact();
    }
}

TEST_CASE("superaccumulator: long runs stay exact across normalizations") {
    // Each double spends 2**21 of the 2**30 growth budget, so these runs normalize hundreds of
    // times, with chunks near their limit in both directions.
    summands random{25};
    for (const double value : {dbl_max, -dbl_max, 0x1.fffffffffffffp-1, -0x1p-1074}) {
        checked_sum both;
        for (int i = 0; i < 100000; ++i) {
            both.add(value);
        }
        both.add(std::ldexp(1.0, -1074));
        both.require_exact();
    }
    checked_sum mixed;
    for (int i = 0; i < 200000; ++i) {
        if (random.below(3) == 0) {
            mixed.add_scaled(random.below(2) == 0 ? max_mantissa : -max_mantissa,
                             random.below(max_position + 1));
        } else {
            mixed.add(random.any_finite());
        }
    }
    mixed.require_exact();
}

TEST_CASE("superaccumulator: subnormal sums are exact") {
    summands random{26};
    for (int trial = 0; trial < 100; ++trial) {
        checked_sum both;
        for (int i = random.below(500); i > 0; --i) {
            const auto units = static_cast<double>(random.bits() >> 12);
            both.add(std::ldexp(random.below(2) == 0 ? units : -units, -1074));
        }
        both.require_exact();
    }
}

TEST_CASE("superaccumulator: a joined accumulator holds the sum of both, and the part its own") {
    summands random{27};
    for (int trial = 0; trial < 100; ++trial) {
        superaccumulator whole;
        superaccumulator part;
        exact_reference whole_reference;
        exact_reference part_reference;
        for (int i = random.below(1000); i > 0; --i) {
            const double value = random.any_finite();
            if (random.below(2) == 0) {
                whole.add(value);
            } else {
                part.add(value);
                part_reference.add(value);
            }
            whole_reference.add(value);
        }
        whole.add(part);
        require_same(whole.result(), whole_reference.result());
        require_same(part.result(), part_reference.result());
    }
}

TEST_CASE("superaccumulator: nans and infinities decide the outcome as in fsum") {
    const auto sum_of = [](std::initializer_list<double> values) {
        checked_sum both;
        for (const double value : values) {
            both.add(value);
        }
        both.require_exact();
        return both.sum.result();
    };
    require_same(sum_of({1.0, quiet_nan}), {quiet_nan, float_sum_status::ok});
    require_same(sum_of({-inf, dbl_max, dbl_max}), {-inf, float_sum_status::ok});
    require_same(sum_of({inf, 1.0, -inf}), {quiet_nan, float_sum_status::inf_minus_inf});
    superaccumulator plus;
    plus.add(inf);
    superaccumulator minus;
    minus.add(-inf);
    minus.add(plus);
    require_same(minus.result(), {quiet_nan, float_sum_status::inf_minus_inf});
}

TEST_CASE("superaccumulator: sums past the largest double report overflow") {
    checked_sum both;
    both.add(dbl_max);
    both.add(0x1p970);
    both.require_exact();
    require_same(both.sum.result(), {inf, float_sum_status::overflow});
    both.add(-0x1p-1074);
    require_same(both.sum.result(), {dbl_max, float_sum_status::ok});
    checked_sum negative;
    negative.add_scaled(-max_mantissa, max_position);
    negative.require_exact();
    require_same(negative.sum.result(), {-inf, float_sum_status::overflow});
}

TEST_CASE("superaccumulator: results may be taken while adding continues") {
    summands random{28};
    checked_sum both;
    for (int i = 0; i < 3000; ++i) {
        both.add(random.any_finite());
        if (i % 97 == 0) {
            both.require_exact();
        }
    }
    both.require_exact();
}
