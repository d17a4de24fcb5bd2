#include "embed/src/utf8.hpp"

#include <cstdint>

namespace pyhost::detail {

namespace {

// The range that the second byte of a sequence may take, after its lead byte (Unicode's table 3-7,
// which Python's decoder follows): this is what excludes overlong forms, surrogates and code points
// above U+10FFFF.
struct lead {
    std::size_t length;
    std::uint8_t second_low;
    std::uint8_t second_high;
};

std::optional<lead> lead_of(std::uint8_t byte) noexcept {
    if (byte >= 0xC2 && byte <= 0xDF) {
        return lead{2, 0x80, 0xBF};
    }
    if (byte == 0xE0) {
        return lead{3, 0xA0, 0xBF};
    }
    if (byte == 0xED) {
        return lead{3, 0x80, 0x9F};
    }
    if (byte >= 0xE1 && byte <= 0xEF) {
        return lead{3, 0x80, 0xBF};
    }
    if (byte == 0xF0) {
        return lead{4, 0x90, 0xBF};
    }
    if (byte == 0xF4) {
        return lead{4, 0x80, 0x8F};
    }
    if (byte >= 0xF1 && byte <= 0xF3) {
        return lead{4, 0x80, 0xBF};
    }
    return std::nullopt;
}

} // namespace

std::optional<utf8_error> find_invalid_utf8(std::string_view text) noexcept {
    std::size_t at = 0;
    while (at < text.size()) {
        const auto byte = static_cast<std::uint8_t>(text[at]);
        if (byte < 0x80) {
            ++at;
            continue;
        }
        const auto sequence = lead_of(byte);
        if (!sequence) {
            return utf8_error{at, at + 1, "invalid start byte"};
        }
        // As Python reports it: the valid prefix of a broken sequence is one error, and the data
        // ending inside a sequence is "unexpected end of data".
        for (std::size_t i = 1; i < sequence->length; ++i) {
            if (at + i == text.size()) {
                return utf8_error{at, text.size(), "unexpected end of data"};
            }
            const auto next = static_cast<std::uint8_t>(text[at + i]);
            const std::uint8_t low = i == 1 ? sequence->second_low : 0x80;
            const std::uint8_t high = i == 1 ? sequence->second_high : 0xBF;
            if (next < low || next > high) {
                return utf8_error{at, at + i, "invalid continuation byte"};
            }
        }
        at += sequence->length;
    }
    return std::nullopt;
}

} // namespace pyhost::detail
