#include "core/strided_walk.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <numeric>
#include <vector>

using pyhost::core::strided_walk;

namespace {

// Every element's address by the definition of a strided array: base plus the dot product of the
// index and the strides, for each index in turn.
std::vector<const char *> addresses_by_definition(const char *base,
                                                  const std::vector<std::ptrdiff_t> &shape,
                                                  const std::vector<std::ptrdiff_t> &strides) {
    std::vector<const char *> addresses;
    std::vector<std::ptrdiff_t> index(shape.size(), 0);
    const std::function<void(std::size_t)> visit = [&](std::size_t dimension) {
        if (dimension == shape.size()) {
            std::ptrdiff_t offset = 0;
            for (std::size_t d = 0; d < shape.size(); ++d) {
                offset += index[d] * strides[d];
            }
            addresses.push_back(base + offset);
            return;
        }
        for (index[dimension] = 0; index[dimension] < shape[dimension]; ++index[dimension]) {
            visit(dimension + 1);
        }
    };
    visit(0);
    return addresses;
}

// Every address the walk gives, `budget` elements at most at a time.
std::vector<const char *> addresses_walked(strided_walk walk, std::size_t budget) {
    std::vector<const char *> addresses;
    bool more = true;
    while (more) {
        std::size_t given = 0;
        more = walk.next(budget, [&](const char *first, std::size_t count, std::ptrdiff_t stride) {
            for (std::size_t i = 0; i < count; ++i) {
                addresses.push_back(first + static_cast<std::ptrdiff_t>(i) * stride);
            }
            given += count;
        });
        REQUIRE(given <= budget);
        REQUIRE((given == budget || !more));
    }
    return addresses;
}

std::vector<const char *> sorted(std::vector<const char *> addresses) {
    std::sort(addresses.begin(), addresses.end());
    return addresses;
}

} // namespace

TEST_CASE("a strided walk visits every element of any layout once") {
    // A 4 x 5 x 6 array of 8-byte elements, and views of it as NumPy makes them.
    std::vector<std::int64_t> memory(4 * 5 * 6);
    const char *base = reinterpret_cast<const char *>(memory.data());
    struct layout {
        const char *name;
        std::ptrdiff_t offset; // in elements, from the memory's start
        std::vector<std::ptrdiff_t> shape;
        std::vector<std::ptrdiff_t> strides; // in bytes
        bool contiguous;
    };
    const std::vector<layout> layouts{
        {"C order", 0, {4, 5, 6}, {240, 48, 8}, true},
        {"Fortran order", 0, {6, 5, 4}, {8, 48, 240}, true},
        {"transposed", 0, {6, 4, 5}, {8, 240, 48}, false},
        {"every other column", 0, {4, 5, 3}, {240, 48, 16}, false},
        {"reversed rows", 4 * 30 - 30, {4, 5, 6}, {-240, 48, 8}, false},
        {"reversed and sliced", 119, {2, 5, 3}, {-480, -48, -16}, false},
        {"one row, strided", 5, {6}, {-8}, false},
        {"a broadcast dimension", 0, {3, 6}, {0, 8}, false},
        {"an empty dimension", 0, {4, 0, 6}, {240, 48, 8}, false},
    };
    for (const auto &l : layouts) {
        INFO(l.name);
        const char *start = base + l.offset * 8;
        const auto expected = sorted(addresses_by_definition(start, l.shape, l.strides));
        const strided_walk walk(start, l.shape, l.strides, 8, l.contiguous);
        CHECK(walk.size() == expected.size());
        for (const std::size_t budget : {1UL, 4UL, 7UL, 1000UL}) {
            INFO("budget " << budget);
            CHECK(sorted(addresses_walked(walk, budget)) == expected);
        }
    }
}

TEST_CASE("a contiguous array is one flat run and any other has its longest dimension inside") {
    std::vector<std::int64_t> memory(4 * 5 * 6);
    const char *base = reinterpret_cast<const char *>(memory.data());
    const strided_walk flat(base, std::vector<std::ptrdiff_t>{4, 5, 6},
                            std::vector<std::ptrdiff_t>{240, 48, 8}, 8, true);
    CHECK(flat.is_flat());
    CHECK(flat.run_stride() == 8);
    const strided_walk transposed(base, std::vector<std::ptrdiff_t>{6, 4, 5},
                                  std::vector<std::ptrdiff_t>{8, 240, 48}, 8, false);
    CHECK_FALSE(transposed.is_flat());
    std::size_t longest_run = 0;
    auto copy = transposed;
    copy.next(1000, [&](const char *, std::size_t count, std::ptrdiff_t stride) {
        longest_run = std::max(longest_run, count);
        CHECK(stride == 8);
    });
    CHECK(longest_run == 6);
}
