#include "app/command_line.hpp"

#include "app/python_help.hpp"

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

// --help-env and --help-xoptions: help that exits, as CLI::CallForHelp does.
class help_topic : public CLI::Success {
  public:
    explicit help_topic(std::string_view text)
        : CLI::Success("HelpTopic", std::string(text), CLI::ExitCodes::Success) {}
};

// python's help, word for word as the embedded version prints it: its usage line, then its
// options and "Arguments" section; with --help-all, its environment variables and -X options too.
// python lays that text out by hand, which CLI11's columns of descriptions cannot reproduce, so
// the declarations below carry no descriptions.
class python_formatter : public CLI::Formatter {
  public:
    std::string make_usage(const CLI::App *app, std::string name) const override {
        return fmt::format("usage: {} {}\n", name.empty() ? app->get_name() : name, usage_line);
    }
    std::string make_help(const CLI::App *app, std::string name,
                          CLI::AppFormatMode mode) const override {
        auto text = make_usage(app, std::move(name)) + std::string(python_help::options());
        if (mode == CLI::AppFormatMode::All) {
            const auto separator = python_help::section_separator();
            text += fmt::format("{}{}{}{}", separator, python_help::environment(), separator,
                                python_help::xoptions());
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

// python's grammar is the same from 3.11 to 3.13: the short options of its getopt
// ("bBc:dEhiIJm:OPqRsStuvVW:xX:?") and six long options. What changed between versions are the
// -X options and PYTHON* variables, which CPython's configuration checks itself once the options
// reach it, and the help texts (python_help.hpp).
void configure_cli(CLI::App &app, options &opts) {
    app.formatter(std::make_shared<python_formatter>());
    app.failure_message([](const CLI::App *failed, const CLI::Error &error) {
        return fmt::format("{}\nusage: {} {}\nTry `{} -h' for more information.\n",
                           usage_error_message(error), failed->get_name(), usage_line, "pyhost");
    });
    app.set_help_flag("-h,-?,--help")->group(help_group);
    app.add_flag("--help-env")->group(help_group);
    app.add_flag("--help-xoptions")->group(help_group);
    app.set_help_all_flag("--help-all")->group(help_group);

    app.add_flag("-b", opts.bytes_warning);
    app.add_flag("-B", opts.dont_write_bytecode);
    app.add_flag("-d", opts.parser_debug);
    app.add_flag("-E", opts.ignore_environment);
    app.add_flag("-i", opts.inspect);
    app.add_flag("-I", opts.isolated);
    app.add_flag("-O", opts.optimize);
    app.add_flag("-P", opts.safe_path);
    app.add_flag("-q", opts.quiet);
    app.add_flag("-R", opts.hash_randomization);
    app.add_flag("-s", opts.no_user_site);
    app.add_flag("-S", opts.no_site);
    // Old shebangs still carry python 2's -t (warn about mixed tabs), which python 3 accepts and
    // ignores. It has no effect, so it stays out of `options`.
    app.add_flag("-t");
    app.add_flag("-u", opts.unbuffered);
    app.add_flag("-v", opts.verbose);
    app.add_flag("-V,--version");
    app.add_option("-W", opts.warnings)
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("-x", opts.skip_first_line);
    app.add_option("-X", opts.xoptions)
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--check-hash-based-pycs", opts.check_hash_based_pycs)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
        ->check(CLI::IsMember({"always", "default", "never"}));

    app.add_option("-c", opts.program)->group(program_group);
    app.add_option("-m", opts.program)->group(program_group);
    app.add_option("file", opts.program);
}

void parse(CLI::App &app, options &opts, const std::vector<std::string> &args) {
    const auto count = interpreter_argument_count(app, args);
    std::vector<std::string> interpreter_args(args.begin(),
                                              args.begin() + static_cast<long>(count));
    // CLI11 parses a reversed vector, taking items from its back.
    std::reverse(interpreter_args.begin(), interpreter_args.end());
    app.parse(interpreter_args);

    if (app.count("--help-env") > 0) {
        throw help_topic(python_help::environment());
    }
    if (app.count("--help-xoptions") > 0) {
        throw help_topic(python_help::xoptions());
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
