#include "embed/src/capture.hpp"

#include "embed/src/exceptions.hpp"
#include "module/python_error.hpp"

#include <Python.h>

#include <exception>
#include <string>

namespace pyhost::detail {

namespace py = pybind11;

// What a stream's native write function reaches: the sink while the run lasts, nothing after.
struct sink_binding {
    const sink *target;
    const char *stream;
};

namespace {

constexpr const char *capsule_name = "pyhost.sink";

// The native half of library.py's _Sink.write: hands the bytes to the sink, with Python's lock
// held, so that sinks are called one at a time, in the order of the writes.
PyObject *write_to_sink(PyObject *capsule, PyObject *data) noexcept {
    const auto *to = static_cast<const sink_binding *>(PyCapsule_GetPointer(capsule, capsule_name));
    if (to == nullptr) {
        return nullptr;
    }
    if (to->target == nullptr) {
        PyErr_Format(PyExc_ValueError, "write to pyhost's captured %s after its run ended",
                     to->stream);
        return nullptr;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
        return nullptr;
    }
    // An empty write (print's end='') carries nothing to hand on.
    if (view.len == 0) {
        PyBuffer_Release(&view);
        return PyLong_FromLong(0);
    }
    try {
        (*to->target)(std::string_view{static_cast<const char *>(view.buf),
                                       static_cast<std::size_t>(view.len)});
    } catch (const std::exception &error) {
        PyErr_Format(PyExc_RuntimeError, "the application's %s sink failed: %s", to->stream,
                     error.what());
    } catch (...) {
        PyErr_Format(PyExc_RuntimeError, "the application's %s sink failed", to->stream);
    }
    const auto length = view.len;
    PyBuffer_Release(&view);
    if (PyErr_Occurred() != nullptr) {
        return nullptr;
    }
    return PyLong_FromSsize_t(length);
}

PyMethodDef write_method{"write", write_to_sink, METH_O,
                         "Hands bytes to the application's sink; returns their number."};

void free_binding(PyObject *capsule) {
    delete static_cast<sink_binding *>(PyCapsule_GetPointer(capsule, capsule_name));
}

} // namespace

void stream_capture::start(const py::object &library, const output &streams) {
    if (streams.out) {
        replace(redirects_[0], library, "stdout", streams.out);
    }
    if (streams.err) {
        replace(redirects_[1], library, "stderr", streams.err);
    }
}

void stream_capture::replace(redirect &slot, const py::object &library, const char *name,
                             const sink &to) {
    auto *target = new sink_binding{&to, name};
    PyObject *capsule = PyCapsule_New(target, capsule_name, free_binding);
    if (capsule == nullptr) {
        delete target;
        propagate_python_exception();
    }
    const auto capsule_held = py::reinterpret_steal<py::object>(capsule);
    auto writer = own(PyCFunction_NewEx(&write_method, capsule, nullptr));
    auto stream = own(PyObject_CallMethod(library.ptr(), "captured_stream", "Os", writer.ptr(),
                                          (std::string{"<"} + name + ">").c_str()));
    slot.found = hold(PySys_GetObject(name));
    slot.writer = std::move(writer);
    slot.target = target;
    slot.name = name;
    if (PySys_SetObject(name, stream.ptr()) < 0) {
        propagate_python_exception();
    }
}

stream_capture::~stream_capture() {
    const pending_exception_kept kept;
    for (auto &slot : redirects_) {
        if (slot.target == nullptr) {
            continue;
        }
        PyObject *current = PySys_GetObject(slot.name);
        if (current != nullptr && current != Py_None) {
            PyObject *flushed = PyObject_CallMethod(current, "flush", nullptr);
            Py_XDECREF(flushed);
        }
        if (PySys_SetObject(slot.name, slot.found.ptr()) < 0) {
            PyErr_Clear();
        }
        PyErr_Clear();
        slot.target->target = nullptr;
        slot.found = {};
        slot.writer = {};
    }
}

} // namespace pyhost::detail
