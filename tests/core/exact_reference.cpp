#include "tests/core/exact_reference.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

namespace pyhost::core::testing {

namespace {

constexpr int limb_count = 40;
using limbs = std::array<std::uint64_t, limb_count>;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

limbs one() {
    limbs value{};
    value[0] = 1;
    return value;
}

void add_limbs(limbs &sum, const limbs &addend) {
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < sum.size(); ++i) {
        const std::uint64_t partial = sum[i] + addend[i];
        const std::uint64_t total = partial + carry;
        carry = static_cast<std::uint64_t>(partial < sum[i]) +
                static_cast<std::uint64_t>(total < partial);
        sum[i] = total;
    }
}

} // namespace

void exact_reference::add(double x) {
    if (std::isnan(x)) {
        nan_ = true;
        return;
    }
    if (std::isinf(x)) {
        (x > 0 ? plus_inf_ : minus_inf_) = true;
        return;
    }
    if (x == 0) {
        return;
    }
    int exponent = 0;
    const double fraction = std::frexp(std::fabs(x), &exponent);
    auto mantissa = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
    int shift = exponent - 53 + 1074;
    // A subnormal's mantissa from frexp ends in zeros that a negative shift drops.
    for (; shift < 0; ++shift) {
        REQUIRE((mantissa & 1U) == 0);
        mantissa >>= 1;
    }
    add_shifted(mantissa, shift, x < 0);
}

void exact_reference::add_scaled(std::int64_t mantissa, int position) {
    REQUIRE(position >= 0);
    REQUIRE(position <= 2400);
    // Negating in unsigned arithmetic keeps -2**63 representable.
    const auto bits = static_cast<std::uint64_t>(mantissa);
    add_shifted(mantissa < 0 ? ~bits + 1 : bits, position, mantissa < 0);
}

void exact_reference::add_shifted(std::uint64_t magnitude, int shift, bool negative) {
    limbs addend{};
    const auto limb = static_cast<std::size_t>(shift / 64);
    const int bit = shift % 64;
    addend[limb] = magnitude << bit;
    if (bit != 0) {
        addend[limb + 1] = magnitude >> (64 - bit);
    }
    if (negative) {
        for (auto &word : addend) {
            word = ~word;
        }
        add_limbs(limbs_, one());
    }
    add_limbs(limbs_, addend);
}

float_sum_result exact_reference::result() const {
    if (plus_inf_ && minus_inf_) {
        return {quiet_nan, float_sum_status::inf_minus_inf};
    }
    if (nan_) {
        return {quiet_nan, float_sum_status::ok};
    }
    if (plus_inf_ || minus_inf_) {
        return {plus_inf_ ? inf : -inf, float_sum_status::ok};
    }
    const bool negative = (limbs_.back() >> 63) != 0;
    auto magnitude = limbs_;
    if (negative) {
        for (auto &word : magnitude) {
            word = ~word;
        }
        add_limbs(magnitude, one());
    }
    const auto bit = [&magnitude](int i) {
        return (magnitude[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1U;
    };
    int top = limb_count * 64 - 1;
    while (top >= 0 && bit(top) == 0) {
        --top;
    }
    if (top < 0) {
        return {0.0, float_sum_status::ok};
    }
    double value = 0;
    if (top < 53) {
        std::uint64_t units = 0;
        for (int i = top; i >= 0; --i) {
            units = units << 1 | bit(i);
        }
        value = std::ldexp(static_cast<double>(units), -1074);
    } else {
        std::uint64_t mantissa = 0;
        for (int i = top; i >= top - 52; --i) {
            mantissa = mantissa << 1 | bit(i);
        }
        bool sticky = false;
        for (int i = top - 54; i >= 0 && !sticky; --i) {
            sticky = bit(i) != 0;
        }
        if (bit(top - 53) != 0 && (sticky || (mantissa & 1U) != 0)) {
            ++mantissa;
        }
        value = std::ldexp(static_cast<double>(mantissa), top - 52 - 1074);
    }
    if (std::isinf(value)) {
        return {negative ? -inf : inf, float_sum_status::overflow};
    }
    return {negative ? -value : value, float_sum_status::ok};
}

float_sum_result exact_sum(std::span<const double> values) {
    exact_reference reference;
    for (const double value : values) {
        reference.add(value);
    }
    return reference.result();
}

} // namespace pyhost::core::testing
