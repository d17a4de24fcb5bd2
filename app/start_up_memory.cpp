#include "app/start_up_memory.hpp"

#include <Python.h>

#include <cstdint>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

namespace pyhost {

namespace {

// pymalloc hands out objects from 1 MiB arenas and fills them pool by pool, so nearly every page
// of an arena gets written. Mapped with MAP_POPULATE, an arena costs one system call instead of
// up to 256 page faults. Arenas are still released with munmap, as CPython's own allocator does,
// so an arena mapped before this allocator was set is freed correctly by it.
void *map_populated_arena(void * /*context*/, size_t size) {
    void *arena = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return arena == MAP_FAILED ? nullptr : arena;
}

void unmap_arena(void * /*context*/, void *arena, size_t size) {
    munmap(arena, size);
}

std::uintptr_t round_up(std::uintptr_t address, std::uintptr_t page) {
    return (address + page - 1) & ~(page - 1);
}

// CPython's static objects (types, deep-frozen code, interned strings) sit in the executable's
// writable segment, and starting writes to most of its pages: reference counts, hashes, type
// caches. Each first write is a copy-on-write fault; MADV_POPULATE_WRITE takes them all at once.
// The part that becomes read-only after relocation (RELRO) is left alone. Kernels before 5.14
// refuse the advice, and the pages then fault in one by one as before.
int populate_writable_segments(dl_phdr_info *info, size_t /*size*/, void * /*data*/) {
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    std::uintptr_t relro_end = 0;
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &segment = info->dlpi_phdr[i];
        if (segment.p_type == PT_GNU_RELRO) {
            relro_end = round_up(info->dlpi_addr + segment.p_vaddr + segment.p_memsz, page);
        }
    }
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &segment = info->dlpi_phdr[i];
        if (segment.p_type != PT_LOAD || (segment.p_flags & PF_W) == 0) {
            continue;
        }
        std::uintptr_t start = round_up(info->dlpi_addr + segment.p_vaddr, page);
        const std::uintptr_t end =
            round_up(info->dlpi_addr + segment.p_vaddr + segment.p_memsz, page);
        if (relro_end > start) {
            start = relro_end;
        }
        if (start < end) {
            madvise(reinterpret_cast<void *>(start), end - start, MADV_POPULATE_WRITE);
        }
    }
    // The executable is the first object dl_iterate_phdr reports; the libraries are not ours.
    return 1;
}

} // namespace

void map_start_up_memory_ahead() {
    dl_iterate_phdr(populate_writable_segments, nullptr);
    PyObjectArenaAllocator allocator{nullptr, map_populated_arena, unmap_arena};
    PyObject_SetArenaAllocator(&allocator);
}

} // namespace pyhost
