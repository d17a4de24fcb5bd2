#include "app/command_line.hpp"
#include "app/preinitialization.hpp"
#include "app/run.hpp"
#include "app/start_up_memory.hpp"

int main(int argc, char *argv[]) {
    pyhost::map_start_up_memory_ahead();
    pyhost::preinitialize(argc, argv);
    pyhost::options options;
    CLI::App app;
    pyhost::configure_cli(app, options);
    try {
        pyhost::parse(app, options, argc, argv);
    } catch (const CLI::ParseError &error) {
        return pyhost::exit_status(app, error);
    }
    return pyhost::run(options, {argv, argv + argc});
}
