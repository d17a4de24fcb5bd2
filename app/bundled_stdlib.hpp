#pragma once

#include "app/options.hpp"

namespace pyhost {

/// In a bundle (scripts/make_bundle.py), maps the packed standard library beside the executable,
/// lib/python3.X/stdlib.pack, and hands CPython the part it imports while it starts (the
/// encodings package) as frozen modules. Elsewhere, under -X frozen_modules=off, and where
/// PYTHONHOME or PYTHONPLATLIBDIR point CPython at another standard library, it does nothing,
/// and the standard library comes from files as in python3. A damaged pack ends the process with
/// a message and status 1. Call before the interpreter starts.
void use_bundled_stdlib(const options &opts);

/// Once the interpreter runs, puts the pack's importer (app/bundle_importer.py) in sys.path_hooks,
/// where use_bundled_stdlib took the pack: the rest of the standard library is then imported from
/// the pack at its place in sys.path. A failure ends the process with a message and status 1.
void install_bundle_importer();

} // namespace pyhost
