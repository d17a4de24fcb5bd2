#include "module/buffer_reading.hpp"

#include "core/strided_walk.hpp"
#include "module/gil.hpp"
#include "module/parallel_sum.hpp"

#include <memory>
#include <span>
#include <vector>

namespace pyhost {

namespace {

// Buffers this long release the GIL while they are summed, a batch at a time, and take it back
// to check for Ctrl-C between batches. A batch is about a millisecond of work, for the kernels and
// for the elements read one at a time. Shorter buffers keep the GIL, as releasing it costs more
// than summing them.
constexpr std::size_t release_threshold = std::size_t{1} << 16;
constexpr std::size_t kernel_batch = std::size_t{1} << 20;
constexpr std::size_t one_at_a_time_batch = std::size_t{1} << 14;
// Flat runs this long that the kernels read (0.2 ms of work or more) are shared out among
// threads in units of parallel_unit elements (tens of microseconds to a millisecond each).
constexpr std::size_t parallel_threshold = std::size_t{1} << 19;
constexpr std::size_t parallel_unit = std::size_t{1} << 16;

// What a helper thread sums, apart from the caller's sums until the end.
struct partial_sum {
    core::integer_sum integers;
    core::float_sum floats;
};

// Sums a long flat run on several threads, each into sums of its own, which then join the
// caller's exactly.
void add_run_in_parallel(core::element_sums sums, const core::element_type &type,
                         const core::strided_walk &walk, unsigned helpers) {
    const std::size_t units = (walk.size() + parallel_unit - 1) / parallel_unit;
    std::vector<std::unique_ptr<partial_sum>> partials;
    std::vector<core::element_sums> workers{sums};
    for (unsigned helper = 0; helper < helpers; ++helper) {
        auto &partial = *partials.emplace_back(std::make_unique<partial_sum>());
        workers.push_back({partial.integers, sums.floats != nullptr ? &partial.floats : nullptr});
    }
    share_out(units, helpers, while_sharing::release_gil, [&](std::size_t unit, unsigned worker) {
        const std::size_t begin = unit * parallel_unit;
        core::add_elements(workers[worker], type,
                           walk.first() + static_cast<std::ptrdiff_t>(begin) * walk.run_stride(),
                           std::min(parallel_unit, walk.size() - begin), walk.run_stride());
    });
    for (auto &partial : partials) {
        sums.integers.add(partial->integers);
        if (sums.floats != nullptr) {
            sums.floats->add(partial->floats);
        }
    }
}

} // namespace

std::optional<core::element_type> numeric_element_type(const Py_buffer &view) {
    // A buffer without a format holds unsigned bytes.
    const char *format = view.format != nullptr ? view.format : "B";
    return core::decode_element_type(format, static_cast<std::size_t>(view.itemsize));
}

void add_buffer(number_sum &sum, const Py_buffer &view, const core::element_type &type) {
    const bool floating = type.kind == core::element_kind::floating;
    // The switch to floats happens here, with the GIL held, as it may raise.
    const core::element_sums sums{sum.integers(), floating ? &sum.floats() : nullptr};
    const auto dimensions = static_cast<std::size_t>(view.ndim);
    const bool contiguous = view.strides == nullptr || PyBuffer_IsContiguous(&view, 'A') != 0;
    core::strided_walk walk(
        static_cast<const char *>(view.buf),
        std::span<const std::ptrdiff_t>(view.shape, dimensions),
        std::span<const std::ptrdiff_t>(view.strides, view.strides != nullptr ? dimensions : 0),
        static_cast<std::size_t>(view.itemsize), contiguous);
    if (walk.size() == 0) {
        return;
    }
    if (walk.is_flat() && type.kernels_read() && walk.size() >= parallel_threshold) {
        const unsigned helpers = helper_threads((walk.size() + parallel_unit - 1) / parallel_unit);
        if (helpers > 0) {
            return add_run_in_parallel(sums, type, walk, helpers);
        }
    }
    const std::size_t batch = type.kernels_read() ? kernel_batch : one_at_a_time_batch;
    auto add_run = [&](const char *first, std::size_t count, std::ptrdiff_t stride) {
        core::add_elements(sums, type, first, count, stride);
    };
    if (walk.size() < release_threshold) {
        while (walk.next(walk.size(), add_run)) {
        }
        return;
    }
    for (bool more = true; more;) {
        {
            const gil_released released;
            more = walk.next(batch, add_run);
        }
        check_signals();
    }
}

} // namespace pyhost
