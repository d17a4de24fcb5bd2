"""A program driven in a pseudo-terminal, as a person at a terminal drives it: Terminal, the keys
it types, how long it waits, and the environment a terminal gives (TERMINAL_ENVIRONMENT).

A Terminal runs a program in a pseudo-terminal, types keys into it and reads what it shows through
a Screen (support/screen.py). The interactive-session tests (tests/repl) and the bundle's
(tests/bundle) use it.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

from support.screen import COLUMNS, ROWS, Screen

# What a run in a terminal adds to support.environment.clean_environment: an xterm, and readline's
# defaults rather than the user's inputrc.
TERMINAL_ENVIRONMENT = {"TERM": "xterm", "INPUTRC": os.devnull}

# No single wait is longer: a test that would hang fails instead.
TIMEOUT_SECONDS = 10

UP = "\x1b[A"
F1, F2, F3 = "\x1bOP", "\x1bOQ", "\x1bOR"
CTRL_C = "\x03"
CTRL_D = "\x04"
CTRL_U = "\x15"
TAB = "\t"


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

    def wait_until_sleeping(self, timeout=TIMEOUT_SECONDS):
        """Waits until the program is blocked in the kernel's nanosleep, as time.sleep blocks it.

        A key typed before then reaches the program while it still runs Python code, which is a
        different case: python3 3.13 itself loses a Ctrl-C that comes while print() writes.
        Where the kernel hides /proc/PID/wchan, this waits a moment instead."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with open(f"/proc/{self.pid}/wchan") as file:
                    where = file.read()
            except OSError:
                where = "0"
            if where in ("", "0"):
                time.sleep(0.5)
                return
            if "nanosleep" in where:
                return
            self._read(0.01)
        self.test.fail(f"{self.argv[1:]} did not start sleeping within {timeout} s; it is in"
                       f" {where!r}, and the screen shows:\n{self.screen.text()}")

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
