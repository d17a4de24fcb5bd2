#include "tests/core/supported_levels.hpp"

namespace pyhost::core::testing {

std::vector<simd_level> supported_levels() {
    std::vector<simd_level> levels;
    for (const auto level : {simd_level::baseline, simd_level::avx2, simd_level::avx512}) {
        if (simd_level_supported(level)) {
            levels.push_back(level);
        }
    }
    return levels;
}

} // namespace pyhost::core::testing
