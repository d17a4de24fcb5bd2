# pyhost_python: how the host links the libpython of ${Python_EXECUTABLE}.
#
# static (the default where that Python ships libpythonX.Y.a, as Debian's does): the host is a
#   non-PIE executable with libpython linked in, the way Debian builds /usr/bin/python3 itself. It
#   starts as fast as python3 and runs Python code as fast; a shared libpython costs ~1.2x in both
#   (position-independent code and calls through the PLT). --export-dynamic keeps libpython's
#   symbols visible to the extension modules that the host loads (numpy, _ssl, _ctypes ...).
# shared: Python::Python, the usual embedding; the only choice for a Python without a static library.
set(PYHOST_LIBPYTHON "auto" CACHE STRING "How pyhost links libpython: auto, static or shared")
set_property(CACHE PYHOST_LIBPYTHON PROPERTY STRINGS auto static shared)

execute_process(
  COMMAND "${Python_EXECUTABLE}" -c
          "import sysconfig as s; v = s.get_config_var; print(v('LIBPL') + '/' + v('LIBRARY')); print(' '.join((v('LIBS') or '', v('SYSLIBS') or '', v('MODLIBS') or '')))"
  OUTPUT_VARIABLE _pyhost_sysconfig
  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" _pyhost_sysconfig "${_pyhost_sysconfig}")
list(GET _pyhost_sysconfig 0 _pyhost_static_libpython)
list(GET _pyhost_sysconfig 1 _pyhost_libpython_needs)
separate_arguments(_pyhost_libpython_needs UNIX_COMMAND "${_pyhost_libpython_needs}")
list(REMOVE_DUPLICATES _pyhost_libpython_needs)

set(_pyhost_linkage "${PYHOST_LIBPYTHON}")
if(_pyhost_linkage STREQUAL "auto")
  if(EXISTS "${_pyhost_static_libpython}")
    set(_pyhost_linkage static)
  else()
    set(_pyhost_linkage shared)
  endif()
endif()

add_library(pyhost_python INTERFACE)
if(_pyhost_linkage STREQUAL "static")
  if(NOT EXISTS "${_pyhost_static_libpython}")
    message(FATAL_ERROR "PYHOST_LIBPYTHON=static, but ${Python_EXECUTABLE} has no ${_pyhost_static_libpython}")
  endif()
  target_include_directories(pyhost_python SYSTEM INTERFACE ${Python_INCLUDE_DIRS})
  target_link_libraries(pyhost_python INTERFACE "${_pyhost_static_libpython}" ${_pyhost_libpython_needs}
                                                Threads::Threads ${CMAKE_DL_LIBS} util)
  target_link_options(pyhost_python INTERFACE -no-pie LINKER:--export-dynamic)
elseif(_pyhost_linkage STREQUAL "shared")
  target_link_libraries(pyhost_python INTERFACE Python::Python)
else()
  message(FATAL_ERROR "PYHOST_LIBPYTHON must be auto, static or shared, not ${PYHOST_LIBPYTHON}")
endif()
message(STATUS "pyhost links libpython ${_pyhost_linkage}ally")
