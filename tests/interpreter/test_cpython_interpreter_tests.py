"""CPython's own tests of the interpreter, built from the libpython the host links: its objects, C
API and the extension modules that call it pass inside pyhost wherever they pass under the
reference python3 (support/cpython_regression.py).

    python3 tests/interpreter/test_cpython_interpreter_tests.py --host build/ci/app/pyhost \
        --python /usr/bin/python3 [--test-package DIR] [test ...]
"""
import sys

from support import cpython_regression

INTERPRETER_TESTS = ["test_sys", "test_sysconfig", "test_site", "test_import", "test_capi",
                     "test_ctypes", "test_ssl", "test_readline", "test_grammar", "test_exceptions",
                     "test_descr", "test_generators", "test_dict", "test_unicode", "test_long",
                     "test_float"]

if __name__ == "__main__":
    sys.exit(cpython_regression.main(__doc__, INTERPRETER_TESTS))
