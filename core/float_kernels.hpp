#pragma once

#include "core/simd_level.hpp"

#include <cstddef>
#include <cstdint>

namespace pyhost::core {

/// The largest and smallest nonzero magnitudes in a block of doubles (the smallest is zero when
/// all are), and whether it holds a nan.
struct magnitude_range {
    double largest;
    double smallest;
    bool nan;
};

/// The bit patterns of a block's two levels, each summed as 64-bit integers, and the OR of the
/// bits of its remainders.
struct level_sums {
    std::uint64_t first;
    std::uint64_t second;
    std::uint64_t remainder_bits;
};

/// What a pass of `extract_levels` computes besides the two level sums.
enum class extraction {
    two_levels,      ///< nothing: the caller knows that two levels take every bit
    with_remainders, ///< the remainders, and the OR of their bits
};

/// Every kernel reads whole pairs of the widest vectors, so a block's length is a multiple of
/// this. Padding with zeros changes no sum.
inline constexpr std::size_t kernel_length_multiple = 16;

/// The largest and smallest magnitudes among `count` doubles.
magnitude_range scan_magnitudes(simd_level level, const double *values, std::size_t count) noexcept;

/// Splits each of `count` doubles x into t1 = fl(x + sigma1), then the rest r1 into
/// t2 = fl(r1 + sigma2), and sums the bit patterns of t1 and of t2. With `with_remainders`, it
/// also writes what is left of each x to `remainders`, which may be `values` itself.
level_sums extract_levels(simd_level level, extraction mode, const double *values,
                          std::size_t count, double sigma1, double sigma2,
                          double *remainders) noexcept;

} // namespace pyhost::core
