#include "embed/src/python_text.hpp"

#include "embed/src/utf8.hpp"
#include "module/python_error.hpp"

namespace pyhost::detail {

PyObject *new_str(std::string_view utf8) {
    return PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()),
                                "surrogateescape");
}

std::string utf8_of(PyObject *str) {
    auto bytes = own(PyUnicode_AsEncodedString(str, "utf-8", "surrogateescape"));
    return {PyBytes_AS_STRING(bytes.ptr()),
            static_cast<std::size_t>(PyBytes_GET_SIZE(bytes.ptr()))};
}

std::string utf8_description(PyObject *object) noexcept {
    try {
        auto str = own(PyObject_Str(object));
        try {
            return utf8_of(str.ptr());
        } catch (const python_exception_is_set &) {
            PyErr_Clear();
            auto bytes = own(PyUnicode_AsEncodedString(str.ptr(), "utf-8", "backslashreplace"));
            return {PyBytes_AS_STRING(bytes.ptr()),
                    static_cast<std::size_t>(PyBytes_GET_SIZE(bytes.ptr()))};
        }
    } catch (...) {
        PyErr_Clear();
        return "<str() failed>";
    }
}

void require_utf8(std::string_view text) {
    const auto invalid = find_invalid_utf8(text);
    if (!invalid) {
        return;
    }
    auto error =
        own(PyUnicodeDecodeError_Create("utf-8", text.data(), static_cast<Py_ssize_t>(text.size()),
                                        static_cast<Py_ssize_t>(invalid->start),
                                        static_cast<Py_ssize_t>(invalid->end), invalid->reason));
    PyErr_SetObject(PyExc_UnicodeDecodeError, error.ptr());
    propagate_python_exception();
}

} // namespace pyhost::detail
