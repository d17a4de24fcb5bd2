"""End-to-end tests of pyhost's interactive session, driven as a person at a terminal drives it.

The real binary runs in a pseudo-terminal. The tests type keys into it and read its screen (a
small terminal model: the characters written, with the cursor moves and erasures that readline
sends), waiting for each prompt before typing on, as a person does. The paths without a terminal
are compared with the reference python3.

    python3 tests/e2e/test_repl.py --host build/dev/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON.
Any other argument goes to unittest (e.g. -v, -k pattern, a class name).
"""

import argparse
import codecs
import fcntl
import os
import pty
import re
import select
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
import unittest

# No single wait is longer: a test that would hang fails instead.
TIMEOUT_SECONDS = 10
# Wide enough that readline never wraps a line.
ROWS, COLUMNS = 50, 250

# Set by main() from the command line.
HOST = None
REFERENCE = None

UP = "\x1b[A"
CTRL_C = "\x03"
CTRL_D = "\x04"
CTRL_U = "\x15"
TAB = "\t"


def clean_environment(home, extra=None):
    """The environment of every run, built from scratch: no PYTHON* variable unless a test sets one,
    HOME a directory of the test's own, no inputrc but readline's defaults."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TERM": "xterm",
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "INPUTRC": os.devnull}
    env.update(extra or {})
    return env


class Screen:
    """What a terminal shows: the text written at the cursor, one list of characters per row.

    It follows what readline and python send: carriage return, line feed, backspace, tab, and the
    CSI sequences that move the cursor along a row, erase to its end, or insert and delete
    characters. Other escape sequences (modes, colours, titles) change nothing that is read here.
    """

    _ESCAPE = re.compile(r"\x1b(?:\[([0-9;?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[^\[\]])")

    def __init__(self):
        self.rows = [[]]
        self.row = 0
        self.column = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def feed(self, data):
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\x1b":
                match = self._ESCAPE.match(text, i)
                if match is None:
                    self._pending = text[i:]  # the rest of it is still to come
                    return
                if match.group(2):
                    self._control(match.group(1), match.group(2))
                i = match.end()
                continue
            if char == "\r":
                self.column = 0
            elif char == "\n":
                self.row += 1
                while len(self.rows) <= self.row:
                    self.rows.append([])
            elif char == "\b":
                self.column = max(0, self.column - 1)
            elif char == "\t":
                self.column = (self.column // 8 + 1) * 8
            elif char >= " " and char != "\x7f":
                self._put(char)
            i += 1

    def _put(self, char):
        line = self.rows[self.row]
        if len(line) < self.column:
            line.extend(" " * (self.column - len(line)))
        if self.column < len(line):
            line[self.column] = char
        else:
            line.append(char)
        self.column += 1

    def _control(self, parameters, final):
        count = int(parameters) if parameters.isdigit() and int(parameters) > 0 else 1
        line = self.rows[self.row]
        if final == "C":
            self.column += count
        elif final == "D":
            self.column = max(0, self.column - count)
        elif final == "K" and parameters in ("", "0"):
            del line[self.column:]
        elif final == "P":
            del line[self.column:self.column + count]
        elif final == "@":
            line[self.column:self.column] = [" "] * count
        elif final == "G":
            self.column = count - 1

    def text(self, from_row=0):
        return "\n".join("".join(line) for line in self.rows[from_row:])


class Terminal:
    """A program running in a pseudo-terminal of its own, which is its controlling terminal (so
    Ctrl-C sends SIGINT), with a person's hands on the keyboard and eyes on the screen."""

    def __init__(self, test, argv, *, env, cwd):
        self.test = test
        self.argv = argv
        self.screen = Screen()
        self.mark = 0  # the row where the cursor was when the last keys were typed
        self.status = None
        self.closed = False
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.chdir(cwd)
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        test.addCleanup(self.close)

    # The keyboard ---------------------------------------------------------------------------------

    def type(self, keys):
        """Types `keys`; what they make appear is looked for from the cursor's row on."""
        self._read(0)
        self.mark = self.screen.row
        os.write(self.fd, keys.encode("utf-8"))

    def line(self, text):
        """Types a line and presses Enter."""
        self.type(text + "\r")

    # The screen -----------------------------------------------------------------------------------

    def expect(self, pattern, timeout=TIMEOUT_SECONDS):
        """Waits until the screen, from the row of the last keys typed on, matches `pattern`."""
        match = self.wait_for(pattern, timeout)
        if match is None:
            why = "the program ended" if self.closed else f"waited {timeout} s"
            self.test.fail(f"{why} for {pattern!r} on the screen of {self.argv[1:]}; it shows:"
                           f"\n{self.screen.text()}")
        return match

    def wait_for(self, pattern, timeout):
        """As expect, but returns None when `pattern` does not show."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.screen.text(self.mark))
            remaining = deadline - time.monotonic()
            if match or remaining <= 0 or self.closed:
                return match
            self._read(remaining)

    def expect_prompt(self, prompt=">>> ", *, first=False, timeout=TIMEOUT_SECONDS):
        """Waits for a new prompt, alone on the last row with the cursor after it."""
        return self.expect(("(?:\\A|\\n)" if first else "\\n") + re.escape(prompt) + "\\Z",
                           timeout)

    def run(self, text, prompt=">>> "):
        """Types a line, waits for the next prompt, and returns what was shown in between."""
        self.line(text)
        self.expect_prompt(prompt)
        rows = self.screen.text(self.mark).split("\n")
        return "\n".join(rows[1:-1])

    def rows(self):
        return self.screen.text().split("\n")

    # The process ----------------------------------------------------------------------------------

    def exit_status(self, timeout=TIMEOUT_SECONDS):
        """Waits for the program to end and returns its exit status (-N for signal N)."""
        deadline = time.monotonic() + timeout
        while self.status is None:
            self._read(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                self.test.fail(f"{self.argv[1:]} did not end within {timeout} s; the screen shows:"
                               f"\n{self.screen.text()}")
        # What it wrote last is still to be read: the terminal closes once that has been.
        while not self.closed and time.monotonic() < deadline:
            self._read(deadline - time.monotonic())
        return self.status

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.status = -signal.SIGKILL
        if not self.closed:
            self.closed = True
            os.close(self.fd)

    def _read(self, timeout):
        if self.closed:
            return
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        while ready:
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the program has ended and closed the terminal
                data = b""
            if not data:
                os.close(self.fd)
                self.closed = True
                return
            self.screen.feed(data)
            ready, _, _ = select.select([self.fd], [], [], 0)


class SessionTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        if not HOST or not REFERENCE:
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
        argv = [os.path.abspath(binary or HOST), *args]
        return Terminal(self, argv, env=clean_environment(self.home, env), cwd=self.cwd)

    def write(self, name, text):
        path = os.path.join(self.cwd, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(textwrap.dedent(text))
        return path

    def files_in_home(self):
        return sorted(os.listdir(self.home))

    def assertPrivate(self, path):
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600, f"the mode of {path}")


class TerminalSessionTest(SessionTestCase):
    """pyhost with a terminal on stdin: the session a person gets."""

    # Banner and prompt ----------------------------------------------------------------------------

    def test_the_banner_names_pyhost_its_version_python_and_the_module_then_the_prompt(self):
        python_version = subprocess.run(
            [REFERENCE, "-c", "import sys; print(sys.version, 'on', sys.platform)"],
            env=clean_environment(self.home), stdout=subprocess.PIPE, text=True,
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
        self.assertEqual(terminal.screen.text(), ">>> ")
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
        self.assertEqual(terminal.run("my_python_mod" + TAB + ".__name__"), "'my_python_module'")

    # Blocks and prompts ---------------------------------------------------------------------------

    def test_a_multi_line_block_continues_with_the_ellipsis_prompt(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.line("for i in range(3):")
        terminal.expect_prompt("... ")
        terminal.line("    print(i * 10)")
        terminal.expect_prompt("... ")
        terminal.line("")
        terminal.expect(r"\n0\n10\n20\n>>> \Z")

    def test_sys_ps1_and_sys_ps2_are_the_prompts(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.line("import sys; sys.ps1 = 'host> '; sys.ps2 = '  more: '")
        terminal.expect_prompt("host> ")
        terminal.line("if True:")
        terminal.expect_prompt("  more: ")
        terminal.line("    print('in the block')")
        terminal.expect_prompt("  more: ")
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
        started = time.monotonic()
        terminal.type(CTRL_C)
        terminal.expect(r"\nKeyboardInterrupt\n>>> \Z")
        self.assertLess(time.monotonic() - started, 5, "the sleep was interrupted, not finished")
        terminal.expect(r'Traceback \(most recent call last\):\n  File "<stdin>", line 1')
        self.assertEqual(terminal.run("print('still here')"), "still here")

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

    def test_system_exit_3_leaves_with_status_3(self):
        terminal = self.start()
        terminal.expect_prompt()
        terminal.line("raise SystemExit(3)")
        self.assertEqual(terminal.exit_status(), 3)

    # Errors ---------------------------------------------------------------------------------------

    def test_errors_print_a_traceback_and_return_to_the_prompt(self):
        terminal = self.start()
        terminal.expect_prompt()
        self.assertEqual(terminal.run("1 / 0"),
                         'Traceback (most recent call last):\n'
                         '  File "<stdin>", line 1, in <module>\n'
                         'ZeroDivisionError: division by zero')
        self.assertIn("OverflowError: sum_as_string() argument 'a' must be non-negative",
                      terminal.run("my_python_module.sum_as_string(-1, 1)"))
        self.assertEqual(terminal.run("print('still here')"), "still here")

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

    def test_PYTHONSTARTUP_does_not_run_under_E_or_I_or_after_a_program(self):
        startup = self.write("startup.py", "print('startup ran')\n")
        for args in [("-E",), ("-I",), ("-i", "-c", "pass")]:
            with self.subTest(args=args):
                terminal = self.start(*args, env={"PYTHONSTARTUP": startup})
                terminal.expect_prompt(first=True)
                self.assertNotIn("startup ran", terminal.rows())

    def test_an_interactive_hook_of_usercustomize_still_runs(self):
        user_site = subprocess.run(
            [REFERENCE, "-c", "import site; print(site.getusersitepackages())"],
            env=clean_environment(self.home), stdout=subprocess.PIPE, text=True,
            check=True).stdout.strip()
        os.makedirs(user_site)
        with open(os.path.join(user_site, "usercustomize.py"), "w", encoding="utf-8") as file:
            file.write("import sys\n"
                       "sys.__interactivehook__ = lambda: print('the user hook ran')\n")
        terminal = self.start("-q")
        terminal.expect_prompt()
        self.assertEqual(terminal.rows(), ["the user hook ran", ">>> "])
        self.assertEqual(terminal.run("my_python_module.sum_as_string(1, 2)"), "'3'")

    # The same session as python3's ----------------------------------------------------------------

    def test_a_session_shows_what_python3s_shows_after_the_banner(self):
        lines = ["x = 1", "if x:", "    print('block')", "", "def f():", "    return 1 / 0", "",
                 "f()", "import sys; sys.ps1 = '% '", "print('{} {}'.format(x, [1, 2]))",
                 "class A: pass", "A()", "'text'", "del x; x", "raise SystemExit(5)"]

        def session(binary):
            terminal = self.start("-q", binary=binary)
            terminal.expect_prompt(first=True)
            for line in lines:
                terminal.line(line)
                if line != lines[-1]:
                    terminal.expect(r"\n(>>>|%|\.\.\.) \Z")
            return terminal.exit_status(), re.sub(r"0x[0-9a-f]+", "0x...", terminal.screen.text())

        self.assertEqual(session(HOST), session(REFERENCE))

    def test_a_program_in_a_terminal_runs_as_under_python3(self):
        program = "import sys; print(sys.argv, sys.flags.interactive, sys.stdin.isatty()); exit(4)"

        def run(binary):
            terminal = self.start("-c", program, binary=binary)
            return terminal.exit_status(), terminal.screen.text()

        self.assertEqual(run(HOST), run(REFERENCE))

    def reference_status(self, *args):
        """python3's exit status for `args` in a terminal, after Ctrl-D at its first prompt."""
        terminal = self.start(*args, binary=REFERENCE)
        terminal.expect_prompt(first=True)
        terminal.type(CTRL_D)
        return terminal.exit_status()


class WithoutTerminalTest(SessionTestCase):
    """pyhost with stdin not a terminal: python3's own behaviour, byte for byte."""

    def run_binary(self, binary, args, stdin, env=None):
        completed = subprocess.run([os.path.abspath(binary), *args], cwd=self.cwd,
                                   env=clean_environment(self.home, env), input=stdin.encode(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   timeout=TIMEOUT_SECONDS)
        return completed.returncode, completed.stdout.decode(), completed.stderr.decode()

    def assertSameAsPython(self, args, stdin, env=None):
        """Runs under python3, then pyhost, each with a fresh HOME, and compares the outcome and
        the files each left in HOME."""
        outcomes = []
        for binary in (REFERENCE, HOST):
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


def main():
    global HOST, REFERENCE
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("PYHOST"))
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON"))
    args, rest = parser.parse_known_args()
    HOST, REFERENCE = args.host, args.python
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
