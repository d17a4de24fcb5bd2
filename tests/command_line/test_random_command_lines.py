"""pyhost runs random command lines and PYTHON* variables as the reference python3 does: the
differential fuzzer of support/command_line_fuzzer, a fresh seed each run, which it prints first.

    python3 tests/command_line/test_random_command_lines.py --host build/ci/app/pyhost \
        --python /usr/bin/python3 [--cases N] [--seed S [--case K]] [--relocated]

`--seed S --case K` replays a case that differs.
"""
import sys

from support import command_line_fuzzer

if __name__ == "__main__":
    sys.exit(command_line_fuzzer.main(sys.argv[0]))
