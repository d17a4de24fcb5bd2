#pragma once

#include "app/options.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace pyhost {

/// Declares python's command-line options on `app`, to be stored into `opts`, with python's help,
/// usage line and usage-error messages.
void configure_cli(CLI::App &app, options &opts);

/// Parses the arguments that follow the program name, the way python does: options up to the
/// program (`-c cmd`, `-m mod`, a file or `-`), the rest for the program's sys.argv. Throws
/// CLI::ParseError for help, version and usage errors; `exit_status` reports them.
void parse(CLI::App &app, options &opts, const std::vector<std::string> &args);
void parse(CLI::App &app, options &opts, int argc, const char *const *argv);

/// Prints what a CLI::ParseError asks for (help and version on `out`, a usage error on `err`) as
/// python would, and returns python's exit status for it.
int exit_status(const CLI::App &app, const CLI::ParseError &error, std::ostream &out = std::cout,
                std::ostream &err = std::cerr);

} // namespace pyhost
