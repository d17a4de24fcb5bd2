# pyhost_python: how the host links the libpython of ${Python_EXECUTABLE}.
#
# static (the default where there is a static libpython): the host is a non-PIE executable with
#   libpython linked in, the way Debian builds /usr/bin/python3 itself. --export-dynamic keeps
#   libpython's symbols visible to the extension modules that the host loads (numpy, _ssl,
#   _ctypes ...). The library: PYHOST_LIBPYTHON_ARCHIVE where set; for Debian's Python, the one that
#   scripts/build-libpython builds (Debian's own build, with its link-time optimisation kept);
#   otherwise the Python's own libpythonX.Y.a.
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

set(PYHOST_LIBPYTHON_ARCHIVE "" CACHE FILEPATH "The static libpython to link; empty: chosen as above")
set(_pyhost_archive "${PYHOST_LIBPYTHON_ARCHIVE}")
if(NOT _pyhost_archive AND NOT PYHOST_LIBPYTHON STREQUAL "shared")
  # Debian's Python: the library rebuilt with LTO, where scripts/build-libpython has built it. Its
  # cache is read from the environment at the first configure, as the script reads it, and then
  # kept, so that a configure run again from another environment (another HOME) finds it too.
  if(NOT DEFINED PYHOST_CACHE_DIR)
    execute_process(COMMAND "${PROJECT_SOURCE_DIR}/scripts/build-libpython" --cache-dir
                    OUTPUT_VARIABLE _pyhost_cache_dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    set(PYHOST_CACHE_DIR "${_pyhost_cache_dir}" CACHE PATH "Where scripts/build-libpython keeps what it builds")
  endif()
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
    if(_pyhost_rebuilt_libpython)
      message(WARNING
        "${_pyhost_rebuilt_libpython} is not built, so pyhost links ${_pyhost_static_libpython}, "
        "whose LTO Debian strips: Python code costs about 9% more than under python3. "
        "Run scripts/install-deps (or scripts/build-libpython), then configure again.")
    endif()
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
if(_pyhost_linkage STREQUAL "static")
  message(STATUS "pyhost links libpython statically (link-time optimised: ${_pyhost_lto}): ${_pyhost_archive}")
else()
  message(STATUS "pyhost links libpython as a shared library")
endif()
