"""CPython's own tests of its command line (test_cmd_line, test_cmd_line_script, test_runpy) pass
inside pyhost wherever they pass under the reference python3 (support/cpython_regression.py).

    python3 tests/command_line/test_cpython_command_line_tests.py --host build/ci/app/pyhost \
        --python /usr/bin/python3 [--test-package DIR] [test ...]
"""
import sys

from support import cpython_regression

if __name__ == "__main__":
    sys.exit(cpython_regression.main(__doc__, cpython_regression.COMMAND_LINE_TESTS))
