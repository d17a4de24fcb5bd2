#include "core/sum_as_string.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

using pyhost::core::sum_as_string;

namespace {

constexpr auto u64_max = std::numeric_limits<std::uint64_t>::max();

// Schoolbook decimal addition: an exact reference that shares no code with sum_as_string.
std::string add_decimal(const std::string &x, const std::string &y) {
    std::string result;
    int carry = 0;
    for (std::size_t i = 0; i < std::max(x.size(), y.size()) || carry != 0; ++i) {
        int digit = carry;
        digit += i < x.size() ? x[x.size() - 1 - i] - '0' : 0;
        digit += i < y.size() ? y[y.size() - 1 - i] - '0' : 0;
        result.insert(result.begin(), static_cast<char>('0' + digit % 10));
        carry = digit / 10;
    }
    return result;
}

} // namespace

TEST_CASE("small sums are their decimal digits") {
    CHECK(sum_as_string(0, 0) == "0");
    CHECK(sum_as_string(10, 20) == "30");
    CHECK(sum_as_string(5, 5) == "10");
}

TEST_CASE("sums that fit in 64 bits are exact up to the largest") {
    CHECK(sum_as_string(u64_max, 0) == "18446744073709551615");
    CHECK(sum_as_string(u64_max - 1, 1) == "18446744073709551615");
}

TEST_CASE("sums past 2**64 carry into a 65th bit instead of wrapping") {
    CHECK(sum_as_string(u64_max, 1) == "18446744073709551616");
    CHECK(sum_as_string(u64_max, u64_max) == "36893488147419103230");
    CHECK(sum_as_string(10'000'000'000'000'000'000ULL, 10'000'000'000'000'000'000ULL) ==
          "20000000000000000000");
    CHECK(sum_as_string(u64_max, 10'000'000'000'000'000'000ULL - 1) == "28446744073709551614");
}

TEST_CASE("random sums agree with schoolbook decimal addition") {
    std::mt19937_64 random{20261124};
    // Operands drawn from every magnitude, so that both the 64-bit path and the carry path,
    // with each leading digit of a 65-bit sum, are exercised.
    for (int i = 0; i < 20000; ++i) {
        const auto a = random() >> (random() % 64);
        const auto b = random() >> (random() % 64);
        INFO(a << " + " << b);
        REQUIRE(sum_as_string(a, b) == add_decimal(std::to_string(a), std::to_string(b)));
    }
}
