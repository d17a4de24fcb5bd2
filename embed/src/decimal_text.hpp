#pragma once

// Plain C++: an int's decimal text made from its hexadecimal text. CPython 3.11 and later refuse
// str() of an int above 4300 digits (sys.set_int_max_str_digits), but never refuse hexadecimal,
// and the library's values keep ints of any size.

#include <string>
#include <string_view>

namespace pyhost::detail {

/// "-0x1f" -> "-31": the text of hex() or format(n, '#x'), sign and 0x prefix included.
std::string decimal_from_hex(std::string_view hex);

} // namespace pyhost::detail
