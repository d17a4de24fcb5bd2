#include "app/command_line.hpp"

#include <Python.h>

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace pyhost {

namespace {

// The group of the options that name the program; python stops reading options after them.
constexpr const char *program_group = "Program";
// The help options, which python obeys as soon as it reads them, whatever follows.
constexpr const char *help_group = "Help";

constexpr std::string_view usage_line = "[option] ... [-c cmd | -m mod | file | -] [arg] ...";

constexpr std::string_view arguments_help = R"(Arguments:
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
)";

constexpr std::string_view environment_help =
    R"(Environment variables that change behavior (all ignored under -E and -I):
PYTHONSTARTUP   : file executed on interactive startup (no default)
PYTHONPATH      : ':'-separated list of directories prefixed to the default
                  module search path; the result is sys.path
PYTHONHOME      : alternate <prefix> directory (or <prefix>:<exec_prefix>)
PYTHONPLATLIBDIR: override sys.platlibdir
PYTHONCASEOK    : ignore case in 'import' statements (Windows)
PYTHONUTF8      : if set to 1, enable the UTF-8 mode
PYTHONIOENCODING: encoding[:errors] used for stdin/stdout/stderr
PYTHONFAULTHANDLER: dump the Python traceback on fatal errors
PYTHONHASHSEED  : 'random', or an integer in [0, 4294967295] to seed str hashes
PYTHONINTMAXSTRDIGITS: limit of digits when converting between int and str
PYTHONMALLOC    : memory allocators (malloc, pymalloc, with _debug variants)
PYTHONCOERCECLOCALE: if 0, disable coercion of the legacy C locale
PYTHONBREAKPOINT: callable run by the breakpoint() builtin
PYTHONDEVMODE   : enable the development mode, as -X dev
PYTHONPYCACHEPREFIX: root directory for bytecode cache (pyc) files
PYTHONWARNDEFAULTENCODING: warn when the locale-specific default encoding is used
PYTHONNODEBUGRANGES: omit column positions from code objects
These variables have equivalent command-line options (see --help):
PYTHONDEBUG, PYTHONDONTWRITEBYTECODE, PYTHONINSPECT, PYTHONOPTIMIZE, PYTHONSAFEPATH,
PYTHONUNBUFFERED, PYTHONVERBOSE, PYTHONWARNINGS, PYTHONNOUSERSITE
)";

constexpr std::string_view xoptions_help =
    R"(The -X options of this Python (any other -X value is kept in sys._xoptions):
-X faulthandler: dump the Python traceback on fatal errors
-X showrefcount: print the total reference count after each statement (debug builds)
-X tracemalloc[=N]: trace Python memory allocations, keeping N frames
-X importtime: show how long each import takes
-X dev: enable the development mode: more runtime checks and warnings
-X utf8[=0|1]: enable or disable the UTF-8 mode
-X pycache_prefix=PATH: write .pyc files to a parallel tree under PATH
-X warn_default_encoding: warn when the locale-specific default encoding is used
-X no_debug_ranges: omit column positions from code objects
-X frozen_modules=[on|off]: use the frozen standard-library modules or not
-X int_max_str_digits=N: limit of digits when converting between int and str
)";

// --help-env and --help-xoptions: help that exits, as CLI::CallForHelp does.
class help_topic : public CLI::Success {
  public:
    explicit help_topic(std::string_view text)
        : CLI::Success("HelpTopic", std::string(text), CLI::ExitCodes::Success) {}
};

// python's help: its usage line, the options, its "Arguments" section; with --help-all, the
// environment variables and -X options too.
class python_formatter : public CLI::Formatter {
  public:
    std::string make_usage(const CLI::App *app, std::string name) const override {
        return fmt::format("usage: {} {}\n", name.empty() ? app->get_name() : name, usage_line);
    }
    std::string make_description(const CLI::App *) const override { return {}; }
    std::string make_footer(const CLI::App *) const override { return std::string(arguments_help); }
    std::string make_help(const CLI::App *app, std::string name,
                          CLI::AppFormatMode mode) const override {
        auto text = CLI::Formatter::make_help(app, std::move(name), mode);
        if (mode == CLI::AppFormatMode::All) {
            text += fmt::format("\n{}\n{}", environment_help, xoptions_help);
        }
        return text;
    }
};

constexpr const char *unknown_option_error = "UnknownOption";

// An option that python does not know, reported with python's words.
class unknown_option : public CLI::ParseError {
  public:
    explicit unknown_option(std::string message)
        : CLI::ParseError(unknown_option_error, std::move(message), CLI::ExitCodes::ExtrasError) {}
};

std::string usage_error_message(const CLI::Error &error) {
    const std::string name = error.get_name();
    if (name == unknown_option_error) {
        return error.what();
    }
    if (name == "ArgumentMismatch") {
        // CLI11 says "-W: 1 required TEXT missing"; python names the option.
        std::string_view what = error.what();
        auto option = what.substr(0, what.find(':'));
        // python's own message says "options" for this one; matched so tools comparing output
        // agree.
        const char *noun = option == "--check-hash-based-pycs" ? "options" : "option";
        return fmt::format("Argument expected for the {} {}", option, noun);
    }
    if (name == "ValidationError") {
        return "--check-hash-based-pycs must be one of 'default', 'always', or 'never'";
    }
    return error.what();
}

// How many of `args` belong to the interpreter: its options, then the program (a file or '-'),
// or up to and including the value of the option that names the program (-c, -m), which ends
// python's option list. Everything after is the program's. Like python, it stops at the first
// option it does not know (and knows long options only without '=value'). Which options exist
// and take a value is read from `app`, so this and CLI11 cannot disagree.
std::size_t interpreter_argument_count(const CLI::App &app, const std::vector<std::string> &args) {
    auto option_named = [&app](const std::string &name) { return app.get_option_no_throw(name); };
    auto takes_value = [](const CLI::Option *option) {
        return option->get_items_expected_max() > 0;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--") {
            return std::min(i + 2, args.size());
        }
        if (arg.size() < 2 || arg[0] != '-') {
            return i + 1; // the program: a file, or '-' for stdin
        }
        if (arg[1] == '-') {
            const auto *option = arg.find('=') == std::string::npos ? option_named(arg) : nullptr;
            if (option == nullptr) {
                throw unknown_option("unknown option " + arg);
            }
            if (option->get_group() == help_group) {
                return i + 1;
            }
            i += takes_value(option) ? 1U : 0U;
            continue;
        }
        for (std::size_t j = 1; j < arg.size(); ++j) {
            const std::string name{'-', arg[j]};
            const auto *option = option_named(name);
            if (option == nullptr) {
                throw unknown_option(name == "-J" ? "-J is reserved for Jython"
                                                  : "Unknown option: " + name);
            }
            if (option->get_group() == help_group) {
                return i + 1;
            }
            if (!takes_value(option)) {
                continue;
            }
            const bool value_is_next = j + 1 == arg.size();
            if (option->get_group() == program_group) {
                return std::min(value_is_next ? i + 2 : i + 1, args.size());
            }
            i += value_is_next ? 1U : 0U;
            break;
        }
    }
    return args.size();
}

} // namespace

void configure_cli(CLI::App &app, options &opts) {
    app.formatter(std::make_shared<python_formatter>());
    app.get_formatter()->column_width(24);
    app.failure_message([](const CLI::App *failed, const CLI::Error &error) {
        return fmt::format("{}\nusage: {} {}\nTry `{} -h' for more information.\n",
                           usage_error_message(error), failed->get_name(), usage_line, "pyhost");
    });
    app.set_help_flag("-h,-?,--help", "print this help message and exit")->group(help_group);
    app.add_flag("--help-env")
        ->description("print help about Python environment variables and exit")
        ->group(help_group);
    app.add_flag("--help-xoptions")
        ->description("print help about implementation-specific -X options and exit")
        ->group(help_group);
    app.set_help_all_flag("--help-all", "print complete help information and exit")
        ->group(help_group);

    app.add_flag("-b", opts.bytes_warning,
                 "warn about str(bytes) and comparing bytes with str (-bb: errors)");
    app.add_flag("-B", opts.dont_write_bytecode,
                 "don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x");
    app.add_flag("-d", opts.parser_debug,
                 "turn on parser debugging output (debug builds); also PYTHONDEBUG=x");
    app.add_flag("-E", opts.ignore_environment,
                 "ignore PYTHON* environment variables (such as PYTHONPATH)");
    app.add_flag("-i", opts.inspect,
                 "inspect interactively after running the program; also PYTHONINSPECT=x");
    app.add_flag("-I", opts.isolated,
                 "isolate Python from the user's environment (implies -E, -P and -s)");
    app.add_flag("-O", opts.optimize,
                 "remove asserts and __debug__ code (-OO: docstrings too); also PYTHONOPTIMIZE=x");
    app.add_flag("-P", opts.safe_path,
                 "don't prepend a potentially unsafe path to sys.path; also PYTHONSAFEPATH");
    app.add_flag("-q", opts.quiet, "don't print the version and copyright on interactive startup");
    app.add_flag("-R", opts.hash_randomization, "randomize str hashes even under PYTHONHASHSEED")
        ->group(""); // accepted but unlisted, as in python's help
    app.add_flag("-s", opts.no_user_site,
                 "don't add the user site directory to sys.path; also PYTHONNOUSERSITE");
    app.add_flag("-S", opts.no_site, "don't imply 'import site' on initialization");
    app.add_flag("-u", opts.unbuffered,
                 "force stdout and stderr to be unbuffered; also PYTHONUNBUFFERED=x");
    app.add_flag("-v", opts.verbose, "verbose (trace import statements); also PYTHONVERBOSE=x");
    app.add_flag("-V,--version")
        ->description("print the Python version and exit (-VV: more of the build)");
    app.add_option("-W", opts.warnings,
                   "warning control: action:message:category:module:lineno; also PYTHONWARNINGS")
        ->type_name("arg")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("-x", opts.skip_first_line, "skip the first line of the source (#!cmd forms)");
    app.add_option("-X", opts.xoptions, "set an implementation-specific option (--help-xoptions)")
        ->type_name("opt")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--check-hash-based-pycs", opts.check_hash_based_pycs,
                   "how to invalidate hash-based .pyc files: always, default or never")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
        ->check(CLI::IsMember({"always", "default", "never"}).description(""))
        ->type_name("mode");

    app.add_option("-c", opts.program, "program passed in as a string (ends the option list)")
        ->type_name("cmd")
        ->group(program_group);
    app.add_option("-m", opts.program, "run a library module as a script (ends the option list)")
        ->type_name("mod")
        ->group(program_group);
    app.add_option("file", opts.program, "program read from a script file, or - for stdin")
        ->group(""); // described in the "Arguments" section, as python does
}

void parse(CLI::App &app, options &opts, const std::vector<std::string> &args) {
    const auto count = interpreter_argument_count(app, args);
    std::vector<std::string> interpreter_args(args.begin(),
                                              args.begin() + static_cast<long>(count));
    // CLI11 parses a reversed vector, taking items from its back.
    std::reverse(interpreter_args.begin(), interpreter_args.end());
    app.parse(interpreter_args);

    if (app.count("--help-env") > 0) {
        throw help_topic(environment_help);
    }
    if (app.count("--help-xoptions") > 0) {
        throw help_topic(xoptions_help);
    }
    if (const auto version = app.count("--version"); version > 0) {
        // -V prints python's version as `python` does; -VV adds the build's details.
        std::string_view full = Py_GetVersion();
        auto shown = version > 1 ? full : full.substr(0, full.find(' '));
        throw CLI::CallForVersion(fmt::format("Python {}", shown), 0);
    }
    if (app.count("-c") > 0) {
        opts.source = program_source::command;
    } else if (app.count("-m") > 0) {
        opts.source = program_source::module;
    } else if (app.count("file") > 0) {
        opts.source = opts.program == "-" ? program_source::standard_input : program_source::file;
    }
    if (opts.source == program_source::standard_input) {
        opts.program.clear();
    }
    opts.arguments.assign(args.begin() + static_cast<long>(count), args.end());
}

void parse(CLI::App &app, options &opts, int argc, const char *const *argv) {
    app.name(argc > 0 ? argv[0] : "pyhost");
    parse(app, opts, std::vector<std::string>(argv + std::min(argc, 1), argv + argc));
}

int exit_status(const CLI::App &app, const CLI::ParseError &error, std::ostream &out,
                std::ostream &err) {
    if (error.get_name() == "HelpTopic") {
        out << error.what();
        return error.get_exit_code();
    }
    // python's status for every usage error is 2, whatever CLI11's own code for it.
    constexpr int usage_error_status = 2;
    return app.exit(error, out, err) == 0 ? 0 : usage_error_status;
}

} // namespace pyhost
