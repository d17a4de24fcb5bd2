#include "core/strided_walk.hpp"

namespace pyhost::core {

strided_walk::strided_walk(const char *base, std::span<const std::ptrdiff_t> shape,
                           std::span<const std::ptrdiff_t> strides, std::size_t itemsize,
                           bool contiguous)
    : base_{base} {
    for (const auto extent : shape) {
        size_ *= static_cast<std::size_t>(extent);
    }
    done_ = size_ == 0;
    if (contiguous || strides.empty() || shape.size() <= 1) {
        extent_[0] = size_;
        step_[0] = shape.size() == 1 && !strides.empty() && !contiguous
                       ? strides[0]
                       : static_cast<std::ptrdiff_t>(itemsize);
        dimensions_ = 1;
        return;
    }
    std::size_t longest = 0;
    for (std::size_t d = 1; d < shape.size(); ++d) {
        longest = shape[d] > shape[longest] ? d : longest;
    }
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (d != longest) {
            extent_[dimensions_] = static_cast<std::size_t>(shape[d]);
            step_[dimensions_++] = strides[d];
        }
    }
    extent_[dimensions_] = static_cast<std::size_t>(shape[longest]);
    step_[dimensions_++] = strides[longest];
}

const char *strided_walk::row_start() const noexcept {
    const char *start = base_;
    for (std::size_t d = 0; d + 1 < dimensions_; ++d) {
        start += static_cast<std::ptrdiff_t>(index_[d]) * step_[d];
    }
    return start;
}

// The last dimension's index that is not at its end moves on, and those after it go back to 0.
void strided_walk::next_row() noexcept {
    column_ = 0;
    for (std::size_t d = dimensions_ - 1; d-- > 0;) {
        if (++index_[d] < extent_[d]) {
            return;
        }
        index_[d] = 0;
    }
    done_ = true;
}

} // namespace pyhost::core
