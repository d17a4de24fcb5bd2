#include "core/superaccumulator.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <limits>

// How the superaccumulator holds an exact sum, after Neal's "small superaccumulator".
//
// Every finite double is a multiple of 2**-1074, so the sum is an integer count of that unit.
// The count is split into chunks of 32 bits, each held in a signed 64-bit word: chunk i weighs
// 2**(32 * i - 1074). An addition spreads its bits over two or three words and carries nothing.
// The words' 31 spare bits absorb the carries until a normalization moves them up.
//
// Notes:
// 1. A budget counts the growth of the words in units of 2**32. A double adds below 2**53 to a
//    word, which is 2**21 units; add_scaled adds below 2**32, which is one unit. Words stay
//    below 2**62 while the budget of 2**30 units lasts, and then normalize() carries.
// 2. After normalize(), every live chunk lies in [0, 2**32) but the top one, which is signed.
//    The top chunk is kept within 33 bits, so that it takes a whole budget again.
// 3. Only the chunks in [low, high] are live. An addition beyond them zeroes the chunks it
//    reaches first, so a fresh accumulator clears nothing.
// 4. Summands' signs are often random, so signs are applied without branches.
// 5. The result rounds once. The magnitude's 53 bits from its top are the mantissa; the next
//    bit and the OR of all lower bits decide the rounding, with ties to even. A carry out of
//    the mantissa moves into the exponent field by itself.
// 6. Nans and infinities are summed apart as CPython sums them. That special sum is nonzero (or
//    nan) exactly when a nan or an infinity was summed.

namespace pyhost::core {

namespace {

__extension__ using uint128 = unsigned __int128;

constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;
constexpr std::uint64_t fraction_mask = (std::uint64_t{1} << 52) - 1;
constexpr std::uint64_t infinity_bits = 0x7ffULL << 52;
constexpr std::uint64_t chunk_mask = 0xffff'ffffU;

// What one double adds to a word at most, in the budget's units of 2**32 (note 1).
constexpr int double_growth = 1 << 21;

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

void superaccumulator::make_live(int low, int high) noexcept {
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

void superaccumulator::add_scaled(std::int64_t mantissa, int position) noexcept {
    // The shifted magnitude spans at most three chunks and adds less than 2**32 to each. Signs
    // are applied without branches (note 4).
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

void superaccumulator::normalize() noexcept {
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
    // The top chunk stays signed. Its excess moves up until it fits in 33 bits (note 2).
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

void superaccumulator::add(double value) noexcept {
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

void superaccumulator::add(superaccumulator &other) noexcept {
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

float_sum_result superaccumulator::result() noexcept {
    // The infinities alone sum to nan exactly when both signs were summed (note 6).
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

} // namespace pyhost::core
