#include "pyhost/outcome.hpp"

#include <utility>

namespace pyhost {

outcome outcome::exception(std::string type_name, std::string message, std::string traceback) {
    outcome made;
    made.kind_ = kind::exception;
    made.status_ = 1;
    made.type_name_ = std::move(type_name);
    made.message_ = std::move(message);
    made.traceback_ = std::move(traceback);
    return made;
}

outcome outcome::exit(int status, std::string type_name, std::string message) {
    outcome made;
    made.kind_ = kind::exit;
    made.status_ = status;
    made.type_name_ = std::move(type_name);
    made.message_ = std::move(message);
    return made;
}

outcome outcome::cancellation(cancel_cause cause, bool resisted, std::string traceback) {
    outcome made;
    made.kind_ = kind::cancelled;
    made.status_ = 1;
    made.type_name_ = "pyhost.Cancelled";
    made.message_ =
        cause == cancel_cause::deadline ? "the time limit passed" : "a stop was requested";
    if (resisted) {
        made.message_ += ", and the run caught it and carried on";
    }
    made.traceback_ = std::move(traceback);
    made.cause_ = cause;
    made.resisted_ = resisted;
    return made;
}

std::string outcome::summary() const {
    switch (kind_) {
    case kind::success:
        return "success";
    case kind::exit:
        return "exit status " + std::to_string(status_) +
               (message_.empty() ? std::string{} : ": " + message_);
    case kind::cancelled:
        return "cancelled: " + message_;
    case kind::exception:
        break;
    }
    return message_.empty() ? type_name_ : type_name_ + ": " + message_;
}

} // namespace pyhost
