#pragma once

#include "pyhost/export.hpp"

#include <cstdint>
#include <string>

namespace pyhost {

/// A Python value that C++ holds by value: None, a bool, an int of any size, a float, a str or a
/// bytes object. Reading it as another kind than it holds throws usage_error.
class PYHOST_API value {
  public:
    enum class kind { none, boolean, integer, floating, string, bytes };

    /// None.
    value() = default;
    explicit value(bool b) : kind_{kind::boolean}, boolean_{b} {}
    explicit value(double d) : kind_{kind::floating}, floating_{d} {}
    /// An int, from its decimal text ("-12345678901234567890123").
    static value integer(std::string decimal_text);
    /// A str, as UTF-8 text (a lone surrogate U+DC80..U+DCFF is the byte it escapes).
    static value string(std::string utf8);
    static value bytes(std::string bytes);

    kind what() const noexcept { return kind_; }
    bool is_none() const noexcept { return kind_ == kind::none; }

    bool as_bool() const;
    /// The int, when it fits in 64 bits; std::overflow_error when it does not.
    std::int64_t as_int64() const;
    /// The int's decimal text, whatever its size.
    const std::string &integer_text() const;
    double as_double() const;
    const std::string &as_string() const;
    const std::string &as_bytes() const;

    friend bool operator==(const value &, const value &) = default;

  private:
    void expect(kind wanted) const;

    kind kind_ = kind::none;
    bool boolean_ = false;
    double floating_ = 0.0;
    // The decimal text of an int, a str's UTF-8 or a bytes object's bytes.
    std::string text_;
};

} // namespace pyhost
