// The embedding tests' runner: one interpreter for the whole run, as in pybind11's own tests.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <pybind11/embed.h>

int main(int argc, char *argv[]) {
    pybind11::scoped_interpreter guard{};
    return Catch::Session().run(argc, argv);
}
