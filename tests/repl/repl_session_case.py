"""What every interactive-session test shares: SessionTestCase, its base class, and
session_environment, the environment of every run.

SessionTestCase gives each test a fresh HOME and working directory, starts pyhost or the reference
python3 in a Terminal (support/terminal.py), and tells which REPL the reference version has.
"""

import os
import stat
import tempfile
import textwrap
import unittest

from support import settings
from support.environment import clean_environment
from support.terminal import TERMINAL_ENVIRONMENT, Terminal


def session_environment(home, extra=None):
    """The environment of every run, built from scratch: no PYTHON* variable unless a test sets one,
    HOME a directory of the test's own, an xterm with no inputrc but readline's defaults."""
    return clean_environment(home, {**TERMINAL_ENVIRONMENT, **(extra or {})})


class SessionTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        if not settings.HOST or not settings.REFERENCE:
            self.fail("both --host and --python (or PYHOST and PYHOST_REFERENCE_PYTHON) are needed")
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-repl-")
        self.addCleanup(temporary.cleanup)
        root = os.path.realpath(temporary.name)
        self.home = os.path.join(root, "home")
        self.cwd = os.path.join(root, "work")
        os.mkdir(self.home)
        os.mkdir(self.cwd)
        self.history = os.path.join(self.home, ".pyhost_history")

    def start(self, *args, env=None, binary=None):
        """Starts pyhost (or `binary`) with `args` in a terminal of its own."""
        argv = [os.path.abspath(binary or settings.HOST), *args]
        return Terminal(self, argv, env=session_environment(self.home, env), cwd=self.cwd)

    def write(self, name, text):
        path = os.path.join(self.cwd, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(textwrap.dedent(text))
        return path

    def files_in_home(self):
        return sorted(os.listdir(self.home))

    def assertPrivate(self, path):
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600, f"the mode of {path}")

    @staticmethod
    def new_repl(env=None):
        """Whether the session at a terminal is 3.13's new REPL (_pyrepl) rather than the basic one."""
        return settings.REFERENCE_VERSION >= (3, 13) and not (env or {}).get("PYTHON_BASIC_REPL")

    def indent(self, env=None):
        """What the REPL puts after the continuation prompt of a block's first line: 3.13's new
        REPL indents the block by itself."""
        return "    " if self.new_repl(env) else ""

    def input_name(self, number, env=None):
        """The file name of the `number`th input in a traceback (counted from 0)."""
        return f"<python-input-{number}>" if self.new_repl(env) else "<stdin>"

    def reference_outputs(self, lines, *args, env=None):
        """What python3 -q shows after each of `lines`, typed at its prompt in a terminal."""
        terminal = self.start("-q", *args, env=env, binary=settings.REFERENCE)
        terminal.expect_prompt(first=True)
        return [terminal.run(line) for line in lines]
