#pragma once

#include "core/simd_level.hpp"

#include <utility>

namespace pyhost::core {

// A kernel is compiled once per instruction set, each copy with its own target attribute, and
// the copy for the CPU at hand is chosen at run time. Its copies are the static member
// functions of one class, all with the same signature: `baseline` everywhere, and `avx2` and
// `avx512` on x86-64 only. A switch chooses among them, so every call is direct.

/// Calls the copy of `Kernel` compiled for `level`.
template <class Kernel, class... Args>
[[gnu::always_inline]] inline auto simd_dispatch(simd_level level, Args &&...args) {
#if defined(__x86_64__)
    switch (level) {
    case simd_level::avx512:
        return Kernel::avx512(std::forward<Args>(args)...);
    case simd_level::avx2:
        return Kernel::avx2(std::forward<Args>(args)...);
    case simd_level::baseline:
        break;
    }
#else
    static_cast<void>(level);
#endif
    return Kernel::baseline(std::forward<Args>(args)...);
}

} // namespace pyhost::core
