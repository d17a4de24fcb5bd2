#pragma once

#include "pyhost/export.hpp"
#include "pyhost/outcome.hpp"
#include "pyhost/value.hpp"

#include <utility>

namespace pyhost {

/// What interpreter::evaluate returns: the expression's value, or the outcome of what went wrong
/// (an exception, a SystemExit, a result that has no C++ value), in the manner of
/// std::expected<value, outcome>.
class PYHOST_API evaluation {
  public:
    evaluation(pyhost::value result) : value_{std::move(result)} {}
    /// A failure; a successful outcome here is a usage_error.
    evaluation(pyhost::outcome failure);

    bool has_value() const noexcept { return outcome_.succeeded(); }
    explicit operator bool() const noexcept { return has_value(); }
    /// The value; usage_error, with the failure's summary, when there is none.
    const pyhost::value &value() const;
    /// The failure, or a success when there is a value.
    const pyhost::outcome &outcome() const noexcept { return outcome_; }

  private:
    pyhost::value value_;
    pyhost::outcome outcome_;
};

} // namespace pyhost
