#pragma once

// A walk over every element of an N-dimensional array of any shape and strides (a PEP 3118
// buffer's layout), in runs of equally spaced elements. It touches no element: it gives the
// runs' addresses to whoever sums them.

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>

namespace pyhost::core {

class strided_walk {
  public:
    /// As many dimensions as a buffer may have (CPython's PyBUF_MAX_NDIM).
    static constexpr std::size_t max_dimensions = 64;

    /// The array at `base` with `shape` and byte `strides`, of elements `itemsize` bytes long. A
    /// contiguous array, C or Fortran order, is walked as one flat run, and `strides` may then be
    /// empty. Any other is walked with its longest dimension innermost, so that each run is long.
    /// An exact sum does not depend on the order of its terms, so any order does.
    strided_walk(const char *base, std::span<const std::ptrdiff_t> shape,
                 std::span<const std::ptrdiff_t> strides, std::size_t itemsize, bool contiguous);

    /// The number of elements.
    std::size_t size() const noexcept { return size_; }

    /// Whether the walk is one run: then first(), size() and run_stride() describe it all.
    bool is_flat() const noexcept { return dimensions_ == 1; }
    const char *first() const noexcept { return base_; }
    std::ptrdiff_t run_stride() const noexcept { return step_[dimensions_ - 1]; }

    /// Gives the next elements, at most `budget` of them, to run(first, count, stride) in runs,
    /// and returns whether any element is left.
    template <class Run>
    bool next(std::size_t budget, Run &&run) {
        while (budget > 0 && !done_) {
            const std::size_t count = std::min(budget, extent_[dimensions_ - 1] - column_);
            run(row_start() + static_cast<std::ptrdiff_t>(column_) * run_stride(), count,
                run_stride());
            budget -= count;
            column_ += count;
            if (column_ == extent_[dimensions_ - 1]) {
                next_row();
            }
        }
        return !done_;
    }

  private:
    const char *row_start() const noexcept;
    void next_row() noexcept;

    const char *base_;
    std::size_t size_ = 1;
    // The walk's dimensions, outermost first, with the run's innermost: extents, byte steps, and
    // the index of the current run in the outer ones.
    std::size_t dimensions_ = 0;
    std::array<std::size_t, max_dimensions> extent_{};
    std::array<std::ptrdiff_t, max_dimensions> step_{};
    std::array<std::size_t, max_dimensions> index_{};
    std::size_t column_ = 0; // how far along the current run
    bool done_ = false;
};

} // namespace pyhost::core
