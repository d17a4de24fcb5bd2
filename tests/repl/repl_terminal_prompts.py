"""The terminal-session tests of what a person sees at the prompt: the banner, the module's
native functions and their completion, blocks and their prompts, Ctrl-C, and errors.

PromptTest starts the programs in a terminal through its base, repl_session_case.SessionTestCase.
"""

import re
import subprocess
import time

from support import settings
from support.terminal import CTRL_C, CTRL_U, TAB

from repl_session_case import SessionTestCase, session_environment


class PromptTest(SessionTestCase):
    """The banner, the prompts, the module at the prompt, Ctrl-C and errors."""

    # Banner and prompt ----------------------------------------------------------------------------

    def test_the_banner_names_pyhost_its_version_python_and_the_module_then_the_prompt(self):
        python_version = subprocess.run(
            [settings.REFERENCE, "-c", "import sys; print(sys.version, 'on', sys.platform)"],
            env=session_environment(self.home), stdout=subprocess.PIPE, text=True,
            check=True).stdout.strip()
        terminal = self.start()
        terminal.expect_prompt()
        banner = terminal.rows()[:-1]
        self.assertRegex(banner[0], r"^pyhost \d+\.\d+\.\d+ with Python ")
        self.assertEqual(banner[0].split(" with Python ", 1)[1], python_version)
        self.assertEqual(banner[1], 'Type "help", "copyright", "credits" or "license" '
                                    'for more information.')
        self.assertRegex(banner[2], r"^my_python_module is already imported")
        self.assertEqual(len(banner), 3, "CPython's own banner is not shown as well")
        self.assertEqual(terminal.rows()[-1], ">>> ")

    def test_q_hides_the_banner_and_sys_flags_are_python3s(self):
        terminal = self.start("-q")
        terminal.expect_prompt(first=True)
        reference = self.start("-q", binary=settings.REFERENCE)
        reference.expect_prompt(first=True)
        # 3.13's new REPL draws its first prompt a row down; the basic one on the first row.
        self.assertEqual(terminal.screen.text(), "\n>>> " if self.new_repl() else ">>> ")
        self.assertEqual(terminal.screen.text(), reference.screen.text())
        self.assertEqual(terminal.run("import sys; sys.flags.quiet"), "1")
        plain = self.start()
        plain.expect_prompt()
        # The host hides CPython's banner without -q's other effects: sys.flags stay python3's.
        self.assertEqual(plain.run("import sys; sys.flags.quiet"), "0")

    # The module -----------------------------------------------------------------------------------

    def test_a_native_function_is_called_without_an_import(self):
        terminal = self.start()
        terminal.expect_prompt()
        self.assertEqual(terminal.run("my_python_module.sum_as_string(2**64 - 1, 1)"),
                         "'18446744073709551616'")
        self.assertEqual(terminal.run("my_python_module.sum_as_string(a=10, b=20)"), "'30'")

    def test_tab_completes_the_name_of_a_native_function(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.type("my_python_module.sum_a" + TAB)
        terminal.expect(r">>> my_python_module\.sum_as_string\(\Z")
        terminal.line("10, 20)")
        terminal.expect(r"\n'30'\n>>> \Z")

    def test_tab_twice_lists_the_native_functions_that_complete_a_prefix(self):
        terminal = self.start()
        terminal.expect_prompt()
        # Listed when other functions share the prefix; completed when none does.
        terminal.type("my_python_module.sum_" + TAB + TAB)
        terminal.expect(r"my_python_module\.sum_as_string\(")
        terminal.type(CTRL_U)
        terminal.expect(r"(?:\A|\n)>>> \Z")
        self.assertEqual(terminal.run("my_python_mod" + TAB + ".__name__"), "'my_python_module'")

    # Blocks and prompts ---------------------------------------------------------------------------

    def test_a_multi_line_block_continues_with_the_ellipsis_prompt(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.line("for i in range(3):")
        terminal.expect_prompt("... " + self.indent())
        # Typed as a person types it: the new REPL has indented the line already.
        terminal.line("print(i * 10)" if self.new_repl() else "    print(i * 10)")
        terminal.expect_prompt("... " + self.indent())
        terminal.line("")
        terminal.expect(r"\n0\n10\n20\n>>> \Z")

    def test_sys_ps1_and_sys_ps2_are_the_prompts(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.line("import sys; sys.ps1 = 'host> '; sys.ps2 = '  more: '")
        terminal.expect_prompt("host> ")
        terminal.line("if True:")
        terminal.expect_prompt("  more: " + self.indent())
        terminal.line("print('in the block')" if self.new_repl() else "    print('in the block')")
        terminal.expect_prompt("  more: " + self.indent())
        terminal.line("")
        terminal.expect(r"\nin the block\nhost> \Z")

    # Ctrl-C ---------------------------------------------------------------------------------------

    def test_ctrl_c_at_the_prompt_discards_the_line(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.type("print('discarded')")
        terminal.expect(r">>> print\('discarded'\)\Z")
        # CPython's readline module notices a SIGINT that comes while it waits for a key, not one
        # while it is still echoing the last (python3 is no different): press Ctrl-C after a
        # moment, and again if nothing shows, as a person would.
        for _ in range(3):
            time.sleep(0.2)
            terminal.type(CTRL_C)
            if terminal.wait_for(r"\nKeyboardInterrupt\n>>> \Z", 3):
                break
        terminal.expect(r"\nKeyboardInterrupt\n>>> \Z")
        self.assertEqual(terminal.run("print('still here')"), "still here")
        self.assertNotIn("discarded", terminal.rows())

    def test_ctrl_c_interrupts_a_running_sleep_and_the_session_goes_on(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.line("import time; print('sleeping'); time.sleep(60)")
        terminal.expect(r"\nsleeping\n")
        terminal.wait_until_sleeping()
        started = time.monotonic()
        terminal.type(CTRL_C)
        terminal.expect(r"\nKeyboardInterrupt\n>>> \Z")
        self.assertLess(time.monotonic() - started, 5, "the sleep was interrupted, not finished")
        terminal.expect(r'Traceback \(most recent call last\):\n  File "'
                        + re.escape(self.input_name(0)) + '", line 1')
        self.assertEqual(terminal.run("print('still here')"), "still here")

    # Errors ---------------------------------------------------------------------------------------

    def test_errors_print_a_traceback_and_return_to_the_prompt(self):
        terminal = self.start()
        terminal.expect_prompt()
        traceback = terminal.run("1 / 0")
        self.assertEqual(traceback, self.reference_outputs(["1 / 0"])[0])
        # The new REPL keeps each input's source, so its tracebacks show the line.
        source = "    1 / 0\n    ~~^~~\n" if self.new_repl() else ""
        self.assertEqual(traceback, 'Traceback (most recent call last):\n'
                                    f'  File "{self.input_name(0)}", line 1, in <module>\n'
                                    f'{source}ZeroDivisionError: division by zero')
        self.assertIn("OverflowError: sum_as_string() argument 'a' must be non-negative",
                      terminal.run("my_python_module.sum_as_string(-1, 1)"))
        self.assertEqual(terminal.run("print('still here')"), "still here")
