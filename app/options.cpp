#include "app/options.hpp"

namespace pyhost {

std::vector<std::string> python_argv(const options &opts, const std::string &program_name) {
    std::vector<std::string> argv{program_name};
    auto repeat = [&argv](const char *flag, int times) {
        for (int i = 0; i < times; ++i) {
            argv.emplace_back(flag);
        }
    };
    repeat("-b", opts.bytes_warning);
    repeat("-B", opts.dont_write_bytecode ? 1 : 0);
    repeat("-d", opts.parser_debug);
    repeat("-E", opts.ignore_environment ? 1 : 0);
    repeat("-i", opts.inspect);
    repeat("-I", opts.isolated ? 1 : 0);
    repeat("-O", opts.optimize);
    repeat("-P", opts.safe_path ? 1 : 0);
    repeat("-q", opts.quiet);
    repeat("-R", opts.hash_randomization ? 1 : 0);
    repeat("-s", opts.no_user_site ? 1 : 0);
    repeat("-S", opts.no_site ? 1 : 0);
    repeat("-u", opts.unbuffered ? 1 : 0);
    repeat("-v", opts.verbose);
    repeat("-x", opts.skip_first_line ? 1 : 0);
    for (const auto &warning : opts.warnings) {
        argv.insert(argv.end(), {"-W", warning});
    }
    for (const auto &xoption : opts.xoptions) {
        argv.insert(argv.end(), {"-X", xoption});
    }
    if (!opts.check_hash_based_pycs.empty()) {
        argv.insert(argv.end(), {"--check-hash-based-pycs", opts.check_hash_based_pycs});
    }
    switch (opts.source) {
    case program_source::none:
        break;
    case program_source::command:
        argv.insert(argv.end(), {"-c", opts.program});
        break;
    case program_source::module:
        argv.insert(argv.end(), {"-m", opts.program});
        break;
    case program_source::file:
        // '--' keeps a file name that starts with '-' from reading as an option.
        argv.insert(argv.end(), {"--", opts.program});
        break;
    case program_source::standard_input:
        argv.emplace_back("-");
        break;
    }
    argv.insert(argv.end(), opts.arguments.begin(), opts.arguments.end());
    return argv;
}

} // namespace pyhost
