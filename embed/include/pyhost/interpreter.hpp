#pragma once

#include "pyhost/errors.hpp"
#include "pyhost/evaluation.hpp"
#include "pyhost/export.hpp"
#include "pyhost/limits.hpp"
#include "pyhost/options.hpp"
#include "pyhost/outcome.hpp"
#include "pyhost/output.hpp"
#include "pyhost/value.hpp"

#include <filesystem>
#include <memory>
#include <string_view>

namespace pyhost {

namespace detail {
class session;
}

/// The embedded CPython interpreter. Constructing one starts it; stop() or the destructor stops
/// it. A process has at most one running at a time, and may start another after a stop.
///
/// Lifetime rules (a breach throws usage_error and changes nothing):
/// - starting a second one while one runs, in this process, whoever started it;
/// - a run, an evaluate or a stop on an interpreter that has stopped;
/// - a stop from inside one of its own runs (a sink that stops it).
///
/// Neither copyable nor movable: its address is its identity, which runs in progress on other
/// threads rely on. Hold it in a std::optional or a std::unique_ptr to choose its life.
///
/// Threads: any thread may run code, start and stop, including threads that Python never saw.
/// Runs are serialised: a run started while another is in progress on another thread waits for
/// it to end. A run started inside a run on the same thread (from a sink) runs at once, nested.
/// A run started from a thread that holds Python's lock without being the running one (a sink
/// called on a thread that the script started) would deadlock by waiting, and throws usage_error.
///
/// Limits: each run takes a deadline and a std::stop_token (pyhost/limits.hpp), and ends with a
/// cancelled outcome when one of them ends it.
///
/// Namespaces: run_source and evaluate share the interpreter's __main__ module, so names that
/// one run defines are there for the next, as in a console session. run_file and run_module each
/// run as a program: in a fresh __main__ module, which sys.modules holds for the run's duration.
class PYHOST_API interpreter {
  public:
    /// Starts CPython as `opts` say; start_error when CPython refuses the configuration.
    explicit interpreter(const options &opts = {});
    /// Stops it if it still runs. Waits for runs in progress on other threads.
    ~interpreter();
    interpreter(const interpreter &) = delete;
    interpreter &operator=(const interpreter &) = delete;
    interpreter(interpreter &&) = delete;
    interpreter &operator=(interpreter &&) = delete;

    /// Waits for runs in progress, then finalizes CPython: atexit functions run, non-daemon
    /// threads are joined, streams are flushed. Every later call but running() is a usage_error.
    void stop();
    bool running() const noexcept;

    /// Runs `source` (UTF-8 text; not UTF-8: a UnicodeDecodeError outcome) in __main__, named
    /// `name` in tracebacks, which show its lines.
    outcome run_source(std::string_view source, std::string_view name = "<string>",
                       const output &streams = {}, const limits &limit = {});
    /// Runs a file as python runs a script: __name__ is '__main__', __file__ its absolute path.
    /// A file that cannot be opened is an outcome (FileNotFoundError, with python's message
    /// "can't open file '...': [Errno 2] No such file or directory"). sys.path is left alone.
    outcome run_file(const std::filesystem::path &path, const output &streams = {},
                     const limits &limit = {});
    /// Runs a module as `python -m` does (runpy), sys.argv left alone. A module that does not
    /// exist is a ModuleNotFoundError outcome.
    outcome run_module(std::string_view name, const output &streams = {}, const limits &limit = {});
    /// Evaluates an expression in __main__ and converts its result (value says to what). Any
    /// other result is a TypeError outcome.
    evaluation evaluate(std::string_view expression, const output &streams = {},
                        const limits &limit = {});

  private:
    std::unique_ptr<detail::session> session_;
};

} // namespace pyhost
