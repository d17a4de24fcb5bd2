#include "pyhost/value.hpp"

#include "pyhost/errors.hpp"

#include <charconv>
#include <stdexcept>
#include <utility>

namespace pyhost {

namespace {

const char *name_of(value::kind kind) {
    switch (kind) {
    case value::kind::none:
        return "None";
    case value::kind::boolean:
        return "a bool";
    case value::kind::integer:
        return "an int";
    case value::kind::floating:
        return "a float";
    case value::kind::string:
        return "a str";
    case value::kind::bytes:
        return "bytes";
    }
    return "?";
}

} // namespace

value value::integer(std::string decimal_text) {
    value made;
    made.kind_ = kind::integer;
    made.text_ = std::move(decimal_text);
    return made;
}

value value::string(std::string utf8) {
    value made;
    made.kind_ = kind::string;
    made.text_ = std::move(utf8);
    return made;
}

value value::bytes(std::string bytes) {
    value made;
    made.kind_ = kind::bytes;
    made.text_ = std::move(bytes);
    return made;
}

void value::expect(kind wanted) const {
    if (kind_ != wanted) {
        throw usage_error(std::string{"pyhost::value holds "} + name_of(kind_) + ", not " +
                          name_of(wanted));
    }
}

bool value::as_bool() const {
    expect(kind::boolean);
    return boolean_;
}

std::int64_t value::as_int64() const {
    expect(kind::integer);
    std::int64_t result = 0;
    const auto *end = text_.data() + text_.size();
    const auto [stop, error] = std::from_chars(text_.data(), end, result);
    if (error != std::errc{} || stop != end) {
        throw std::overflow_error("pyhost::value: the int " + text_ + " does not fit in int64_t");
    }
    return result;
}

const std::string &value::integer_text() const {
    expect(kind::integer);
    return text_;
}

double value::as_double() const {
    expect(kind::floating);
    return floating_;
}

const std::string &value::as_string() const {
    expect(kind::string);
    return text_;
}

const std::string &value::as_bytes() const {
    expect(kind::bytes);
    return text_;
}

} // namespace pyhost
