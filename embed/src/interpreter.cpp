// pyhost::interpreter: the process-wide rule of one interpreter at a time, and the calls that
// pass through to the session.
#include "pyhost/interpreter.hpp"

#include "embed/src/session.hpp"

#include <Python.h>
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <mutex>

namespace pyhost {

namespace {

// Starts and stops happen one at a time; `alive` is whether this library's interpreter runs.
// After a failed start CPython's runtime is left half made, and no start can follow.
std::mutex lifetime_mutex;
bool alive = false;
bool start_failed = false;

} // namespace

interpreter::interpreter(const options &opts) {
    const std::lock_guard lock{lifetime_mutex};
    if (start_failed) {
        throw usage_error("pyhost::interpreter: an earlier start failed, and CPython cannot start "
                          "again in this process");
    }
    if (alive) {
        throw usage_error("pyhost::interpreter: an interpreter already runs in this process; stop "
                          "it before starting another");
    }
    if (Py_IsInitialized() != 0) {
        throw usage_error("pyhost::interpreter: CPython already runs in this process, started by "
                          "something other than pyhost");
    }
    try {
        session_ = std::make_unique<detail::session>(opts);
    } catch (const start_error &) {
        start_failed = true;
        throw;
    }
    alive = true;
}

interpreter::~interpreter() {
    if (!running()) {
        return;
    }
    try {
        stop();
    } catch (const std::exception &error) {
        // A destructor cannot report it; this is the one misuse that ends the process.
        fmt::print(stderr, "pyhost::interpreter destroyed where it cannot stop: {}\n",
                   error.what());
        std::terminate();
    }
}

void interpreter::stop() {
    session_->stop();
    const std::lock_guard lock{lifetime_mutex};
    alive = false;
}

bool interpreter::running() const noexcept {
    return session_ && session_->running();
}

outcome interpreter::run_source(std::string_view source, std::string_view name,
                                const output &streams, const limits &limit) {
    return session_->run_source(source, name, streams, limit);
}

outcome interpreter::run_file(const std::filesystem::path &path, const output &streams,
                              const limits &limit) {
    return session_->run_file(path, streams, limit);
}

outcome interpreter::run_module(std::string_view name, const output &streams, const limits &limit) {
    return session_->run_module(name, streams, limit);
}

evaluation interpreter::evaluate(std::string_view expression, const output &streams,
                                 const limits &limit) {
    return session_->evaluate(expression, streams, limit);
}

} // namespace pyhost
