#include "core/float_sum.hpp"

#include "core/float_kernels.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

// How a block of up to 1024 doubles is summed exactly, at a few vector operations per value.
//
// A first pass finds the block's largest and smallest nonzero magnitudes. Let every |x| be at most
// 2**(k-1), and s = 1.5 * 2**k. Then x + s lies in [2**k, 2**(k+1)], where doubles are spaced
// u = 2**(k-52) apart, so t = fl(x + s) is x rounded to a multiple of u, q = t - s is exact, and
// so is r = x - q, with |r| <= u/2. On that interval a double's bit pattern grows by one per step
// of u, so bits(t) - bits(s) = q / u: summing the bit patterns of t as 64-bit integers sums the q
// exactly, with no rounding. Two such levels (k, then k - 52 for the remainders r) take every bit
// of the values within 52 binades of the largest, which the smallest magnitude shows beforehand
// for most data; otherwise the remainders are checked, and any left are summed the same way in
// further passes. Each level's integer sum, scaled by its u, goes into the superaccumulator
// (core/superaccumulator.cpp), which holds the sum exactly. Nans, infinities and magnitudes near
// the top of the range, where s would overflow, go into it one by one.
//
// The passes over a block are the vector kernels of core/float_kernels.cpp. This file plans the
// levels, cuts the input into blocks, and keeps single values pending until a block is full.

namespace pyhost::core {

namespace {

constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;

// The exactness argument bounds a block's length: 1024 * 2**51 stays below 2**62.
constexpr std::size_t max_block_length = 1024;

// Up to this many pending values are summed one by one, which is cheaper for so few.
constexpr std::size_t scalar_flush_limit = 8;

// Blocks whose largest magnitude reaches this go the scalar way: s would overflow.
constexpr double largest_for_vectors = 0x1p1021;

// 2**k, for k in [-1022, 1023].
double power_of_two(int k) {
    return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

// 1.5 * 2**k, for k in [-1022, 1023].
double sigma_for(int k) {
    return std::bit_cast<double>((static_cast<std::uint64_t>(k + 1023) << 52) |
                                 (std::uint64_t{1} << 51));
}

// The two levels for a block whose magnitudes are known.
struct block_plan {
    // Nans, infinities and magnitudes near the top of the range go one by one.
    bool one_by_one;
    bool all_zero;
    int k1;
    int k2;
    double sigma1;
    double sigma2;
    bool two_levels_suffice;
};

block_plan plan_block(const magnitude_range &range) {
    block_plan plan{};
    if (range.nan || !(range.largest < largest_for_vectors)) {
        plan.one_by_one = true;
        return plan;
    }
    if (range.largest == 0.0) {
        plan.all_zero = true;
        return plan;
    }
    // largest < 2**e with e = max(biased exponent, 1) - 1022, and k1 = e + 1.
    const auto biased_exponent =
        static_cast<int>(std::bit_cast<std::uint64_t>(range.largest) >> 52);
    plan.k1 = std::max(biased_exponent, 1) - 1021;
    // Below 2**-1022 a level's step u is already the smallest subnormal, so k stops there.
    plan.k2 = std::max(plan.k1 - 52, -1022);
    plan.sigma1 = sigma_for(plan.k1);
    plan.sigma2 = sigma_for(plan.k2);
    // The second level's step is 2**(k2 - 52), a divisor of every double of magnitude at least
    // 2**k2: then nothing remains, and nothing need be checked.
    plan.two_levels_suffice = plan.k2 == -1022 || range.smallest >= power_of_two(plan.k2);
    return plan;
}

// Zeros `values` from `count` up to the next multiple of kernel_length_multiple, which it
// returns.
std::size_t pad(double *values, std::size_t count) {
    const std::size_t padded =
        (count + kernel_length_multiple - 1) / kernel_length_multiple * kernel_length_multiple;
    std::fill(values + count, values + padded, 0.0);
    return padded;
}

// Adds the two levels' sums to `exact`. Every t was counted with the bias bits(sigma); what is
// left is sum(q) / u, at most 2**51 in magnitude per value.
void add_levels(superaccumulator &exact, const level_sums &sums, const block_plan &plan,
                std::size_t count) {
    exact.add_scaled(
        static_cast<std::int64_t>(sums.first - count * std::bit_cast<std::uint64_t>(plan.sigma1)),
        plan.k1 + 1022);
    exact.add_scaled(
        static_cast<std::int64_t>(sums.second - count * std::bit_cast<std::uint64_t>(plan.sigma2)),
        plan.k2 + 1022);
}

} // namespace

void float_sum::add_block(const double *values, std::size_t count) noexcept {
    magnitude_range range = scan_magnitudes(level_, values, count);
    std::array<double, max_block_length> remainders;
    const double *current = values;
    for (;;) {
        const block_plan plan = plan_block(range);
        if (plan.one_by_one) {
            for (std::size_t i = 0; i < count; ++i) {
                exact_.add(current[i]);
            }
            return;
        }
        if (plan.all_zero) {
            return;
        }
        // Remainders are written in place once they are the values.
        const level_sums sums = extract_levels(
            level_, plan.two_levels_suffice ? extraction::two_levels : extraction::with_remainders,
            current, count, plan.sigma1, plan.sigma2, remainders.data());
        add_levels(exact_, sums, plan, count);
        // A remainder of -0.0 comes from a summand of -0.0 and counts for nothing.
        if (plan.two_levels_suffice || (sums.remainder_bits & ~sign_bit) == 0) {
            return;
        }
        current = remainders.data();
        range = scan_magnitudes(level_, current, count);
    }
}

void float_sum::flush_pending() noexcept {
    if (pending_count_ <= scalar_flush_limit) {
        // The vector kernels' fixed costs outweigh a few scalar additions: this keeps a call
        // on a short list cheap.
        for (std::size_t i = 0; i < pending_count_; ++i) {
            exact_.add(pending_[i]);
        }
    } else {
        add_block(pending_.data(), pad(pending_.data(), pending_count_));
    }
    pending_count_ = 0;
}

void float_sum::add(std::span<const double> values) noexcept {
    std::size_t i = 0;
    for (; i + max_block_length <= values.size(); i += max_block_length) {
        add_block(values.data() + i, max_block_length);
    }
    if (i < values.size()) {
        std::array<double, max_block_length> tail;
        std::copy(values.begin() + static_cast<std::ptrdiff_t>(i), values.end(), tail.begin());
        add_block(tail.data(), pad(tail.data(), values.size() - i));
    }
}

void float_sum::add(std::span<const float> values) noexcept {
    std::array<double, max_block_length> block;
    for (std::size_t i = 0; i < values.size(); i += max_block_length) {
        const std::size_t count = std::min(max_block_length, values.size() - i);
        for (std::size_t j = 0; j < count; ++j) {
            block[j] = values[i + j];
        }
        add_block(block.data(), pad(block.data(), count));
    }
}

template <class T>
requires std::same_as<T, float> || std::same_as<T, double>
void float_sum::add_strided(const void *first, std::size_t count,
                            std::ptrdiff_t byte_stride) noexcept {
    if (byte_stride == static_cast<std::ptrdiff_t>(sizeof(T)) &&
        reinterpret_cast<std::uintptr_t>(first) % alignof(T) == 0) {
        add(std::span<const T>{static_cast<const T *>(first), count});
        return;
    }
    const auto *bytes = static_cast<const unsigned char *>(first);
    std::array<double, max_block_length> block;
    for (std::size_t i = 0; i < count; i += max_block_length) {
        const std::size_t length = std::min(max_block_length, count - i);
        for (std::size_t j = 0; j < length; ++j) {
            T value;
            std::memcpy(&value, bytes + static_cast<std::ptrdiff_t>(i + j) * byte_stride,
                        sizeof value);
            block[j] = value;
        }
        add_block(block.data(), pad(block.data(), length));
    }
}

template void float_sum::add_strided<float>(const void *, std::size_t, std::ptrdiff_t) noexcept;
template void float_sum::add_strided<double>(const void *, std::size_t, std::ptrdiff_t) noexcept;

void float_sum::add(float_sum &other) noexcept {
    other.flush_pending();
    exact_.add(other.exact_);
}

float_sum_result float_sum::result() noexcept {
    flush_pending();
    return exact_.result();
}

float_sum_result fsum(std::span<const double> values) noexcept {
    float_sum sum;
    sum.add(values);
    return sum.result();
}

} // namespace pyhost::core
