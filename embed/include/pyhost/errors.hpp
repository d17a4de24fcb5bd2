#pragma once

#include "pyhost/export.hpp"

#include <stdexcept>

namespace pyhost {

/// The application used the library in a way its rules forbid: a second interpreter while one
/// runs, a run or a stop after the interpreter stopped, a value read as the wrong kind. The
/// message names the rule. Nothing in the interpreter has changed.
class PYHOST_API usage_error : public std::logic_error {
  public:
    using std::logic_error::logic_error;
    ~usage_error() override;
};

/// CPython could not start: its configuration failed (a home without a standard library, say).
/// The message is CPython's own. The process cannot start another interpreter after this one.
class PYHOST_API start_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
    ~start_error() override;
};

} // namespace pyhost
