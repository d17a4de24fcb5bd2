#include "embed/src/run_lock.hpp"

#include "embed/src/gil.hpp"
#include "pyhost/errors.hpp"

#include <string>

namespace pyhost::detail {

namespace {

const char *const stopped_message = "pyhost::interpreter: the interpreter has stopped";

} // namespace

run_lock::entry::entry(run_lock &lock) : lock_{lock} {
    std::unique_lock hold{lock_.mutex_};
    if (lock_.closed_) {
        throw usage_error(stopped_message);
    }
    const auto self = std::this_thread::get_id();
    if (lock_.depth_ > 0 && lock_.owner_ == self) {
        ++lock_.depth_;
        return;
    }
    if (lock_.depth_ > 0) {
        lock_.refuse_if_holding_python_lock("a run");
    }
    lock_.free_.wait(hold, [this] { return lock_.depth_ == 0 || lock_.closed_; });
    if (lock_.closed_) {
        throw usage_error(stopped_message);
    }
    lock_.owner_ = self;
    lock_.depth_ = 1;
}

run_lock::entry::~entry() {
    const std::lock_guard hold{lock_.mutex_};
    if (--lock_.depth_ == 0) {
        lock_.owner_ = {};
        lock_.free_.notify_all();
    }
}

void run_lock::close() {
    std::unique_lock hold{mutex_};
    if (closed_) {
        throw usage_error(stopped_message);
    }
    if (depth_ > 0 && owner_ == std::this_thread::get_id()) {
        throw usage_error("pyhost::interpreter: stop() inside one of the interpreter's own runs");
    }
    if (depth_ > 0) {
        refuse_if_holding_python_lock("stop()");
    }
    free_.wait(hold, [this] { return depth_ == 0; });
    closed_ = true;
    free_.notify_all();
}

bool run_lock::closed() const {
    const std::lock_guard hold{mutex_};
    return closed_;
}

void run_lock::refuse_if_holding_python_lock(const char *what) const {
    if (holds_python_lock()) {
        throw usage_error(std::string{"pyhost::interpreter: "} + what +
                          " from a thread that runs Python code while another thread's run is in "
                          "progress (a sink called on a thread that the script started) would "
                          "wait for a run that may wait for it");
    }
}

} // namespace pyhost::detail
