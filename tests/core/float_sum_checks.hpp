#pragma once

#include "core/float_sum.hpp"
#include "tests/core/supported_levels.hpp"

#include <span>
#include <vector>

namespace pyhost::core::testing {

// Requires the same status and the same bits, any nan matching any nan.
void require_same(const float_sum_result &got, const float_sum_result &expected);

// Requires the exact reference's result at every supported level, whichever way the values
// reach the accumulator: one by one, as one array, or interleaved with strided runs.
void require_exact(std::span<const double> values);

// Requires the exact reference's result as require_exact does, and `expected` from fsum.
void require_fsum(std::span<const double> values, double expected);

} // namespace pyhost::core::testing
