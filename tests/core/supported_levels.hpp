#pragma once

#include "core/simd_level.hpp"

#include <vector>

namespace pyhost::core::testing {

// The SIMD levels that this machine runs, each of which a sum must be checked at.
std::vector<simd_level> supported_levels();

} // namespace pyhost::core::testing
