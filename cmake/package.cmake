# A Debian package of the host, from its install rules:
#   cmake --build <build dir> --target package    # writes <build dir>/pyhost_<version>_<arch>.deb
# dpkg-shlibdeps (dpkg-dev) finds the shared libraries' packages. With a static libpython nothing
# names the standard library the host runs, so it is a dependency of its own, when the Python is
# Debian's; a package built against another Python (pyenv's) works only where that Python is.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pyhost)
set(CPACK_PACKAGE_VENDOR pyhost)
set(CPACK_PACKAGE_CONTACT "pyhost maintainers <pyhost@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION interpreters)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The package gets no debug information, whatever the build type.
set(CPACK_STRIP_FILES ON)

execute_process(
  COMMAND "${Python_EXECUTABLE}" -c "import sys; print(sys.base_prefix)"
  OUTPUT_VARIABLE _pyhost_python_prefix
  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
if(_pyhost_python_prefix STREQUAL "/usr")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libpython${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}-stdlib (>= ${Python_VERSION})")
endif()
# `package_source` (a tarball of the sources) leaves out what is not source.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "^${PROJECT_SOURCE_DIR}/([.]git|build|[.]cache)/" "/__pycache__/")
# The package is the program's. The embedding library (the "library" component,
# cmake/library_package.cmake) stays out: it links a shared libpython, which for a Python that no
# Debian package provides (pyenv's) dpkg-shlibdeps cannot resolve.
set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};${PROJECT_NAME};Unspecified;/")
include(CPack)
