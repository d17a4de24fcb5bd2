"""The terminal-session tests of what runs before the first prompt: a script or -c under -i,
PYTHONSTARTUP, and the interactive hook of usercustomize.

StartupTest starts the programs in a terminal through its base, repl_session_case.SessionTestCase.
"""

import os
import subprocess

from support import settings
from support.terminal import CTRL_D

from repl_session_case import SessionTestCase, session_environment


class StartupTest(SessionTestCase):
    """-i after a program, PYTHONSTARTUP, and usercustomize's interactive hook."""

    # -i and PYTHONSTARTUP -------------------------------------------------------------------------

    def test_i_after_a_script_enters_the_session_with_its_globals(self):
        self.write("script.py", """\
            greeting = 'hello from the script'
            print('the script ran')
            """)
        terminal = self.start("-i", "script.py")
        terminal.expect_prompt()
        self.assertEqual(terminal.rows()[:-1], ["the script ran"], "no banner after a script")
        self.assertEqual(terminal.run("print(greeting, __name__)"),
                         "hello from the script __main__")
        self.assertEqual(terminal.run("my_python_module.sum_as_string(1, 2)"), "'3'")
        terminal.line("exit")
        self.assertEqual(terminal.exit_status(), 0)

    def test_i_after_an_uncaught_exception_enters_the_session(self):
        self.write("failing.py", """\
            state = 'set before the error'
            raise ValueError('the script failed')
            """)
        terminal = self.start("-i", "failing.py")
        terminal.expect_prompt()
        terminal.expect(r"ValueError: the script failed\n>>> \Z")
        self.assertEqual(terminal.run("print(state)"), "set before the error")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), self.reference_status("-i", "failing.py"))

    def test_i_after_c_enters_the_session_with_its_globals(self):
        terminal = self.start("-i", "-c", "x = 6 * 7")
        terminal.expect_prompt(first=True)
        self.assertEqual(terminal.run("x"), "42")

    def test_PYTHONSTARTUP_runs_in_a_session_after_the_banner(self):
        startup = self.write("startup.py", "print('startup ran'); from_startup = 1\n")
        terminal = self.start(env={"PYTHONSTARTUP": startup})
        terminal.expect_prompt()
        rows = terminal.rows()
        self.assertRegex(rows[0], "^pyhost ")
        self.assertEqual(rows[-2:], ["startup ran", ">>> "])
        self.assertEqual(terminal.run("from_startup"), "1")

    def test_PYTHONSTARTUP_does_not_run_under_E_or_I_and_after_a_program_as_in_python3(self):
        startup = self.write("startup.py", "print('startup ran')\n")
        # 3.13's new REPL runs it after a program under -i too; the basic REPL does not.
        for args, runs in [(("-E",), False), (("-I",), False),
                           (("-i", "-c", "pass"), self.new_repl())]:
            with self.subTest(args=args):
                for binary in (settings.HOST, settings.REFERENCE):
                    terminal = self.start(*args, env={"PYTHONSTARTUP": startup}, binary=binary)
                    terminal.expect_prompt(first=True)
                    self.assertEqual("startup ran" in terminal.rows(), runs, binary)

    def test_an_interactive_hook_of_usercustomize_still_runs(self):
        user_site = subprocess.run(
            [settings.REFERENCE, "-c", "import site; print(site.getusersitepackages())"],
            env=session_environment(self.home), stdout=subprocess.PIPE, text=True,
            check=True).stdout.strip()
        os.makedirs(user_site)
        with open(os.path.join(user_site, "usercustomize.py"), "w", encoding="utf-8") as file:
            file.write("import sys\n"
                       "sys.__interactivehook__ = lambda: print('the user hook ran')\n")
        terminal = self.start("-q")
        terminal.expect_prompt()
        self.assertEqual(terminal.rows(), ["the user hook ran", ">>> "])
        self.assertEqual(terminal.run("my_python_module.sum_as_string(1, 2)"), "'3'")

    def reference_status(self, *args):
        """python3's exit status for `args` in a terminal, after Ctrl-D at its first prompt."""
        terminal = self.start(*args, binary=settings.REFERENCE)
        terminal.expect_prompt(first=True)
        terminal.type(CTRL_D)
        return terminal.exit_status()
