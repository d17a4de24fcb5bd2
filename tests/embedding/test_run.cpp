#include "app/run.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using pyhost::options;
using pyhost::program_source;

namespace {

options command(std::string code, std::vector<std::string> arguments = {}) {
    options opts;
    opts.source = program_source::command;
    opts.program = std::move(code);
    opts.arguments = std::move(arguments);
    return opts;
}

// A script in a fresh directory of its own.
std::filesystem::path write_script(const std::string &name, const std::string &source) {
    auto directory =
        std::filesystem::temp_directory_path() / ("pyhost-test-run-" + std::to_string(getpid()));
    std::filesystem::create_directories(directory);
    auto path = directory / name;
    std::ofstream(path) << source;
    return path;
}

// The exit status of pyhost::run in a child process, or 128 + the signal that ended it. A child
// because python's main, like python itself, ends the process on SystemExit rather than return.
int run(const options &opts) {
    std::fflush(nullptr);
    const pid_t child = fork();
    if (child == 0) {
        _exit(pyhost::run(opts, {"pyhost"}));
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

TEST_CASE("a command runs with my_python_module importable") {
    CHECK(run(command("import my_python_module\n"
                      "assert my_python_module.sum_as_string(1, 2) == '3'")) == 0);
}

TEST_CASE("a command's sys.argv starts with -c and holds the program's arguments") {
    CHECK(run(command("import sys; assert sys.argv == ['-c', '-v', 'x'], sys.argv", {"-v", "x"})) ==
          0);
}

TEST_CASE("SystemExit's code is the exit status") {
    CHECK(run(command("raise SystemExit(3)")) == 3);
}

TEST_CASE("SystemExit without a code is status 0") {
    CHECK(run(command("raise SystemExit(None)")) == 0);
}

TEST_CASE("SystemExit with a message is status 1") {
    CHECK(run(command("import sys; sys.exit('a message goes to stderr')")) == 1);
}

TEST_CASE("an uncaught exception makes the exit status 1") {
    CHECK(run(command("raise ValueError('uncaught')")) == 1);
}

TEST_CASE("a syntax error makes the exit status 1") {
    CHECK(run(command("def broken(:")) == 1);
}

TEST_CASE("a script runs as __main__ with its own file name and arguments and directory") {
    auto script = write_script("script.py", R"(
import os, sys
assert __name__ == '__main__', __name__
assert __file__ == sys.argv[0], (__file__, sys.argv)
assert sys.argv[1:] == ['one', '--two'], sys.argv
assert sys.path[0] == os.path.dirname(os.path.realpath(sys.argv[0])), sys.path[0]
raise SystemExit(7)
)");
    options opts;
    opts.source = program_source::file;
    opts.program = script.string();
    opts.arguments = {"one", "--two"};
    CHECK(run(opts) == 7);
}

TEST_CASE("a script that cannot be opened makes the exit status 2") {
    options opts;
    opts.source = program_source::file;
    opts.program = "/nonexistent/pyhost/script.py";
    CHECK(run(opts) == 2);
}

TEST_CASE("a module runs as __main__ with -m") {
    auto script = write_script("pyhost_test_module.py", R"(
import sys
assert __name__ == '__main__'
assert sys.argv[1:] == ['arg'], sys.argv
raise SystemExit(5)
)");
    options opts;
    opts.source = program_source::module;
    opts.program = "pyhost_test_module";
    opts.arguments = {"arg"};
    opts.warnings = {"error"};
    // The module is found through PYTHONPATH, which run() honours as python does.
    setenv("PYTHONPATH", script.parent_path().c_str(), 1);
    CHECK(run(opts) == 5);
}

TEST_CASE("options reach sys.flags") {
    auto opts = command("import sys\n"
                        "assert sys.flags.optimize == 2, sys.flags\n"
                        "assert sys.flags.isolated == 1 and sys.flags.safe_path, sys.flags\n"
                        "assert sys.flags.bytes_warning == 1, sys.flags\n"
                        "assert sys.warnoptions[-1] == 'ignore::UserWarning', sys.warnoptions\n"
                        "assert sys._xoptions == {'utf8': True, 'a': 'b'}, sys._xoptions\n");
    opts.optimize = 2;
    opts.isolated = true;
    opts.bytes_warning = 1;
    opts.warnings = {"ignore::UserWarning"};
    opts.xoptions = {"utf8", "a=b"};
    CHECK(run(opts) == 0);
}

TEST_CASE("atexit handlers run before the interpreter ends") {
    auto marker = write_script("atexit-marker", "");
    std::filesystem::remove(marker);
    CHECK(run(command("import atexit, sys\n"
                      "atexit.register(lambda: open(sys.argv[1], 'w').close())",
                      {marker.string()})) == 0);
    CHECK(std::filesystem::exists(marker));
}
