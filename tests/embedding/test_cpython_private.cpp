// The private CPython API that the host uses (app/cpython_private.hpp), checked against the
// Python that this build embeds. A version that drops or changes it fails here, by name.
#include "app/cpython_private.hpp"

#include <catch2/catch.hpp>

#include <pybind11/embed.h>

namespace py = pybind11;

TEST_CASE("silencing CPython's banner sets the running configuration and leaves sys.flags alone") {
    auto flags = py::module_::import("sys").attr("flags");
    REQUIRE_FALSE(pyhost::cpython_private::banner_is_silenced());
    REQUIRE(flags.attr("quiet").cast<int>() == 0);

    pyhost::cpython_private::silence_banner();

    CHECK(pyhost::cpython_private::banner_is_silenced());
    CHECK(py::module_::import("sys").attr("flags").attr("quiet").cast<int>() == 0);
}
