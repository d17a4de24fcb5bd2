"""End-to-end tests of pyhost's interactive session, driven as a person at a terminal drives it.

The real binary runs in a pseudo-terminal. The tests type keys into it and read its screen (a
small xterm model: the characters written and their colours, with the cursor moves, erasures
and modes that readline and 3.13's new REPL send), waiting for each prompt before typing on, as a
person does. Where 3.13's new REPL (_pyrepl) behaves otherwise than the basic REPL, each test
asserts the reference version's own behaviour, checked against python3 in the same terminal where
it can be. The paths without a terminal are compared with the reference python3.

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
# The reference python3's version, as a tuple (3, 13) of its major and minor numbers.
VERSION = None

UP = "\x1b[A"
F1, F2, F3 = "\x1bOP", "\x1bOQ", "\x1bOR"
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
    """What a terminal shows: the characters written, each with the colour it was written in.

    It models the part of an xterm that readline and 3.13's _pyrepl use: carriage return, line
    feed (which keeps the column, as a terminal's does), backspace and tab; the CSI sequences that
    move the cursor (up, down, along a row, to a row and column), erase in a row or the screen,
    insert and delete characters; reverse index; SGR colours; and the modes that change what keys
    send (application cursor keys) or how pastes arrive (bracketed paste). The rows scrolled off
    the top of the screen are kept, so that a test reads the whole session. Titles and other
    modes change nothing that is read here.
    """

    _ESCAPE = re.compile(r"\x1b(?:\[([0-9;?>]*)[ -/]*([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)"
                         r"|[()*+#].|([^\[\]()*+#]))")

    def __init__(self, height=ROWS, width=COLUMNS):
        self.height, self.width = height, width
        self.lines = [[]]  # every row shown; each a list of (character, colour) cells
        self.top = 0  # the index in self.lines of the screen's first row
        self.row = 0
        self.column = 0
        self.colour = ""  # the SGR parameters in effect, "" for the default colours
        self.modes = set()  # the DEC private modes set (ESC [ ? n h), e.g. "1" or "2004"
        self._saved = (0, 0)
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
                elif match.group(3):
                    self._escape(match.group(3))
                i = match.end()
                continue
            if char == "\r":
                self.column = 0
            elif char == "\n":
                self._line_feed()
            elif char == "\b":
                self.column = max(0, self.column - 1)
            elif char == "\t":
                self.column = min(self.width - 1, (self.column // 8 + 1) * 8)
            elif char >= " " and char != "\x7f":
                self._put(char)
            i += 1

    def _line_feed(self):
        self.row += 1
        if self.row >= self.top + self.height:
            self.top += 1  # the screen scrolls up by a row
        self._reach(self.row)

    def _reach(self, row):
        while len(self.lines) <= row:
            self.lines.append([])

    def _put(self, char):
        line = self.lines[self.row]
        if len(line) < self.column:
            line.extend([(" ", "")] * (self.column - len(line)))
        cell = (char, self.colour)
        if self.column < len(line):
            line[self.column] = cell
        else:
            line.append(cell)
        self.column += 1

    def _escape(self, final):
        if final == "M":  # reverse index: up a row, or scroll down at the top
            if self.row > self.top:
                self.row -= 1
            else:
                self.lines.insert(self.top, [])
                del self.lines[self.top + self.height:]
        elif final == "7":
            self._saved = (self.row - self.top, self.column)
        elif final == "8":
            self.row, self.column = self.top + self._saved[0], self._saved[1]

    def _control(self, parameters, final):
        if parameters.startswith("?"):
            if final in "hl":
                for mode in parameters[1:].split(";"):
                    (self.modes.add if final == "h" else self.modes.discard)(mode)
            return
        numbers = [int(n) if n.isdigit() else 0 for n in parameters.split(";")]
        count = max(1, numbers[0])
        line = self.lines[self.row]
        bottom = self.top + self.height - 1
        if final == "A":
            self.row = max(self.top, self.row - count)
        elif final == "B":
            self.row = min(bottom, self.row + count)
            self._reach(self.row)
        elif final == "C":
            self.column = min(self.width - 1, self.column + count)
        elif final == "D":
            self.column = max(0, self.column - count)
        elif final == "G":
            self.column = min(self.width, count) - 1
        elif final in "Hf":
            row = max(1, numbers[0])
            column = max(1, numbers[1]) if len(numbers) > 1 else 1
            self.row, self.column = min(bottom, self.top + row - 1), column - 1
            self._reach(self.row)
        elif final == "J":
            self._erase_screen(numbers[0])
        elif final == "K":
            self._erase_line(line, numbers[0])
        elif final == "P":
            del line[self.column:self.column + count]
        elif final == "@":
            if self.column < len(line):
                line[self.column:self.column] = [(" ", "")] * count
        elif final == "X":
            for column in range(self.column, min(len(line), self.column + count)):
                line[column] = (" ", "")
        elif final == "m":
            self._select_colour(parameters)

    def _erase_line(self, line, which):
        if which == 0:
            del line[self.column:]
        elif which == 1:
            line[:self.column + 1] = [(" ", "")] * min(len(line), self.column + 1)
        else:
            line.clear()

    def _erase_screen(self, which):
        self._erase_line(self.lines[self.row], which)
        rows = {0: range(self.row + 1, len(self.lines)), 1: range(self.top, self.row),
                }.get(which, range(self.top, len(self.lines)))
        for row in rows:
            self.lines[row] = []

    def _select_colour(self, parameters):
        # Only whether a cell is coloured, and how, is read: the parameters since the last reset.
        for parameter in parameters.split(";"):
            if parameter in ("", "0"):
                self.colour = ""
            else:
                self.colour = f"{self.colour};{parameter}".lstrip(";")

    def _last_row(self):
        last = self.row
        for row in range(len(self.lines) - 1, self.row, -1):
            if self.lines[row]:
                return row
        return last

    def text(self, from_row=0):
        """The characters shown, from `from_row` to the cursor's row or the last row written."""
        return "\n".join("".join(char for char, _ in line)
                         for line in self.lines[from_row:self._last_row() + 1])

    def colours(self, pattern, from_row=0):
        """The colours of the characters of every match of `pattern` within a row."""
        found = set()
        for line in self.lines[from_row:self._last_row() + 1]:
            row = "".join(char for char, _ in line)
            for match in re.finditer(pattern, row):
                found.update(colour for _, colour in line[match.start():match.end()])
        return found


class Terminal:
    """A program running in a pseudo-terminal of its own, which is its controlling terminal (so
    Ctrl-C sends SIGINT), with a person's hands on the keyboard and eyes on the screen."""

    def __init__(self, test, argv, *, env, cwd):
        self.test = test
        self.argv = argv
        self.screen = Screen()
        # The row where the cursor was when the last keys were typed, or any row above it that
        # the program has moved the cursor to since, to redraw what it shows.
        self.mark = 0
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
        if "1" in self.screen.modes:
            # The program asked for application cursor keys (as 3.13's REPL does), and xterm
            # then sends the arrows as ESC O x.
            keys = re.sub(r"\x1b\[([ABCD])", "\x1bO\\1", keys)
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
            self.mark = min(self.mark, self.screen.row)
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

    @staticmethod
    def new_repl(env=None):
        """Whether the session at a terminal is 3.13's new REPL (_pyrepl) rather than the basic one."""
        return VERSION >= (3, 13) and not (env or {}).get("PYTHON_BASIC_REPL")

    def indent(self, env=None):
        """What the REPL puts after the continuation prompt of a block's first line: 3.13's new
        REPL indents the block by itself."""
        return "    " if self.new_repl(env) else ""

    def input_name(self, number, env=None):
        """The file name of the `number`th input in a traceback (counted from 0)."""
        return f"<python-input-{number}>" if self.new_repl(env) else "<stdin>"

    def reference_outputs(self, lines, *args, env=None):
        """What python3 -q shows after each of `lines`, typed at its prompt in a terminal."""
        terminal = self.start("-q", *args, env=env, binary=REFERENCE)
        terminal.expect_prompt(first=True)
        return [terminal.run(line) for line in lines]


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
        reference = self.start("-q", binary=REFERENCE)
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
        started = time.monotonic()
        terminal.type(CTRL_C)
        terminal.expect(r"\nKeyboardInterrupt\n>>> \Z")
        self.assertLess(time.monotonic() - started, 5, "the sleep was interrupted, not finished")
        terminal.expect(r'Traceback \(most recent call last\):\n  File "'
                        + re.escape(self.input_name(0)) + '", line 1')
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

    def test_system_exit_3_leaves_with_python3s_status(self):
        def status(binary):
            terminal = self.start("-q", binary=binary)
            terminal.expect_prompt(first=True)
            terminal.line("raise SystemExit(3)")
            return terminal.exit_status()

        # 3.13.0's new REPL ends with status 1 here (fixed in later 3.13 releases).
        self.assertEqual(status(HOST), status(REFERENCE))
        if not self.new_repl():
            self.assertEqual(status(HOST), 3)

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
                for binary in (HOST, REFERENCE):
                    terminal = self.start(*args, env={"PYTHONSTARTUP": startup}, binary=binary)
                    terminal.expect_prompt(first=True)
                    self.assertEqual("startup ran" in terminal.rows(), runs, binary)

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

        self.assertEqual(session(HOST), session(REFERENCE))

    def test_a_program_in_a_terminal_runs_as_under_python3(self):
        program = "import sys; print(sys.argv, sys.flags.interactive, sys.stdin.isatty()); exit(4)"

        def run(binary):
            terminal = self.start("-c", program, binary=binary)
            return terminal.exit_status(), terminal.screen.text()

        self.assertEqual(run(HOST), run(REFERENCE))

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
            self.assertLess(VERSION, (3, 13))
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
            self.assertLess(VERSION, (3, 13))
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

                prompt, error = colours(HOST)
                self.assertEqual((prompt, error), colours(REFERENCE))
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

        prompt = screen(HOST)
        self.assertEqual(prompt, screen(REFERENCE))
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
    global HOST, REFERENCE, VERSION
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("PYHOST"))
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON"))
    args, rest = parser.parse_known_args()
    HOST, REFERENCE = args.host, args.python
    if REFERENCE:
        VERSION = tuple(int(n) for n in subprocess.run(
            [REFERENCE, "-c", "import sys; print(*sys.version_info[:2])"], stdout=subprocess.PIPE,
            text=True, check=True).stdout.split())
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
