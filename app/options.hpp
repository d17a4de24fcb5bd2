#pragma once

#include <string>
#include <vector>

namespace pyhost {

/// Where the program comes from, as python's command line says it.
enum class program_source {
    none,           // no program named: stdin, interactive when it is a terminal
    command,        // -c cmd
    module,         // -m mod
    file,           // a script, a directory or a zip file
    standard_input, // an explicit '-'
};

/// The host's command line once parsed: the interpreter options of `python3 --help`, then the
/// program and the arguments that become sys.argv[1:].
struct options {
    int bytes_warning = 0;             // -b, -bb
    bool dont_write_bytecode = false;  // -B
    int parser_debug = 0;              // -d, -dd
    bool ignore_environment = false;   // -E
    int inspect = 0;                   // -i, -ii
    bool isolated = false;             // -I
    int optimize = 0;                  // -O, -OO
    bool safe_path = false;            // -P
    int quiet = 0;                     // -q, -qq
    bool hash_randomization = false;   // -R, unlisted in python's help: random str hashes
    bool no_user_site = false;         // -s
    bool no_site = false;              // -S
    bool unbuffered = false;           // -u
    int verbose = 0;                   // -v, -vv
    bool skip_first_line = false;      // -x
    std::vector<std::string> warnings; // -W arg, in order
    std::vector<std::string> xoptions; // -X opt, in order
    std::string check_hash_based_pycs; // --check-hash-based-pycs always|default|never

    program_source source = program_source::none;
    std::string program; // the command, module or file; empty otherwise
    std::vector<std::string> arguments;
};

/// The same options in the canonical form of python's own command line, starting with
/// `program_name`: what CPython's configuration reads to apply them with its own semantics.
std::vector<std::string> python_argv(const options &opts, const std::string &program_name);

} // namespace pyhost
