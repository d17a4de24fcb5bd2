// The options an interpreter starts from: isolated by default, python-like when asked, argv,
// module search paths, the home, signal handlers and the application's built-in modules.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <unistd.h>

using library_test::describe;
using library_test::temporary_folder;

extern "C" _object *PyInit_application_module();

namespace {

// PYTHONPATH, a user site directory (PYTHONUSERBASE) and the current directory each hold a
// module of their own, and PYTHONDONTWRITEBYTECODE is set: what a hostile environment offers.
struct prepared_environment {
    temporary_folder folder;

    prepared_environment() {
        folder.write("from_pythonpath/env_module.py", "");
        folder.write(std::string{"user_base/lib/python"} + PYHOST_TEST_PYTHON_VERSION +
                         "/site-packages/user_module.py",
                     "");
        folder.write("current/cwd_module.py", "");
        setenv("PYTHONPATH", (folder.path() / "from_pythonpath").c_str(), 1);
        setenv("PYTHONUSERBASE", (folder.path() / "user_base").c_str(), 1);
        setenv("PYTHONDONTWRITEBYTECODE", "1", 1);
        REQUIRE(chdir((folder.path() / "current").c_str()) == 0);
    }
};

using signal_handler = void (*)(int);

signal_handler handler_of(int signal_number) {
    struct sigaction current {};
    sigaction(signal_number, nullptr, &current);
    return current.sa_handler;
}

void application_handler(int /*signal_number*/) {}

constexpr const char *importable = R"(
import importlib.util, os, sys
def importable(name):
    return importlib.util.find_spec(name) is not None
)";

} // namespace

TEST_CASE("the default configuration ignores PYTHON variables the user site and the current "
          "directory") {
    const prepared_environment environment;
    pyhost::interpreter python;
    const auto ended = python.run_source(std::string{importable} + R"(
assert not importable("env_module")
assert not importable("user_module")
assert not importable("cwd_module")
assert "" not in sys.path and os.getcwd() not in sys.path, sys.path
assert sys.flags.isolated == 1 and sys.flags.ignore_environment == 1
assert sys.flags.no_user_site == 1 and sys.flags.safe_path == 1
assert sys.flags.dont_write_bytecode == 0
assert sys.flags.utf8_mode == 1 and sys.getfilesystemencoding() == "utf-8"
)");
    INFO(describe(ended));
    CHECK(ended.succeeded());
}

TEST_CASE("the python-like configuration reads PYTHON variables and the user site as python3 "
          "does") {
    const prepared_environment environment;
    pyhost::options opts;
    opts.config = pyhost::configuration::python_like;
    pyhost::interpreter python{opts};
    const auto ended = python.run_source(std::string{importable} + R"(
assert importable("env_module")
assert importable("user_module")
assert sys.flags.isolated == 0 and sys.flags.ignore_environment == 0
assert sys.flags.dont_write_bytecode == 1
)");
    INFO(describe(ended));
    CHECK(ended.succeeded());
}

TEST_CASE("argv becomes sys.argv and bytes that are not UTF-8 become surrogate escapes") {
    pyhost::options opts;
    opts.argv = {"application", "--flag", "caf\xc3\xa9", "\xff"};
    pyhost::interpreter python{opts};
    const auto ended = python.run_source(
        R"(import sys; assert sys.argv == ["application", "--flag", "café", "\udcff"], sys.argv)");
    INFO(describe(ended));
    CHECK(ended.succeeded());
}

TEST_CASE("without argv sys.argv is one empty string as in an embedded python") {
    pyhost::interpreter python;
    CHECK(python.evaluate("__import__('sys').argv == ['']").value().as_bool());
}

TEST_CASE("sys.executable is the application's own executable") {
    pyhost::interpreter python;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe").string();
    CHECK(python.evaluate("__import__('sys').executable").value().as_string() == executable);
}

TEST_CASE("module search paths are appended to sys.path in order and their modules import") {
    const temporary_folder folder;
    folder.write("first/shared_name.py", "WHERE = 'first'\n");
    folder.write("second/shared_name.py", "WHERE = 'second'\n");
    folder.write("second/only_second.py", "");
    pyhost::options opts;
    opts.module_search_paths = {folder.path() / "first", folder.path() / "second"};
    pyhost::interpreter python{opts};
    // The script gets the folders' names in its source.
    const auto with_paths =
        python.run_source("FIRST = '" + (folder.path() / "first").string() + "'\nSECOND = '" +
                          (folder.path() / "second").string() + "'\n" + R"(
import sys, shared_name, only_second
assert sys.path[-2:] == [FIRST, SECOND], sys.path
assert shared_name.WHERE == "first"
import json  # the standard library comes first
assert not json.__file__.startswith((FIRST, SECOND))
)");
    INFO(describe(with_paths));
    CHECK(with_paths.succeeded());
}

TEST_CASE("the home is where the standard library comes from") {
    pyhost::options opts;
    opts.home = PYHOST_TEST_PYTHON_PREFIX;
    pyhost::interpreter python{opts};
    const auto ended =
        python.run_source(std::string{"HOME = '"} + PYHOST_TEST_PYTHON_PREFIX + "'\n" + R"(
import json, sys
assert sys.prefix == HOME, sys.prefix
assert json.__file__.startswith(HOME), json.__file__
)");
    INFO(describe(ended));
    CHECK(ended.succeeded());
}

TEST_CASE("CPython's signal handlers are installed only when the options ask for them") {
    // Catch2 handles SIGINT itself: the default is what CPython decides on.
    std::signal(SIGINT, SIG_DFL);
    {
        pyhost::interpreter python;
        CHECK(handler_of(SIGINT) == SIG_DFL);
        CHECK(handler_of(SIGPIPE) == SIG_DFL);
    }
    pyhost::options opts;
    opts.install_signal_handlers = true;
    pyhost::interpreter python{opts};
    CHECK(handler_of(SIGINT) != SIG_DFL);
    CHECK(handler_of(SIGPIPE) == SIG_IGN);
    CHECK(python
              .evaluate(
                  "__import__('signal').getsignal(2) is __import__('signal').default_int_handler")
              .value()
              .as_bool());
}

// CPython's signal module takes SIGINT when it is imported and finds SIGINT at its default,
// whatever install_signal_handlers says (3.11 to 3.13): a handler of the application's own is the
// way to keep it, and it is kept.
TEST_CASE("the application's own SIGINT handler survives the start and import signal") {
    struct sigaction own {};
    own.sa_handler = application_handler;
    REQUIRE(sigaction(SIGINT, &own, nullptr) == 0);
    pyhost::interpreter python;
    CHECK(python.run_source("import signal, subprocess").succeeded());
    CHECK(handler_of(SIGINT) == application_handler);
    CHECK(python.evaluate("__import__('signal').getsignal(2) is None").value().as_bool());
}

TEST_CASE("a built-in module of the application is importable in each interpreter") {
    pyhost::options opts;
    opts.builtin_modules = {{"application_module", PyInit_application_module}};
    for (int round = 1; round <= 2; ++round) {
        pyhost::interpreter python{opts};
        CHECK(python.evaluate("__import__('application_module').answer()").value().as_int64() ==
              42);
        CHECK(python.evaluate("'application_module' in __import__('sys').builtin_module_names")
                  .value()
                  .as_bool());
    }
}

TEST_CASE("a built-in module added at a restart is importable in the new interpreter") {
    {
        pyhost::interpreter python;
        CHECK(python.evaluate("__import__('my_python_module').sum_as_string(1, 2)")
                  .value()
                  .as_string() == "3");
    }
    pyhost::options opts;
    opts.builtin_modules = {{"application_module", PyInit_application_module}};
    pyhost::interpreter python{opts};
    CHECK(python.evaluate("__import__('application_module').answer()").value().as_int64() == 42);
}

TEST_CASE("a built-in module without an init function is a usage error and nothing starts") {
    pyhost::options opts;
    opts.builtin_modules = {{"no_init", nullptr}};
    CHECK_THROWS_AS(pyhost::interpreter{opts}, pyhost::usage_error);
    pyhost::interpreter python;
    CHECK(python.running());
}
