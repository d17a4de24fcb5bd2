#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace pyhost::core::testing {

// Random summands of several kinds, all drawn from one seeded generator.
class summands {
  public:
    explicit summands(std::uint64_t seed) : random_{seed} {}

    double uniform() { return std::uniform_real_distribution<double>{-1.0, 1.0}(random_); }

    double with_exponent_in(int low, int high) {
        const double fraction = uniform();
        return std::ldexp(fraction, std::uniform_int_distribution<int>{low, high}(random_));
    }

    // A random sign and all 53 bits of mantissa, in [2**exponent, 2**(exponent + 1)).
    double with_full_mantissa(int exponent) {
        const double mantissa = static_cast<double>((random_() >> 11) | (std::uint64_t{1} << 52));
        return std::ldexp(random_() % 2 == 0 ? mantissa : -mantissa, exponent - 52);
    }

    double subnormal() {
        const auto units = static_cast<double>(random_() >> 12);
        return std::ldexp(random_() % 2 == 0 ? units : -units, -1074);
    }

    double near_max() {
        return std::numeric_limits<double>::max() *
               std::uniform_real_distribution<double>{-1.0, 1.0}(random_);
    }

    // Integers too wide for a double's mantissa, whose sums round often and tie often.
    double wide_integer() {
        const auto bits = static_cast<std::int64_t>(random_());
        return static_cast<double>(bits >> (random_() % 64));
    }

    std::size_t below(std::size_t bound) { return random_() % bound; }

    // Values drawn by `draw`, then their negations and a few more, shuffled: the sum is small
    // and found only by cancelling everything else exactly.
    template <class F>
    std::vector<double> cancelling(std::size_t count, F draw) {
        std::vector<double> values;
        for (std::size_t i = 0; i < count / 2; ++i) {
            values.push_back(draw());
        }
        const std::size_t half = values.size();
        for (std::size_t i = 0; i < half; ++i) {
            values.push_back(-values[i]);
        }
        while (values.size() < count) {
            values.push_back(with_exponent_in(-1074, 0));
        }
        std::shuffle(values.begin(), values.end(), random_);
        return values;
    }

    template <class F>
    std::vector<double> drawn(std::size_t count, F draw) {
        std::vector<double> values(count);
        std::generate(values.begin(), values.end(), draw);
        return values;
    }

    // Every kind of data, of the given length.
    std::vector<std::vector<double>> every_kind(std::size_t count) {
        return {
            drawn(count, [this] { return uniform(); }),
            drawn(count, [this] { return with_exponent_in(-60, 60); }),
            drawn(count, [this] { return with_exponent_in(-1100, 1024); }),
            drawn(count, [this] { return subnormal(); }),
            drawn(count, [this] { return wide_integer(); }),
            cancelling(count, [this] { return with_exponent_in(-300, 300); }),
            cancelling(count, [this] { return near_max(); }),
            drawn(count,
                  [this] { return below(3) == 0 ? near_max() : with_exponent_in(-1074, 0); }),
        };
    }

  private:
    std::mt19937_64 random_;
};

} // namespace pyhost::core::testing
