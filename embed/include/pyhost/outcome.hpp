#pragma once

#include "pyhost/export.hpp"

#include <string>
#include <vector>

namespace pyhost {

namespace detail {
class session;
}

/// How a run ended, as a value. A Python exception never leaves a run any other way.
///
/// - success: the code ran to its end.
/// - exception: an exception that the code did not catch. type_name() is its class, qualified
///   as Python's traceback prints it ("ValueError", "mypkg.errors.Invalid"), message() its str(),
///   traceback() the whole report that python would print ("Traceback (most recent call
///   last):..." down to the "type: message" line). The report also went to the run's stderr.
/// - exit: SystemExit. exit_status() is its code as python's process would end with it: None is
///   0, an int is itself, anything else is 1 and its str() is message(), which went to stderr.
/// - cancelled: the run's limits (pyhost/limits.hpp) ended it with pyhost.Cancelled. cause()
///   says which limit, resisted() whether the code caught Cancelled and carried on, so that it
///   had to be told again. The traceback shows where the code was; it also went to stderr.
class PYHOST_API outcome {
  public:
    enum class kind { success, exception, exit, cancelled };
    /// What ended a cancelled run.
    enum class cancel_cause { none, deadline, stop_request };

    /// A success.
    outcome() = default;
    static outcome exception(std::string type_name, std::string message, std::string traceback);
    static outcome exit(int status, std::string type_name, std::string message);
    static outcome cancellation(cancel_cause cause, bool resisted, std::string traceback);

    kind what() const noexcept { return kind_; }
    bool succeeded() const noexcept { return kind_ == kind::success; }
    bool raised() const noexcept { return kind_ == kind::exception; }
    bool exited() const noexcept { return kind_ == kind::exit; }
    bool cancelled() const noexcept { return kind_ == kind::cancelled; }
    /// none unless cancelled().
    cancel_cause cause() const noexcept { return cause_; }
    /// Whether a cancelled run caught Cancelled at least once and went on.
    bool resisted() const noexcept { return resisted_; }

    /// The status that python's process would end with: 0 for a success, 1 for an exception or
    /// a cancellation, SystemExit's status for an exit.
    int exit_status() const noexcept { return status_; }
    /// The exception's class ("SystemExit" or its subclass for an exit); empty for a success.
    const std::string &type_name() const noexcept { return type_name_; }
    const std::string &message() const noexcept { return message_; }
    /// Empty for a success and an exit.
    const std::string &traceback() const noexcept { return traceback_; }

    /// The threads that the run started and that still ran when it ended, whatever its kind: their
    /// names, with " (daemon)" after a daemon thread's. A thread that is not a daemon keeps
    /// stop() waiting until it ends.
    const std::vector<std::string> &threads_left() const noexcept { return threads_left_; }

    /// One line for a log: "success", "exit status 3", "ValueError: bad input",
    /// "cancelled: the time limit passed".
    std::string summary() const;

    friend bool operator==(const outcome &, const outcome &) = default;

  private:
    friend class detail::session;

    kind kind_ = kind::success;
    int status_ = 0;
    std::string type_name_;
    std::string message_;
    std::string traceback_;
    cancel_cause cause_ = cancel_cause::none;
    bool resisted_ = false;
    std::vector<std::string> threads_left_;
};

} // namespace pyhost
