// The command line is parsed without starting a process: CLI11's own TApp pattern.
#include "app/command_line.hpp"
#include "app/python_help.hpp"
#include "app/python_status.hpp"

#include <Python.h>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using pyhost::options;
using pyhost::program_source;
using strings = std::vector<std::string>;

namespace {

struct parsed {
    options opts;
    strings canonical;
};

parsed parse(const strings &args) {
    CLI::App app;
    parsed result;
    pyhost::configure_cli(app, result.opts);
    app.name("pyhost");
    pyhost::parse(app, result.opts, args);
    result.canonical = pyhost::python_argv(result.opts, "pyhost");
    return result;
}

struct failure {
    int status = 0;
    std::string out;
    std::string err;
};

// What the host prints and returns for a command line that ends before Python starts.
failure fail(const strings &args) {
    CLI::App app;
    options opts;
    pyhost::configure_cli(app, opts);
    app.name("pyhost");
    try {
        pyhost::parse(app, opts, args);
    } catch (const CLI::ParseError &error) {
        std::ostringstream out;
        std::ostringstream err;
        const int status = pyhost::exit_status(app, error, out, err);
        return {status, out.str(), err.str()};
    }
    FAIL("the command line was accepted");
    return {};
}

} // namespace

TEST_CASE("a command given with -c ends the option list and what follows goes to the program") {
    auto result = parse({"-c", "print(1)", "-v", "x"});
    CHECK(result.opts.source == program_source::command);
    CHECK(result.opts.program == "print(1)");
    CHECK(result.opts.verbose == 0);
    CHECK(result.opts.arguments == strings{"-v", "x"});
}

TEST_CASE("a module given with -m ends the option list, also glued to its value") {
    auto result = parse({"-I", "-mjson.tool", "-h"});
    CHECK(result.opts.source == program_source::module);
    CHECK(result.opts.program == "json.tool");
    CHECK(result.opts.isolated);
    CHECK(result.opts.arguments == strings{"-h"});
}

TEST_CASE("a script name ends the option list") {
    auto result = parse({"-u", "script.py", "-u", "--help"});
    CHECK(result.opts.source == program_source::file);
    CHECK(result.opts.program == "script.py");
    CHECK(result.opts.unbuffered);
    CHECK(result.opts.arguments == strings{"-u", "--help"});
}

TEST_CASE("a double dash makes the next item the script even when it starts with a dash") {
    auto result = parse({"-E", "--", "-script.py", "a"});
    CHECK(result.opts.source == program_source::file);
    CHECK(result.opts.program == "-script.py");
    CHECK(result.opts.arguments == strings{"a"});
    CHECK(result.canonical == strings{"pyhost", "-E", "--", "-script.py", "a"});
}

TEST_CASE("a lone dash reads the program from stdin, no program at all too") {
    auto dash = parse({"-", "a"});
    CHECK(dash.opts.source == program_source::standard_input);
    CHECK(dash.canonical == strings{"pyhost", "-", "a"});
    auto none = parse({"-q"});
    CHECK(none.opts.source == program_source::none);
    CHECK(none.canonical == strings{"pyhost", "-q"});
}

TEST_CASE("combined flags set each flag and repeated flags count") {
    auto result = parse({"-IEPs", "-bb", "-OOR", "-c", "pass"});
    CHECK(result.opts.isolated);
    CHECK(result.opts.ignore_environment);
    CHECK(result.opts.safe_path);
    CHECK(result.opts.no_user_site);
    CHECK(result.opts.bytes_warning == 2);
    CHECK(result.opts.optimize == 2);
    CHECK(result.opts.hash_randomization);
}

TEST_CASE("a value-taking option at the end of a cluster takes its value from the cluster or the "
          "next item") {
    auto glued = parse({"-IcX=1", "more"});
    CHECK(glued.opts.program == "X=1");
    CHECK(glued.opts.arguments == strings{"more"});
    auto next = parse({"-Ic", "print(2)", "more"});
    CHECK(next.opts.program == "print(2)");
    CHECK(next.opts.arguments == strings{"more"});
}

TEST_CASE("warning and -X options take glued or separate values and keep their order") {
    auto result =
        parse({"-Werror", "-W", "ignore::DeprecationWarning", "-Xutf8", "-X", "dev", "script.py"});
    CHECK(result.opts.warnings == strings{"error", "ignore::DeprecationWarning"});
    CHECK(result.opts.xoptions == strings{"utf8", "dev"});
    CHECK(result.canonical == strings{"pyhost", "-W", "error", "-W", "ignore::DeprecationWarning",
                                      "-X", "utf8", "-X", "dev", "--", "script.py"});
}

TEST_CASE("the hash-based pyc mode is one of python's three") {
    auto result = parse({"--check-hash-based-pycs", "always", "-c", "pass"});
    CHECK(result.opts.check_hash_based_pycs == "always");
    auto bad = fail({"--check-hash-based-pycs", "sometimes"});
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Catch::StartsWith("--check-hash-based-pycs must be one of 'default', "
                                          "'always', or 'never'\nusage: pyhost "));
}

TEST_CASE("unknown options are reported as python reports them, with status 2") {
    CHECK_THAT(fail({"-z"}).err, Catch::StartsWith("Unknown option: -z\nusage: pyhost "));
    CHECK_THAT(fail({"-Ez", "-c", "pass"}).err, Catch::StartsWith("Unknown option: -z\n"));
    CHECK_THAT(fail({"-I", "--unknown-option"}).err,
               Catch::StartsWith("unknown option --unknown-option\nusage: "));
    CHECK(fail({"-z"}).status == 2);
    CHECK(fail({"-z"}).out.empty());
}

TEST_CASE("an option without its argument is a usage error") {
    for (const char *option : {"-c", "-m", "-W", "-X"}) {
        auto result = fail({option});
        CHECK(result.status == 2);
        CHECK_THAT(result.err, Catch::StartsWith(std::string("Argument expected for the ") +
                                                 option + " option\n"));
    }
}

TEST_CASE("help is printed on stdout with status 0 and starts with the usage line") {
    for (const char *flag : {"-h", "-?", "--help"}) {
        auto result = fail({flag});
        CHECK(result.status == 0);
        CHECK_THAT(result.out, Catch::StartsWith("usage: pyhost [option] ... [-c cmd | -m mod | "
                                                 "file | -] [arg] ..."));
        CHECK_THAT(result.out, !Catch::Contains("PYTHONHOME"));
    }
    CHECK_THAT(fail({"--help-env"}).out, Catch::Contains("PYTHONHOME"));
    CHECK_THAT(fail({"--help-xoptions"}).out, Catch::Contains("-X dev"));
    auto all = fail({"--help-all"});
    CHECK_THAT(all.out, Catch::Contains("PYTHONHOME") && Catch::Contains("-X dev"));
}

TEST_CASE("the version option prints python's version, twice the build too") {
    auto short_version = fail({"-V"});
    CHECK(short_version.status == 0);
    CHECK_THAT(short_version.out, Catch::Matches("Python 3\\.\\d+\\.\\d+\\S*\n"));
    CHECK_THAT(fail({"--version"}).out, Catch::Matches("Python 3\\.\\d+\\.\\d+\\S*\n"));
    CHECK_THAT(fail({"-VV"}).out, Catch::Matches("Python 3\\.\\d+\\.\\d+\\S* \\(.*\\n"));
}

TEST_CASE("python 2's -t is accepted, alone or in a cluster, and changes nothing") {
    auto alone = parse({"-t", "-c", "pass"});
    CHECK(alone.canonical == strings{"pyhost", "-c", "pass"});
    auto cluster = parse({"-Btt", "script.py"});
    CHECK(cluster.opts.dont_write_bytecode);
    CHECK(cluster.canonical == strings{"pyhost", "-B", "--", "script.py"});
    CHECK(fail({"-3"}).status == 2);
    CHECK_THAT(fail({"-U"}).err, Catch::StartsWith("Unknown option: -U\n"));
}

TEST_CASE("help is python's own text, and --help-all adds the variables and the -X options") {
    const std::string usage = "usage: pyhost [option] ... [-c cmd | -m mod | file | -] [arg] ...\n";
    const auto help = fail({"--help"});
    CHECK(help.out == usage + std::string(pyhost::python_help::options()));
    CHECK_THAT(help.out,
               Catch::Contains("\nOptions (and corresponding environment variables):\n") &&
                   Catch::EndsWith("arg ...: arguments passed to program in sys.argv[1:]\n"));
    const auto separator = std::string(pyhost::python_help::section_separator());
    CHECK(fail({"--help-all"}).out == help.out + separator +
                                          std::string(pyhost::python_help::environment()) +
                                          separator + std::string(pyhost::python_help::xoptions()));
    CHECK_THAT(fail({"--help-env"}).out,
               Catch::StartsWith("Environment variables that change behavior:\n"));
    CHECK_THAT(fail({"--help-xoptions"}).out,
               Catch::StartsWith("The following implementation-specific options are available:\n"));
    CHECK(fail({"-E", "--help-xoptions", "--help-env"}).out == pyhost::python_help::xoptions());
}

TEST_CASE("each version's help names the -X options and variables that version added") {
    const auto all = fail({"--help-all"}).out;
    CHECK_THAT(all, Catch::Contains("-X int_max_str_digits") && Catch::Contains("PYTHONSAFEPATH"));
    if (PY_VERSION_HEX >= 0x030C0000) {
        CHECK_THAT(all, Catch::Contains("-X perf"));
    }
    if (PY_VERSION_HEX >= 0x030D0000) {
        CHECK_THAT(all, Catch::Contains("-X cpu_count") && Catch::Contains("PYTHON_CPU_COUNT") &&
                            Catch::Contains("PYTHON_COLORS") && Catch::Contains("PYTHON_HISTORY") &&
                            Catch::Contains("PYTHON_FROZEN_MODULES"));
    } else {
        CHECK_THAT(all, !Catch::Contains("cpu_count") && !Catch::Contains("PYTHON_COLORS"));
    }
}

TEST_CASE("an unknown option is named by the low byte of its character, as python names it") {
    // python decodes the argument with the process's locale and prints the character it does not
    // know cast to char. In a UTF-8 locale, 'é' (bytes C3 A9) is U+00E9 and is printed as byte E9;
    // this runner's interpreter leaves the locale as the process found it.
    const pyhost::decoded_locale_text decoded{Py_DecodeLocale("\xc3\xa9", nullptr)};
    REQUIRE(decoded != nullptr);
    const char low_byte = static_cast<char>(decoded.get()[0]);
    CHECK_THAT(fail({"-b\xc3\xa9"}).err,
               Catch::StartsWith(std::string("Unknown option: -") + low_byte + "\n"));
    CHECK_THAT(fail({"-b-x"}).err, Catch::StartsWith("unknown option -b-x\n"));
    CHECK_THAT(fail({"--version=1"}).err, Catch::StartsWith("unknown option --version=1\n"));
}

TEST_CASE("a dash inside a cluster starts a long option named by the rest of the argument") {
    CHECK(fail({"-b-help-env"}).out == pyhost::python_help::environment());
    auto result = parse({"-b-check-hash-based-pycs", "always", "-c", "pass"});
    CHECK(result.opts.bytes_warning == 1);
    CHECK(result.opts.check_hash_based_pycs == "always");
    CHECK(result.opts.program == "pass");
    CHECK_THAT(fail({"-B-check-hash-based-pycs"}).err,
               Catch::StartsWith("Argument expected for the -B-check-hash-based-pycs options\n"));
}

TEST_CASE("usage errors and help come in the order of the command line, as in python") {
    CHECK(fail({"-hc"}).status == 0);
    CHECK(fail({"-V", "-bh", "-z"}).status == 0);
    CHECK_THAT(fail({"--check-hash-based-pycs", "bogus", "-z"}).err,
               Catch::StartsWith("--check-hash-based-pycs must be one of "));
    CHECK_THAT(fail({"-z", "--check-hash-based-pycs", "bogus"}).err,
               Catch::StartsWith("Unknown option: -z\n"));
}

TEST_CASE("values that look like options are values, glued or separate") {
    auto result = parse({"-W", "--", "-X-v", "-c", "--"});
    CHECK(result.opts.warnings == strings{"--"});
    CHECK(result.opts.xoptions == strings{"-v"});
    CHECK(result.opts.program == "--");
    CHECK(result.opts.source == program_source::command);
}
