#pragma once

#include "core/float_sum_result.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace pyhost::core::testing {

// The exact sum as a 2560-bit two's-complement multiple of 2**-1074 in 64-bit limbs, with
// carries propagated on every addition and rounding done bit by bit: slow and plain, sharing
// nothing with the implementation.
class exact_reference {
  public:
    void add(double x);

    // Adds mantissa * 2**(position - 1074), for any mantissa and a position in [0, 2400].
    void add_scaled(std::int64_t mantissa, int position);

    float_sum_result result() const;

  private:
    void add_shifted(std::uint64_t magnitude, int shift, bool negative);

    std::array<std::uint64_t, 40> limbs_{};
    bool nan_ = false;
    bool plus_inf_ = false;
    bool minus_inf_ = false;
};

float_sum_result exact_sum(std::span<const double> values);

} // namespace pyhost::core::testing
