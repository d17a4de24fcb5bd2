#pragma once

// A run's sinks: sys.stdout and sys.stderr replaced for the run by streams whose every write
// reaches the application's sink (library.py's captured_stream), then put back as the run found
// them. Runs nest, each restoring what it found.
//
// A replaced stream belongs to its run. Writing to it after the run (a thread that kept it, a
// saved reference) raises ValueError: the sink may be gone, and the write is refused rather than
// sent anywhere else.

#include "pyhost/output.hpp"

#include <pybind11/pybind11.h>

#include <array>

namespace pyhost::detail {

struct sink_binding;

class stream_capture {
  public:
    stream_capture() = default;
    ~stream_capture();
    stream_capture(const stream_capture &) = delete;
    stream_capture &operator=(const stream_capture &) = delete;

    /// Replaces the streams whose sinks `streams` sets. The sinks must outlive this object.
    void start(const pybind11::object &library, const output &streams);

  private:
    struct redirect {
        const char *name = nullptr;
        pybind11::object found;
        pybind11::object writer;
        sink_binding *target = nullptr;
    };
    void replace(redirect &slot, const pybind11::object &library, const char *name, const sink &to);

    std::array<redirect, 2> redirects_;
};

} // namespace pyhost::detail
