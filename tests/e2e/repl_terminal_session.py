"""TerminalSessionTest: the interactive session that pyhost gives a person at a terminal.

Its tests live in one mixin per topic (repl_terminal_prompts.py, repl_terminal_history.py,
repl_terminal_startup.py, repl_terminal_as_python3.py); this module gathers them into one class, so
that every test keeps its name (TerminalSessionTest.test_...), on unittest's command line too.
"""

from repl_session_case import SessionTestCase
from repl_terminal_as_python3 import AsPython3Tests
from repl_terminal_history import HistoryAndLeavingTests
from repl_terminal_prompts import PromptTests
from repl_terminal_startup import StartupTests


class TerminalSessionTest(PromptTests, HistoryAndLeavingTests, StartupTests, AsPython3Tests,
                          SessionTestCase):
    """pyhost with a terminal on stdin: the session a person gets."""
