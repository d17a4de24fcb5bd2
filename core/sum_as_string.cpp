#include "core/sum_as_string.hpp"

#include <array>
#include <charconv>

namespace pyhost::core {

namespace {

// Writes `value` as decimal digits ending at `end`; returns where the digits begin.
char *write_digits(char *end, std::uint64_t value, std::size_t min_width) {
    char *begin = end;
    do {
        *--begin = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0 || static_cast<std::size_t>(end - begin) < min_width);
    return begin;
}

} // namespace

std::string sum_as_string(std::uint64_t a, std::uint64_t b) {
    std::array<char, 24> buffer{};
    char *const end = buffer.data() + buffer.size();
    std::uint64_t low = 0;
    if (!__builtin_add_overflow(a, b, &low)) {
        auto [digits_end, error] = std::to_chars(buffer.data(), end, low);
        return {buffer.data(), digits_end};
    }
    // The common case above needs no 128-bit arithmetic; a sum past 2**64 is split at 10**19
    // into a leading digit (1, 2 or 3) and nineteen more.
    __extension__ using uint128 = unsigned __int128;
    constexpr std::uint64_t ten_pow_19 = 10'000'000'000'000'000'000ULL;
    const uint128 sum = uint128{a} + b;
    char *begin = write_digits(end, static_cast<std::uint64_t>(sum % ten_pow_19), 19);
    begin = write_digits(begin, static_cast<std::uint64_t>(sum / ten_pow_19), 1);
    return {begin, end};
}

} // namespace pyhost::core
