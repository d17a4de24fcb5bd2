#include "embed/src/decimal_text.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace pyhost::detail {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    throw std::invalid_argument("not a hexadecimal digit");
}

} // namespace

std::string decimal_from_hex(std::string_view hex) {
    const bool negative = hex.starts_with('-');
    if (negative) {
        hex.remove_prefix(1);
    }
    if (hex.starts_with("0x") || hex.starts_with("0X")) {
        hex.remove_prefix(2);
    }
    // The number in base 10^9, least significant limb first: each hex digit multiplies it by 16
    // and adds the digit. Quadratic, which is fine for the sizes that reach a C++ value.
    constexpr std::uint64_t base = 1'000'000'000;
    std::vector<std::uint32_t> limbs{0};
    for (const char c : hex) {
        std::uint64_t carry = static_cast<std::uint64_t>(hex_digit(c));
        for (auto &limb : limbs) {
            const std::uint64_t next = std::uint64_t{limb} * 16 + carry;
            limb = static_cast<std::uint32_t>(next % base);
            carry = next / base;
        }
        if (carry != 0) {
            limbs.push_back(static_cast<std::uint32_t>(carry));
        }
    }
    std::string text = std::to_string(limbs.back());
    for (auto limb = limbs.rbegin() + 1; limb != limbs.rend(); ++limb) {
        const auto part = std::to_string(*limb);
        text.append(9 - part.size(), '0');
        text += part;
    }
    if (negative && text != "0") {
        text.insert(text.begin(), '-');
    }
    return text;
}

} // namespace pyhost::detail
