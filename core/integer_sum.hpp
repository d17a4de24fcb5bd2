#pragma once

#include "core/simd_level.hpp"

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>

namespace pyhost::core {

namespace detail {
__extension__ using int128 = __int128;
} // namespace detail

/// The element types that `integer_sum` sums as arrays.
template <class T>
concept summable_integer = std::same_as<T, std::int8_t> || std::same_as<T, std::int16_t> ||
    std::same_as<T, std::int32_t> || std::same_as<T, std::int64_t> ||
    std::same_as<T, std::uint8_t> || std::same_as<T, std::uint16_t> ||
    std::same_as<T, std::uint32_t> || std::same_as<T, std::uint64_t>;

/// An exact sum of 64-bit integers of either signedness, held in 128-bit two's complement.
///
/// It absorbs 2**63 additions of any 64-bit value without overflowing (the extremes,
/// 2**63 * (2**64 - 1) and 2**63 * -2**63, both lie inside [-2**127, 2**127)). Whole arrays are
/// summed with vector instructions at memory speed.
class integer_sum {
  public:
    explicit integer_sum(simd_level level = best_simd_level()) noexcept : level_{level} {}

    /// Adds one integer of any width and signedness.
    template <std::integral T>
    void add(T value) noexcept {
        if constexpr (std::is_signed_v<T>) {
            total_ += static_cast<std::int64_t>(value);
        } else {
            total_ += static_cast<std::uint64_t>(value);
        }
    }

    /// Adds everything `other` has summed: sums of parts made apart join as one.
    void add(const integer_sum &other) noexcept { total_ += other.total_; }

    // The array members are compiled for exactly the eight summable types, in integer_sum.cpp.

    /// Adds every element of a contiguous array.
    template <summable_integer T>
    void add(std::span<const T> values) noexcept;

    /// Adds `count` elements of type T found `byte_stride` bytes apart, from `first` on.
    /// The stride may be negative or zero, and the elements need not be aligned.
    template <summable_integer T>
    void add_strided(const void *first, std::size_t count, std::ptrdiff_t byte_stride) noexcept;

    bool negative() const noexcept { return total_ < 0; }

    /// The absolute value as little-endian 64-bit words.
    std::array<std::uint64_t, 2> magnitude() const noexcept;

    /// The sum as 16 little-endian bytes of two's complement, the layout
    /// `_PyLong_FromByteArray(bytes, 16, little_endian=1, is_signed=1)` reads.
    std::array<std::uint8_t, 16> to_bytes() const noexcept;

    /// The sum when it fits in 64 signed bits, which is the common case.
    std::optional<std::int64_t> to_int64() const noexcept;

  private:
    detail::int128 total_ = 0;
    simd_level level_;
};

} // namespace pyhost::core
