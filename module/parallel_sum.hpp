#pragma once

// The one engine that shares a long sum out among threads, for lists and buffers alike. An exact
// sum does not depend on the order of its terms, so the threads may sum their parts in any order
// and the parts join exactly afterwards.

#include <cstddef>
#include <functional>

namespace pyhost {

/// What the calling thread does with the GIL while the helper threads sum.
enum class while_sharing {
    /// It keeps the GIL, so that no Python code runs meanwhile. The helpers may then read the
    /// items of a list, which stay as they are.
    keep_gil,
    /// It gives the GIL up, and takes it back every couple of milliseconds to check for Ctrl-C.
    /// The helpers must then read no Python object at all.
    release_gil,
};

/// How many threads besides the caller should share `units` units of work. Each core that this
/// process may run on takes one thread, up to 8 threads in all, and no thread is left without
/// a unit.
unsigned helper_threads(std::size_t units);

/// Calls sum_unit(unit, worker) once for each unit in [0, units). The calling thread is worker 0,
/// and up to `helpers` more threads are workers 1 to `helpers`. Every worker takes the next unit
/// from a shared counter until none is left, so that a slow or busy core holds up the others by
/// one unit at most. When the system starts fewer threads than asked, the others take their
/// share, down to the caller alone.
///
/// When Ctrl-C's handler raises (release_gil only), the helpers stop after their current unit and
/// are joined before the exception propagates.
void share_out(std::size_t units, unsigned helpers, while_sharing gil,
               const std::function<void(std::size_t unit, unsigned worker)> &sum_unit);

} // namespace pyhost
