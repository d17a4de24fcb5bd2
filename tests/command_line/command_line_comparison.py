"""What every command-line test shares: a fresh working directory with its fixture files, and the
comparison of one command line's outcome under the reference python3 and under pyhost.

CommandLineTestCase is the base class of each topic's tests (command_line_programs.py and the
others). It reads the binaries from support.settings at run time, once the entry point
(test_command_line.py) has parsed its command line.
"""

import tempfile
import unittest

from support import settings
from support.differential import EXE, Workspace


class CommandLineTestCase(unittest.TestCase):
    """Sets up each test's workspace and runs its command lines under both binaries."""

    maxDiff = None

    def setUp(self):
        if not settings.HOST or not settings.REFERENCE:
            self.fail("both --host and --python (or PYHOST and PYHOST_REFERENCE_PYTHON) are needed")
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-e2e-")
        self.addCleanup(temporary.cleanup)
        # The runs' working directory (support.differential.Workspace), with the fixture files below.
        self.workspace = Workspace(temporary.name)
        self.cwd = self.workspace.cwd
        self.write = self.workspace.write
        self.mkdir = self.workspace.mkdir
        self.write_zip = self.workspace.write_zip

    # Running ------------------------------------------------------------------------------------

    def run_binary(self, binary, args, *, stdin=None, env=None, is_host):
        return self.workspace.run(binary, args, stdin=stdin, env=env, is_host=is_host)

    def run_both(self, args, *, stdin=None, env=None):
        expected = self.run_binary(settings.REFERENCE, args, stdin=stdin, env=env, is_host=False)
        actual = self.run_binary(settings.HOST, args, stdin=stdin, env=env, is_host=True)
        return expected, actual

    def assertSameAsPython(self, args, *, stdin=None, env=None, returncode=None, stdout=None):
        """Runs `args` under both binaries and compares (status, stdout, stderr).

        `returncode` and `stdout`, when given, are what the reference must produce: a check that
        the case exercises what it means to, before pyhost is compared with it.
        """
        expected, actual = self.run_both(args, stdin=stdin, env=env)
        shown = " ".join(repr(arg) if arg is not EXE else "<exe>" for arg in args)
        if env:
            shown = " ".join(f"{k}={v}" for k, v in env.items()) + " <exe> " + shown
        else:
            shown = "<exe> " + shown
        if returncode is not None:
            self.assertEqual(expected.returncode, returncode,
                             f"reference python: unexpected status for {shown}: {expected}")
        if stdout is not None:
            self.assertEqual(expected.stdout, stdout,
                             f"reference python: unexpected stdout for {shown}: {expected}")
        # Plain tuples, so that a failure shows a diff of all three items.
        self.assertEqual(tuple(expected), tuple(actual),
                         f"pyhost differs from python ('-' lines: python, '+' lines: pyhost) "
                         f"for: {shown}")
        return expected
