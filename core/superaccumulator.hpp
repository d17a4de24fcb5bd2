#pragma once

#include "core/float_sum_result.hpp"

#include <array>
#include <cstdint>

namespace pyhost::core {

/// The exact sum of doubles, held in fixed point: every finite double is a whole multiple of
/// 2**-1074 below 2**1024, so a wide enough integer holds any sum of them without error. Nans
/// and infinities are kept beside it, as CPython's fsum keeps them.
///
/// Construction touches a few words only; state is fixed-size and nothing is allocated.
class superaccumulator {
  public:
    superaccumulator() noexcept = default;

    // Parts of the state are left uninitialised until used, which copying would read.
    superaccumulator(const superaccumulator &) = delete;
    superaccumulator &operator=(const superaccumulator &) = delete;

    /// Adds one double exactly: any finite value, a nan or an infinity.
    void add(double value) noexcept;

    /// Adds mantissa * 2**(position - 1074) exactly, for |mantissa| < 2**62 and position in
    /// [0, 2045].
    void add_scaled(std::int64_t mantissa, int position) noexcept;

    /// Adds everything `other` holds. `other` keeps its value; only its internal form is tidied.
    void add(superaccumulator &other) noexcept;

    /// The sum rounded once to nearest, ties to even, with fsum's outcome for nans, infinities
    /// and overflow. Adding may continue afterwards.
    float_sum_result result() noexcept;

  private:
    static constexpr int chunk_count = 68;
    static constexpr int growth_between_normalizations = 1 << 30;

    void make_live(int low, int high) noexcept;
    void normalize() noexcept;

    // The exact finite sum is the sum over live i of chunks_[i] * 2**(32 * i - 1074). Only the
    // chunks in [low_chunk_, high_chunk_] are live: the others are zeroed when first reached, so
    // that a fresh accumulator costs nothing to clear.
    std::array<std::int64_t, chunk_count> chunks_;
    int low_chunk_ = chunk_count;
    int high_chunk_ = -1;
    int growth_until_normalize_ = growth_between_normalizations;

    // Nan and infinite summands, kept as CPython keeps them.
    double special_sum_ = 0.0;
    bool saw_plus_inf_ = false;
    bool saw_minus_inf_ = false;
};

} // namespace pyhost::core
