#pragma once

namespace pyhost {

/// Maps ahead the memory that starting CPython is bound to write: the writable data of the
/// executable, where CPython's static objects live, and each new arena of pymalloc. Each page is
/// then mapped in one system call instead of one page fault apiece, which is most of the kernel's
/// share of a short run (docs/bundle.md, "Start-up"). Call it first thing in main.
void map_start_up_memory_ahead();

} // namespace pyhost
