#include "core/module_pack.hpp"

#include <cstring>
#include <string>

namespace pyhost::core {

namespace {

constexpr std::string_view magic = "PYHOSTPK";
constexpr std::size_t header_size = 16;
constexpr std::size_t entry_size = 20;

std::uint32_t read_u32(std::span<const unsigned char> image, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        value |= static_cast<std::uint32_t>(image[at + i]) << (8 * i);
    }
    return value;
}

// The bytes [offset, offset + size) of the image, or an error naming what() they hold.
template <class What>
std::span<const unsigned char> slice(std::span<const unsigned char> image, std::uint64_t offset,
                                     std::uint64_t size, What what) {
    if (offset > image.size() || size > image.size() - offset) {
        throw bad_module_pack(what() + " lies outside the pack");
    }
    return image.subspan(offset, size);
}

} // namespace

std::vector<packed_module> read_module_pack(std::span<const unsigned char> image) {
    if (image.size() < header_size || std::memcmp(image.data(), magic.data(), magic.size()) != 0) {
        throw bad_module_pack("not a pyhost module pack (no PYHOSTPK header)");
    }
    if (const auto version = read_u32(image, 8); version != module_pack_format_version) {
        throw bad_module_pack("module pack format " + std::to_string(version) + ", not " +
                              std::to_string(module_pack_format_version));
    }
    const std::uint64_t count = read_u32(image, 12);
    const auto entries = slice(image, header_size, count * entry_size,
                               [] { return std::string("the module table"); });
    std::vector<packed_module> modules;
    modules.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto at = i * entry_size;
        // Messages are made only on failure: a bundle reads hundreds of entries at each start.
        const auto name_bytes =
            slice(image, read_u32(entries, at), read_u32(entries, at + 4) + 1ULL,
                  [i] { return "module " + std::to_string(i) + "'s name"; });
        if (name_bytes.back() != 0 || name_bytes.size() == 1) {
            throw bad_module_pack("module " + std::to_string(i) +
                                  "'s name is empty or not NUL-terminated");
        }
        const std::string_view name(reinterpret_cast<const char *>(name_bytes.data()),
                                    name_bytes.size() - 1);
        if (name.find('\0') != std::string_view::npos) {
            throw bad_module_pack("module " + std::to_string(i) + "'s name holds a NUL");
        }
        if (!modules.empty() && !(modules.back().name < name)) {
            throw bad_module_pack("the module names are not sorted and unique at " +
                                  std::string(name));
        }
        const auto code = slice(image, read_u32(entries, at + 8), read_u32(entries, at + 12),
                                [name] { return "the code of " + std::string(name); });
        modules.push_back({name, code, (read_u32(entries, at + 16) & 1U) != 0});
    }
    return modules;
}

} // namespace pyhost::core
