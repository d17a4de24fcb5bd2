"""The terminal-session tests of the history and of leaving: recalling lines, the private history
file and where it lives, and how Ctrl-D, exit, quit and SystemExit end a session.

HistoryAndLeavingTest starts the programs in a terminal through its base, repl_session_case.SessionTestCase.
"""

import os

from support import settings
from support.terminal import CTRL_D, UP

from repl_session_case import SessionTestCase


class HistoryAndLeavingTest(SessionTestCase):
    """The history of the lines typed, and the ways out of a session."""

    # History --------------------------------------------------------------------------------------

    def test_the_up_arrow_recalls_the_previous_line(self):
        terminal = self.start()
        terminal.expect_prompt()
        self.assertEqual(terminal.run("print('answer', 6 * 7)"), "answer 42")
        terminal.type(UP)
        terminal.expect(r">>> print\('answer', 6 \* 7\)\Z")
        terminal.line("")
        terminal.expect(r"\nanswer 42\n>>> \Z")

    def test_the_history_is_restored_in_a_new_session_from_a_private_file(self):
        first = self.start()
        first.expect_prompt()
        self.assertEqual(first.run("print('from the first session')"), "from the first session")
        first.type(CTRL_D)
        self.assertEqual(first.exit_status(), 0)
        self.assertEqual(self.files_in_home(), [".pyhost_history"], "not ~/.python_history")
        self.assertPrivate(self.history)
        with open(self.history, encoding="utf-8") as file:
            self.assertIn("print('from the first session')", file.read().splitlines())

        second = self.start()
        second.expect_prompt()
        second.type(UP)
        second.expect(r">>> print\('from the first session'\)\Z")
        second.line("")
        second.expect(r"\nfrom the first session\n>>> \Z")

    def test_an_existing_history_file_is_made_private(self):
        with open(self.history, "w", encoding="utf-8") as file:
            file.write("print('old')\n")
        os.chmod(self.history, 0o644)
        terminal = self.start()
        terminal.expect_prompt()
        terminal.run("pass")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)
        self.assertPrivate(self.history)

    def test_PYHOST_HISTORY_moves_the_history_file(self):
        elsewhere = os.path.join(self.cwd, "history", "of-the-host")
        os.mkdir(os.path.dirname(elsewhere))
        terminal = self.start(env={"PYHOST_HISTORY": elsewhere})
        terminal.expect_prompt()
        terminal.run("print('kept elsewhere')")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)
        self.assertEqual(self.files_in_home(), [])
        self.assertPrivate(elsewhere)
        with open(elsewhere, encoding="utf-8") as file:
            self.assertIn("print('kept elsewhere')", file.read().splitlines())

    def test_E_ignores_PYHOST_HISTORY_as_it_does_python_variables(self):
        elsewhere = os.path.join(self.cwd, "ignored_history")
        terminal = self.start("-E", env={"PYHOST_HISTORY": elsewhere})
        terminal.expect_prompt()
        terminal.run("pass")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)
        self.assertFalse(os.path.exists(elsewhere))
        self.assertEqual(self.files_in_home(), [".pyhost_history"])

    def test_I_neither_reads_nor_writes_the_history_but_keeps_line_editing(self):
        with open(self.history, "w", encoding="utf-8") as file:
            file.write("print('from an earlier session')\n")
        terminal = self.start("-I")
        terminal.expect_prompt()
        terminal.type(UP)
        terminal.line("")
        terminal.expect_prompt()
        self.assertNotIn("from an earlier session", terminal.rows())
        self.assertEqual(terminal.run("print('isolated')"), "isolated")
        terminal.type(UP)
        terminal.expect(r">>> print\('isolated'\)\Z")
        terminal.line("")
        terminal.expect(r"\nisolated\n>>> \Z")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)
        self.assertEqual(self.files_in_home(), [".pyhost_history"])
        with open(self.history, encoding="utf-8") as file:
            self.assertEqual(file.read(), "print('from an earlier session')\n")

    # Leaving --------------------------------------------------------------------------------------

    def test_ctrl_d_leaves_with_status_0(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)

    def test_exit_and_quit_leave_with_status_0_called_or_bare(self):
        for typed in ["exit()", "quit()", "exit", "quit"]:
            with self.subTest(typed=typed):
                terminal = self.start()
                terminal.expect_prompt()
                terminal.line(typed)
                self.assertEqual(terminal.exit_status(), 0)

    def test_exit_shown_inside_another_value_does_not_leave(self):
        terminal = self.start()
        terminal.expect_prompt()
        self.assertEqual(terminal.run("[exit]"), "[Use exit() or Ctrl-D (i.e. EOF) to exit]")
        self.assertEqual(terminal.run("_[0] is exit"), "True")

    def test_system_exit_3_leaves_with_python3s_status(self):
        def status(binary):
            terminal = self.start("-q", binary=binary)
            terminal.expect_prompt(first=True)
            terminal.line("raise SystemExit(3)")
            return terminal.exit_status()

        # 3.13.0's new REPL ends with status 1 here (fixed in later 3.13 releases).
        self.assertEqual(status(settings.HOST), status(settings.REFERENCE))
        if not self.new_repl():
            self.assertEqual(status(settings.HOST), 3)
