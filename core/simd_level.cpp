#include "core/simd_level.hpp"

namespace pyhost::core {

namespace {

simd_level detect() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    // libgcc's and compiler-rt's checks include the operating system's consent (XGETBV), so a
    // kernel that hides the wide registers from us is not mistaken for a capable CPU.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") != 0) {
        return simd_level::avx512;
    }
    if (__builtin_cpu_supports("avx2") != 0) {
        return simd_level::avx2;
    }
#endif
    return simd_level::baseline;
}

} // namespace

simd_level best_simd_level() noexcept {
    static const simd_level best = detect();
    return best;
}

bool simd_level_supported(simd_level level) noexcept {
    return static_cast<int>(level) <= static_cast<int>(best_simd_level());
}

} // namespace pyhost::core
