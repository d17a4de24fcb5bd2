#pragma once

#include "core/float_sum_result.hpp"
#include "core/simd_level.hpp"
#include "core/superaccumulator.hpp"

#include <array>
#include <concepts>
#include <cstddef>
#include <span>

namespace pyhost::core {

/// The exact sum of doubles, rounded once to nearest with ties to even: the value CPython's
/// `math.fsum` returns, bit for bit, for the same summands in any order.
///
/// Where fsum gives up on an intermediate overflow but the exact sum is finite (say
/// [1e308, 1e308, -1e308]), this returns the rounded exact sum instead. Nan and infinite
/// summands decide the outcome as in fsum, though fsum stops at the first intermediate overflow
/// before it sees them. The default rounding mode is assumed.
///
/// Single values, contiguous arrays and strided arrays may be added in any interleaving.
/// Construction touches a few words only; state is fixed-size and nothing is allocated.
class float_sum {
  public:
    explicit float_sum(simd_level level = best_simd_level()) noexcept : level_{level} {}

    // Parts of the state are left uninitialised until used, which copying would read.
    float_sum(const float_sum &) = delete;
    float_sum &operator=(const float_sum &) = delete;

    /// Adds one value; values are buffered and summed a block at a time.
    void add(double value) noexcept {
        pending_[pending_count_] = value;
        if (++pending_count_ == pending_length) {
            flush_pending();
        }
    }

    void add(std::span<const double> values) noexcept;

    /// Adds floats, each widened exactly to double first.
    void add(std::span<const float> values) noexcept;

    /// Adds `count` elements of type T (float or double) found `byte_stride` bytes apart, from
    /// `first` on. The stride may be negative or zero, and the elements need not be aligned.
    template <class T>
    requires std::same_as<T, float> || std::same_as<T, double>
    void add_strided(const void *first, std::size_t count, std::ptrdiff_t byte_stride) noexcept;

    /// Adds everything `other` has summed, exactly: sums of parts made apart (on other threads,
    /// say) join as one. `other` keeps its value; only its internal form is tidied.
    void add(float_sum &other) noexcept;

    /// The sum of everything added so far. Adding may continue afterwards.
    float_sum_result result() noexcept;

  private:
    // Single values wait here to be summed as a block.
    static constexpr std::size_t pending_length = 256;

    void flush_pending() noexcept;
    void add_block(const double *values, std::size_t count) noexcept;

    // level_ and pending_count_ fill the accumulator's tail padding, so that float_sum keeps
    // the layout it had when the accumulator's fields were its own.
    [[no_unique_address]] superaccumulator exact_;
    simd_level level_;
    std::size_t pending_count_ = 0;
    std::array<double, pending_length> pending_;
};

/// The correctly rounded sum of `values`, as `math.fsum(values)`.
float_sum_result fsum(std::span<const double> values) noexcept;

} // namespace pyhost::core
