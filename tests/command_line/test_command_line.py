"""Differential end-to-end tests of pyhost's command line against the reference `python3`.

Each test runs one command line under both the reference Python and pyhost, in the same fresh
directory holding the same fixture files, with the same controlled environment, and compares
(exit status, stdout, stderr). The only normalisations are the path of the binary itself, which
becomes `<exe>`, and the program name in the "Try `python -h'" hint of a usage error.

    PYTHONPATH=tests python3 tests/command_line/test_command_line.py \
        --host build/ci/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON.
Any other argument goes to unittest (e.g. -v, -k pattern).

The tests live in one module per topic beside this script (command_line_programs.py,
command_line_flags.py, command_line_environment.py, command_line_exits.py,
command_line_help_and_usage.py), with what they share in command_line_comparison.py; load_tests
finds them.
"""
import os

from support import options


def load_tests(loader, tests, pattern):
    """The tests of every command_line_*.py module beside this script."""
    return loader.discover(os.path.dirname(os.path.abspath(__file__)), pattern="command_line_*.py")


if __name__ == "__main__":
    options.main(__doc__, required=("host", "python"))
