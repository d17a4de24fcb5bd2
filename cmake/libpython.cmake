# pyhost_python: how the host links the libpython of ${Python_EXECUTABLE}.
#
# static (the default where there is a static libpython): the host is a non-PIE executable with
#   libpython linked in, the way Debian builds /usr/bin/python3 itself. --export-dynamic keeps
#   libpython's symbols visible to the extension modules that the host loads (numpy, _ssl,
#   _ctypes ...). The library: PYHOST_LIBPYTHON_ARCHIVE where set; for Debian's Python, the one that
#   the opt-in scripts/build-libpython builds (Debian's own build, with its link-time optimisation
#   kept), whenever it is present; otherwise the Python's own libpythonX.Y.a (pyenv's Pythons
#   have one too).
# shared: Python::Python, the usual embedding; the only choice for a Python without a static library.
#   Position-independent code and calls through the PLT cost about 1.2x in start-up and in running
#   Python code.
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

# The project's cache (the rebuilt libpython, Debian's unpacked test suite) is read from the
# environment at the first configure, as scripts/build-libpython reads it, and then kept, so that a
# configure run again from another environment (another HOME) finds it too.
if(NOT DEFINED PYHOST_CACHE_DIR)
  execute_process(COMMAND "${PROJECT_SOURCE_DIR}/scripts/build-libpython" --cache-dir
                  OUTPUT_VARIABLE _pyhost_cache_dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  set(PYHOST_CACHE_DIR "${_pyhost_cache_dir}" CACHE PATH "Where scripts/install-deps and build-libpython keep what they make")
endif()

set(PYHOST_LIBPYTHON_ARCHIVE "" CACHE FILEPATH "The static libpython to link; empty: chosen as above")
set(_pyhost_archive "${PYHOST_LIBPYTHON_ARCHIVE}")
if(NOT _pyhost_archive AND NOT PYHOST_LIBPYTHON STREQUAL "shared")
  # Debian's Python: the library rebuilt with LTO, where scripts/build-libpython has built it.
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env "PYHOST_CACHE_DIR=${PYHOST_CACHE_DIR}"
            "${PROJECT_SOURCE_DIR}/scripts/build-libpython" --where "${Python_EXECUTABLE}"
    RESULT_VARIABLE _pyhost_where_failed
    OUTPUT_VARIABLE _pyhost_rebuilt_libpython ERROR_VARIABLE _pyhost_where_error
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(_pyhost_where_failed)
    message(WARNING "scripts/build-libpython --where failed, so pyhost cannot link the rebuilt libpython: "
                    "${_pyhost_where_error}")
  endif()
  if(_pyhost_rebuilt_libpython AND EXISTS "${_pyhost_rebuilt_libpython}")
    set(_pyhost_archive "${_pyhost_rebuilt_libpython}")
  elseif(EXISTS "${_pyhost_static_libpython}")
    set(_pyhost_archive "${_pyhost_static_libpython}")
  endif()
endif()

set(_pyhost_linkage "${PYHOST_LIBPYTHON}")
if(_pyhost_linkage STREQUAL "auto")
  if(_pyhost_archive)
    set(_pyhost_linkage static)
  else()
    set(_pyhost_linkage shared)
  endif()
endif()

add_library(pyhost_python INTERFACE)
if(_pyhost_linkage STREQUAL "static")
  if(NOT EXISTS "${_pyhost_archive}")
    message(FATAL_ERROR "PYHOST_LIBPYTHON=static, but there is no static libpython: ${_pyhost_archive}")
  endif()
  target_include_directories(pyhost_python SYSTEM INTERFACE ${Python_INCLUDE_DIRS})
  # The whole library, as python3 links all of libpython's objects: every function of the C API is
  # in the host, for extension modules and ctypes.pythonapi, even those that the host never calls
  # (Py_FrozenMain, CPython's test_capi checks it).
  target_link_libraries(pyhost_python INTERFACE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${_pyhost_archive}>"
                                                ${_pyhost_libpython_needs} Threads::Threads ${CMAKE_DL_LIBS} util)
  # libpython's symbols exported; the C++ runtime's, linked in statically, kept to the host, so
  # that a C++ extension module binds to its own libstdc++.
  target_link_options(pyhost_python INTERFACE -no-pie LINKER:--export-dynamic
                      LINKER:--exclude-libs,libstdc++.a:libgcc.a:libgcc_eh.a)
elseif(_pyhost_linkage STREQUAL "shared")
  target_link_libraries(pyhost_python INTERFACE Python::Python)
else()
  message(FATAL_ERROR "PYHOST_LIBPYTHON must be auto, static or shared, not ${PYHOST_LIBPYTHON}")
endif()

# Where the static library carries GCC's LTO sections beside its machine code (as
# scripts/build-libpython's does), an executable whose PYHOST_LIBPYTHON_LTO property is ON (pyhost)
# is linked with LTO, but in Debug builds: libpython optimised as a whole, with the flags of
# Debian's own link of python3 (about a minute of linking on 2 cores).
# Every other executable (the C++ tests) is linked with -fno-lto and uses the machine code, in
# seconds; without that flag GCC would run the link-time optimisation for each of them, serially.
set(_pyhost_lto OFF)
if(_pyhost_linkage STREQUAL "static" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  execute_process(COMMAND "${CMAKE_READELF}" -S -W "${_pyhost_archive}" OUTPUT_VARIABLE _pyhost_sections
                  ERROR_QUIET)
  if(_pyhost_sections MATCHES "\\.gnu\\.lto_")
    set(_pyhost_lto ON)
    target_link_options(
      pyhost_python INTERFACE
      "$<IF:$<AND:$<BOOL:$<TARGET_PROPERTY:PYHOST_LIBPYTHON_LTO>>,$<NOT:$<CONFIG:Debug>>>,-flto=auto;-fuse-linker-plugin;-O3;-fwrapv,-fno-lto>")
  endif()
endif()

set(PYHOST_LIBPYTHON_LINKAGE "${_pyhost_linkage}")
# Whether the library is the one scripts/build-libpython rebuilt: the tests hold it to a tighter
# instruction ratio (tests/CMakeLists.txt).
# PYHOST_LIBPYTHON_OPTIMISABLE: whether scripts/build-libpython can rebuild it (Debian's Python).
set(PYHOST_LIBPYTHON_OPTIMISABLE OFF)
if(_pyhost_rebuilt_libpython)
  set(PYHOST_LIBPYTHON_OPTIMISABLE ON)
endif()
set(PYHOST_LIBPYTHON_OPTIMISED OFF)
if(_pyhost_rebuilt_libpython AND _pyhost_archive STREQUAL _pyhost_rebuilt_libpython)
  set(PYHOST_LIBPYTHON_OPTIMISED ON)
endif()
# One line says which libpython the host links, and how.
if(_pyhost_linkage STREQUAL "static")
  set(_pyhost_lto_words "")
  if(_pyhost_lto)
    set(_pyhost_lto_words ", link-time optimised")
  endif()
  set(_pyhost_hint "")
  if(_pyhost_rebuilt_libpython AND NOT PYHOST_LIBPYTHON_OPTIMISED)
    set(_pyhost_hint " (scripts/install-deps --optimised-libpython builds a faster one)")
  endif()
  message(STATUS "pyhost links libpython statically${_pyhost_lto_words}: ${_pyhost_archive}${_pyhost_hint}")
else()
  message(STATUS "pyhost links libpython as a shared library: ${Python_LIBRARIES}")
endif()
