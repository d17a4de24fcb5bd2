#include "core/element_type.hpp"
#include "tests/core/exact_reference.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using pyhost::core::add_elements;
using pyhost::core::decode_element_type;
using pyhost::core::element_kind;
using pyhost::core::element_sums;
using pyhost::core::element_type;
using pyhost::core::float_sum;
using pyhost::core::integer_sum;

namespace {

constexpr bool little_endian = std::endian::native == std::endian::little;

// Writes `value` as `count` elements `stride` bytes apart, in the byte order asked for.
template <class T>
std::vector<char> elements_of(const std::vector<T> &values, std::ptrdiff_t stride,
                              bool big_endian) {
    std::vector<char> bytes(values.size() * static_cast<std::size_t>(stride));
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::array<char, sizeof(T)> element;
        std::memcpy(element.data(), &values[i], sizeof(T));
        if (big_endian == little_endian) {
            std::reverse(element.begin(), element.end());
        }
        std::memcpy(bytes.data() + static_cast<std::ptrdiff_t>(i) * stride, element.data(),
                    sizeof(T));
    }
    return bytes;
}

// The sum that add_elements gives for `values` laid out as `type` says, with a stride of twice
// the element's size, so that the strided reading is tried too.
struct sums {
    integer_sum integers;
    double floats;
};

template <class T>
sums summed(const std::vector<T> &values, const element_type &type) {
    const auto stride = static_cast<std::ptrdiff_t>(2 * sizeof(T));
    const auto bytes = elements_of(values, stride, type.big_endian);
    integer_sum integers;
    float_sum floats;
    add_elements(element_sums{integers, &floats}, type, bytes.data(), values.size(), stride);
    return {integers, floats.result().value};
}

// The value of a half's bits by another method than the implementation's: the bits rebuilt as a
// float's, whose exponent has room for every half, with subnormals scaled by a power of two.
double half_reference(std::uint16_t bits) {
    const std::uint32_t sign = (bits & 0x8000U) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1fU;
    const std::uint32_t fraction = bits & 0x3ffU;
    if (exponent == 0) {
        const float magnitude = static_cast<float>(fraction) * 0x1p-24F;
        return sign != 0 ? -double{magnitude} : double{magnitude};
    }
    const std::uint32_t float_exponent = exponent == 0x1f ? 0xffU : exponent - 15 + 127;
    return double{std::bit_cast<float>(sign | (float_exponent << 23) | (fraction << 13))};
}

} // namespace

TEST_CASE("struct codes decode to their element types with any byte order prefix") {
    using kind = element_kind;
    const bool native_big = !little_endian;
    struct expectation {
        const char *format;
        std::size_t size;
        element_kind expected_kind;
        bool big_endian;
    };
    for (const auto &e :
         std::vector<expectation>{{"b", 1, kind::signed_int, native_big},
                                  {"<h", 2, kind::signed_int, false},
                                  {">i", 4, kind::signed_int, true},
                                  {"!q", 8, kind::signed_int, true},
                                  {"=l", 4, kind::signed_int, native_big},
                                  {"@n", 8, kind::signed_int, native_big},
                                  {"B", 1, kind::unsigned_int, native_big},
                                  {">H", 2, kind::unsigned_int, true},
                                  {"<Q", 8, kind::unsigned_int, false},
                                  {"N", 8, kind::unsigned_int, native_big},
                                  {"?", 1, kind::boolean, native_big},
                                  {"e", 2, kind::floating, native_big},
                                  {">f", 4, kind::floating, true},
                                  {"<d", 8, kind::floating, false},
                                  {"g", sizeof(long double), kind::floating, native_big}}) {
        INFO(e.format);
        const auto type = decode_element_type(e.format, e.size);
        REQUIRE(type.has_value());
        CHECK(type->kind == e.expected_kind);
        CHECK(type->size == e.size);
        CHECK(type->big_endian == e.big_endian);
    }
}

TEST_CASE("formats that are not one number, or whose size does not fit the code, decode to none") {
    for (const auto &[format, size] :
         std::vector<std::pair<const char *, std::size_t>>{{"O", 8},
                                                           {"c", 1},
                                                           {"s", 1},
                                                           {"x", 1},
                                                           {"Zd", 16},
                                                           {"2i", 8},
                                                           {"T{i:a:}", 4},
                                                           {"ii", 8},
                                                           {"", 1},
                                                           {">", 1},
                                                           {"i", 3},
                                                           {"?", 2},
                                                           {"e", 4},
                                                           {"f", 8},
                                                           {"d", 4},
                                                           {"<<i", 4}}) {
        INFO(format << " of size " << size);
        CHECK_FALSE(decode_element_type(format, size).has_value());
    }
}

TEST_CASE("the kernels read native ints and floats, and every other element is read one at a "
          "time") {
    const char *other_order = little_endian ? ">" : "<";
    CHECK(decode_element_type("q", 8)->kernels_read());
    CHECK(decode_element_type("B", 1)->kernels_read());
    CHECK(decode_element_type("d", 8)->kernels_read());
    CHECK(decode_element_type("f", 4)->kernels_read());
    CHECK_FALSE(decode_element_type(std::string(other_order) + "q", 8)->kernels_read());
    CHECK_FALSE(decode_element_type(std::string(other_order) + "d", 8)->kernels_read());
    CHECK_FALSE(decode_element_type("?", 1)->kernels_read());
    CHECK_FALSE(decode_element_type("e", 2)->kernels_read());
    CHECK_FALSE(decode_element_type("g", sizeof(long double))->kernels_read());
}

TEMPLATE_TEST_CASE("integer elements in either byte order sum exactly", "", std::int8_t,
                   std::uint8_t, std::int16_t, std::uint16_t, std::int32_t, std::uint32_t,
                   std::int64_t, std::uint64_t) {
    std::mt19937_64 random(42);
    std::vector<TestType> values(1000);
    for (auto &value : values) {
        value = static_cast<TestType>(random());
    }
    values.front() = std::numeric_limits<TestType>::min();
    values.back() = std::numeric_limits<TestType>::max();
    integer_sum expected;
    for (const auto value : values) {
        expected.add(value);
    }
    const auto kind =
        std::is_signed_v<TestType> ? element_kind::signed_int : element_kind::unsigned_int;
    for (const bool big_endian : {false, true}) {
        INFO("big-endian: " << big_endian);
        auto [integers, floats] = summed(values, element_type{kind, sizeof(TestType), big_endian});
        CHECK(integers.magnitude() == expected.magnitude());
        CHECK(integers.negative() == expected.negative());
    }
}

TEMPLATE_TEST_CASE("float elements in either byte order sum to the exact sum rounded once", "",
                   float, double, long double) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> uniform(-1e6, 1e6);
    std::vector<TestType> values(1000);
    pyhost::core::testing::exact_reference expected;
    for (auto &value : values) {
        const int scale = static_cast<int>(random() % 80) - 40;
        value = static_cast<TestType>(uniform(random) * std::ldexp(1.0, scale));
        expected.add(static_cast<double>(value));
    }
    for (const bool big_endian : {false, true}) {
        INFO("big-endian: " << big_endian);
        const element_type type{element_kind::floating, sizeof(TestType), big_endian};
        auto [integers, floats] = summed(values, type);
        CHECK(floats == expected.result().value);
        CHECK(integers.to_int64() == std::optional<std::int64_t>{0});
    }
}

TEST_CASE("every half float reads as its exact value in either byte order") {
    for (const bool big_endian : {false, true}) {
        const auto type = *decode_element_type(big_endian ? ">e" : "<e", 2);
        for (std::uint32_t bits = 0; bits <= 0xffff; ++bits) {
            auto [integers, floats] = summed(std::vector{static_cast<std::uint16_t>(bits)}, type);
            const double value = floats;
            const double expected = half_reference(static_cast<std::uint16_t>(bits));
            INFO("bits " << bits << " big-endian " << big_endian);
            if (std::isnan(expected)) {
                REQUIRE(std::isnan(value));
            } else {
                // A zero's sign does not survive the sum, as in math.fsum([-0.0]).
                REQUIRE(value == expected);
                REQUIRE((expected == 0 || std::signbit(value) == std::signbit(expected)));
            }
        }
    }
    CHECK(half_reference(0x3c00) == 1.0);
    CHECK(half_reference(0x7bff) == 65504.0);
    CHECK(half_reference(0x0001) == std::ldexp(1.0, -24));
}

TEST_CASE("a bool element counts one for any non-zero byte") {
    const std::vector<std::uint8_t> values{0, 1, 2, 255, 0, 128};
    auto [integers, floats] = summed(values, *decode_element_type("?", 1));
    CHECK(integers.to_int64() == std::optional<std::int64_t>{4});
}
