#pragma once

#include <cstdint>
#include <string>

namespace pyhost::core {

/// The decimal digits of `a + b`, exact for every pair of 64-bit operands (the sum may need 65
/// bits).
std::string sum_as_string(std::uint64_t a, std::uint64_t b);

} // namespace pyhost::core
