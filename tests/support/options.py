"""The command line of every test script: --host and --python, the flags that several suites
share, and the script's own options. parse() puts what it reads in support.settings.

    python3 tests/<folder>/test_<what>.py --host build/ci/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON.
Any argument that no option takes goes to unittest (e.g. -v, -k pattern).
"""
import argparse
import os
import sys
import unittest

from support import settings
from support.differential import python_version

# The flags that several suites share, by name: each script names those it takes.
SHARED_FLAGS = {
    "require-numpy": dict(action="store_true",
                          help="fail where NumPy is missing, instead of skipping what needs it"),
    "require-hypothesis": dict(action="store_true",
                               help="fail where Hypothesis is missing, instead of skipping"),
    "nm": dict(default="nm", type=lambda value: value or "nm",
               help="nm, which reads the symbols of ELF files (default: the one on PATH)"),
    "test-package": dict(help="a directory holding CPython's test package"),
}


def parse(description, *flags, required=(), add_options=None, strict=False):
    """Reads the command line into support.settings, and returns the arguments left for unittest.

    `flags` names shared flags of SHARED_FLAGS; `required` names "host" and "python" where the
    script needs them; `add_options(parser)` adds the script's own options. A script that runs
    no unittest is `strict`: an argument that no option takes is an error there.
    """
    parser = argparse.ArgumentParser(description=description.strip().splitlines()[0],
                                     add_help=strict)
    parser.add_argument("--host", default=os.environ.get("PYHOST"),
                        help="the pyhost binary under test (default: $PYHOST)")
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON"),
                        help="the reference python3 (default: $PYHOST_REFERENCE_PYTHON)")
    for flag in flags:
        parser.add_argument(f"--{flag}", **SHARED_FLAGS[flag])
    if add_options is not None:
        add_options(parser)
    if strict:
        options, remaining = parser.parse_args(), []
    else:
        options, remaining = parser.parse_known_args()

    missing = [f"--{name}" for name in required if not getattr(options, name)]
    if missing:
        parser.error(f"{' and '.join(missing)} (or PYHOST and PYHOST_REFERENCE_PYTHON) are "
                     f"required")
    for binary in (options.host, options.python):
        if binary and not os.access(binary, os.X_OK):
            parser.error(f"not an executable: {binary}")
    settings.HOST = options.host and os.path.abspath(options.host)
    settings.REFERENCE = options.python and os.path.abspath(options.python)
    settings.REFERENCE_VERSION = settings.REFERENCE and python_version(settings.REFERENCE)
    settings.OPTIONS = options
    return remaining


def run_unittest(remaining, **keywords):
    """Runs the tests of the script (__main__, with its load_tests where it has one), with the
    arguments that parse() left, and exits with unittest's status."""
    unittest.main(module="__main__", argv=[sys.argv[0], *remaining], **keywords)


def main(description, *flags, required=(), add_options=None):
    """parse(), then run_unittest(): the whole main part of most test scripts."""
    run_unittest(parse(description, *flags, required=required, add_options=add_options))
