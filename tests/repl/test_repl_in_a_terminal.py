"""The interactive session in a terminal is what a person expects: pyhost's session driven as a
person at a terminal drives it.

The real binary runs in a pseudo-terminal. The tests type keys into it and read its screen (a
small xterm model: the characters written and their colours, with the cursor moves, erasures
and modes that readline and 3.13's new REPL send), waiting for each prompt before typing on, as a
person does. Where 3.13's new REPL (_pyrepl) behaves otherwise than the basic REPL, each test
asserts the reference version's own behaviour, checked against python3 in the same terminal where
it can be.

    PYTHONPATH=tests python3 tests/repl/test_repl_in_a_terminal.py \
        --host build/ci/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON.
Any other argument goes to unittest (e.g. -v, -k pattern).

The tests live in one module per topic beside this script (repl_terminal_prompts.py,
repl_terminal_history.py, repl_terminal_startup.py and repl_terminal_as_python3.py), on the base
class of repl_session_case.py; load_tests finds them. The terminal and its screen are
support/terminal.py and support/screen.py.
"""
import os

from support import options


def load_tests(loader, tests, pattern):
    """The tests of every repl_terminal_*.py module beside this script."""
    return loader.discover(os.path.dirname(os.path.abspath(__file__)), pattern="repl_terminal_*.py")


if __name__ == "__main__":
    options.main(__doc__, required=("host", "python"))
