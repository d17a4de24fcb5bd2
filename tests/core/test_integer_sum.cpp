#include "core/integer_sum.hpp"

#include "tests/core/supported_levels.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <random>
#include <span>
#include <vector>

using pyhost::core::integer_sum;
using pyhost::core::simd_level;
using pyhost::core::testing::supported_levels;

namespace {

// The exact sum as 160-bit two's complement in 32-bit limbs, carried one limb at a time:
// plain schoolbook arithmetic sharing nothing with the implementation.
class limb_reference {
  public:
    void add_signed(std::int64_t value) {
        add_words(static_cast<std::uint64_t>(value), value < 0 ? ~std::uint32_t{0} : 0);
    }

    void add_unsigned(std::uint64_t value) { add_words(value, 0); }

    // The low 16 bytes, little-endian; the limb above them must be the sign's extension.
    std::array<std::uint8_t, 16> bytes() const {
        const std::uint32_t extension = (limbs_[3] >> 31) != 0 ? ~std::uint32_t{0} : 0;
        REQUIRE(limbs_[4] == extension);
        std::array<std::uint8_t, 16> result{};
        for (std::size_t i = 0; i < result.size(); ++i) {
            result[i] = static_cast<std::uint8_t>(limbs_[i / 4] >> (8 * (i % 4)));
        }
        return result;
    }

  private:
    void add_words(std::uint64_t value, std::uint32_t extension) {
        const std::array<std::uint32_t, 5> addend{static_cast<std::uint32_t>(value),
                                                  static_cast<std::uint32_t>(value >> 32),
                                                  extension, extension, extension};
        std::uint64_t carry = 0;
        for (std::size_t i = 0; i < limbs_.size(); ++i) {
            const std::uint64_t total = std::uint64_t{limbs_[i]} + addend[i] + carry;
            limbs_[i] = static_cast<std::uint32_t>(total);
            carry = total >> 32;
        }
    }

    std::array<std::uint32_t, 5> limbs_{};
};

template <class T>
limb_reference reference_sum(std::span<const T> values) {
    limb_reference reference;
    for (const T value : values) {
        if constexpr (std::is_signed_v<T>) {
            reference.add_signed(value);
        } else {
            reference.add_unsigned(value);
        }
    }
    return reference;
}

// Values of type T, mostly at or near the extremes, where carries and signs are decided.
template <class T>
std::vector<T> random_values(std::mt19937_64 &random, std::size_t count) {
    constexpr T lowest = std::numeric_limits<T>::lowest();
    constexpr T highest = std::numeric_limits<T>::max();
    std::vector<T> values(count);
    for (T &value : values) {
        switch (random() % 4) {
        case 0:
            value = static_cast<T>(lowest + static_cast<T>(random() % 3));
            break;
        case 1:
            value = static_cast<T>(highest - static_cast<T>(random() % 3));
            break;
        case 2:
            value = static_cast<T>(random());
            value = static_cast<T>(value >> (random() % (8 * sizeof(T))));
            break;
        default:
            value = static_cast<T>(random());
            break;
        }
    }
    return values;
}

template <class T>
void require_arrays_exact(std::mt19937_64 &random) {
    INFO(sizeof(T) << "-byte " << (std::is_signed_v<T> ? "signed" : "unsigned") << " elements");
    std::vector<std::size_t> counts;
    for (std::size_t count = 0; count <= 600; ++count) {
        counts.push_back(count);
    }
    counts.insert(counts.end(), {100000, 262147});
    for (const std::size_t count : counts) {
        const std::vector<T> values = random_values<T>(random, count);
        const auto expected = reference_sum<T>(values).bytes();
        for (const simd_level level : supported_levels()) {
            INFO(count << " values at level " << static_cast<int>(level));
            integer_sum contiguous{level};
            contiguous.add(std::span<const T>{values});
            REQUIRE(contiguous.to_bytes() == expected);
            integer_sum singly{level};
            for (const T value : values) {
                singly.add(value);
            }
            REQUIRE(singly.to_bytes() == expected);
        }
    }
}

template <class T>
void require_strides_exact(std::mt19937_64 &random) {
    INFO(sizeof(T) << "-byte " << (std::is_signed_v<T> ? "signed" : "unsigned") << " elements");
    for (const std::size_t count : std::initializer_list<std::size_t>{0, 1, 2, 31, 257, 5000}) {
        const std::vector<T> values = random_values<T>(random, count);
        const auto expected = reference_sum<T>(values).bytes();
        // Every third element, one byte off alignment.
        std::vector<unsigned char> bytes(3 * sizeof(T) * count + 1);
        for (std::size_t i = 0; i < count; ++i) {
            std::memcpy(bytes.data() + 1 + 3 * sizeof(T) * i, &values[i], sizeof(T));
        }
        const std::vector<T> reversed(values.rbegin(), values.rend());
        for (const simd_level level : supported_levels()) {
            integer_sum spaced{level};
            spaced.add_strided<T>(bytes.data() + 1, count,
                                  3 * static_cast<std::ptrdiff_t>(sizeof(T)));
            REQUIRE(spaced.to_bytes() == expected);
            integer_sum unit_stride{level};
            unit_stride.add_strided<T>(values.data(), count, sizeof(T));
            REQUIRE(unit_stride.to_bytes() == expected);
            if (count != 0) {
                integer_sum backwards{level};
                backwards.add_strided<T>(reversed.data() + count - 1, count,
                                         -static_cast<std::ptrdiff_t>(sizeof(T)));
                REQUIRE(backwards.to_bytes() == expected);
                integer_sum repeated{level};
                repeated.add_strided<T>(values.data(), count, 0);
                const std::vector<T> copies(count, values[0]);
                REQUIRE(repeated.to_bytes() == reference_sum<T>(copies).bytes());
            }
        }
    }
}

constexpr auto int64_min = std::numeric_limits<std::int64_t>::min();
constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();
constexpr auto uint64_max = std::numeric_limits<std::uint64_t>::max();

} // namespace

TEST_CASE("an empty integer sum is zero") {
    const integer_sum sum;
    CHECK_FALSE(sum.negative());
    CHECK(sum.magnitude() == std::array<std::uint64_t, 2>{0, 0});
    CHECK(sum.to_int64() == std::int64_t{0});
}

TEST_CASE("sums past 2**64 come back as magnitude words and bytes") {
    integer_sum sum;
    sum.add(uint64_max);
    sum.add(uint64_max);
    sum.add(uint64_max);
    CHECK_FALSE(sum.negative());
    CHECK(sum.magnitude() == std::array<std::uint64_t, 2>{uint64_max - 2, 2});
    CHECK_FALSE(sum.to_int64().has_value());
    const auto bytes = sum.to_bytes();
    CHECK(bytes[0] == 0xfd);
    CHECK(bytes[8] == 2);
    CHECK(bytes[15] == 0);
}

TEST_CASE("negative sums past 2**64 come back as sign and magnitude") {
    integer_sum sum;
    for (int i = 0; i < 4; ++i) {
        sum.add(int64_min);
    }
    sum.add(-1);
    CHECK(sum.negative());
    // -(2**65 + 1)
    CHECK(sum.magnitude() == std::array<std::uint64_t, 2>{1, 2});
    CHECK_FALSE(sum.to_int64().has_value());
    // Two's complement of 2**65 + 1: ...fffd ffff ffff ffff ffff in the low 16 bytes.
    const auto bytes = sum.to_bytes();
    CHECK(bytes[0] == 0xff);
    CHECK(bytes[7] == 0xff);
    CHECK(bytes[8] == 0xfd);
    CHECK(bytes[15] == 0xff);
}

TEST_CASE("to_int64 holds exactly the sums that fit") {
    integer_sum top;
    top.add(int64_max);
    CHECK(top.to_int64() == int64_max);
    top.add(1);
    CHECK_FALSE(top.to_int64().has_value());
    CHECK(top.magnitude() == std::array<std::uint64_t, 2>{std::uint64_t{1} << 63, 0});
    integer_sum bottom;
    bottom.add(int64_min);
    CHECK(bottom.to_int64() == int64_min);
    CHECK(bottom.magnitude() == std::array<std::uint64_t, 2>{std::uint64_t{1} << 63, 0});
    bottom.add(-1);
    CHECK_FALSE(bottom.to_int64().has_value());
    integer_sum mixed;
    mixed.add(uint64_max);
    mixed.add(int64_min);
    CHECK(mixed.to_int64() == int64_max);
}

TEST_CASE("single values of every width and signedness add exactly") {
    std::mt19937_64 random{20261125};
    limb_reference reference;
    integer_sum sum;
    for (int i = 0; i < 100000; ++i) {
        std::uint64_t bits = random();
        bits >>= random() % 64;
        switch (random() % 6) {
        case 0:
            sum.add(static_cast<std::int8_t>(bits));
            reference.add_signed(static_cast<std::int8_t>(bits));
            break;
        case 1:
            sum.add(static_cast<std::uint16_t>(bits));
            reference.add_unsigned(static_cast<std::uint16_t>(bits));
            break;
        case 2:
            sum.add(static_cast<std::int32_t>(bits));
            reference.add_signed(static_cast<std::int32_t>(bits));
            break;
        case 3:
            sum.add(static_cast<std::int64_t>(bits | (std::uint64_t{1} << 63)));
            reference.add_signed(static_cast<std::int64_t>(bits | (std::uint64_t{1} << 63)));
            break;
        case 4:
            sum.add(bits);
            reference.add_unsigned(bits);
            break;
        default:
            sum.add(uint64_max - (bits & 3U));
            reference.add_unsigned(uint64_max - (bits & 3U));
            break;
        }
    }
    REQUIRE(sum.to_bytes() == reference.bytes());
}

TEST_CASE("arrays of every integer type agree with a limb reference") {
    std::mt19937_64 random{20261126};
    require_arrays_exact<std::int8_t>(random);
    require_arrays_exact<std::int16_t>(random);
    require_arrays_exact<std::int32_t>(random);
    require_arrays_exact<std::int64_t>(random);
    require_arrays_exact<std::uint8_t>(random);
    require_arrays_exact<std::uint16_t>(random);
    require_arrays_exact<std::uint32_t>(random);
    require_arrays_exact<std::uint64_t>(random);
}

TEST_CASE("strided integer arrays sum the elements their strides select") {
    std::mt19937_64 random{20261127};
    require_strides_exact<std::int8_t>(random);
    require_strides_exact<std::int16_t>(random);
    require_strides_exact<std::int32_t>(random);
    require_strides_exact<std::int64_t>(random);
    require_strides_exact<std::uint8_t>(random);
    require_strides_exact<std::uint16_t>(random);
    require_strides_exact<std::uint32_t>(random);
    require_strides_exact<std::uint64_t>(random);
}

TEST_CASE("arrays of extremes carry past 64 bits in both directions") {
    for (const simd_level level : supported_levels()) {
        integer_sum high{level};
        high.add(std::span<const std::uint64_t>{std::vector<std::uint64_t>(100001, uint64_max)});
        // 100001 * (2**64 - 1) = 100000 * 2**64 + (2**64 - 100001)
        CHECK(high.magnitude() == std::array<std::uint64_t, 2>{uint64_max - 100000, 100000});
        integer_sum low{level};
        low.add(std::span<const std::int64_t>{std::vector<std::int64_t>(100001, int64_min)});
        CHECK(low.negative());
        // 100001 * 2**63 = 50000 * 2**64 + 2**63
        CHECK(low.magnitude() == std::array<std::uint64_t, 2>{std::uint64_t{1} << 63, 50000});
    }
}

TEST_CASE("integer sums of parts made apart join into the sum of the whole") {
    std::mt19937_64 random{20261202};
    const std::vector<std::int64_t> values = random_values<std::int64_t>(random, 10000);
    const auto expected = reference_sum<std::int64_t>(values).bytes();
    for (const simd_level level : supported_levels()) {
        integer_sum whole{level};
        for (std::size_t start = 0; start < values.size(); start += 3001) {
            integer_sum part{level};
            const std::size_t length = std::min<std::size_t>(3001, values.size() - start);
            part.add(std::span{values}.subspan(start, length));
            whole.add(part);
        }
        REQUIRE(whole.to_bytes() == expected);
    }
    // Parts past 64 bits each, of opposite signs.
    integer_sum high;
    high.add(std::span<const std::uint64_t>{std::vector<std::uint64_t>(3, uint64_max)});
    integer_sum low;
    low.add(std::span<const std::int64_t>{std::vector<std::int64_t>(5, int64_min)});
    high.add(low);
    // 3 * (2**64 - 1) - 5 * 2**63 = 2**64 - 2**63 - 3
    CHECK(high.to_int64() ==
          std::optional<std::int64_t>{std::numeric_limits<std::int64_t>::max() - 2});
}
