#include <catch2/catch.hpp>

#include <pybind11/embed.h>
#include <pybind11/stl.h>

#include <string>

namespace py = pybind11;
using namespace py::literals;

namespace {

// Runs `code` in a namespace that has my_python_module imported, and returns that namespace.
py::dict run(const char *code) {
    py::dict scope;
    py::exec("import my_python_module", scope);
    py::exec(code, scope);
    return scope;
}

// The name of the exception `call` raises, or "" when it raises none.
std::string exception_of(const std::string &call) {
    auto scope = run(R"(
def exception_of(call):
    try:
        eval(call)
    except BaseException as error:
        return type(error).__name__ + ': ' + str(error)
    return ''
)");
    return scope["exception_of"](call).cast<std::string>();
}

} // namespace

TEST_CASE("my_python_module is built in") {
    auto scope = run(R"(
import sys
built_in = 'my_python_module' in sys.builtin_module_names
)");
    CHECK(scope["built_in"].cast<bool>());
}

TEST_CASE("the module and its functions have docstrings and signatures with parameter names") {
    auto scope = run(R"(
import inspect
module_doc = my_python_module.__doc__
function_doc = my_python_module.sum_as_string.__doc__
parameters = list(inspect.signature(my_python_module.sum_as_string).parameters)
)");
    CHECK_FALSE(scope["module_doc"].cast<std::string>().empty());
    CHECK_THAT(scope["function_doc"].cast<std::string>(), Catch::Contains("decimal string"));
    CHECK(scope["parameters"].cast<std::vector<std::string>>() ==
          std::vector<std::string>{"a", "b"});
}

TEST_CASE("sum_as_string returns the exact decimal sum") {
    auto scope = run(R"(
small = my_python_module.sum_as_string(10, 20)
carried = my_python_module.sum_as_string(2**64 - 1, 1)
largest = my_python_module.sum_as_string(2**64 - 1, 2**64 - 1)
keywords = my_python_module.sum_as_string(b=2, a=1)
)");
    CHECK(scope["small"].cast<std::string>() == "30");
    CHECK(scope["carried"].cast<std::string>() == "18446744073709551616");
    CHECK(scope["largest"].cast<std::string>() == "36893488147419103230");
    CHECK(scope["keywords"].cast<std::string>() == "3");
}

TEST_CASE("sum_as_string accepts bools, int subclasses and objects with __index__") {
    auto scope = run(R"(
import enum
class Index:
    def __index__(self):
        return 7
class Flag(enum.IntEnum):
    ONE = 1
results = [my_python_module.sum_as_string(True, True),
           my_python_module.sum_as_string(Index(), Flag.ONE)]
)");
    CHECK(scope["results"].cast<std::vector<std::string>>() == std::vector<std::string>{"2", "8"});
}

TEST_CASE("sum_as_string raises OverflowError naming the argument out of range") {
    CHECK(exception_of("my_python_module.sum_as_string(-1, 0)") ==
          "OverflowError: sum_as_string() argument 'a' must be non-negative");
    CHECK(exception_of("my_python_module.sum_as_string(0, 2**64)") ==
          "OverflowError: sum_as_string() argument 'b' must be at most 2**64 - 1");
}

TEST_CASE("sum_as_string raises TypeError for non-integers instead of truncating them") {
    CHECK(exception_of("my_python_module.sum_as_string(1.0, 2)") ==
          "TypeError: sum_as_string() argument 'a' must be int, not float");
    CHECK(exception_of("my_python_module.sum_as_string(1, '2')") ==
          "TypeError: sum_as_string() argument 'b' must be int, not str");
    CHECK(exception_of("my_python_module.sum_as_string(None, 2)") ==
          "TypeError: sum_as_string() argument 'a' must be int, not NoneType");
    CHECK(exception_of("my_python_module.sum_as_string(__import__('decimal').Decimal(1), 2)") ==
          "TypeError: sum_as_string() argument 'a' must be int, not decimal.Decimal");
}

TEST_CASE("sum_as_string raises TypeError for arguments that do not fit its parameters") {
    CHECK(exception_of("my_python_module.sum_as_string(1)") ==
          "TypeError: sum_as_string() missing required argument 'b' (pos 2)");
    CHECK(exception_of("my_python_module.sum_as_string(1, 2, 3)") ==
          "TypeError: sum_as_string() takes 2 positional arguments but 3 were given");
    CHECK(exception_of("my_python_module.sum_as_string(1, c=2)") ==
          "TypeError: sum_as_string() got an unexpected keyword argument 'c'");
    CHECK(exception_of("my_python_module.sum_as_string(1, a=2)") ==
          "TypeError: argument for sum_as_string() given by name ('a') and position (1)");
}

TEST_CASE("the first bad argument from the left is the one reported") {
    CHECK(exception_of("my_python_module.sum_as_string(1.5, 'x')") ==
          "TypeError: sum_as_string() argument 'a' must be int, not float");
    CHECK(exception_of("my_python_module.sum_as_string(b='x', a=-1)") ==
          "OverflowError: sum_as_string() argument 'a' must be non-negative");
}

TEST_CASE("an exception raised by __index__ propagates unchanged") {
    auto scope = run(R"(
class Bad:
    def __index__(self):
        raise ZeroDivisionError('from __index__')
try:
    my_python_module.sum_as_string(Bad(), 1)
except ZeroDivisionError as error:
    message = str(error)
)");
    CHECK(scope["message"].cast<std::string>() == "from __index__");
}
