// 200 MB through a sink: the library hands each write on and keeps none of it, so that the
// process's peak memory hardly grows. In a test case of its own, whose process measures itself.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <cstddef>

namespace {

long peak_resident_kilobytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

TEST_CASE("200 MB of output pass through a sink without growing memory") {
    pyhost::interpreter python;
    std::size_t bytes = 0;
    std::size_t lines = 0;
    pyhost::output streams;
    streams.out = [&](std::string_view text) {
        bytes += text.size();
        for (const char c : text) {
            lines += c == '\n' ? 1 : 0;
        }
    };
    // Warmed up: the stream, the codec and the loop's code exist before the measure starts.
    REQUIRE(python.run_source("line = 'x' * 999\nprint(line)", "<string>", streams).succeeded());
    bytes = 0;
    lines = 0;
    const long before = peak_resident_kilobytes();
    const auto ended = python.run_source(R"(
import sys
for _ in range(100_000):
    print(line)
chunk = ("y" * 1023 + "\n") * 1024
for _ in range(100):
    sys.stdout.write(chunk)
)",
                                         "<string>", streams);
    const long grown = peak_resident_kilobytes() - before;
    CHECK(ended.succeeded());
    CHECK(bytes == 100'000 * 1'000 + 100 * 1024 * 1024);
    CHECK(lines == 100'000 + 100 * 1024);
    INFO("peak resident memory grew by " << grown << " kB");
    CHECK(grown < 50 * 1024);
}
