#pragma once

// How a run's limits end it (pyhost/limits.hpp). A watchdog thread, one per interpreter, started
// by the first run that has limits, waits for the earliest deadline or stop request of the runs
// in progress, then tells that run to end: it takes Python's lock as a foreign thread does, and
// raises library.py's Cancelled in the run's thread.
//
// CPython checks for such an exception between instructions only, and resumes a blocking call
// that a signal interrupts on any thread but the one that started it. On that thread a run is
// told through CPython's own signal machinery instead, as Ctrl-C reaches python3: the signal,
// sent to that thread alone, ends the blocking call, and the handler that the library installs
// for options::cancel_signal raises Cancelled there.

#include "pyhost/limits.hpp"
#include "pyhost/outcome.hpp"

#include <Python.h>
#include <pthread.h>
#include <pybind11/pybind11.h>
#include <signal.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

namespace pyhost::detail {

/// options::cancel_signal's number (-1: SIGRTMAX - 1), or a usage_error.
int cancel_signal_number(int requested);

/// A signal's disposition as the application had it, put back when the interpreter has stopped.
class signal_kept {
  public:
    explicit signal_kept(int number) noexcept;
    void restore() const noexcept;

  private:
    int number_;
    struct sigaction found_ {};
};

class canceller {
  public:
    using clock = limits::clock;

    /// On the thread that started CPython, holding Python's lock. `library` is library.py's
    /// module, which outlives this. Installs the handler for `signal_number` (0: none), if
    /// CPython lets this thread install handlers.
    canceller(const pybind11::object &library, int signal_number);
    /// Ends the watchdog thread; without Python's lock, once no run is in progress. The signal
    /// handler keeps a pointer to this: destroy it after CPython has finalized.
    void stop_watching() noexcept;
    ~canceller();
    canceller(const canceller &) = delete;
    canceller &operator=(const canceller &) = delete;

    /// What the signal handler reads, holding Python's lock: whether the run on the starting
    /// thread is to end, and what to raise there.
    bool cancel_requested() const noexcept { return cancel_requested_; }
    PyObject *cancelled_type() const noexcept { return cancelled_type_; }
    /// How many Cancelled exceptions were raised so far, holding Python's lock.
    long raised_count() const noexcept;

    /// One run's limits, watched for its life, on the run's thread, which holds Python's lock.
    /// A run without limits costs nothing here.
    class watch {
      public:
        watch(canceller &owner, const limits &limit);
        ~watch();
        watch(const watch &) = delete;
        watch &operator=(const watch &) = delete;

        /// No more telling: the run's code has ended. Drops what was sent and not yet raised,
        /// and keeps the exception that is set, if any.
        void stand_down() noexcept;
        /// The outcome of the run, given how its code ended, holding Python's lock: cancelled if
        /// it was told to end and ended with Cancelled, or caught one.
        outcome judge(outcome ended) const;

      private:
        friend class canceller;
        // When to tell the run next, or nullopt while nothing is due.
        std::optional<clock::time_point> next_telling() const;

        canceller &owner_;
        bool watched_ = false;
        // Cancelled.raised at the run's start.
        long raised_before_ = 0;
        // The rest is guarded by owner_.mutex_.
        std::uint64_t serial_ = 0;
        unsigned long thread_ = 0;
        std::optional<clock::time_point> deadline_;
        clock::duration grace_{};
        bool stop_requested_ = false;
        bool standing_down_ = false;
        int times_told_ = 0;
        clock::time_point told_at_{};
        outcome::cancel_cause cause_ = outcome::cancel_cause::none;
        // Last: it is destroyed first, and waits for a call of its own on another thread.
        std::optional<std::stop_callback<std::function<void()>>> on_stop_;
    };

  private:
    void watch_runs(const std::stop_token &quit);
    // Tells the run `serial` to end, if it still needs telling: by its signal on the starting
    // thread, and by an exception raised holding Python's lock (taken before mutex_, as the runs
    // take them) on other threads and at the starting thread's later tellings.
    void tell(std::uint64_t serial);
    // Drops the cancellation sent to `ended`'s thread once no other told run is there. Holding
    // Python's lock and mutex_.
    void withdraw(const watch &ended) noexcept;
    void start_thread_once();

    PyObject *cancelled_type_;
    int signal_number_ = 0;
    unsigned long signal_thread_ = 0;
    pthread_t signal_target_{};
    // Set before the signal is sent, and cleared when the run's code has ended, so that a signal
    // that comes late does nothing.
    std::atomic<bool> cancel_requested_{false};

    std::mutex mutex_;
    std::condition_variable_any wake_;
    bool changed_ = false;
    std::uint64_t last_serial_ = 0;
    std::vector<watch *> watches_;
    std::jthread thread_;
};

} // namespace pyhost::detail
