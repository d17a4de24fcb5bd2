"""What the test suites share, one concern a module. Every suite imports it as `support`: the CMake
helper that declares Python tests (tests/cmake/pyhost_tests.cmake) puts tests/ on PYTHONPATH. By
hand: `PYTHONPATH=tests python3 tests/<folder>/test_<what>.py --host ... --python ...`.

- options: the command line of every test script (--host, --python and the shared flags);
- settings: what that command line set, which the tests read at run time;
- environment: the environment of every run of pyhost or python3 (clean_environment);
- differential: the workspace where pyhost and python3 run the same command line;
- terminal and screen: a program driven in a pseudo-terminal, as a person at a terminal drives it;
- number_likes: objects that stand in for numbers;
- native_functions: one spec file per native function, its cases, oracle and random draw
  together (function_spec says what a spec holds; oracles and random_calls, what they share);
- cpython_regression: CPython's own regression tests, inside pyhost and under python3;
- command_line_fuzzer: random command lines, inside pyhost and under python3;
- scripts: the developer scripts of scripts/ that a test reads as modules.
"""
import os

# tests/, and the source tree above it.
TESTS_DIRECTORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_DIRECTORY = os.path.dirname(TESTS_DIRECTORY)
