# The package of pyhost::embed (embed/CMakeLists.txt), for applications outside this project:
#
#     find_package(pyhost CONFIG REQUIRED)
#     target_link_libraries(app PRIVATE pyhost::embed)
#
# from an install prefix (cmake --install <build> --prefix <prefix>, then
# -DCMAKE_PREFIX_PATH=<prefix>) or from the build tree (-Dpyhost_DIR=<build>/embed); or through
# pkg-config (pyhost.pc: the flags, plus -std=c++20 of the application's own). The package
# carries the shared library, the public headers and nothing of Python's: libpython is the
# library's own dependency (its DT_NEEDED and RUNPATH), so the config file finds no dependency.
include(CMakePackageConfigHelpers)

set(_pyhost_package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/pyhost)
install(TARGETS pyhost_embed EXPORT pyhostTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library NAMELINK_COMPONENT library
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/embed/include/pyhost
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT library)
install(EXPORT pyhostTargets NAMESPACE pyhost:: DESTINATION ${_pyhost_package_dir}
        COMPONENT library)

# The same files in the build tree, beside the exported targets that point into it.
export(EXPORT pyhostTargets NAMESPACE pyhost:: FILE ${CMAKE_CURRENT_BINARY_DIR}/pyhostTargets.cmake)
configure_file(${CMAKE_CURRENT_LIST_DIR}/pyhostConfig.cmake.in
               ${CMAKE_CURRENT_BINARY_DIR}/pyhostConfig.cmake @ONLY)
# 0.x: a minor version may break what the one before offered.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/pyhostConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pyhostConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/pyhostConfigVersion.cmake
        DESTINATION ${_pyhost_package_dir} COMPONENT library)

# pkg-config's file finds the prefix from its own place (${pcfiledir}), so the prefix moves.
file(RELATIVE_PATH _pyhost_pc_to_prefix "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" _pyhost_pc_to_prefix "${_pyhost_pc_to_prefix}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/pyhost.pc.in ${CMAKE_CURRENT_BINARY_DIR}/pyhost.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pyhost.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT library)
