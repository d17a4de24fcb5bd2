"""The terminal-session tests that hold pyhost's session against python3's: a whole session and a
program compared screen for screen, and what 3.13's new REPL does beside the basic REPL (function
keys, colours, quitters, PYTHON_BASIC_REPL and PYTHON_HISTORY).

AsPython3Test starts the programs in a terminal through its base, repl_session_case.SessionTestCase.
"""

import os
import re

from support import settings
from support.terminal import CTRL_D, CTRL_U, F1, F2, F3, TAB, UP

from repl_session_case import SessionTestCase


class AsPython3Test(SessionTestCase):
    """The session as python3's, and 3.13's new REPL beside the basic one."""

    # The same session as python3's ----------------------------------------------------------------

    def test_a_session_shows_what_python3s_shows_after_the_banner(self):
        lines = ["x = 1", "if x:", "    print('block')", "", "def f():", "    return 1 / 0", "",
                 "f()", "import sys; sys.ps1 = '% '", "print('{} {}'.format(x, [1, 2]))",
                 "class A: pass", "", "A()", "'text'", "del x; x", "raise SystemExit(5)"]

        def session(binary):
            terminal = self.start("-q", binary=binary)
            terminal.expect_prompt(first=True)
            for line in lines:
                terminal.line(line)
                if line != lines[-1]:
                    # The new REPL indents the lines of a block by itself.
                    terminal.expect(r"\n(>>>|%|\.\.\.) (    )*\Z")
            return terminal.exit_status(), re.sub(r"0x[0-9a-f]+", "0x...", terminal.screen.text())

        self.assertEqual(session(settings.HOST), session(settings.REFERENCE))

    def test_a_program_in_a_terminal_runs_as_under_python3(self):
        program = "import sys; print(sys.argv, sys.flags.interactive, sys.stdin.isatty()); exit(4)"

        def run(binary):
            terminal = self.start("-c", program, binary=binary)
            return terminal.exit_status(), terminal.screen.text()

        self.assertEqual(run(settings.HOST), run(settings.REFERENCE))

    # 3.13's new REPL, and the basic REPL beside it --------------------------------------------

    def test_the_up_arrow_recalls_a_block_whole_in_the_new_repl_and_its_last_line_before(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.line("for i in range(2):")
        terminal.expect_prompt("... " + self.indent())
        terminal.line("print(i * 10)" if self.new_repl() else "    print(i * 10)")
        terminal.expect_prompt("... " + self.indent())
        terminal.line("")
        terminal.expect(r"\n0\n10\n>>> \Z")
        terminal.type(UP)
        if self.new_repl():
            terminal.expect(r">>> for i in range\(2\):\n\.\.\.     print\(i \* 10\)\Z")
            terminal.type("\r\r")
        else:
            terminal.expect(r">>>     print\(i \* 10\)\Z")
            terminal.type(CTRL_U + "for i in range(2): print(i * 10)\r\r")
        terminal.expect(r"\n0\n10\n>>> \Z")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)
        self.assertPrivate(self.history)
        if self.new_repl():
            # _pyrepl keeps a block as one entry, its lines joined by \r\n, and recalls it whole.
            with open(self.history, encoding="utf-8", newline="") as file:
                self.assertIn("for i in range(2):\r\n    print(i * 10)\r\n", file.read())
            again = self.start()
            again.expect_prompt()
            again.type(UP)
            again.expect(r">>> for i in range\(2\):\n\.\.\.     print\(i \* 10\)\Z")

    def test_F1_opens_help_and_F3_pastes_a_block_in_the_new_repl(self):
        if not self.new_repl():
            self.assertLess(settings.REFERENCE_VERSION, (3, 13))
            return  # the basic REPL binds no function keys: nothing of this exists to test
        terminal = self.start()
        terminal.expect_prompt()
        terminal.type(F1)
        terminal.expect(r"help> \Z")
        terminal.line("quit")
        terminal.expect_prompt()
        terminal.type(F3)
        terminal.expect(r"\(paste\) \Z")
        # Paste mode takes the lines as they come, with no indentation of its own.
        terminal.type("def g():\r    return 7\r")
        terminal.expect(r"\(paste\)     return 7\n\(paste\) \Z")
        terminal.type(F3)
        terminal.type("\r")
        terminal.expect_prompt()
        self.assertEqual(terminal.run("g() * 6"), "42")

    def test_F2_shows_the_history_of_the_session_and_the_host_file_in_the_new_repl(self):
        if not self.new_repl():
            self.assertLess(settings.REFERENCE_VERSION, (3, 13))
            return  # the basic REPL binds no function keys
        with open(self.history, "w", encoding="utf-8") as file:
            file.write("print('from an earlier session')\n")
        terminal = self.start(env={"PAGER": "cat"})
        terminal.expect_prompt()
        terminal.run("print('typed now')")
        terminal.type(F2)
        # The pager (cat here) writes the history where the prompt was, then the prompt returns.
        terminal.expect(r"print\('from an earlier session'\)\nprint\('typed now'\)>>> \Z")
        self.assertEqual(terminal.run("print('after the history')"), "after the history")

    def test_colours_are_python3s_in_the_prompt_and_the_traceback(self):
        for env in [{}, {"PYTHON_COLORS": "0"}, {"NO_COLOR": "1"}]:
            with self.subTest(env=env):
                def colours(binary):
                    terminal = self.start("-q", env=env, binary=binary)
                    terminal.expect_prompt(first=True)
                    terminal.run("1 / 0")
                    return (terminal.screen.colours(r"^>>> "),
                            terminal.screen.colours(r"^ZeroDivisionError"))

                prompt, error = colours(settings.HOST)
                self.assertEqual((prompt, error), colours(settings.REFERENCE))
                coloured = self.new_repl() and not env
                self.assertEqual(prompt != {""}, coloured, prompt)
                self.assertEqual(error != {""}, coloured, error)

    def test_a_quitter_under_another_name_is_shown_by_the_new_repl_as_python3_shows_it(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.run("leave = exit")
        if self.new_repl():
            # exit and quit are commands of the new REPL: the host changes nothing of them.
            self.assertEqual(terminal.run("leave"), self.reference_outputs(["leave = exit",
                                                                            "leave"])[1])
        else:
            # The basic REPL shows a Quitter with sys.displayhook, which the host makes leave.
            terminal.line("leave")
            self.assertEqual(terminal.exit_status(), 0)

    def test_the_basic_repl_keeps_the_host_additions_under_PYTHON_BASIC_REPL(self):
        env = {"PYTHON_BASIC_REPL": "1"}
        terminal = self.start(env=env)
        terminal.expect_prompt()
        self.assertEqual(terminal.screen.colours(r"^>>> "), {""}, "the basic REPL's prompt")
        terminal.type("my_python_module.sum_a" + TAB)
        terminal.expect(r">>> my_python_module\.sum_as_string\(\Z")
        terminal.line("1, 2)")
        terminal.expect(r"\n'3'\n>>> \Z")
        terminal.line("for i in range(2):")
        terminal.expect_prompt("... ")
        terminal.line("    print(i)")
        terminal.expect_prompt("... ")
        terminal.line("")
        terminal.expect(r"\n0\n1\n>>> \Z")
        terminal.line("exit")
        self.assertEqual(terminal.exit_status(), 0)
        self.assertEqual(self.files_in_home(), [".pyhost_history"])
        self.assertPrivate(self.history)
        with open(self.history, encoding="utf-8") as file:
            self.assertIn("my_python_module.sum_as_string(1, 2)", file.read().splitlines())

    def test_E_ignores_PYTHON_BASIC_REPL_as_python3_does(self):
        def screen(binary):
            terminal = self.start("-E", "-q", env={"PYTHON_BASIC_REPL": "1"}, binary=binary)
            terminal.expect_prompt(first=True)
            return terminal.screen.colours(r"^>>> ")

        prompt = screen(settings.HOST)
        self.assertEqual(prompt, screen(settings.REFERENCE))
        self.assertEqual(prompt != {""}, self.new_repl())
        terminal = self.start("-E", env={"PYTHON_BASIC_REPL": "1"})
        terminal.expect_prompt()
        terminal.run("print('kept')")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)
        with open(self.history, encoding="utf-8") as file:
            self.assertIn("print('kept')", file.read().splitlines())

    def test_PYTHON_HISTORY_names_python3s_file_which_pyhost_leaves_alone(self):
        pythons = os.path.join(self.cwd, "python_history")
        with open(pythons, "w", encoding="utf-8") as file:
            file.write("print('typed under python3')\n")
        terminal = self.start(env={"PYTHON_HISTORY": pythons})
        terminal.expect_prompt()
        terminal.type(UP)
        terminal.line("")
        terminal.expect_prompt()
        self.assertNotIn("typed under python3", terminal.screen.text())
        terminal.run("print('typed under pyhost')")
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)
        with open(pythons, encoding="utf-8") as file:
            self.assertEqual(file.read(), "print('typed under python3')\n")
        self.assertEqual(self.files_in_home(), [".pyhost_history"])
        with open(self.history, encoding="utf-8") as file:
            self.assertIn("print('typed under pyhost')", file.read().splitlines())
