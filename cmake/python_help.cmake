# python's help texts, for the host's own help (app/python_help.hpp), taken from the Python that
# the host embeds when CMake configures the build: `--help`, `--help-env`, `--help-xoptions` and
# `--help-all`, word for word, trailing spaces included. So each version, patch release and build
# variant (a pystats, debug or free-threaded build lists more options) gets its own text.
#
# pyhost_generate_python_help(<output file>) writes the definitions of app/python_help.hpp's
# functions into <output file>, from app/python_help.cpp.in.

# Runs the Python with `option` and puts what it prints into `variable`. Every PYTHON* variable
# is unset: help does not read them, but a bad one (PYTHONMALLOC=x, say) would end the Python
# before it prints anything.
function(_pyhost_python_help_text option variable)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E environment OUTPUT_VARIABLE _environment)
  string(REGEX MATCHALL "\nPYTHON[A-Za-z0-9_]*=" _set "\n${_environment}")
  set(_unset)
  foreach(_assignment IN LISTS _set)
    string(REGEX REPLACE "^\n(PYTHON[A-Za-z0-9_]*)=$" "--unset=\\1" _assignment "${_assignment}")
    list(APPEND _unset "${_assignment}")
  endforeach()
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env ${_unset} "${Python_EXECUTABLE}" ${option}
    RESULT_VARIABLE _failed
    OUTPUT_VARIABLE _text
    ERROR_VARIABLE _error)
  if(_failed OR _text STREQUAL "")
    message(FATAL_ERROR
      "pyhost prints the help of the Python it embeds, but `${Python_EXECUTABLE} ${option}` "
      "printed no help (status ${_failed}): ${_error}")
  endif()
  set(${variable} "${_text}" PARENT_SCOPE)
endfunction()

function(pyhost_generate_python_help output)
  _pyhost_python_help_text(--help _help)
  _pyhost_python_help_text(--help-env PYHOST_HELP_ENVIRONMENT)
  _pyhost_python_help_text(--help-xoptions PYHOST_HELP_XOPTIONS)
  _pyhost_python_help_text(--help-all _help_all)

  # --help: "usage: <program> <usage line>", then the options. The host names itself instead.
  set(_program_prefix "usage: ${Python_EXECUTABLE} ")
  string(LENGTH "${_program_prefix}" _prefix_length)
  string(FIND "${_help}" "\n" _first_line_end)
  string(SUBSTRING "${_help}" 0 ${_prefix_length} _prefix)
  if(_first_line_end LESS_EQUAL _prefix_length OR NOT _prefix STREQUAL _program_prefix)
    string(SUBSTRING "${_help}" 0 ${_first_line_end} _first_line)
    message(FATAL_ERROR
      "pyhost expects python's help to start with `${_program_prefix}`, but the first line of "
      "`${Python_EXECUTABLE} --help` is `${_first_line}`")
  endif()
  math(EXPR _usage_length "${_first_line_end} - ${_prefix_length}")
  string(SUBSTRING "${_help}" ${_prefix_length} ${_usage_length} PYHOST_HELP_USAGE)
  math(EXPR _options_start "${_first_line_end} + 1")
  string(SUBSTRING "${_help}" ${_options_start} -1 PYHOST_HELP_OPTIONS)

  # --help-all: --help's text, then the variables and the -X options, each after the separator.
  string(LENGTH "${_help}" _help_length)
  string(LENGTH "${_help_all}" _all_length)
  string(LENGTH "${PYHOST_HELP_ENVIRONMENT}" _environment_length)
  string(LENGTH "${PYHOST_HELP_XOPTIONS}" _xoptions_length)
  math(EXPR _separator_length
       "(${_all_length} - ${_help_length} - ${_environment_length} - ${_xoptions_length}) / 2")
  set(PYHOST_HELP_SEPARATOR "")
  if(_separator_length GREATER 0 AND _help_length LESS _all_length)
    string(SUBSTRING "${_help_all}" ${_help_length} ${_separator_length} PYHOST_HELP_SEPARATOR)
  endif()
  set(_expected_all "${_help}${PYHOST_HELP_SEPARATOR}${PYHOST_HELP_ENVIRONMENT}")
  string(APPEND _expected_all "${PYHOST_HELP_SEPARATOR}${PYHOST_HELP_XOPTIONS}")
  if(NOT _help_all STREQUAL _expected_all)
    message(FATAL_ERROR
      "pyhost builds --help-all from python's --help, --help-env and --help-xoptions, with one "
      "separator between them, but `${Python_EXECUTABLE} --help-all` prints something else")
  endif()

  # Each text becomes a raw string literal, which must not contain the literal's delimiter.
  foreach(_text IN ITEMS PYHOST_HELP_USAGE PYHOST_HELP_OPTIONS PYHOST_HELP_ENVIRONMENT
                         PYHOST_HELP_XOPTIONS PYHOST_HELP_SEPARATOR)
    string(FIND "${${_text}}" ")python_help\"" _delimiter_at)
    if(NOT _delimiter_at EQUAL -1)
      message(FATAL_ERROR "python's help contains the raw string's delimiter )python_help\"")
    endif()
  endforeach()
  configure_file("${PROJECT_SOURCE_DIR}/app/python_help.cpp.in" "${output}" @ONLY)
  # A new release of the Python can change its help: configure again when the Python changes.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${Python_EXECUTABLE}")
endfunction()
