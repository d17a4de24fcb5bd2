#pragma once

namespace pyhost::core {

/// The widest vector instructions the summation kernels may use. Kernels for every level are
/// compiled into every build and chosen at run time, so one binary runs on any x86-64.
enum class simd_level {
    baseline, ///< SSE2, which every x86-64 has.
    avx2,
    avx512, ///< AVX-512F.
};

/// The best level this CPU and operating system support, detected once.
simd_level best_simd_level() noexcept;

/// Whether `level` can run here: tests walk every supported level, not only the best.
bool simd_level_supported(simd_level level) noexcept;

} // namespace pyhost::core
