#pragma once

#include <chrono>
#include <optional>
#include <stop_token>

namespace pyhost {

/// What ends a run before its code ends: a time limit, and a stop that any thread may request.
///
/// A run that must end gets a pyhost.Cancelled exception where it is. Cancelled is a
/// BaseException, as KeyboardInterrupt is, so that `except Exception:` lets it through, while
/// `finally` blocks and context managers run as it unwinds. The run's outcome is then cancelled().
///
/// Where it reaches the code:
/// - Python code, on whatever thread the run is: at its next instruction, within Python's switch
///   interval (5 ms).
/// - A blocking call (time.sleep, input() on a pipe, queue.Queue.get, a socket's accept or recv),
///   when the run is on the thread that started the interpreter: at once, through CPython's own
///   signal machinery, as Ctrl-C interrupts python3 (options::cancel_signal). On other threads
///   CPython resumes a blocking call that a signal interrupts, and the run ends when the call
///   returns to Python code.
///
/// A run that catches Cancelled and carries on is told again each `grace` until it ends; its
/// outcome says that it resisted().
struct limits {
    using clock = std::chrono::steady_clock;

    /// When the run must have ended. Unset: no time limit.
    std::optional<clock::time_point> deadline;
    /// The run ends when this token's std::stop_source requests a stop, from any thread. A stop
    /// requested before the run starts ends it at its start.
    std::stop_token stop;
    /// How long cleanup may take after the run was told to end, before it is told again. Less
    /// than a millisecond counts as a millisecond.
    clock::duration grace = std::chrono::milliseconds{100};

    /// Limits with a deadline `time_limit` from now.
    static limits within(clock::duration time_limit) {
        limits made;
        made.deadline = clock::now() + time_limit;
        return made;
    }
};

} // namespace pyhost
