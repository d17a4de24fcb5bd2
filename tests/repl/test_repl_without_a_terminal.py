"""Without a terminal the session paths of pyhost are python3's: pyhost's session paths with stdin
not a terminal, compared byte for byte with the reference python3's.

    PYTHONPATH=tests python3 tests/repl/test_repl_without_a_terminal.py \
        --host build/ci/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON.
Any other argument goes to unittest (e.g. -v, -k pattern).
"""

import os
import subprocess

from support import options, settings
from support.terminal import TIMEOUT_SECONDS

from repl_session_case import SessionTestCase, session_environment


class WithoutTerminalTest(SessionTestCase):
    """pyhost with stdin not a terminal: python3's own behaviour, byte for byte."""

    def run_binary(self, binary, args, stdin, env=None):
        completed = subprocess.run([os.path.abspath(binary), *args], cwd=self.cwd,
                                   env=session_environment(self.home, env), input=stdin.encode(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   timeout=TIMEOUT_SECONDS)
        return completed.returncode, completed.stdout.decode(), completed.stderr.decode()

    def assertSameAsPython(self, args, stdin, env=None):
        """Runs under python3, then pyhost, each with a fresh HOME, and compares the outcome and
        the files each left in HOME."""
        outcomes = []
        for binary in (settings.REFERENCE, settings.HOST):
            for name in self.files_in_home():
                os.remove(os.path.join(self.home, name))
            outcome = self.run_binary(binary, args, stdin, env)
            outcomes.append((outcome, self.files_in_home()))
        self.assertEqual(outcomes[0], outcomes[1])
        self.assertNotIn(".pyhost_history", outcomes[1][1])
        return outcomes[0][0]

    def test_a_piped_program_runs_without_banner_or_prompt(self):
        status, out, err = self.assertSameAsPython(
            [], "import sys\nprint(sys.argv, 'my_python_module' in globals())\nx = 1\nx\n")
        self.assertEqual((status, out, err), (0, "[''] False\n", ""))

    def test_i_with_piped_stdin_prompts_on_stderr_and_keeps_pythons_exit_hint(self):
        status, out, err = self.assertSameAsPython(
            ["-i"], "print('piped')\n1 + 1\nfor i in range(2):\n    i\n\nexit\nexit()\n")
        self.assertEqual((status, out), (0, "piped\n2\n0\n1\nUse exit() or Ctrl-D (i.e. EOF) "
                                            "to exit\n"))
        self.assertIn(">>> ", err)

    def test_i_and_q_with_piped_stdin(self):
        self.assertSameAsPython(["-i", "-q"], "import sys\nsys.flags.quiet\n")

    def test_i_after_c_with_piped_stdin(self):
        self.assertSameAsPython(["-i", "-c", "x = 6 * 7"], "x\nraise SystemExit(3)\n")

    def test_PYTHONSTARTUP_runs_with_i_and_not_without(self):
        startup = self.write("startup.py", "print('startup ran')\n")
        for args in [[], ["-i"], ["-i", "-E"]]:
            with self.subTest(args=args):
                self.assertSameAsPython(args, "print('piped')\n", env={"PYTHONSTARTUP": startup})

    def test_ctrl_d_and_errors_with_i_and_piped_stdin(self):
        status, _, _ = self.assertSameAsPython(["-i"], "1 / 0\nprint('after')\n")
        self.assertEqual(status, 0)

    def test_PYHOST_HISTORY_is_not_written_without_a_terminal(self):
        elsewhere = os.path.join(self.cwd, "history")
        self.assertSameAsPython(["-i"], "print('piped')\n", env={"PYHOST_HISTORY": elsewhere})
        self.assertFalse(os.path.exists(elsewhere))


if __name__ == "__main__":
    options.main(__doc__, required=("host", "python"))
