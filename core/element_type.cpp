#include "core/element_type.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace pyhost::core {

namespace {

constexpr bool native_big_endian = std::endian::native == std::endian::big;

// IEEE 754 half precision (struct's 'e'), which C++20 has no type for.
struct half {
    std::uint16_t bits;
};

// A half's value, exactly: every half is a double.
double to_double(half value) {
    const bool negative = (value.bits >> 15) != 0;
    const int exponent = (value.bits >> 10) & 0x1f;
    const int fraction = value.bits & 0x3ff;
    double magnitude = 0;
    if (exponent == 0) {
        magnitude = std::ldexp(fraction, -24); // zero or subnormal
    } else if (exponent == 0x1f) {
        magnitude = fraction == 0 ? std::numeric_limits<double>::infinity()
                                  : std::numeric_limits<double>::quiet_NaN();
    } else {
        magnitude = std::ldexp(fraction + 0x400, exponent - 25);
    }
    return negative ? -magnitude : magnitude;
}

// One element, as the number it holds: its bytes copied out, as it need not be aligned, and
// reversed when its byte order is not the machine's.
template <class T>
T load(const char *element, bool swap) {
    using bytes_of = std::conditional_t<std::is_same_v<T, half>, std::uint16_t, T>;
    std::array<char, sizeof(bytes_of)> bytes;
    std::memcpy(bytes.data(), element, sizeof bytes);
    if (swap) {
        std::reverse(bytes.begin(), bytes.end());
    }
    if constexpr (std::is_same_v<T, half>) {
        return half{std::bit_cast<std::uint16_t>(bytes)};
    } else {
        return std::bit_cast<T>(bytes);
    }
}

// Calls visit(T{}) with the C++ type that holds one element of `type`. This is the one place that
// maps element types to C++ types.
template <class Visitor>
void visit(const element_type &type, Visitor &&visit) {
    using kind = element_kind;
    switch (type.kind) {
    case kind::boolean:
        return visit(bool{});
    case kind::floating:
        switch (type.size) {
        case 2:
            return visit(half{});
        case 4:
            return visit(float{});
        case 8:
            return visit(double{});
        default:
            return visit(0.0L);
        }
    case kind::signed_int:
        switch (type.size) {
        case 1:
            return visit(std::int8_t{});
        case 2:
            return visit(std::int16_t{});
        case 4:
            return visit(std::int32_t{});
        default:
            return visit(std::int64_t{});
        }
    case kind::unsigned_int:
        switch (type.size) {
        case 1:
            return visit(std::uint8_t{});
        case 2:
            return visit(std::uint16_t{});
        case 4:
            return visit(std::uint32_t{});
        default:
            return visit(std::uint64_t{});
        }
    }
}

} // namespace

bool element_type::kernels_read() const noexcept {
    if (big_endian != native_big_endian) {
        return false;
    }
    switch (kind) {
    case element_kind::signed_int:
    case element_kind::unsigned_int:
        return true;
    case element_kind::floating:
        return size == 4 || size == 8;
    case element_kind::boolean:
        return false;
    }
    return false;
}

std::optional<element_type> decode_element_type(std::string_view format, std::size_t size) {
    bool big_endian = native_big_endian;
    if (!format.empty() &&
        std::string_view("@=<>!").find(format.front()) != std::string_view::npos) {
        if (format.front() == '<') {
            big_endian = false;
        } else if (format.front() == '>' || format.front() == '!') {
            big_endian = true;
        }
        format.remove_prefix(1);
    }
    if (format.size() != 1) {
        return std::nullopt;
    }
    const char code = format.front();
    const bool integer_size = size == 1 || size == 2 || size == 4 || size == 8;
    using kind = element_kind;
    if (std::string_view("bhilqn").find(code) != std::string_view::npos && integer_size) {
        return element_type{kind::signed_int, size, big_endian};
    }
    if (std::string_view("BHILQN").find(code) != std::string_view::npos && integer_size) {
        return element_type{kind::unsigned_int, size, big_endian};
    }
    if (code == '?' && size == 1) {
        return element_type{kind::boolean, size, big_endian};
    }
    if ((code == 'e' && size == 2) || (code == 'f' && size == 4) || (code == 'd' && size == 8) ||
        (code == 'g' && size == sizeof(long double))) {
        return element_type{kind::floating, size, big_endian};
    }
    return std::nullopt;
}

void add_elements(element_sums sums, const element_type &type, const char *first, std::size_t count,
                  std::ptrdiff_t stride) noexcept {
    const bool kernels = type.kernels_read();
    const bool swap = type.big_endian != native_big_endian;
    visit(type, [&]<class T>(T /*type*/) {
        constexpr bool is_float = std::is_floating_point_v<T> || std::is_same_v<T, half>;
        if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
            if (kernels) {
                return sums.floats->add_strided<T>(first, count, stride);
            }
        } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
            if (kernels) {
                return sums.integers.add_strided<T>(first, count, stride);
            }
        }
        for (std::size_t i = 0; i < count; ++i) {
            const char *element = first + static_cast<std::ptrdiff_t>(i) * stride;
            if constexpr (std::is_same_v<T, bool>) {
                // Any non-zero byte is True, and True counts one, as tolist() and sum() see it.
                sums.integers.add(static_cast<unsigned>(*element != 0));
            } else if constexpr (std::is_same_v<T, half>) {
                sums.floats->add(to_double(load<half>(element, swap)));
            } else if constexpr (is_float) {
                sums.floats->add(static_cast<double>(load<T>(element, swap)));
            } else {
                sums.integers.add(load<T>(element, swap));
            }
        }
    });
}

} // namespace pyhost::core
