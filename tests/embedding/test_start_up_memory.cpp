// pyhost's arena allocator (app/start_up_memory.hpp), checked with mincore: the kernel says which
// pages of an arena are mapped.
#include "app/start_up_memory.hpp"

#include <catch2/catch.hpp>

#include <Python.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <vector>

namespace {

constexpr std::size_t arena_size = std::size_t{1} << 20;

// The number of pages of [arena, arena + arena_size) that are mapped in.
std::size_t mapped_pages(void *arena) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> residency(arena_size / page);
    REQUIRE(mincore(arena, arena_size, residency.data()) == 0);
    std::size_t mapped = 0;
    for (const unsigned char flags : residency) {
        mapped += flags & 1U;
    }
    return mapped;
}

struct restore_arena_allocator {
    PyObjectArenaAllocator saved{};
    restore_arena_allocator() { PyObject_GetArenaAllocator(&saved); }
    ~restore_arena_allocator() { PyObject_SetArenaAllocator(&saved); }
};

} // namespace

TEST_CASE("an arena from CPython's own allocator has its pages mapped only when written") {
    PyObjectArenaAllocator cpython{};
    PyObject_GetArenaAllocator(&cpython);
    void *arena = cpython.alloc(cpython.ctx, arena_size);
    REQUIRE(arena != nullptr);

    CHECK(mapped_pages(arena) == 0);

    cpython.free(cpython.ctx, arena, arena_size);
}

TEST_CASE("an arena from pyhost's allocator arrives with every page mapped") {
    const restore_arena_allocator restore;
    pyhost::map_start_up_memory_ahead();
    PyObjectArenaAllocator pyhost_arenas{};
    PyObject_GetArenaAllocator(&pyhost_arenas);
    void *arena = pyhost_arenas.alloc(pyhost_arenas.ctx, arena_size);
    REQUIRE(arena != nullptr);

    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    CHECK(mapped_pages(arena) == arena_size / page);

    pyhost_arenas.free(pyhost_arenas.ctx, arena, arena_size);
}
