// Running source, files and modules: each run's outcome, with python3 itself as the oracle for
// exit statuses, messages and tracebacks.
#include "support.hpp"

#include <catch2/catch.hpp>

using library_test::describe;
using library_test::recorder;
using library_test::run_python;
using library_test::temporary_folder;

namespace {

// A script that fails inside two functions, with a chained cause: the traceback that python3
// prints for it has every part that a report can have.
constexpr const char *failing_script = R"(def inner(value):
    return int(value)

def outer():
    try:
        inner("not a number")
    except ValueError as error:
        raise KeyError("while converting") from error

outer()
)";

pyhost::output errors_to(recorder &err) {
    pyhost::output streams;
    streams.err = err.sink();
    return streams;
}

} // namespace

TEST_CASE("source that runs to its end is a success and its names stay for the next run") {
    pyhost::interpreter python;
    const auto first = python.run_source("total = sum(range(10))");
    CHECK(first.succeeded());
    CHECK(first.exit_status() == 0);
    CHECK(first.summary() == "success");
    CHECK(python.run_source("assert total == 45 and __name__ == '__main__'").succeeded());
}

TEST_CASE("an uncaught exception is an outcome with its type message and traceback") {
    pyhost::interpreter python;
    recorder err;
    const auto ended = python.run_source("def f():\n    raise ValueError('bad value')\nf()\n",
                                         "<script>", errors_to(err));
    REQUIRE(ended.raised());
    CHECK(ended.exit_status() == 1);
    CHECK(ended.type_name() == "ValueError");
    CHECK(ended.message() == "bad value");
    CHECK(ended.summary() == "ValueError: bad value");
    // The traceback names the frames and shows the source, which the run keeps for it (3.13
    // marks the calls with carets too).
    CHECK_THAT(ended.traceback(), Catch::StartsWith("Traceback (most recent call last):\n"
                                                    "  File \"<script>\", line 3, in <module>\n"
                                                    "    f()\n"));
    CHECK_THAT(ended.traceback(), Catch::Contains("  File \"<script>\", line 2, in f\n"
                                                  "    raise ValueError('bad value')\n"));
    CHECK_THAT(ended.traceback(), Catch::EndsWith("\nValueError: bad value\n"));
    CHECK(err.text() == ended.traceback());
}

TEST_CASE("an exception's type name is qualified by its module except for builtins and "
          "__main__") {
    const temporary_folder folder;
    folder.write("mypkg/__init__.py", "");
    folder.write("mypkg/errors.py",
                 "class MyError(Exception):\n    class Inner(Exception): pass\n");
    pyhost::options opts;
    opts.module_search_paths = {folder.path()};
    pyhost::interpreter python{opts};
    CHECK(python.run_source("from mypkg.errors import MyError\nraise MyError('x')").type_name() ==
          "mypkg.errors.MyError");
    CHECK(
        python.run_source("from mypkg.errors import MyError\nraise MyError.Inner()").type_name() ==
        "mypkg.errors.MyError.Inner");
    CHECK(python.run_source("class Local(Exception): pass\nraise Local").type_name() == "Local");
    CHECK(python.run_source("import json\njson.loads('{')").type_name() ==
          "json.decoder.JSONDecodeError");
}

TEST_CASE("SystemExit gives the exit status and message that python3 gives") {
    const temporary_folder folder;
    pyhost::interpreter python;
    for (const char *code :
         {"raise SystemExit", "raise SystemExit(0)", "raise SystemExit(3)",
          "raise SystemExit(None)", "raise SystemExit(True)", "raise SystemExit('bye')",
          "import sys; sys.exit(['a', 1])", "raise SystemExit(256 + 7)", "exit(42)"}) {
        INFO(code);
        recorder err;
        const auto ended = python.run_source(code, "<string>", errors_to(err));
        const auto reference = run_python({"-I", "-c", code}, folder.path());
        REQUIRE(ended.exited());
        CHECK(ended.type_name() == "SystemExit");
        CHECK((ended.exit_status() & 0xff) == reference.status);
        CHECK(err.text() == reference.err);
        CHECK(ended.traceback().empty());
    }
}

TEST_CASE("a file runs as the main program in a fresh namespace and exits with its "
          "status") {
    const temporary_folder folder;
    const auto script = folder.write("script.py", R"(
import sys
assert __name__ == "__main__"
assert sys.modules["__main__"].__dict__ is globals()
assert "from_source" not in globals()
defined_by_file = True
raise SystemExit(3)
)");
    pyhost::interpreter python;
    CHECK(python.run_source("from_source = 1").succeeded());
    const auto ended = python.run_file(script);
    INFO(describe(ended));
    CHECK(ended.exited());
    CHECK(ended.exit_status() == 3);
    CHECK(python.evaluate("__file__ if '__file__' in globals() else None").value().is_none());
    CHECK(python.evaluate("'defined_by_file' in globals()").value().as_bool() == false);
    // The interpreter's own __main__ is back in sys.modules.
    CHECK(python.evaluate("__import__('sys').modules['__main__'].__dict__ is globals()")
              .value()
              .as_bool());
}

TEST_CASE("a file's __file__ is its absolute path and a relative path runs from the "
          "current directory") {
    const temporary_folder folder;
    folder.write("relative.py", "import os\nassert __file__ == os.path.join(os.getcwd(), "
                                "'relative.py'), __file__\n");
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(folder.path());
    pyhost::interpreter python;
    const auto ended = python.run_file("relative.py");
    std::filesystem::current_path(previous);
    INFO(describe(ended));
    CHECK(ended.succeeded());
}

TEST_CASE("a file's coding declaration counts and a file that is not UTF-8 without one is "
          "python3's SyntaxError") {
    const temporary_folder folder;
    const auto declared =
        folder.write("declared.py", "# -*- coding: latin-1 -*-\nprint('caf\xe9', end='')\n");
    const auto undeclared = folder.write("undeclared.py", "print('caf\xe9')\n");
    pyhost::interpreter python;
    recorder out;
    pyhost::output streams;
    streams.out = out.sink();
    CHECK(python.run_file(declared, streams).succeeded());
    CHECK(out.text() == "caf\xc3\xa9");
    recorder err;
    const auto ended = python.run_file(undeclared, errors_to(err));
    const auto reference = run_python({"-I", undeclared.string()}, folder.path());
    CHECK(ended.type_name() == "SyntaxError");
    CHECK(ended.traceback() == reference.err);
    CHECK(err.text() == reference.err);
}

TEST_CASE("a missing file is a FileNotFoundError outcome with python3's message") {
    const temporary_folder folder;
    const auto missing = folder.path() / "missing.py";
    pyhost::interpreter python;
    recorder err;
    const auto ended = python.run_file(missing, errors_to(err));
    REQUIRE(ended.raised());
    CHECK(ended.type_name() == "FileNotFoundError");
    const auto reference = run_python({"-I", missing.string()}, folder.path());
    // python3 prefixes its own path: "/usr/bin/python3: can't open file ...".
    CHECK(reference.err == std::string{PYHOST_TEST_PYTHON} + ": " + ended.message() + "\n");
    CHECK(ended.message() ==
          "can't open file '" + missing.string() + "': [Errno 2] No such file or directory");
    CHECK(err.text() == "FileNotFoundError: " + ended.message() + "\n");
    CHECK(python.run_file(folder.path()).type_name() == "IsADirectoryError");
}

TEST_CASE("a module runs as python3 -m runs it and exits with its status") {
    const temporary_folder folder;
    folder.write("runnable.py", "import sys\nassert __name__ == '__main__'\nraise SystemExit(3)\n");
    folder.write("package/__init__.py", "");
    folder.write("package/__main__.py", "assert __spec__.name == 'package.__main__'\n");
    pyhost::options opts;
    opts.module_search_paths = {folder.path()};
    pyhost::interpreter python{opts};
    const auto ended = python.run_module("runnable");
    INFO(describe(ended));
    CHECK(ended.exited());
    CHECK(ended.exit_status() == 3);
    const auto package = python.run_module("package");
    INFO(describe(package));
    CHECK(package.succeeded());
    CHECK(python.evaluate("__name__").value().as_string() == "__main__");
    CHECK(python.evaluate("'__spec__' in globals() and __spec__ is None").value().as_bool());
}

TEST_CASE("a missing module is a ModuleNotFoundError outcome") {
    pyhost::interpreter python;
    const auto missing = python.run_module("no_such_module");
    CHECK(missing.type_name() == "ModuleNotFoundError");
    CHECK(missing.message() == "No module named 'no_such_module'");
    const auto missing_parent = python.run_module("no_such_package.sub");
    CHECK(missing_parent.type_name() == "ModuleNotFoundError");
    CHECK(missing_parent.message() == "No module named 'no_such_package'");
    const auto missing_child = python.run_module("json.no_such_child");
    CHECK(missing_child.type_name() == "ModuleNotFoundError");
    CHECK(missing_child.message() == "No module named 'json.no_such_child'");
}

TEST_CASE("a package without __main__ and a relative name end as python3 -m ends them") {
    const temporary_folder folder;
    pyhost::interpreter python;
    for (const char *name : {"json", ".relative"}) {
        INFO(name);
        recorder err;
        const auto ended = python.run_module(name, errors_to(err));
        const auto reference = run_python({"-I", "-m", name}, folder.path());
        CHECK(ended.exited());
        CHECK(ended.exit_status() == reference.status);
        // runpy's message, after sys.executable: the application's here, python3's there.
        const auto after_executable = [](const std::string &text) {
            return text.substr(text.find(": ") + 2);
        };
        CHECK(after_executable(ended.message()) + "\n" == after_executable(reference.err));
        CHECK(err.text() == ended.message() + "\n");
    }
}

TEST_CASE("source that is not UTF-8 is a UnicodeDecodeError outcome that names the byte") {
    pyhost::interpreter python;
    const auto ended = python.run_source("x = 'caf\xc3\xa9'\ny = '\xff'\n");
    REQUIRE(ended.raised());
    CHECK(ended.type_name() == "UnicodeDecodeError");
    CHECK(ended.message() == "'utf-8' codec can't decode byte 0xff in position 17: invalid start "
                             "byte");
    CHECK(python.evaluate("'y' in globals()").value().as_bool() == false);
    const auto truncated = python.run_source("x = '\xe2\x82");
    CHECK(truncated.message() == "'utf-8' codec can't decode bytes in position 5-6: unexpected "
                                 "end of data");
    const auto surrogate = python.evaluate("'\xed\xa0\x80'");
    CHECK(surrogate.outcome().type_name() == "UnicodeDecodeError");
}

TEST_CASE("source that does not compile is a SyntaxError outcome") {
    pyhost::interpreter python;
    const auto ended = python.run_source("x = (1,\n", "<broken>");
    REQUIRE(ended.raised());
    CHECK(ended.type_name() == "SyntaxError");
    CHECK_THAT(ended.message(), Catch::Contains("<broken>"));
    CHECK_THAT(ended.traceback(), Catch::Contains("File \"<broken>\", line 1"));
    CHECK(python.run_source("def f(:\n    pass").type_name() == "SyntaxError");
}

TEST_CASE("a file's traceback and stderr are what python3 prints for the same script") {
    const temporary_folder folder;
    const auto script = folder.write("failing.py", failing_script);
    pyhost::interpreter python;
    recorder err;
    const auto ended = python.run_file(script, errors_to(err));
    const auto reference = run_python({"-I", script.string()}, folder.path());
    REQUIRE(ended.raised());
    CHECK(ended.type_name() == "KeyError");
    CHECK(ended.message() == "'while converting'");
    CHECK(reference.status == ended.exit_status());
    CHECK(ended.traceback() == reference.err);
    CHECK(err.text() == reference.err);
}

TEST_CASE("a module's traceback is what python3 -m prints for the same module") {
    const temporary_folder folder;
    folder.write("failing_module.py", failing_script);
    pyhost::options opts;
    opts.module_search_paths = {folder.path()};
    pyhost::interpreter python{opts};
    recorder err;
    const auto ended = python.run_module("failing_module", errors_to(err));
    // -E and -s rather than -I, whose safe path would leave out the folder of the module.
    const auto reference = run_python({"-E", "-s", "-m", "failing_module"}, folder.path());
    REQUIRE(ended.raised());
    CHECK(reference.status == ended.exit_status());
    CHECK(ended.traceback() == reference.err);
    CHECK(err.text() == reference.err);
}

TEST_CASE("source text is compiled as compile() compiles a str: a coding declaration in it does "
          "not count") {
    pyhost::interpreter python;
    // UTF-8 text that declares latin-1: read as latin-1 it would be 'cafÃ©'.
    REQUIRE(python.run_source("# -*- coding: latin-1 -*-\ns = 'caf\xc3\xa9'\n").succeeded());
    CHECK(python.evaluate("s == 'caf\\u00e9'").value().as_bool());
}

TEST_CASE("source text with a null byte fails as python3's compile() fails it") {
    const temporary_folder folder;
    pyhost::interpreter python;
    const auto ended = python.run_source(std::string{"x = 1\0", 6}, "<nul>");
    // compile() of a str with a null byte: ValueError before 3.12, SyntaxError from 3.12.
    const auto reference =
        run_python({"-I", "-c",
                    "try:\n    compile('x = 1\\0', '<nul>', 'exec')\nexcept BaseException as e:\n"
                    "    print(type(e).__name__, e, sep='\\n', end='')\n"},
                   folder.path());
    const auto newline = reference.out.find('\n');
    REQUIRE(newline != std::string::npos);
    CHECK(ended.type_name() == reference.out.substr(0, newline));
    CHECK(ended.message() == reference.out.substr(newline + 1));
}

TEST_CASE("the same source run again shows its lines in a traceback after linecache is "
          "cleared") {
    pyhost::interpreter python;
    const std::string failing = "def fail():\n    raise ValueError('again')\nfail()\n";
    const auto first = python.run_source(failing, "<again>");
    CHECK_THAT(first.traceback(), Catch::Contains("    raise ValueError('again')\n"));
    REQUIRE(python.run_source("import linecache; linecache.clearcache()").succeeded());
    const auto second = python.run_source(failing, "<again>");
    CHECK_THAT(second.traceback(), Catch::Contains("    raise ValueError('again')\n"));
    CHECK(second.traceback() == first.traceback());
}
