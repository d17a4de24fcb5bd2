// Evaluating an expression to a C++ value, and the failures that take the value's place.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <limits>
#include <stdexcept>

TEST_CASE("evaluate converts None bools ints floats strings and bytes") {
    pyhost::interpreter python;
    CHECK(python.evaluate("None").value().is_none());
    CHECK(python.evaluate("1 < 2").value().as_bool() == true);
    CHECK(python.evaluate("1 > 2").value().as_bool() == false);
    CHECK(python.evaluate("-(2**40)").value().as_int64() == -(std::int64_t{1} << 40));
    CHECK(python.evaluate("0.1 + 0.2").value().as_double() == 0.1 + 0.2);
    CHECK(python.evaluate("float('inf')").value().as_double() ==
          std::numeric_limits<double>::infinity());
    CHECK(python.evaluate("'caf' + chr(0xe9)").value().as_string() == "caf\xc3\xa9");
    CHECK(python.evaluate("b'\\x00\\xff'").value().as_bytes() == std::string{"\0\xff", 2});
    CHECK(python.evaluate("bytearray(b'ab')").value().as_bytes() == "ab");
    // A str from undecodable bytes gives those bytes back.
    CHECK(python.evaluate("b'\\xff'.decode('utf-8', 'surrogateescape')").value().as_string() ==
          "\xff");
    // Subclasses are read as their base type: IntEnum is an int, not its name.
    CHECK(python.evaluate("__import__('signal').SIGINT").value().as_int64() == 2);
    CHECK(python.evaluate("True").value().what() == pyhost::value::kind::boolean);
}

TEST_CASE("an int of any size is kept as decimal text and as_int64 checks its range") {
    pyhost::interpreter python;
    CHECK(python.evaluate("2**63 - 1").value().as_int64() ==
          std::numeric_limits<std::int64_t>::max());
    CHECK(python.evaluate("-2**63").value().as_int64() == std::numeric_limits<std::int64_t>::min());
    const auto just_above = python.evaluate("2**63").value();
    CHECK(just_above.integer_text() == "9223372036854775808");
    CHECK_THROWS_AS(just_above.as_int64(), std::overflow_error);
    CHECK_THROWS_AS(python.evaluate("-2**63 - 1").value().as_int64(), std::overflow_error);
    CHECK(python.evaluate("-(2**64 + 5)").value().integer_text() == "-18446744073709551621");
    // Above CPython's 4300-digit limit for str(), which the library does not use.
    CHECK(python.evaluate("10**5000").value().integer_text() == "1" + std::string(5000, '0'));
    CHECK(python.evaluate("-(10**5000) + 1").value().integer_text() ==
          "-" + std::string(5000, '9'));
}

TEST_CASE("evaluate sees the names that run_source defined") {
    pyhost::interpreter python;
    REQUIRE(python.run_source("answer = 6 * 7").succeeded());
    CHECK(python.evaluate("answer").value() == pyhost::value::integer("42"));
}

TEST_CASE("an expression that raises gives its outcome in place of a value") {
    pyhost::interpreter python;
    const auto failed = python.evaluate("1 / 0");
    CHECK_FALSE(failed.has_value());
    CHECK_FALSE(static_cast<bool>(failed));
    CHECK(failed.outcome().type_name() == "ZeroDivisionError");
    CHECK_THROWS_WITH(failed.value(), Catch::Contains("ZeroDivisionError: division by zero"));
    CHECK(python.evaluate("exit(4)").outcome().exit_status() == 4);
    CHECK(python.evaluate("x = 1").outcome().type_name() == "SyntaxError");
}

TEST_CASE("an expression whose result has no C++ value is a TypeError outcome") {
    pyhost::interpreter python;
    const auto failed = python.evaluate("[1, 2]");
    CHECK(failed.outcome().type_name() == "TypeError");
    CHECK_THAT(failed.outcome().message(), Catch::Contains("'list' has no C++ value"));
    CHECK(python.evaluate("'\\ud800'").outcome().type_name() == "UnicodeEncodeError");
}

TEST_CASE("reading a value as another kind than it holds is a usage error") {
    pyhost::interpreter python;
    const auto text = python.evaluate("'42'").value();
    CHECK_THROWS_AS(text.as_int64(), pyhost::usage_error);
    CHECK_THROWS_WITH(text.as_bool(), "pyhost::value holds a str, not a bool");
    CHECK_THROWS_AS(python.evaluate("None").value().as_string(), pyhost::usage_error);
    CHECK_THROWS_AS(pyhost::evaluation{pyhost::outcome{}}, pyhost::usage_error);
}
