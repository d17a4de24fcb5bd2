#pragma once

// Plain C++: no Python here, so that the check happens before any text reaches CPython.

#include <cstddef>
#include <optional>
#include <string_view>

namespace pyhost::detail {

/// Where text stops being UTF-8, in the terms of Python's UnicodeDecodeError: the bytes
/// [start, end) that cannot be decoded, and why.
struct utf8_error {
    std::size_t start = 0;
    std::size_t end = 0;
    const char *reason = "";
};

/// The first place where `text` is not UTF-8 as Python decodes it strictly (no surrogates, no
/// overlong forms, nothing above U+10FFFF), or nothing when all of it is.
std::optional<utf8_error> find_invalid_utf8(std::string_view text) noexcept;

} // namespace pyhost::detail
