#pragma once

// The packed standard library of a pyhost bundle: one file that holds every module's compiled code,
// written by scripts/make_bundle.py (write_pack) and read here without copying. The host hands the
// entries to CPython as frozen modules, so that importing them reads memory rather than the file
// system.
//
// The layout, all integers little-endian:
//   "PYHOSTPK"  8 bytes, the magic
//   version     u32, format_version
//   count       u32, the number of modules
//   entries     count of { name offset u32, name size u32, code offset u32, code size u32,
//                          flags u32 (bit 0: a package) }, sorted by name
//   then the names, each followed by a NUL, and the code, each module's marshal.dumps(code).
// Offsets count from the start of the file.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace pyhost::core {

struct packed_module {
    std::string_view name; // NUL-terminated in the image, so name.data() is a C string
    std::span<const unsigned char> code;
    bool is_package = false;
};

/// What a damaged or foreign pack gets: the reason, naming what is wrong.
class bad_module_pack : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::uint32_t module_pack_format_version = 1;

/// The modules of a pack held in `image`, which must outlive them. Every offset and size is
/// checked against the image, and the names must be sorted and unique: anything else throws
/// bad_module_pack.
std::vector<packed_module> read_module_pack(std::span<const unsigned char> image);

} // namespace pyhost::core
