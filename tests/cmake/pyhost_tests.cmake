# How every test of the project is declared: each helper below takes an area and a sentence, and
# names the test "<prefix><area>: <sentence>". The area is the folder under tests/, so that
# `ctest -R '^sum_list:'` runs one part. The prefix is empty unless set: CI sets it (e.g. "3.12.1 ")
# to run the build trees of several Pythons in one ctest run.
set(PYHOST_TEST_NAME_PREFIX "" CACHE STRING "What every test's name starts with (empty by default)")

# Every Python test finds the shared test code (tests/support) on PYTHONPATH.
set(PYHOST_TESTS_DIR "${CMAKE_CURRENT_LIST_DIR}/..")
cmake_path(NORMAL_PATH PYHOST_TESTS_DIR)
string(REGEX REPLACE "/$" "" PYHOST_TESTS_DIR "${PYHOST_TESTS_DIR}")

# The full name of a test, into ${output}. A name declared twice stops the configuration.
function(_pyhost_test_name output area sentence)
  set(name "${PYHOST_TEST_NAME_PREFIX}${area}: ${sentence}")
  get_property(declared GLOBAL PROPERTY PYHOST_TEST_NAMES)
  if(name IN_LIST declared)
    message(FATAL_ERROR "the test \"${name}\" is declared twice")
  endif()
  set_property(GLOBAL APPEND PROPERTY PYHOST_TEST_NAMES "${name}")
  set(${output} "${name}" PARENT_SCOPE)
endfunction()

# Sets a test's properties, then adds each VAR=value of `environment` to its ENVIRONMENT. They are
# added one by one, because a list of them passed among other properties would be split.
function(_pyhost_test_properties name properties environment)
  if(properties)
    set_tests_properties("${name}" PROPERTIES ${properties})
  endif()
  foreach(variable IN LISTS environment)
    if(NOT variable STREQUAL "")
      set_property(TEST "${name}" APPEND PROPERTY ENVIRONMENT "${variable}")
    endif()
  endforeach()
endfunction()

# pyhost_command_test(<area> <sentence> COMMAND <command>... [ENVIRONMENT VAR=value...]
#                     [PROPERTIES <property> <value>...])
# A test that runs a command; its status (or PASS_REGULAR_EXPRESSION and the like) decides.
function(pyhost_command_test area sentence)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "COMMAND;ENVIRONMENT;PROPERTIES")
  _pyhost_test_name(name "${area}" "${sentence}")
  add_test(NAME "${name}" COMMAND ${ARG_COMMAND})
  _pyhost_test_properties("${name}" "${ARG_PROPERTIES}" "${ARG_ENVIRONMENT}")
endfunction()

# pyhost_skipped_test(<area> <sentence> <reason>)
# A test that this build cannot run, declared all the same: CTest reports it skipped (status 77),
# never passed, and its output says why.
function(pyhost_skipped_test area sentence reason)
  _pyhost_test_name(name "${area}" "${sentence}")
  add_test(NAME "${name}" COMMAND sh -c "echo \"skipped: $1\"; exit 77" sh "${reason}")
  set_tests_properties("${name}" PROPERTIES SKIP_RETURN_CODE 77)
endfunction()

# pyhost_catch2_tests(<area> <target> [PROPERTIES <property> <value>...])
# Each Catch2 test case of the executable, in a process of its own, named "<area>: <its name>".
# The prefix reaches Catch2's discovery script through `cmake -D`, which drops a value's trailing
# space unless the value is in single quotes.
function(pyhost_catch2_tests area target)
  catch_discover_tests(${target} TEST_PREFIX "'${PYHOST_TEST_NAME_PREFIX}${area}: '" ${ARGN})
endfunction()

# pyhost_python_test(<area> <sentence> SCRIPT <file>
#                    [INSIDE_HOST [ALSO_UNDER_PYTHON3]] [WITHOUT_HOST] [WITH_EXTENSION_MODULE]
#                    [ARGS <argument>...] [ENVIRONMENT VAR=value...]
#                    [PROPERTIES <property> <value>...])
# A test script in Python (SCRIPT is relative to the calling folder), with tests/ on PYTHONPATH
# so that it imports the shared code as `support`. Status 77 reports it skipped.
# - By default the build's python3 runs it, with --host (the pyhost under test) and --python (the
#   reference python3) before ARGS; WITHOUT_HOST leaves --host out.
# - INSIDE_HOST: pyhost runs it, with ARGS alone. ALSO_UNDER_PYTHON3 declares it a second time, run
#   by python3 with the extension module my_python_module, except in the sanitizer builds, whose
#   instrumented extension module python3 cannot load. The two are named after the sentence,
#   "... inside pyhost" and "... under python3 with the extension module".
# - WITH_EXTENSION_MODULE: python3 finds the extension module on PYTHONPATH.
function(pyhost_python_test area sentence)
  cmake_parse_arguments(
    PARSE_ARGV 2 ARG "INSIDE_HOST;ALSO_UNDER_PYTHON3;WITHOUT_HOST;WITH_EXTENSION_MODULE" "SCRIPT"
    "ARGS;ENVIRONMENT;PROPERTIES")
  if(NOT ARG_SCRIPT)
    message(FATAL_ERROR "pyhost_python_test(${area} \"${sentence}\"): SCRIPT is missing")
  endif()
  if(ARG_ALSO_UNDER_PYTHON3 AND NOT ARG_INSIDE_HOST)
    message(FATAL_ERROR
            "pyhost_python_test(${area} \"${sentence}\"): ALSO_UNDER_PYTHON3 needs INSIDE_HOST")
  endif()
  cmake_path(ABSOLUTE_PATH ARG_SCRIPT BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
  set(path "PYTHONPATH=${PYHOST_TESTS_DIR}")
  set(extension_path "PYTHONPATH=$<TARGET_FILE_DIR:my_python_module>:${PYHOST_TESTS_DIR}")

  if(ARG_INSIDE_HOST)
    set(host_sentence "${sentence}")
    if(ARG_ALSO_UNDER_PYTHON3)
      string(APPEND host_sentence " inside pyhost")
    endif()
    _pyhost_test_name(name "${area}" "${host_sentence}")
    add_test(NAME "${name}" COMMAND pyhost ${ARG_SCRIPT} ${ARG_ARGS})
  else()
    _pyhost_test_name(name "${area}" "${sentence}")
    set(binaries --python ${Python_EXECUTABLE})
    if(NOT ARG_WITHOUT_HOST)
      set(binaries --host $<TARGET_FILE:pyhost> ${binaries})
    endif()
    add_test(NAME "${name}" COMMAND ${Python_EXECUTABLE} ${ARG_SCRIPT} ${binaries} ${ARG_ARGS})
    if(ARG_WITH_EXTENSION_MODULE)
      set(path "${extension_path}")
    endif()
  endif()
  set_tests_properties("${name}" PROPERTIES SKIP_RETURN_CODE 77)
  _pyhost_test_properties("${name}" "${ARG_PROPERTIES}" "${path};${ARG_ENVIRONMENT}")

  if(ARG_ALSO_UNDER_PYTHON3 AND NOT PYHOST_SANITIZERS)
    _pyhost_test_name(name "${area}" "${sentence} under python3 with the extension module")
    add_test(NAME "${name}" COMMAND ${Python_EXECUTABLE} ${ARG_SCRIPT} ${ARG_ARGS})
    set_tests_properties("${name}" PROPERTIES SKIP_RETURN_CODE 77
                                              FIXTURES_REQUIRED pyhost_extension)
    _pyhost_test_properties("${name}" "${ARG_PROPERTIES}" "${extension_path};${ARG_ENVIRONMENT}")
  endif()
endfunction()
