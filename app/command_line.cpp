#include "app/command_line.hpp"

#include "app/python_help.hpp"
#include "app/python_status.hpp"

#include <Python.h>

#include <fmt/core.h>

#include <algorithm>
#include <cwchar>
#include <memory>
#include <string_view>

namespace pyhost {

namespace {

// The group of the options that name the program; python stops reading options after them.
constexpr const char *program_group = "Program";
// The help options, which python obeys as soon as it reads them, whatever follows.
constexpr const char *help_group = "Help";

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
        return fmt::format("usage: {} {}\n", name.empty() ? app->get_name() : name,
                           python_help::usage());
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

constexpr const char *usage_error_name = "UsageError";

// A usage error, with what python prints before its usage line, line end included.
class usage_error : public CLI::ParseError {
  public:
    explicit usage_error(std::string text)
        : CLI::ParseError(usage_error_name, std::move(text), CLI::ExitCodes::ExtrasError) {}
};

// The character that python names in "Unknown option: -%c". python's getopt reads the argument
// decoded as wide characters, and prints the one it does not know cast to char: its low byte.
char reported_option(const char *text) {
    if (static_cast<unsigned char>(*text) < 0x80) {
        return *text;
    }
    const decoded_locale_text decoded(Py_DecodeLocale(text, nullptr));
    return decoded ? static_cast<char>(decoded.get()[0]) : *text;
}

// python prints an unknown long option with fprintf's %ls: the argument decoded, then encoded
// again for the locale. Where that fails (an undecodable byte, decoded to a lone surrogate),
// fprintf prints nothing more, not even the line's end.
std::string unknown_long_option(const std::string &arg) {
    const decoded_locale_text decoded(Py_DecodeLocale(arg.c_str(), nullptr));
    if (!decoded) {
        return fmt::format("unknown option {}\n", arg);
    }
    const wchar_t *source = decoded.get();
    std::mbstate_t state{};
    const std::size_t length = std::wcsrtombs(nullptr, &source, 0, &state);
    if (length == static_cast<std::size_t>(-1)) {
        return "unknown option ";
    }
    std::string encoded(length, '\0');
    source = decoded.get();
    state = std::mbstate_t{};
    std::wcsrtombs(encoded.data(), &source, length, &state);
    return fmt::format("unknown option {}\n", encoded);
}

void check_hash_based_pycs(const std::string &mode) {
    if (mode != "always" && mode != "never" && mode != "default") {
        throw usage_error(
            "--check-hash-based-pycs must be one of 'default', 'always', or 'never'\n");
    }
}

// The interpreter's part of the command line as python's getopt (Python/getopt.c) reads it.
struct interpreter_arguments {
    // One item per option, in order, for CLI11: "-b", "-Wvalue" (or "-W" then an empty value),
    // "--check-hash-based-pycs=mode", then "--" and the program's file, if there is one.
    std::vector<std::string> tokens;
    // How many of the arguments belong to the interpreter; the rest are the program's.
    std::size_t count = 0;
};

// Reads `args` the way python's getopt does, and reports its usage errors at the same point,
// with its words. The options end at the program (a file, or '-' for stdin), after the value of
// the option that names the program (-c, -m), at "--", or at a help option, which python obeys
// at once. A '-' inside an argument starts a long option named by the rest of it: "-b-help-env"
// is -b and --help-env. Which options exist and take a value is read from `app`, so that this and
// CLI11 cannot disagree.
interpreter_arguments read_like_getopt(const CLI::App &app, const std::vector<std::string> &args) {
    interpreter_arguments result;
    auto &tokens = result.tokens;
    auto takes_value = [](const CLI::Option *option) {
        return option->get_items_expected_max() > 0;
    };
    // python's getopt knows --help and --version only as whole arguments, not inside one.
    auto long_option = [&app](const std::string &name) -> const CLI::Option * {
        return name == "help" || name == "version" ? nullptr : app.get_option_no_throw("--" + name);
    };
    auto program_at = [&](std::size_t i) {
        if (i < args.size()) {
            tokens.insert(tokens.end(), {"--", args[i]});
            return i + 1;
        }
        return i;
    };
    std::size_t i = 0;
    while (i < args.size()) {
        const std::string &arg = args[i];
        if (arg.size() < 2 || arg[0] != '-') {
            result.count = program_at(i);
            return result;
        }
        ++i;
        if (arg == "--") {
            result.count = program_at(i);
            return result;
        }
        if (arg == "--help" || arg == "--version") {
            tokens.push_back(arg);
            if (arg == "--help") {
                result.count = i;
                return result;
            }
            continue;
        }
        for (std::size_t j = 1; j < arg.size(); ++j) {
            if (arg[j] == '-') {
                const std::string name = arg.substr(j + 1);
                if (name.empty()) {
                    // python's getopt says so, ends the options and carries on, as after "--".
                    fmt::print(stderr, "expected long option\n");
                    result.count = program_at(i);
                    return result;
                }
                const auto *option = long_option(name);
                if (option == nullptr) {
                    throw usage_error(unknown_long_option(arg));
                }
                if (option->get_group() == help_group) {
                    tokens.push_back("--" + name);
                    result.count = i;
                    return result;
                }
                if (takes_value(option)) {
                    if (i == args.size()) {
                        throw usage_error(
                            fmt::format("Argument expected for the {} options\n", arg));
                    }
                    check_hash_based_pycs(args[i]);
                    tokens.push_back(fmt::format("--{}={}", name, args[i++]));
                } else {
                    tokens.push_back("--" + name);
                }
                break;
            }
            if (arg[j] == 'J') {
                throw usage_error("-J is reserved for Jython\n");
            }
            const std::string name{'-', arg[j]};
            const auto *option =
                static_cast<unsigned char>(arg[j]) < 0x80 ? app.get_option_no_throw(name) : nullptr;
            if (option == nullptr) {
                throw usage_error(
                    fmt::format("Unknown option: -{}\n", reported_option(arg.c_str() + j)));
            }
            if (option->get_group() == help_group) {
                tokens.push_back(name);
                result.count = i;
                return result;
            }
            if (!takes_value(option)) {
                tokens.push_back(name);
                continue;
            }
            // The value is the rest of the argument, or else the next argument, whatever it is.
            if (j + 1 < arg.size()) {
                tokens.push_back(name + arg.substr(j + 1));
            } else if (i < args.size()) {
                // CLI11 reads a glued value whatever it looks like, and an empty one separately.
                const std::string &value = args[i++];
                if (value.empty()) {
                    tokens.insert(tokens.end(), {name, value});
                } else {
                    tokens.push_back(name + value);
                }
            } else {
                throw usage_error(fmt::format("Argument expected for the {} option\n", name));
            }
            if (option->get_group() == program_group) {
                result.count = i;
                return result;
            }
            break;
        }
    }
    result.count = args.size();
    return result;
}

} // namespace

// python's grammar is the same from 3.11 to 3.13: the short options of its getopt
// ("bBc:dEhiIJm:OPqRsStuvVW:xX:?") and six long options. What changed between versions are the
// -X options and PYTHON* variables, which CPython's configuration checks itself once the options
// reach it, and the help texts (python_help.hpp).
void configure_cli(CLI::App &app, options &opts) {
    app.formatter(std::make_shared<python_formatter>());
    app.failure_message([](const CLI::App *failed, const CLI::Error &error) {
        // CLI11's own errors, which the tokens read_like_getopt gives it should never raise, end
        // without a line end.
        const auto *line_end = error.get_name() == usage_error_name ? "" : "\n";
        return fmt::format("{}{}usage: {} {}\nTry `{} -h' for more information.\n", error.what(),
                           line_end, failed->get_name(), python_help::usage(), "pyhost");
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
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

    app.add_option("-c", opts.program)->group(program_group);
    app.add_option("-m", opts.program)->group(program_group);
    app.add_option("file", opts.program);
}

void parse(CLI::App &app, options &opts, const std::vector<std::string> &args) {
    auto [tokens, count] = read_like_getopt(app, args);
    // CLI11 parses a reversed vector, taking items from its back.
    std::reverse(tokens.begin(), tokens.end());
    app.parse(tokens);

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
