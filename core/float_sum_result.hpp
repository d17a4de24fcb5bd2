#pragma once

namespace pyhost::core {

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

} // namespace pyhost::core
