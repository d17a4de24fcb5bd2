#include "embed/src/cancellation.hpp"

#include "embed/src/exceptions.hpp"
#include "embed/src/gil.hpp"
#include "module/python_error.hpp"
#include "pyhost/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace pyhost::detail {

namespace {

// The handler of the cancel signal, run by CPython on the thread that started it when the
// signal has come: a native function, so that no frame of the library's shows in the traceback.
// `self` is a capsule of the canceller.
PyObject *on_cancel_signal(PyObject *self, PyObject * /*args*/) {
    const auto *owner = static_cast<const canceller *>(PyCapsule_GetPointer(self, nullptr));
    if (owner != nullptr && owner->cancel_requested()) {
        PyErr_SetNone(owner->cancelled_type());
        return nullptr;
    }
    Py_RETURN_NONE;
}

PyMethodDef on_cancel_signal_definition{"on_cancel_signal", on_cancel_signal, METH_VARARGS,
                                        nullptr};

} // namespace

int cancel_signal_number(int requested) {
    const int number = requested == -1 ? SIGRTMAX - 1 : requested;
    if (number < 0 || number >= NSIG) {
        throw usage_error(fmt::format("pyhost::interpreter: options::cancel_signal {} is not a "
                                      "signal number (0 for none, -1 for SIGRTMAX - 1)",
                                      requested));
    }
    return number;
}

signal_kept::signal_kept(int number) noexcept : number_{number} {
    if (number_ != 0 && sigaction(number_, nullptr, &found_) != 0) {
        number_ = 0;
    }
}

void signal_kept::restore() const noexcept {
    if (number_ != 0) {
        sigaction(number_, &found_, nullptr);
    }
}

canceller::canceller(const pybind11::object &library, int signal_number)
    : signal_number_{signal_number} {
    // library.py's module holds the class for as long as this lives.
    cancelled_type_ = own(PyObject_GetAttrString(library.ptr(), "Cancelled")).ptr();
    if (signal_number_ == 0) {
        return;
    }
    auto capsule = own(PyCapsule_New(this, nullptr, nullptr));
    auto handler = own(PyCFunction_New(&on_cancel_signal_definition, capsule.ptr()));
    // CPython's signal module takes SIGINT when it is imported and finds it at its default, as
    // if the options had asked for CPython's handlers: the default goes back, so that importing
    // it here leaves SIGINT as the application had it.
    struct sigaction interrupt_found {};
    sigaction(SIGINT, nullptr, &interrupt_found);
    auto signal_module = own(PyImport_ImportModule("signal"));
    if (interrupt_found.sa_handler == SIG_DFL && (interrupt_found.sa_flags & SA_SIGINFO) == 0) {
        own(PyObject_CallMethod(signal_module.ptr(), "signal", "ii", SIGINT, 0));
    }
    auto installed =
        PyObject_CallMethod(signal_module.ptr(), "signal", "iO", signal_number_, handler.ptr());
    if (installed == nullptr) {
        // CPython runs signal handlers on another thread than this one (its runtime started
        // earlier elsewhere), and says so with a ValueError: blocking calls are left to end on
        // their own.
        PyErr_Clear();
        signal_number_ = 0;
        return;
    }
    Py_DECREF(installed);
    signal_thread_ = PyThread_get_thread_ident();
    signal_target_ = pthread_self();
}

canceller::~canceller() {
    stop_watching();
}

void canceller::stop_watching() noexcept {
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void canceller::start_thread_once() {
    if (!thread_.joinable()) {
        thread_ = std::jthread{[this](const std::stop_token &quit) { watch_runs(quit); }};
    }
}

long canceller::raised_count() const noexcept {
    const pending_exception_kept kept;
    PyObject *count = PyObject_GetAttrString(cancelled_type_, "raised");
    const long raised = count == nullptr ? -1 : PyLong_AsLong(count);
    Py_XDECREF(count);
    PyErr_Clear();
    return raised;
}

canceller::watch::watch(canceller &owner, const limits &limit) : owner_{owner} {
    if (!limit.deadline && !limit.stop.stop_possible()) {
        return;
    }
    raised_before_ = owner_.raised_count();
    {
        const std::lock_guard lock{owner_.mutex_};
        serial_ = ++owner_.last_serial_;
        thread_ = PyThread_get_thread_ident();
        deadline_ = limit.deadline;
        // A grace of zero or less would have the watchdog tell the run again without pause.
        grace_ = std::max<clock::duration>(limit.grace, std::chrono::milliseconds{1});
        owner_.watches_.push_back(this);
        owner_.changed_ = true;
        owner_.start_thread_once();
    }
    watched_ = true;
    owner_.wake_.notify_one();
    if (limit.stop.stop_possible()) {
        // Called at once, here, when the stop was requested before the run.
        on_stop_.emplace(limit.stop, [this] {
            {
                const std::lock_guard lock{owner_.mutex_};
                stop_requested_ = true;
                owner_.changed_ = true;
            }
            owner_.wake_.notify_one();
        });
    }
}

canceller::watch::~watch() {
    stand_down();
    if (!watched_) {
        return;
    }
    on_stop_.reset();
    const std::lock_guard lock{owner_.mutex_};
    std::erase(owner_.watches_, this);
    owner_.changed_ = true;
}

void canceller::watch::stand_down() noexcept {
    if (!watched_) {
        return;
    }
    const std::lock_guard lock{owner_.mutex_};
    if (standing_down_) {
        return;
    }
    standing_down_ = true;
    if (times_told_ > 0) {
        owner_.withdraw(*this);
    }
}

outcome canceller::watch::judge(outcome ended) const {
    if (!watched_) {
        return ended;
    }
    const long raised = owner_.raised_count() - raised_before_;
    const bool by_cancellation = ended.raised() && ended.type_name() == "pyhost.Cancelled";
    const long caught = by_cancellation ? raised - 1 : raised;
    const std::lock_guard lock{owner_.mutex_};
    if (times_told_ == 0 || (!by_cancellation && caught <= 0)) {
        return ended;
    }
    return outcome::cancellation(cause_, caught > 0, ended.traceback());
}

std::optional<canceller::clock::time_point> canceller::watch::next_telling() const {
    if (standing_down_) {
        return std::nullopt;
    }
    if (times_told_ > 0) {
        return told_at_ + grace_;
    }
    if (stop_requested_) {
        return clock::time_point::min();
    }
    return deadline_;
}

void canceller::watch_runs(const std::stop_token &quit) {
    std::unique_lock lock{mutex_};
    while (!quit.stop_requested()) {
        changed_ = false;
        const auto now = clock::now();
        std::optional<std::uint64_t> due;
        auto next = clock::time_point::max();
        for (const watch *run : watches_) {
            const auto when = run->next_telling();
            if (when && *when <= now) {
                due = run->serial_;
                break;
            }
            if (when) {
                next = std::min(next, *when);
            }
        }
        if (due) {
            lock.unlock();
            tell(*due);
            lock.lock();
            continue;
        }
        wake_.wait_until(lock, quit, next, [this] { return changed_; });
    }
}

void canceller::tell(std::uint64_t serial) {
    const auto due = [this, serial]() -> watch * {
        auto found = std::find_if(watches_.begin(), watches_.end(),
                                  [serial](const watch *run) { return run->serial_ == serial; });
        return found == watches_.end() || (*found)->standing_down_ ? nullptr : *found;
    };
    unsigned long thread = 0;
    {
        const std::lock_guard lock{mutex_};
        watch *run = due();
        const auto when = run == nullptr ? std::nullopt : run->next_telling();
        if (!when || *when > clock::now()) {
            return;
        }
        if (run->times_told_ == 0) {
            run->cause_ = run->stop_requested_ ? outcome::cancel_cause::stop_request
                                               : outcome::cancel_cause::deadline;
        }
        ++run->times_told_;
        run->told_at_ = clock::now();
        // A run on the starting thread is told by its signal, which needs no Python lock and so
        // does not wait for the running code to give it up (up to CPython's switch interval,
        // 5 ms). A signal that does not come through (the thread blocks it; ThreadSanitizer
        // holds signals back until the thread calls into the C library) is made up for at the
        // next telling, by the exception that other threads get.
        if (signal_number_ != 0 && run->thread_ == signal_thread_) {
            cancel_requested_ = true;
            pthread_kill(signal_target_, signal_number_);
            if (run->times_told_ == 1) {
                return;
            }
        }
        thread = run->thread_;
    }
    // Python's lock first, then mutex_, as the runs take them; the run may have ended meanwhile.
    const python_lock python;
    const std::lock_guard lock{mutex_};
    if (due() != nullptr) {
        PyThreadState_SetAsyncExc(thread, cancelled_type_);
    }
}

void canceller::withdraw(const watch &ended) noexcept {
    const bool others_told = std::any_of(watches_.begin(), watches_.end(), [&](const watch *run) {
        return run != &ended && run->thread_ == ended.thread_ && run->times_told_ > 0 &&
               !run->standing_down_;
    });
    if (others_told) {
        return;
    }
    if (signal_number_ != 0 && ended.thread_ == signal_thread_) {
        cancel_requested_ = false;
    }
    PyThreadState_SetAsyncExc(ended.thread_, nullptr);
}

} // namespace pyhost::detail
