"""Differential end-to-end tests of pyhost's command line against the reference `python3`.

Each test runs one command line under both the reference Python and pyhost, in the same fresh
directory holding the same fixture files, with the same controlled environment, and compares
(exit status, stdout, stderr). The only normalisations are the path of the binary itself, which
becomes `<exe>`, and the program name in the "Try `python -h'" hint of a usage error.

    python3 tests/e2e/test_command_line.py --host build/dev/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON.
Any other argument goes to unittest (e.g. -v, -k pattern).

The tests live in one module per topic (command_line_programs.py, command_line_flags.py,
command_line_environment.py, command_line_exits.py, command_line_help_and_usage.py), with what
they share in command_line_comparison.py; CommandLineTest below gathers them.
"""

import argparse
import os
import sys
import unittest

from command_line_comparison import CommandLineComparison
from command_line_environment import EnvironmentTests
from command_line_exits import ExitTests
from command_line_flags import FlagTests
from command_line_help_and_usage import HelpAndUsageTests
from command_line_programs import ProgramTests
from differential import python_version
import command_line_settings as settings


# One class gathers the topic mixins, so that every test keeps its name (CommandLineTest.test_...),
# on unittest's command line too.
class CommandLineTest(ProgramTests, FlagTests, EnvironmentTests, ExitTests, HelpAndUsageTests,
                      CommandLineComparison, unittest.TestCase):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], add_help=False)
    parser.add_argument("--host", default=os.environ.get("PYHOST"),
                        help="the pyhost binary (default: $PYHOST)")
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON"),
                        help="the reference python (default: $PYHOST_REFERENCE_PYTHON)")
    options, remaining = parser.parse_known_args()
    if not options.host or not options.python:
        parser.error("--host and --python (or PYHOST and PYHOST_REFERENCE_PYTHON) are required")
    for binary in (options.host, options.python):
        if not os.access(binary, os.X_OK):
            parser.error(f"not an executable: {binary}")
    # The test modules read these at run time, so they are set before unittest runs.
    settings.HOST = os.path.abspath(options.host)
    settings.REFERENCE = os.path.abspath(options.python)
    settings.REFERENCE_VERSION = python_version(settings.REFERENCE)
    settings.COUNTED_FLAG_TWICE = 2 if settings.REFERENCE_VERSION < (3, 13) else 1
    unittest.main(argv=[sys.argv[0]] + remaining)


if __name__ == "__main__":
    main()
