#include "pyhost/evaluation.hpp"

#include "pyhost/errors.hpp"

namespace pyhost {

evaluation::evaluation(pyhost::outcome failure) : outcome_{std::move(failure)} {
    if (outcome_.succeeded()) {
        throw usage_error("pyhost::evaluation: a failure needs an outcome that is not a success");
    }
}

const pyhost::value &evaluation::value() const {
    if (!has_value()) {
        throw usage_error("pyhost::evaluation has no value: " + outcome_.summary());
    }
    return value_;
}

} // namespace pyhost
