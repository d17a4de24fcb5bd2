# pyhost_include_root(<variable> <folder>...) makes a folder in the build tree that holds links to
# the named source folders and nothing else, and sets <variable> to its path. A target whose
# include path is that folder can include those folders' headers ("core/float_sum.hpp") and no
# other header of the project. That is how the build enforces the layers: core/ sees only itself,
# and module/ sees only core/ and itself, never the host in app/.
function(pyhost_include_root variable)
  string(JOIN "+" name ${ARGN})
  set(root "${PROJECT_BINARY_DIR}/include-roots/${name}")
  file(MAKE_DIRECTORY "${root}")
  foreach(folder IN LISTS ARGN)
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${folder}" "${root}/${folder}" SYMBOLIC)
  endforeach()
  set(${variable} "${root}" PARENT_SCOPE)
endfunction()
