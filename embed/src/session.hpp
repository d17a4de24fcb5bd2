#pragma once

// The running interpreter behind pyhost::interpreter: its start and stop (session.cpp) and its
// runs (programs.cpp). Every run goes through run(), which holds the run lock and Python's lock,
// captures the streams, and turns the exception that ends the run into an outcome.

#include "embed/src/cancellation.hpp"
#include "embed/src/run_lock.hpp"
#include "pyhost/evaluation.hpp"
#include "pyhost/limits.hpp"
#include "pyhost/options.hpp"
#include "pyhost/outcome.hpp"
#include "pyhost/output.hpp"

#include <Python.h>
#include <pybind11/pybind11.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyhost::detail {

class session {
  public:
    /// Starts CPython on this thread, then lets go of Python's lock.
    explicit session(const options &opts);
    session(const session &) = delete;
    session &operator=(const session &) = delete;

    /// Finalizes CPython, from any thread, once runs in progress have ended.
    void stop();
    bool running() const { return !runs_.closed(); }

    outcome run_source(std::string_view source, std::string_view name, const output &streams,
                       const limits &limit);
    outcome run_file(const std::filesystem::path &path, const output &streams, const limits &limit);
    outcome run_module(std::string_view name, const output &streams, const limits &limit);
    evaluation evaluate(std::string_view expression, const output &streams, const limits &limit);

  private:
    // Runs `body` as one run. `body` uses module/python_error.hpp's vocabulary: a Python error
    // propagates as python_exception_is_set, and becomes the outcome here.
    outcome run(const output &streams, const limits &limit, const std::function<void()> &body);
    // Compiles UTF-8 text (`start` is Py_file_input or Py_eval_input); not UTF-8 raises
    // UnicodeDecodeError, as decoding it would.
    pybind11::object compile(std::string_view text, std::string_view name, int start);
    // threading._active, the threads that threading knows to run, or None before it is imported.
    pybind11::object active_threads() const;
    // A frozenset of their idents, or None.
    pybind11::object running_threads() const;
    // The names of the threads that run now and did not before (running_threads()).
    std::vector<std::string> threads_left(const pybind11::object &before) const;
    // Keeps the text in linecache under its name, so that tracebacks show its lines.
    void remember_source(std::string_view text, std::string_view name, PyObject *filename);

    run_lock runs_;
    // The application's disposition of the cancel signal, which the canceller takes over.
    std::optional<signal_kept> cancel_signal_found_;
    std::unique_ptr<canceller> canceller_;
    // The thread state of the thread that started CPython, while it does not hold Python's lock.
    PyThreadState *starting_thread_state_ = nullptr;
    // library.py's module, and the __main__ module of run_source and evaluate. Both are
    // released before CPython finalizes.
    pybind11::object library_;
    pybind11::object main_;
    // The last text kept in linecache, its name and its entry there: a run of the same text
    // again (a plug-in's, a loop's) leaves it be.
    std::string remembered_text_;
    std::string remembered_name_;
    pybind11::object remembered_entry_;
    // "threading", interned, to look it up in sys.modules at each run.
    pybind11::object threading_name_;
};

} // namespace pyhost::detail
