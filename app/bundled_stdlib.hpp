#pragma once

#include "app/options.hpp"

namespace pyhost {

/// In a bundle (scripts/make_bundle.py), hands CPython the packed standard library beside the
/// executable, lib/python3.X/stdlib.pack, as frozen modules: CPython then imports each from
/// memory, before it looks at the file system. Elsewhere, and under -X frozen_modules=off, it
/// does nothing, and the standard library comes from files as in python3. A damaged pack ends
/// the process with a message and status 1. Call before the interpreter starts.
void use_bundled_stdlib(const options &opts);

} // namespace pyhost
