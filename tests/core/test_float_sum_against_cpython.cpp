#include "core/float_sum.hpp"

#include "tests/core/exact_reference.hpp"
#include "tests/core/float_sum_checks.hpp"
#include "tests/core/random_summands.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

using pyhost::core::float_sum_result;
using pyhost::core::float_sum_status;
using pyhost::core::testing::exact_sum;
using pyhost::core::testing::require_same;
using pyhost::core::testing::summands;

namespace {

enum class fsum_outcome { value, value_error, overflow_error };

struct cpython_fsum_result {
    double value;
    fsum_outcome outcome;
};

// math_fsum from CPython's Modules/mathmodule.c, Shewchuk's partials and all, for checking
// fsum's semantics; the implementation under test is a different algorithm.
cpython_fsum_result cpython_fsum(std::span<const double> values) {
    std::vector<double> partials;
    double special_sum = 0.0;
    double inf_sum = 0.0;
    for (const double xsave : values) {
        double x = xsave;
        std::size_t i = 0;
        for (std::size_t j = 0; j < partials.size(); ++j) {
            double y = partials[j];
            if (std::fabs(x) < std::fabs(y)) {
                std::swap(x, y);
            }
            const double hi = x + y;
            const double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[i++] = lo;
            }
            x = hi;
        }
        partials.resize(i);
        if (x != 0.0) {
            if (!std::isfinite(x)) {
                if (std::isfinite(xsave)) {
                    return {0.0, fsum_outcome::overflow_error};
                }
                if (std::isinf(xsave)) {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push_back(x);
            }
        }
    }
    if (special_sum != 0.0) {
        if (std::isnan(inf_sum)) {
            return {0.0, fsum_outcome::value_error};
        }
        return {special_sum, fsum_outcome::value};
    }
    double hi = 0.0;
    std::size_t n = partials.size();
    if (n > 0) {
        hi = partials[--n];
        double lo = 0.0;
        while (n > 0) {
            const double x = hi;
            const double y = partials[--n];
            hi = x + y;
            const double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            const double y = lo * 2.0;
            const double x = hi + y;
            const double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
    }
    return {hi, fsum_outcome::value};
}

} // namespace

TEST_CASE("results equal a port of CPython's fsum wherever it returns a value") {
    summands random{6};
    int compared = 0;
    for (std::size_t count = 0; count <= 300; ++count) {
        for (const auto &values : random.every_kind(count)) {
            const cpython_fsum_result expected = cpython_fsum(values);
            const float_sum_result got = pyhost::core::fsum(values);
            switch (expected.outcome) {
            case fsum_outcome::value:
                require_same(got, {expected.value, float_sum_status::ok});
                ++compared;
                break;
            case fsum_outcome::value_error:
                REQUIRE(got.status == float_sum_status::inf_minus_inf);
                break;
            case fsum_outcome::overflow_error:
                // fsum gave up; the exact reference decides instead.
                require_same(got, exact_sum(values));
                break;
            }
        }
    }
    CHECK(compared > 1000);
}
