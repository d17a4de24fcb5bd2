// The application that tests/library/test_package.py builds against the installed package.
// It prints the sum that my_python_module makes, captured from the script's stdout, then an
// evaluated value, and checks that the library's exceptions are caught by their type.
#include <pyhost/interpreter.hpp>

#include <iostream>
#include <string>

int main() {
    pyhost::interpreter python;
    std::string captured;
    pyhost::output streams;
    streams.out = [&](std::string_view text) { captured += text; };
    const auto ended = python.run_source(
        "import my_python_module\nprint(my_python_module.sum_as_string(2**64 - 1, 1))",
        "<consumer>", streams);
    if (!ended.succeeded()) {
        std::cerr << ended.summary() << "\n" << ended.traceback();
        return 1;
    }
    std::cout << captured << python.evaluate("6 * 7").value().as_int64() << "\n";
    try {
        pyhost::interpreter second;
        return 2;
    } catch (const pyhost::usage_error &) {
        return 0;
    }
}
