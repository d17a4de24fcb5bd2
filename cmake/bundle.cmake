# The self-contained, relocatable pyhost (scripts/make_bundle.py says what is inside and why):
#
#     cmake --build build/release --target bundle
#
# makes ${PROJECT_BINARY_DIR}/bundle/pyhost and, beside it, the test bundle pyhost-tests. The
# bundle carries the standard library of the Python that the host embeds, so the script runs
# under that Python.
set(PYHOST_BUNDLE_DIR ${PROJECT_BINARY_DIR}/bundle/pyhost)
add_custom_target(
  bundle
  COMMAND ${Python_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/make_bundle.py --host
          $<TARGET_FILE:pyhost> --output ${PYHOST_BUNDLE_DIR}
  DEPENDS pyhost
  COMMENT "Making the self-contained pyhost in ${PYHOST_BUNDLE_DIR}"
  VERBATIM USES_TERMINAL)
