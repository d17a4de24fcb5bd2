#pragma once

// The library is built with hidden visibility: only what is marked PYHOST_API is part of its
// binary interface. Its exception classes are marked too, so that an application catches them by
// type across the shared library's boundary.
#define PYHOST_API __attribute__((visibility("default")))
