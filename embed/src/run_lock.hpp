#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

namespace pyhost::detail {

/// One run at a time, whatever the thread, with runs nested on the running thread. It is taken
/// before Python's lock and never while this thread holds Python's lock for another purpose, so
/// that a thread waiting here never blocks the run it waits for.
///
/// After close() (the interpreter's stop), every entry is a usage_error.
class run_lock {
  public:
    /// One run's hold: waits for runs on other threads to end, or nests in this thread's run.
    class entry {
      public:
        explicit entry(run_lock &lock);
        ~entry();
        entry(const entry &) = delete;
        entry &operator=(const entry &) = delete;

      private:
        run_lock &lock_;
    };

    /// Waits for runs in progress to end and admits no more. usage_error from inside a run.
    void close();
    bool closed() const;

  private:
    // Entered while a run holds it on another thread, from a thread that holds Python's lock: it
    // would wait for a run that may wait for this thread.
    void refuse_if_holding_python_lock(const char *what) const;

    mutable std::mutex mutex_;
    std::condition_variable free_;
    std::thread::id owner_;
    int depth_ = 0;
    bool closed_ = false;
};

} // namespace pyhost::detail
