#pragma once

// The numeric element types of a buffer, decoded from the struct-module format that describes
// them (PEP 3118), and summed wherever they lie in memory. Plain C++: the module gives these the
// format string, the item size and the addresses of the elements, and this knows no Python.

#include "core/float_sum.hpp"
#include "core/integer_sum.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace pyhost::core {

enum class element_kind { signed_int, unsigned_int, boolean, floating };

/// A numeric element: its kind, its size in bytes, and its byte order.
struct element_type {
    element_kind kind;
    std::size_t size;
    bool big_endian;

    /// Whether the vector kernels read these elements. The others are read one at a time (the
    /// other byte order, half floats, long doubles and bools), which is slower.
    bool kernels_read() const noexcept;
};

/// The element type that a struct-module format and an item size describe: one code with an
/// optional byte-order prefix ('@', '=', '<', '>', '!'), and a size that fits the code. None for
/// what is not a number: objects, characters, complex numbers, structures, arrays of codes.
/// A missing format means unsigned bytes, as in a buffer without one.
std::optional<element_type> decode_element_type(std::string_view format, std::size_t size);

/// Where elements are summed. Floats go only where the elements are floats, so that a buffer of
/// ints keeps an exact int sum; `floats` may be null for the others.
struct element_sums {
    integer_sum &integers;
    float_sum *floats;
};

/// Adds `count` elements of `type`, `stride` bytes apart from `first` on. Each is the number that
/// Python's struct module unpacks from it; a bool is 1 for any non-zero byte, as sum() counts it.
void add_elements(element_sums sums, const element_type &type, const char *first, std::size_t count,
                  std::ptrdiff_t stride) noexcept;

} // namespace pyhost::core
