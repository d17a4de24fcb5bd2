#include "core/float_kernels.hpp"

#include "core/simd_dispatch.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#ifdef __FAST_MATH__
#error "float_kernels relies on IEEE addition; (x + s) - s must not be simplified to x"
#endif

// The two kernels behind float_sum, written once over GCC's vector extensions.
//
// Each kernel is a template over a set of vector types, and each instruction set gets one copy
// of it, compiled with its target attribute (core/simd_dispatch.hpp chooses the copy). The
// kernels pass no vectors as arguments: a vector parameter outside the copies would change the
// ABI with the target. Everything is therefore inlined into the one function per instruction
// set. Each loop step reads whole vectors, two at a time where the dependency chains allow.
//
// Notes:
// 1. The magnitude scan compares bit patterns where 64-bit integer comparisons are native (fast
//    with AVX2). In that order a nan comes above infinity, so no nan check is needed.
// 2. SSE2 has no 64-bit integer comparison, so its scan compares doubles instead. Comparisons
//    with a nan are false, which hides nans; they are looked for apart.
// 3. The level extraction is t = fl(x + sigma), q = t - sigma, r = x - q, twice. The comment at
//    the top of float_sum.cpp shows why each step is exact and why the bits of t sum to q / u.

namespace pyhost::core {

namespace {

constexpr std::uint64_t infinity_bits = 0x7ffULL << 52;

struct sse2_vectors {
    using f64 = double __attribute__((vector_size(16)));
    using u64 = std::uint64_t __attribute__((vector_size(16)));
    using i64 = std::int64_t __attribute__((vector_size(16)));
    using u32 = std::uint32_t __attribute__((vector_size(16)));
    static constexpr bool compare_bits = false;
};
struct avx2_vectors {
    using f64 = double __attribute__((vector_size(32)));
    using u64 = std::uint64_t __attribute__((vector_size(32)));
    using i64 = std::int64_t __attribute__((vector_size(32)));
    static constexpr bool compare_bits = true;
};
struct avx512_vectors {
    using f64 = double __attribute__((vector_size(64)));
    using u64 = std::uint64_t __attribute__((vector_size(64)));
    using i64 = std::int64_t __attribute__((vector_size(64)));
    static constexpr bool compare_bits = true;
};

// Accumulates the largest and smallest magnitudes of pairs of vectors.
template <class V, bool compare_bits = V::compare_bits>
struct magnitude_scanner;

template <class V>
struct magnitude_scanner<V, true> {
    using i64 = typename V::i64;
    using u64 = typename V::u64;
    static constexpr std::size_t lanes = sizeof(i64) / sizeof(double);
    static constexpr std::int64_t magnitude_mask = std::numeric_limits<std::int64_t>::max();

    [[gnu::always_inline]] void step(const double *values) {
        i64 x0;
        i64 x1;
        std::memcpy(&x0, values, sizeof x0);
        std::memcpy(&x1, values + lanes, sizeof x1);
        x0 &= magnitude_mask;
        x1 &= magnitude_mask;
        largest0 = x0 > largest0 ? x0 : largest0;
        largest1 = x1 > largest1 ? x1 : largest1;
        // Zeros leave nothing over, so the smallest magnitude that counts is the smallest
        // nonzero one: less one, a zero's bits wrap to the largest unsigned value.
        const u64 less_one0 = __builtin_bit_cast(u64, x0) - 1;
        const u64 less_one1 = __builtin_bit_cast(u64, x1) - 1;
        smallest0 = less_one0 < smallest0 ? less_one0 : smallest0;
        smallest1 = less_one1 < smallest1 ? less_one1 : smallest1;
    }

    [[gnu::always_inline]] magnitude_range result() const {
        std::int64_t largest = 0;
        std::uint64_t smallest_less_one = ~std::uint64_t{0};
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            largest = std::max({largest, largest0[lane], largest1[lane]});
            smallest_less_one = std::min({smallest_less_one, smallest0[lane], smallest1[lane]});
        }
        // All zeros give a smallest of zero.
        return {std::bit_cast<double>(largest), std::bit_cast<double>(smallest_less_one + 1),
                static_cast<std::uint64_t>(largest) > infinity_bits};
    }

    i64 largest0{};
    i64 largest1{};
    u64 smallest0 = ~u64{};
    u64 smallest1 = ~u64{};
};

template <class V>
struct magnitude_scanner<V, false> {
    using f64 = typename V::f64;
    using i64 = typename V::i64;
    using u32 = typename V::u32;
    static constexpr std::size_t lanes = sizeof(f64) / sizeof(double);
    static constexpr std::int64_t magnitude_mask = std::numeric_limits<std::int64_t>::max();
    static constexpr double infinity = std::numeric_limits<double>::infinity();

    [[gnu::always_inline]] void step(const double *values) {
        f64 x0;
        f64 x1;
        std::memcpy(&x0, values, sizeof x0);
        std::memcpy(&x1, values + lanes, sizeof x1);
        x0 = __builtin_bit_cast(f64, __builtin_bit_cast(i64, x0) & magnitude_mask);
        x1 = __builtin_bit_cast(f64, __builtin_bit_cast(i64, x1) & magnitude_mask);
        // Comparisons with a nan are false, so the largest and smallest skip nans, and the
        // smallest skips zeros, which leave nothing over.
        largest0 = x0 > largest0 ? x0 : largest0;
        largest1 = x1 > largest1 ? x1 : largest1;
        const f64 infinities = f64{} + infinity;
        const f64 nonzero0 = x0 == 0 ? infinities : x0;
        const f64 nonzero1 = x1 == 0 ? infinities : x1;
        smallest0 = nonzero0 < smallest0 ? nonzero0 : smallest0;
        smallest1 = nonzero1 < smallest1 ? nonzero1 : smallest1;
        // As 32-bit lanes: GCC 12 turns ORs of 64-bit masks into scalar code without SSE4.1.
        nan |= __builtin_bit_cast(u32, x0 != x0) | __builtin_bit_cast(u32, x1 != x1);
    }

    [[gnu::always_inline]] magnitude_range result() const {
        magnitude_range range{0.0, infinity, false};
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            range.largest = std::max({range.largest, largest0[lane], largest1[lane]});
            range.smallest = std::min({range.smallest, smallest0[lane], smallest1[lane]});
        }
        for (std::size_t lane = 0; lane < 2 * lanes; ++lane) {
            range.nan = range.nan || nan[lane] != 0;
        }
        return range;
    }

    f64 largest0{};
    f64 largest1{};
    f64 smallest0 = f64{} + infinity;
    f64 smallest1 = f64{} + infinity;
    u32 nan{};
};

// Takes two levels from one vector at a time (note 3).
template <class V, extraction mode>
struct level_extractor {
    using f64 = typename V::f64;
    using u64 = typename V::u64;
    static constexpr std::size_t lanes = sizeof(f64) / sizeof(double);

    [[gnu::always_inline]] void step(const double *values, double *remainders) {
        f64 x;
        std::memcpy(&x, values, sizeof x);
        const f64 t1 = x + sigma1;
        first += __builtin_bit_cast(u64, t1);
        const f64 r1 = x - (t1 - sigma1);
        const f64 t2 = r1 + sigma2;
        second += __builtin_bit_cast(u64, t2);
        if constexpr (mode == extraction::with_remainders) {
            const f64 r2 = r1 - (t2 - sigma2);
            remainder_bits |= __builtin_bit_cast(u64, r2);
            std::memcpy(remainders, &r2, sizeof r2);
        }
    }

    [[gnu::always_inline]] level_sums result() const {
        level_sums sums{0, 0, 0};
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            sums.first += first[lane];
            sums.second += second[lane];
            sums.remainder_bits |= remainder_bits[lane];
        }
        return sums;
    }

    double sigma1;
    double sigma2;
    u64 first{};
    u64 second{};
    u64 remainder_bits{};
};

template <class V>
[[gnu::always_inline]] inline magnitude_range magnitudes_of(const double *values,
                                                            std::size_t count) {
    magnitude_scanner<V> scanner;
    for (std::size_t i = 0; i < count; i += 2 * scanner.lanes) {
        scanner.step(values + i);
    }
    return scanner.result();
}

template <class V, extraction mode>
[[gnu::always_inline]] inline level_sums levels_of(const double *values, std::size_t count,
                                                   double sigma1, double sigma2,
                                                   double *remainders) {
    level_extractor<V, mode> extractor{sigma1, sigma2};
    for (std::size_t i = 0; i < count; i += extractor.lanes) {
        extractor.step(values + i, mode == extraction::with_remainders ? remainders + i : nullptr);
    }
    return extractor.result();
}

template <class V>
[[gnu::always_inline]] inline level_sums levels_of(extraction mode, const double *values,
                                                   std::size_t count, double sigma1, double sigma2,
                                                   double *remainders) {
    if (mode == extraction::two_levels) {
        return levels_of<V, extraction::two_levels>(values, count, sigma1, sigma2, nullptr);
    }
    return levels_of<V, extraction::with_remainders>(values, count, sigma1, sigma2, remainders);
}

struct scan_magnitudes_kernel {
    static magnitude_range baseline(const double *values, std::size_t count) {
        return magnitudes_of<sse2_vectors>(values, count);
    }
#if defined(__x86_64__)
    [[gnu::target("avx2")]] static magnitude_range avx2(const double *values, std::size_t count) {
        return magnitudes_of<avx2_vectors>(values, count);
    }
    [[gnu::target("avx512f")]] static magnitude_range avx512(const double *values,
                                                             std::size_t count) {
        return magnitudes_of<avx512_vectors>(values, count);
    }
#endif
};

struct extract_levels_kernel {
    static level_sums baseline(extraction mode, const double *values, std::size_t count,
                               double sigma1, double sigma2, double *remainders) {
        return levels_of<sse2_vectors>(mode, values, count, sigma1, sigma2, remainders);
    }
#if defined(__x86_64__)
    [[gnu::target("avx2")]] static level_sums avx2(extraction mode, const double *values,
                                                   std::size_t count, double sigma1, double sigma2,
                                                   double *remainders) {
        return levels_of<avx2_vectors>(mode, values, count, sigma1, sigma2, remainders);
    }
    [[gnu::target("avx512f")]] static level_sums avx512(extraction mode, const double *values,
                                                        std::size_t count, double sigma1,
                                                        double sigma2, double *remainders) {
        return levels_of<avx512_vectors>(mode, values, count, sigma1, sigma2, remainders);
    }
#endif
};

} // namespace

magnitude_range scan_magnitudes(simd_level level, const double *values,
                                std::size_t count) noexcept {
    return simd_dispatch<scan_magnitudes_kernel>(level, values, count);
}

level_sums extract_levels(simd_level level, extraction mode, const double *values,
                          std::size_t count, double sigma1, double sigma2,
                          double *remainders) noexcept {
    return simd_dispatch<extract_levels_kernel>(level, mode, values, count, sigma1, sigma2,
                                                remainders);
}

} // namespace pyhost::core
