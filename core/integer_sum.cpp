#include "core/integer_sum.hpp"

#include "core/simd_dispatch.hpp"

#include <cstring>
#include <limits>

namespace pyhost::core {

namespace {

using detail::int128;
__extension__ using uint128 = unsigned __int128;

// Elements are summed in groups of a fixed length: GCC's -O2 vectorises only loops whose trip
// count is a known multiple of the vector length, and 256 elements of 32 bits or fewer cannot
// overflow a 64-bit partial sum.
constexpr std::size_t group_length = 256;

template <class T>
[[gnu::always_inline]] inline int128 sum_group(const T *values) {
    if constexpr (sizeof(T) < 8) {
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < group_length; ++i) {
            sum += values[i];
        }
        return sum;
    } else {
        // 64-bit elements are split into 32-bit halves summed apart, using only masks and
        // logical shifts that every vector unit has (a 64-bit arithmetic shift came only with
        // AVX-512). Signed elements are first biased by 2**63 into unsigned ones.
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        for (std::size_t i = 0; i < group_length; ++i) {
            std::uint64_t value = static_cast<std::uint64_t>(values[i]);
            if constexpr (std::is_signed_v<T>) {
                value ^= std::uint64_t{1} << 63;
            }
            low += value & 0xffff'ffffU;
            high += value >> 32;
        }
        int128 sum = (int128{high} << 32) + low;
        if constexpr (std::is_signed_v<T>) {
            sum -= int128{group_length} << 63;
        }
        return sum;
    }
}

template <class T>
[[gnu::always_inline]] inline int128 sum_contiguous(const T *values, std::size_t count) {
    int128 sum = 0;
    std::size_t i = 0;
    for (; i + group_length <= count; i += group_length) {
        sum += sum_group(values + i);
    }
    for (; i < count; ++i) {
        sum += values[i];
    }
    return sum;
}

template <class T>
struct sum_contiguous_kernel {
    static int128 baseline(const T *values, std::size_t count) {
        return sum_contiguous(values, count);
    }
#if defined(__x86_64__)
    [[gnu::target("avx2")]] static int128 avx2(const T *values, std::size_t count) {
        return sum_contiguous(values, count);
    }
    [[gnu::target("avx512f,avx512bw")]] static int128 avx512(const T *values, std::size_t count) {
        return sum_contiguous(values, count);
    }
#endif
};

} // namespace

template <summable_integer T>
void integer_sum::add(std::span<const T> values) noexcept {
    total_ += simd_dispatch<sum_contiguous_kernel<T>>(level_, values.data(), values.size());
}

template <summable_integer T>
void integer_sum::add_strided(const void *first, std::size_t count,
                              std::ptrdiff_t byte_stride) noexcept {
    const auto *bytes = static_cast<const unsigned char *>(first);
    if (byte_stride == static_cast<std::ptrdiff_t>(sizeof(T)) &&
        reinterpret_cast<std::uintptr_t>(first) % alignof(T) == 0) {
        add(std::span<const T>{static_cast<const T *>(first), count});
        return;
    }
    int128 sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        T value;
        std::memcpy(&value, bytes + static_cast<std::ptrdiff_t>(i) * byte_stride, sizeof value);
        sum += value;
    }
    total_ += sum;
}

std::array<std::uint64_t, 2> integer_sum::magnitude() const noexcept {
    // Negating in unsigned arithmetic keeps -2**127 representable.
    const uint128 bits = static_cast<uint128>(total_);
    const uint128 absolute = total_ < 0 ? -bits : bits;
    return {static_cast<std::uint64_t>(absolute), static_cast<std::uint64_t>(absolute >> 64)};
}

std::array<std::uint8_t, 16> integer_sum::to_bytes() const noexcept {
    const uint128 bits = static_cast<uint128>(total_);
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        bytes[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    }
    return bytes;
}

std::optional<std::int64_t> integer_sum::to_int64() const noexcept {
    if (total_ < std::numeric_limits<std::int64_t>::min() ||
        total_ > std::numeric_limits<std::int64_t>::max()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(total_);
}

template void integer_sum::add(std::span<const std::int8_t>) noexcept;
template void integer_sum::add(std::span<const std::int16_t>) noexcept;
template void integer_sum::add(std::span<const std::int32_t>) noexcept;
template void integer_sum::add(std::span<const std::int64_t>) noexcept;
template void integer_sum::add(std::span<const std::uint8_t>) noexcept;
template void integer_sum::add(std::span<const std::uint16_t>) noexcept;
template void integer_sum::add(std::span<const std::uint32_t>) noexcept;
template void integer_sum::add(std::span<const std::uint64_t>) noexcept;
template void integer_sum::add_strided<std::int8_t>(const void *, std::size_t,
                                                    std::ptrdiff_t) noexcept;
template void integer_sum::add_strided<std::int16_t>(const void *, std::size_t,
                                                     std::ptrdiff_t) noexcept;
template void integer_sum::add_strided<std::int32_t>(const void *, std::size_t,
                                                     std::ptrdiff_t) noexcept;
template void integer_sum::add_strided<std::int64_t>(const void *, std::size_t,
                                                     std::ptrdiff_t) noexcept;
template void integer_sum::add_strided<std::uint8_t>(const void *, std::size_t,
                                                     std::ptrdiff_t) noexcept;
template void integer_sum::add_strided<std::uint16_t>(const void *, std::size_t,
                                                      std::ptrdiff_t) noexcept;
template void integer_sum::add_strided<std::uint32_t>(const void *, std::size_t,
                                                      std::ptrdiff_t) noexcept;
template void integer_sum::add_strided<std::uint64_t>(const void *, std::size_t,
                                                      std::ptrdiff_t) noexcept;

} // namespace pyhost::core
