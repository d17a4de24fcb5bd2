#pragma once

// Text between C++ and Python, in one convention: C++ text is UTF-8 bytes, and a lone surrogate
// U+DC80..U+DCFF in a str stands for the byte that Python could not decode (surrogateescape), as
// in sys.argv, file names and os.environ.

#include <Python.h>

#include <string>
#include <string_view>

namespace pyhost::detail {

/// The str for UTF-8 bytes; bytes that are not UTF-8 become surrogate escapes.
PyObject *new_str(std::string_view utf8);

/// The UTF-8 bytes of a str. A code point that cannot be encoded (a surrogate outside the escape
/// range) raises UnicodeEncodeError, which propagates.
std::string utf8_of(PyObject *str);

/// The same for text that describes something (a message, a traceback): such code points come
/// out as backslash escapes, and any failure as a placeholder. Never raises; clears any error.
std::string utf8_description(PyObject *object) noexcept;

} // namespace pyhost::detail

namespace pyhost::detail {

/// Raises UnicodeDecodeError, as decoding would, where `text` is not UTF-8 (utf8.hpp checks it
/// without CPython); the error propagates.
void require_utf8(std::string_view text);

} // namespace pyhost::detail
