#include "core/float_sum.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#ifdef __FAST_MATH__
#error "float_sum relies on IEEE addition; (x + s) - s must not be simplified to x"
#endif

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
// further passes. Each level's integer sum, scaled by its u, goes into a fixed-point
// superaccumulator of 32-bit chunks in 64-bit words, which carries rarely. Nans, infinities and
// magnitudes near the top of the range, where s would overflow, go into it one by one.

namespace pyhost::core {

namespace {

__extension__ using uint128 = unsigned __int128;

constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;
constexpr std::uint64_t fraction_mask = (std::uint64_t{1} << 52) - 1;
constexpr std::uint64_t infinity_bits = 0x7ffULL << 52;
constexpr std::uint64_t chunk_mask = 0xffff'ffffU;

// Every kernel works on whole pairs of the widest vectors.
constexpr std::size_t count_multiple = 16;

// The exactness argument bounds a block's length: 1024 * 2**51 stays below 2**62.
constexpr std::size_t max_block_length = 1024;

// Up to this many pending values are summed one by one, which is cheaper for so few.
constexpr std::size_t scalar_flush_limit = 8;

// Blocks whose largest magnitude reaches this go the scalar way: s would overflow.
constexpr double largest_for_vectors = 0x1p1021;

// Chunks take additions until they might reach 2**62; the budget counts in units of 2**32,
// which is what a block's level sum adds to a chunk at most. A double adds up to 2**53.
constexpr int growth_between_normalizations = 1 << 30;
constexpr int double_growth = 1 << 21;

using detail::magnitude_range;

struct level_sums {
    std::uint64_t first;
    std::uint64_t second;
    std::uint64_t remainder_bits;
};

// What a pass of extract_levels computes besides the two level sums.
enum class extraction {
    two_levels,      // nothing: the caller knows that two levels take every bit
    with_remainders, // the remainders, and the OR of their bits
};

// Where 64-bit integer comparisons are native (from SSE4.2, fast with AVX2), magnitudes are
// compared as bit patterns, in whose order a nan comes above infinity: no nan check is needed.
struct sse2_vectors {
    using f64 = double __attribute__((vector_size(16)));
    using u64 = std::uint64_t __attribute__((vector_size(16)));
    using i64 = std::int64_t __attribute__((vector_size(16)));
    using u32 = std::uint32_t __attribute__((vector_size(16)));
    static constexpr bool compare_bits = false;
};
struct avx2_vectors {
    using f64 = double __attribute__((vector_size(32)));
    using u64 = std::uint64_t __attribute__((vector_size(32)));
    using i64 = std::int64_t __attribute__((vector_size(32)));
    static constexpr bool compare_bits = true;
};
struct avx512_vectors {
    using f64 = double __attribute__((vector_size(64)));
    using u64 = std::uint64_t __attribute__((vector_size(64)));
    using i64 = std::int64_t __attribute__((vector_size(64)));
    static constexpr bool compare_bits = true;
};

// The kernels pass no vectors as arguments: everything is inlined into one wrapper per
// instruction set, and vector parameters outside those would change the ABI with the target.

// Accumulates the largest and smallest magnitudes of pairs of vectors.
template <class V, bool compare_bits = V::compare_bits>
struct magnitude_scanner;

template <class V>
struct magnitude_scanner<V, true> {
    using i64 = typename V::i64;
    using u64 = typename V::u64;
    static constexpr std::size_t lanes = sizeof(i64) / sizeof(double);
    static constexpr std::int64_t magnitude_mask = std::numeric_limits<std::int64_t>::max();

    [[gnu::always_inline]] void step(const double *values) {
        i64 x0;
        i64 x1;
        std::memcpy(&x0, values, sizeof x0);
        std::memcpy(&x1, values + lanes, sizeof x1);
        x0 &= magnitude_mask;
        x1 &= magnitude_mask;
        largest0 = x0 > largest0 ? x0 : largest0;
        largest1 = x1 > largest1 ? x1 : largest1;
        // Zeros leave nothing over, so the smallest magnitude that counts is the smallest
        // nonzero one: less one, a zero's bits wrap to the largest unsigned value.
        const u64 less_one0 = __builtin_bit_cast(u64, x0) - 1;
        const u64 less_one1 = __builtin_bit_cast(u64, x1) - 1;
        smallest0 = less_one0 < smallest0 ? less_one0 : smallest0;
        smallest1 = less_one1 < smallest1 ? less_one1 : smallest1;
    }

    [[gnu::always_inline]] magnitude_range result() const {
        std::int64_t largest = 0;
        std::uint64_t smallest_less_one = ~std::uint64_t{0};
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            largest = std::max({largest, largest0[lane], largest1[lane]});
            smallest_less_one = std::min({smallest_less_one, smallest0[lane], smallest1[lane]});
        }
        // All zeros give a smallest of zero.
        return {std::bit_cast<double>(largest), std::bit_cast<double>(smallest_less_one + 1),
                static_cast<std::uint64_t>(largest) > infinity_bits};
    }

    i64 largest0{};
    i64 largest1{};
    u64 smallest0 = ~u64{};
    u64 smallest1 = ~u64{};
};

template <class V>
struct magnitude_scanner<V, false> {
    using f64 = typename V::f64;
    using i64 = typename V::i64;
    using u32 = typename V::u32;
    static constexpr std::size_t lanes = sizeof(f64) / sizeof(double);
    static constexpr std::int64_t magnitude_mask = std::numeric_limits<std::int64_t>::max();
    static constexpr double infinity = std::numeric_limits<double>::infinity();

    [[gnu::always_inline]] void step(const double *values) {
        f64 x0;
        f64 x1;
        std::memcpy(&x0, values, sizeof x0);
        std::memcpy(&x1, values + lanes, sizeof x1);
        x0 = __builtin_bit_cast(f64, __builtin_bit_cast(i64, x0) & magnitude_mask);
        x1 = __builtin_bit_cast(f64, __builtin_bit_cast(i64, x1) & magnitude_mask);
        // Comparisons with a nan are false, so the largest and smallest skip nans, and the
        // smallest skips zeros, which leave nothing over.
        largest0 = x0 > largest0 ? x0 : largest0;
        largest1 = x1 > largest1 ? x1 : largest1;
        const f64 infinities = f64{} + infinity;
        const f64 nonzero0 = x0 == 0 ? infinities : x0;
        const f64 nonzero1 = x1 == 0 ? infinities : x1;
        smallest0 = nonzero0 < smallest0 ? nonzero0 : smallest0;
        smallest1 = nonzero1 < smallest1 ? nonzero1 : smallest1;
        // As 32-bit lanes: GCC 12 turns ORs of 64-bit masks into scalar code without SSE4.1.
        nan |= __builtin_bit_cast(u32, x0 != x0) | __builtin_bit_cast(u32, x1 != x1);
    }

    [[gnu::always_inline]] magnitude_range result() const {
        magnitude_range range{0.0, infinity, false};
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            range.largest = std::max({range.largest, largest0[lane], largest1[lane]});
            range.smallest = std::min({range.smallest, smallest0[lane], smallest1[lane]});
        }
        for (std::size_t lane = 0; lane < 2 * lanes; ++lane) {
            range.nan = range.nan || nan[lane] != 0;
        }
        return range;
    }

    f64 largest0{};
    f64 largest1{};
    f64 smallest0 = f64{} + infinity;
    f64 smallest1 = f64{} + infinity;
    u32 nan{};
};

// Takes two levels from one vector at a time, as the comment at the top describes.
template <class V, extraction mode>
struct level_extractor {
    using f64 = typename V::f64;
    using u64 = typename V::u64;
    static constexpr std::size_t lanes = sizeof(f64) / sizeof(double);

    [[gnu::always_inline]] void step(const double *values, double *remainders) {
        f64 x;
        std::memcpy(&x, values, sizeof x);
        const f64 t1 = x + sigma1;
        first += __builtin_bit_cast(u64, t1);
        const f64 r1 = x - (t1 - sigma1);
        const f64 t2 = r1 + sigma2;
        second += __builtin_bit_cast(u64, t2);
        if constexpr (mode == extraction::with_remainders) {
            const f64 r2 = r1 - (t2 - sigma2);
            remainder_bits |= __builtin_bit_cast(u64, r2);
            std::memcpy(remainders, &r2, sizeof r2);
        }
    }

    [[gnu::always_inline]] level_sums result() const {
        level_sums sums{0, 0, 0};
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            sums.first += first[lane];
            sums.second += second[lane];
            sums.remainder_bits |= remainder_bits[lane];
        }
        return sums;
    }

    double sigma1;
    double sigma2;
    u64 first{};
    u64 second{};
    u64 remainder_bits{};
};

template <class V>
[[gnu::always_inline]] inline magnitude_range scan_magnitudes(const double *values,
                                                              std::size_t count) {
    magnitude_scanner<V> scanner;
    for (std::size_t i = 0; i < count; i += 2 * scanner.lanes) {
        scanner.step(values + i);
    }
    return scanner.result();
}

template <class V, extraction mode>
[[gnu::always_inline]] inline level_sums extract_levels(const double *values, std::size_t count,
                                                        double sigma1, double sigma2,
                                                        double *remainders) {
    level_extractor<V, mode> extractor{sigma1, sigma2};
    for (std::size_t i = 0; i < count; i += extractor.lanes) {
        extractor.step(values + i, mode == extraction::with_remainders ? remainders + i : nullptr);
    }
    return extractor.result();
}

template <class V>
[[gnu::always_inline]] inline level_sums extract_levels(extraction mode, const double *values,
                                                        std::size_t count, double sigma1,
                                                        double sigma2, double *remainders) {
    if (mode == extraction::two_levels) {
        return extract_levels<V, extraction::two_levels>(values, count, sigma1, sigma2, nullptr);
    }
    return extract_levels<V, extraction::with_remainders>(values, count, sigma1, sigma2,
                                                          remainders);
}

// One set of kernels per instruction set, chosen at run time.
struct kernels {
    magnitude_range (*scan_magnitudes)(const double *, std::size_t);
    level_sums (*extract_levels)(extraction, const double *, std::size_t, double, double, double *);
};

#define PYHOST_DEFINE_KERNELS(name, target_attribute, vectors)                                     \
    target_attribute magnitude_range scan_magnitudes_##name(const double *values,                  \
                                                            std::size_t count) {                   \
        return scan_magnitudes<vectors>(values, count);                                            \
    }                                                                                              \
    target_attribute level_sums extract_levels_##name(extraction mode, const double *values,       \
                                                      std::size_t count, double sigma1,            \
                                                      double sigma2, double *remainders) {         \
        return extract_levels<vectors>(mode, values, count, sigma1, sigma2, remainders);           \
    }                                                                                              \
    constexpr kernels name##_kernels{scan_magnitudes_##name, extract_levels_##name};

PYHOST_DEFINE_KERNELS(baseline, , sse2_vectors)
#if defined(__x86_64__)
PYHOST_DEFINE_KERNELS(avx2, __attribute__((target("avx2"))), avx2_vectors)
PYHOST_DEFINE_KERNELS(avx512, __attribute__((target("avx512f"))), avx512_vectors)
#endif
#undef PYHOST_DEFINE_KERNELS

const kernels &kernels_for(simd_level level) {
#if defined(__x86_64__)
    switch (level) {
    case simd_level::avx512:
        return avx512_kernels;
    case simd_level::avx2:
        return avx2_kernels;
    case simd_level::baseline:
        break;
    }
#else
    static_cast<void>(level);
#endif
    return baseline_kernels;
}

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

// Zeros `values` from `count` up to the next multiple of count_multiple, which it returns.
std::size_t pad(double *values, std::size_t count) {
    const std::size_t padded = (count + count_multiple - 1) / count_multiple * count_multiple;
    std::fill(values + count, values + padded, 0.0);
    return padded;
}

constexpr std::size_t max_digits = 72;

// The absolute value of normalized chunks (all in [0, 2**32) but the top one, which is signed)
// as 32-bit digits, with room for the top chunk's two.
struct magnitude_digits {
    explicit magnitude_digits(const std::int64_t *chunks, int low_chunk, int high_chunk)
        : low{low_chunk}, high{high_chunk + 1}, negative{
                                                    chunks[static_cast<std::size_t>(high_chunk)] <
                                                    0} {
        std::int64_t carry = 0;
        for (int i = low_chunk; i <= high_chunk; ++i) {
            const std::int64_t chunk = chunks[static_cast<std::size_t>(i)];
            const std::int64_t value = (negative ? -chunk : chunk) + carry;
            digit[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(value) & chunk_mask;
            carry = value >> 32;
        }
        // The negated top chunk is non-negative, so this carry holds its high digit.
        digit[static_cast<std::size_t>(high)] = static_cast<std::uint64_t>(carry);
    }

    std::uint64_t at(int i) const {
        return i >= low && i <= high ? digit[static_cast<std::size_t>(i)] : 0;
    }

    // Only digits [low, high] are written.
    std::array<std::uint64_t, max_digits> digit;
    int low;
    int high;
    bool negative;
};

// The bits of the double nearest to the digits' value times 2**-1074, ties to even; at or
// above infinity_bits when it overflows. The sign is left out.
std::uint64_t round_to_double_bits(const magnitude_digits &magnitude) {
    int top = magnitude.high;
    while (top >= magnitude.low && magnitude.at(top) == 0) {
        --top;
    }
    if (top < magnitude.low) {
        return 0;
    }
    // The value is N * 2**-1074 with 2**b <= N < 2**(b+1). Below 2**53, N's bits are the
    // double's own, subnormal or not; above, the 53 bits from b down are rounded, and the
    // exponent field, which follows b, takes a carry out of the mantissa by itself.
    const int top_bit = 32 * top + 63 - std::countl_zero(magnitude.at(top));
    if (top_bit < 53) {
        return (magnitude.at(1) << 32) | magnitude.at(0);
    }
    const uint128 window = (uint128{magnitude.at(top)} << 64) |
                           (uint128{magnitude.at(top - 1)} << 32) | magnitude.at(top - 2);
    const int below = top_bit - 32 * (top - 2) - 52;
    const auto mantissa = static_cast<std::uint64_t>(window >> below);
    const bool round_bit = ((window >> (below - 1)) & 1U) != 0;
    bool sticky = (window & ((uint128{1} << (below - 1)) - 1)) != 0;
    for (int i = magnitude.low; i < top - 2 && !sticky; ++i) {
        sticky = magnitude.at(i) != 0;
    }
    const std::uint64_t bits = (static_cast<std::uint64_t>(top_bit - 52) << 52) + mantissa;
    return bits + static_cast<std::uint64_t>(round_bit && (sticky || (mantissa & 1U) != 0));
}

} // namespace

void float_sum::make_live(int low, int high) noexcept {
    const auto zero = [this](int from, int to) {
        std::fill(chunks_.begin() + from, chunks_.begin() + to, 0);
    };
    if (high_chunk_ < low_chunk_) {
        zero(low, high + 1);
        low_chunk_ = low;
        high_chunk_ = high;
        return;
    }
    if (low < low_chunk_) {
        zero(low, low_chunk_);
        low_chunk_ = low;
    }
    if (high > high_chunk_) {
        zero(high_chunk_ + 1, high + 1);
        high_chunk_ = high;
    }
}

void float_sum::add_scaled(std::int64_t mantissa, int position) noexcept {
    // mantissa * 2**(position - 1074), with |mantissa| < 2**62 and position in [0, 2045]: the
    // shifted magnitude spans at most three chunks, adding less than 2**32 to each. Signs are
    // applied without branches, as summands' signs are often random.
    const auto sign = static_cast<std::uint64_t>(mantissa >> 63);
    const std::uint64_t magnitude = (static_cast<std::uint64_t>(mantissa) ^ sign) - sign;
    const int chunk = position >> 5;
    if (chunk < low_chunk_ || chunk + 2 > high_chunk_) [[unlikely]] {
        make_live(chunk, chunk + 2);
    }
    const uint128 spread = uint128{magnitude} << (position & 31);
    const auto signed_digit = [sign](std::uint64_t digit) {
        return static_cast<std::int64_t>((digit ^ sign) - sign);
    };
    const auto index = static_cast<std::size_t>(chunk);
    chunks_[index] += signed_digit(static_cast<std::uint64_t>(spread) & chunk_mask);
    chunks_[index + 1] += signed_digit(static_cast<std::uint64_t>(spread >> 32) & chunk_mask);
    chunks_[index + 2] += signed_digit(static_cast<std::uint64_t>(spread >> 64));
    if (--growth_until_normalize_ <= 0) [[unlikely]] {
        normalize();
    }
}

void float_sum::normalize() noexcept {
    growth_until_normalize_ = growth_between_normalizations;
    if (high_chunk_ < low_chunk_) {
        return;
    }
    for (auto i = static_cast<std::size_t>(low_chunk_); i < static_cast<std::size_t>(high_chunk_);
         ++i) {
        const std::int64_t carry = chunks_[i] >> 32;
        chunks_[i] &= static_cast<std::int64_t>(chunk_mask);
        chunks_[i + 1] += carry;
    }
    // The top chunk stays signed; it is kept within 33 bits by moving its excess up, so that it
    // can take as many additions again before the next normalization.
    while (high_chunk_ < chunk_count - 1) {
        const auto top = static_cast<std::size_t>(high_chunk_);
        const std::int64_t carry = chunks_[top] >> 32;
        if (carry == 0 || carry == -1) {
            break;
        }
        chunks_[top] &= static_cast<std::int64_t>(chunk_mask);
        chunks_[top + 1] = carry;
        ++high_chunk_;
    }
}

void float_sum::add_one_exactly(double value) noexcept {
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(value);
    const auto biased_exponent = static_cast<int>((bits >> 52) & 0x7ff);
    if (biased_exponent == 0x7ff) {
        if ((bits & fraction_mask) == 0) {
            (value > 0 ? saw_plus_inf_ : saw_minus_inf_) = true;
        }
        special_sum_ += value;
        return;
    }
    std::uint64_t mantissa = bits & fraction_mask;
    if (biased_exponent != 0) {
        mantissa |= std::uint64_t{1} << 52;
    }
    if (mantissa == 0) {
        return;
    }
    // value = +-mantissa * 2**(position - 1074). Shifted by under 32, the 53 bits span two
    // chunks; the low one's bits may be computed modulo 2**64.
    const int position = biased_exponent == 0 ? 0 : biased_exponent - 1;
    const int chunk = position >> 5;
    const int shift = position & 31;
    if (chunk < low_chunk_ || chunk + 1 > high_chunk_) [[unlikely]] {
        make_live(chunk, chunk + 1);
    }
    const auto sign = static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> 63);
    const std::uint64_t low = (mantissa << shift) & chunk_mask;
    const std::uint64_t high = mantissa >> (32 - shift);
    const auto index = static_cast<std::size_t>(chunk);
    chunks_[index] += static_cast<std::int64_t>((low ^ sign) - sign);
    chunks_[index + 1] += static_cast<std::int64_t>((high ^ sign) - sign);
    growth_until_normalize_ -= double_growth;
    if (growth_until_normalize_ <= 0) [[unlikely]] {
        normalize();
    }
}

void float_sum::add_levels(std::uint64_t first, std::uint64_t second, int k1, int k2,
                           std::size_t count) noexcept {
    // Every t was counted with the bias bits(sigma); what is left is sum(q) / u, at most 2**51
    // in magnitude per value.
    add_scaled(
        static_cast<std::int64_t>(first - count * std::bit_cast<std::uint64_t>(sigma_for(k1))),
        k1 + 1022);
    add_scaled(
        static_cast<std::int64_t>(second - count * std::bit_cast<std::uint64_t>(sigma_for(k2))),
        k2 + 1022);
}

void float_sum::add_block(const double *values, std::size_t count) noexcept {
    add_scanned_block(values, count, kernels_for(level_).scan_magnitudes(values, count));
}

void float_sum::add_scanned_block(const double *values, std::size_t count,
                                  magnitude_range range) noexcept {
    const kernels &simd = kernels_for(level_);
    std::array<double, max_block_length> remainders;
    const double *current = values;
    for (;;) {
        const block_plan plan = plan_block(range);
        if (plan.one_by_one) {
            for (std::size_t i = 0; i < count; ++i) {
                add_one_exactly(current[i]);
            }
            return;
        }
        if (plan.all_zero) {
            return;
        }
        // Remainders are written in place once they are the values.
        const level_sums sums = simd.extract_levels(
            plan.two_levels_suffice ? extraction::two_levels : extraction::with_remainders, current,
            count, plan.sigma1, plan.sigma2, remainders.data());
        add_levels(sums.first, sums.second, plan.k1, plan.k2, count);
        // A remainder of -0.0 comes from a summand of -0.0 and counts for nothing.
        if (plan.two_levels_suffice || (sums.remainder_bits & ~sign_bit) == 0) {
            return;
        }
        current = remainders.data();
        range = simd.scan_magnitudes(current, count);
    }
}

void float_sum::flush_pending() noexcept {
    if (pending_count_ <= scalar_flush_limit) {
        // The vector kernels' fixed costs outweigh a few scalar additions: this keeps a call
        // on a short list cheap.
        for (std::size_t i = 0; i < pending_count_; ++i) {
            add_one_exactly(pending_[i]);
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
    special_sum_ += other.special_sum_;
    saw_plus_inf_ = saw_plus_inf_ || other.saw_plus_inf_;
    saw_minus_inf_ = saw_minus_inf_ || other.saw_minus_inf_;
    other.normalize();
    if (other.high_chunk_ < other.low_chunk_) {
        return;
    }
    // Normalized, every chunk of both is below 2**33 in magnitude: their sums stay far from
    // overflow, and one more normalization puts them back in form.
    normalize();
    make_live(other.low_chunk_, other.high_chunk_);
    for (int i = other.low_chunk_; i <= other.high_chunk_; ++i) {
        chunks_[static_cast<std::size_t>(i)] += other.chunks_[static_cast<std::size_t>(i)];
    }
    normalize();
}

float_sum_result float_sum::result() noexcept {
    flush_pending();
    // As in CPython: the special sum is nonzero (or nan) exactly when a nan or an infinity was
    // summed, and the infinities alone sum to nan exactly when both signs were.
    if (special_sum_ != 0.0) {
        if (saw_plus_inf_ && saw_minus_inf_) {
            return {std::numeric_limits<double>::quiet_NaN(), float_sum_status::inf_minus_inf};
        }
        return {special_sum_, float_sum_status::ok};
    }
    normalize();
    if (high_chunk_ < low_chunk_) {
        return {0.0, float_sum_status::ok};
    }
    static_assert(chunk_count + 1 <= static_cast<int>(max_digits));
    const magnitude_digits magnitude{chunks_.data(), low_chunk_, high_chunk_};
    const std::uint64_t bits = round_to_double_bits(magnitude);
    if (bits >= infinity_bits) {
        const double infinity = std::numeric_limits<double>::infinity();
        return {magnitude.negative ? -infinity : infinity, float_sum_status::overflow};
    }
    // An exact zero is +0.0, as in fsum.
    return {std::bit_cast<double>(bits | (magnitude.negative && bits != 0 ? sign_bit : 0)),
            float_sum_status::ok};
}

float_sum_result fsum(std::span<const double> values) noexcept {
    float_sum sum;
    sum.add(values);
    return sum.result();
}

} // namespace pyhost::core
