#include "core/module_pack.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using pyhost::core::bad_module_pack;
using pyhost::core::read_module_pack;

namespace {

struct module_to_pack {
    std::string name;
    std::string code;
    bool is_package = false;
};

void put_u32(std::vector<unsigned char> &image, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) {
        image[at + i] = static_cast<unsigned char>(value >> (8 * i));
    }
}

// A pack laid out as scripts/make_bundle.py writes one: header, table, names, then code.
std::vector<unsigned char> pack(const std::vector<module_to_pack> &modules) {
    const std::string magic = "PYHOSTPK";
    std::vector<unsigned char> image(16 + 20 * modules.size());
    std::copy(magic.begin(), magic.end(), image.begin());
    put_u32(image, 8, 1);
    put_u32(image, 12, static_cast<std::uint32_t>(modules.size()));
    std::vector<std::uint32_t> name_offsets;
    for (const auto &module : modules) {
        name_offsets.push_back(static_cast<std::uint32_t>(image.size()));
        image.insert(image.end(), module.name.begin(), module.name.end());
        image.push_back(0);
    }
    for (std::size_t i = 0; i < modules.size(); ++i) {
        const auto entry = 16 + 20 * i;
        put_u32(image, entry, name_offsets[i]);
        put_u32(image, entry + 4, static_cast<std::uint32_t>(modules[i].name.size()));
        put_u32(image, entry + 8, static_cast<std::uint32_t>(image.size()));
        put_u32(image, entry + 12, static_cast<std::uint32_t>(modules[i].code.size()));
        put_u32(image, entry + 16, modules[i].is_package ? 1 : 0);
        image.insert(image.end(), modules[i].code.begin(), modules[i].code.end());
    }
    return image;
}

std::string text(std::span<const unsigned char> bytes) {
    return {bytes.begin(), bytes.end()};
}

} // namespace

TEST_CASE("a pack gives back each module's name code and package flag where they lie") {
    const auto image = pack({{"email", "pkg code", true},
                             {"email.parser", "parser code"},
                             {"json", "", true},
                             {"zoneinfo._common", std::string("a\0b", 3)}});
    const auto modules = read_module_pack(image);
    REQUIRE(modules.size() == 4);
    CHECK(modules[0].name == "email");
    CHECK(modules[0].is_package);
    CHECK(text(modules[0].code) == "pkg code");
    CHECK(modules[1].name == "email.parser");
    CHECK_FALSE(modules[1].is_package);
    CHECK(text(modules[1].code) == "parser code");
    CHECK(modules[2].code.empty());
    CHECK(text(modules[3].code) == std::string("a\0b", 3));
    for (const auto &module : modules) {
        // CPython reads each name as a C string, and the code in place.
        CHECK(module.name.data()[module.name.size()] == '\0');
        CHECK(module.code.data() >= image.data());
        CHECK(module.code.data() + module.code.size() <= image.data() + image.size());
    }
}

TEST_CASE("an empty pack holds no module") {
    CHECK(read_module_pack(pack({})).empty());
}

TEST_CASE("a file that is not a pack or of another format version is refused") {
    CHECK_THROWS_AS(read_module_pack({}), bad_module_pack);
    auto image = pack({{"os", "code"}});
    image[0] = 'X';
    CHECK_THROWS_WITH(read_module_pack(image), Catch::Contains("not a pyhost module pack"));
    image = pack({{"os", "code"}});
    put_u32(image, 8, 2);
    CHECK_THROWS_WITH(read_module_pack(image), Catch::Contains("format 2"));
}

TEST_CASE("every truncation of a pack is refused rather than read past its end") {
    const auto image = pack({{"a", "first code"}, {"b", "second"}});
    for (std::size_t size = 0; size < image.size(); ++size) {
        const std::vector<unsigned char> truncated(image.begin(),
                                                   image.begin() + static_cast<long>(size));
        CHECK_THROWS_AS(read_module_pack(truncated), bad_module_pack);
    }
}

TEST_CASE("offsets and sizes that point outside the pack are refused however large") {
    for (const std::size_t field : {0U, 4U, 8U, 12U}) {
        for (const std::uint32_t value : {0xFFFFFFFFU, 0xFFFFFFF0U, 1000U}) {
            auto image = pack({{"a", "code"}});
            put_u32(image, 16 + field, value);
            CHECK_THROWS_AS(read_module_pack(image), bad_module_pack);
        }
    }
    auto image = pack({{"a", "code"}});
    put_u32(image, 12, 0x10000000U); // a module count whose table runs past the end
    CHECK_THROWS_WITH(read_module_pack(image), Catch::Contains("the module table"));
}

TEST_CASE("names must be non-empty NUL-terminated sorted and unique") {
    CHECK_THROWS_WITH(read_module_pack(pack({{"", "code"}})), Catch::Contains("empty"));
    CHECK_THROWS_WITH(read_module_pack(pack({{"b", "1"}, {"a", "2"}})),
                      Catch::Contains("not sorted"));
    CHECK_THROWS_WITH(read_module_pack(pack({{"a", "1"}, {"a", "2"}})),
                      Catch::Contains("not sorted"));
    auto image = pack({{"ab", "code"}});
    put_u32(image, 20, 1); // the name "a" would end where "b" lies, not at a NUL
    CHECK_THROWS_WITH(read_module_pack(image), Catch::Contains("NUL"));
    CHECK_THROWS_WITH(read_module_pack(pack({{std::string("a\0b", 3), "code"}})),
                      Catch::Contains("holds a NUL"));
}
