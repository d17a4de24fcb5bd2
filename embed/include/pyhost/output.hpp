#pragma once

#include <functional>
#include <string_view>

namespace pyhost {

/// Receives what a run writes: each write as it happens, partial lines included, the bytes as
/// Python encoded them (UTF-8, with surrogate escapes turned back into the bytes they stand for).
using sink = std::function<void(std::string_view)>;

/// Where a run's sys.stdout and sys.stderr go. An empty sink leaves that stream as the run found
/// it (the process's stream, or the enclosing run's capture).
struct output {
    sink out;
    sink err;
};

} // namespace pyhost
