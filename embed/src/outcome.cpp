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

std::string outcome::summary() const {
    switch (kind_) {
    case kind::success:
        return "success";
    case kind::exit:
        return "exit status " + std::to_string(status_) +
               (message_.empty() ? std::string{} : ": " + message_);
    case kind::exception:
        break;
    }
    return message_.empty() ? type_name_ : type_name_ + ": " + message_;
}

} // namespace pyhost
