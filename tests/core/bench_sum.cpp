// Nanoseconds per element for the exact sums beside a naive loop in the same run. Not a test,
// and not built by CMake: build it optimised against the library and run it by hand, e.g.
//   cmake --preset release && cmake --build build/release --target pyhost_core
//   g++ -std=c++20 -O2 -I. tests/core/bench_sum.cpp build/release/core/libpyhost_core.a -o b
//   ./b
// An argument scales the sizes (0.1 for a quick run).

#include "core/float_sum.hpp"
#include "core/integer_sum.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <span>
#include <string>
#include <vector>

using pyhost::core::float_sum;
using pyhost::core::integer_sum;
using pyhost::core::simd_level;

namespace {

// Stores results where the optimiser must assume they are read.
volatile double double_sink = 0.0;
volatile std::int64_t integer_sink = 0;

// The best of several runs: the machine is shared and the first run pays for page faults.
template <class F>
double nanoseconds_per_element(std::size_t elements, int repeats, F &&run) {
    double best = 1e300;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        const auto stop = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::nano>(stop - start).count());
    }
    return best / static_cast<double>(elements);
}

void report(const char *what, double ns_per_element, std::size_t elements) {
    std::printf("%-58s %7.3f ns/element  %8.3f ms per %zu\n", what, ns_per_element,
                ns_per_element * static_cast<double>(elements) * 1e-6, elements);
}

const char *level_name(simd_level level) {
    switch (level) {
    case simd_level::avx512:
        return "avx512";
    case simd_level::avx2:
        return "avx2";
    case simd_level::baseline:
        break;
    }
    return "baseline";
}

void bench_doubles(const char *label, const std::vector<double> &values, int repeats) {
    const std::size_t n = values.size();
    std::printf("-- doubles: %s\n", label);
    report("naive for-loop sum",
           nanoseconds_per_element(n, repeats,
                                   [&] {
                                       double sum = 0.0;
                                       for (const double value : values) {
                                           sum += value;
                                       }
                                       double_sink = sum;
                                   }),
           n);
    for (int level = 0; level <= static_cast<int>(pyhost::core::best_simd_level()); ++level) {
        const auto simd = static_cast<simd_level>(level);
        const std::string array = std::string{"float_sum add(array), "} + level_name(simd);
        report(array.c_str(),
               nanoseconds_per_element(n, repeats,
                                       [&] {
                                           float_sum sum{simd};
                                           sum.add(std::span<const double>{values});
                                           double_sink = sum.result().value;
                                       }),
               n);
        const std::string one =
            std::string{"float_sum add(double) one by one, "} + level_name(simd);
        report(one.c_str(),
               nanoseconds_per_element(n, repeats,
                                       [&] {
                                           float_sum sum{simd};
                                           for (const double value : values) {
                                               sum.add(value);
                                           }
                                           double_sink = sum.result().value;
                                       }),
               n);
    }
}

template <class T>
void bench_integers(const char *label, const std::vector<T> &values, int repeats) {
    const std::size_t n = values.size();
    std::printf("-- integers: %s\n", label);
    report("naive for-loop sum into int64 (may wrap)",
           nanoseconds_per_element(n, repeats,
                                   [&] {
                                       std::int64_t sum = 0;
                                       for (const T value : values) {
                                           sum = static_cast<std::int64_t>(
                                               static_cast<std::uint64_t>(sum) +
                                               static_cast<std::uint64_t>(value));
                                       }
                                       integer_sink = sum;
                                   }),
           n);
    report("integer_sum add(array)",
           nanoseconds_per_element(n, repeats,
                                   [&] {
                                       integer_sum sum;
                                       sum.add(std::span<const T>{values});
                                       integer_sink = static_cast<std::int64_t>(sum.magnitude()[0]);
                                   }),
           n);
    report("integer_sum add(value) one by one",
           nanoseconds_per_element(n, repeats,
                                   [&] {
                                       integer_sum sum;
                                       for (const T value : values) {
                                           sum.add(value);
                                       }
                                       integer_sink = static_cast<std::int64_t>(sum.magnitude()[0]);
                                   }),
           n);
}

} // namespace

int main(int argc, char **argv) {
    const double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
    const auto large = static_cast<std::size_t>(1e7 * scale);
    const auto list_like = static_cast<std::size_t>(1e6 * scale);
    std::mt19937_64 random{12345};
    std::uniform_real_distribution<double> unit{0.0, 1.0};
    std::normal_distribution<double> normal{0.0, 1.0};

    std::vector<double> uniform(large);
    for (double &value : uniform) {
        value = unit(random);
    }
    bench_doubles("uniform in [0, 1)", uniform, 7);
    std::vector<double> signed_normal(list_like);
    for (double &value : signed_normal) {
        value = normal(random);
    }
    bench_doubles("normal, a Python list's worth", signed_normal, 15);
    std::vector<double> wide(list_like);
    for (double &value : wide) {
        value = std::ldexp(normal(random), static_cast<int>(random() % 400) - 200);
    }
    bench_doubles("spanning 2**-200 to 2**200", wide, 7);
    std::vector<double> huge(list_like);
    for (double &value : huge) {
        value = 1e307 * normal(random);
    }
    bench_doubles("near DBL_MAX (the scalar path)", huge, 5);

    std::printf("-- a call on a 3-element list\n");
    const std::size_t calls = 1'000'000;
    report("construct float_sum, add 3 doubles, result",
           nanoseconds_per_element(calls, 5,
                                   [&] {
                                       for (std::size_t i = 0; i < calls; ++i) {
                                           float_sum sum;
                                           sum.add(uniform[i]);
                                           sum.add(uniform[i + 1]);
                                           sum.add(-uniform[i + 2]);
                                           double_sink = sum.result().value;
                                       }
                                   }),
           calls);

    std::vector<float> floats(large);
    for (float &value : floats) {
        value = static_cast<float>(unit(random));
    }
    std::printf("-- floats: uniform in [0, 1)\n");
    report("float_sum add(float array)",
           nanoseconds_per_element(large, 7,
                                   [&] {
                                       float_sum sum;
                                       sum.add(std::span<const float>{floats});
                                       double_sink = sum.result().value;
                                   }),
           large);

    std::vector<std::int64_t> int64s(large);
    for (std::int64_t &value : int64s) {
        value = static_cast<std::int64_t>(random());
    }
    bench_integers("int64 over the whole range", int64s, 7);
    std::vector<std::int32_t> int32s(large);
    for (std::int32_t &value : int32s) {
        value = static_cast<std::int32_t>(random());
    }
    bench_integers("int32", int32s, 7);
    std::vector<std::uint8_t> uint8s(large);
    for (std::uint8_t &value : uint8s) {
        value = static_cast<std::uint8_t>(random());
    }
    bench_integers("uint8", uint8s, 7);
}
