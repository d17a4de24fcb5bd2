#pragma once

#include "core/simd_level.hpp"

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

namespace pyhost::core {

namespace detail {
// The largest and smallest nonzero magnitudes in a block of doubles (the smallest is zero when
// all are), and whether it holds a nan.
struct magnitude_range {
    double largest;
    double smallest;
    bool nan;
};
} // namespace detail

/// How a float sum ended: `math.fsum` raises where this says an error.
enum class float_sum_status {
    /// `value` is the sum: the finite exact sum rounded once, or the nan or infinity that was
    /// among the summands.
    ok,
    /// Both infinities were among the summands: fsum raises ValueError("-inf + inf in fsum").
    inf_minus_inf,
    /// The exact sum is finite but rounds past the largest double (`value` is that infinity):
    /// fsum raises OverflowError("intermediate overflow in fsum").
    overflow,
};

struct float_sum_result {
    double value;
    float_sum_status status;
};

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
    static constexpr int chunk_count = 68;

    void flush_pending() noexcept;
    void add_block(const double *values, std::size_t count) noexcept;
    void add_scanned_block(const double *values, std::size_t count,
                           detail::magnitude_range range) noexcept;
    void add_levels(std::uint64_t first, std::uint64_t second, int k1, int k2,
                    std::size_t count) noexcept;
    void add_one_exactly(double value) noexcept;
    void add_scaled(std::int64_t mantissa, int position) noexcept;
    void make_live(int low, int high) noexcept;
    void normalize() noexcept;

    // The exact finite sum is the sum over live i of chunks_[i] * 2**(32 * i - 1074). Only the
    // chunks in [low_chunk_, high_chunk_] are live: the others are zeroed when first reached, so
    // that a fresh accumulator costs nothing to clear.
    std::array<std::int64_t, chunk_count> chunks_;
    int low_chunk_ = chunk_count;
    int high_chunk_ = -1;
    int growth_until_normalize_ = 1 << 30;

    // Nan and infinite summands, kept as CPython keeps them.
    double special_sum_ = 0.0;
    bool saw_plus_inf_ = false;
    bool saw_minus_inf_ = false;

    simd_level level_;
    std::size_t pending_count_ = 0;
    std::array<double, pending_length> pending_;
};

/// The correctly rounded sum of `values`, as `math.fsum(values)`.
float_sum_result fsum(std::span<const double> values) noexcept;

} // namespace pyhost::core
