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

The tests live in repl_terminal_session.py (TerminalSessionTest, which gathers the topic mixins
repl_terminal_prompts.py, repl_terminal_history.py, repl_terminal_startup.py and
repl_terminal_as_python3.py) and repl_without_terminal.py (WithoutTerminalTest). What they share is
in repl_session_case.py, repl_terminal.py and repl_screen.py; main() below puts the parsed
--host and --python into repl_settings.py, where the tests read them.
"""

import argparse
import os
import sys
import unittest

from differential import python_version
import repl_settings as settings
# tests/bundle/test_bundle.py drives its own session through these, as test_repl's.
from repl_session_case import clean_environment  # noqa: F401
from repl_terminal import CTRL_D, Terminal  # noqa: F401
# unittest.main() finds the tests by these names, so a class named on the command line runs.
from repl_terminal_session import TerminalSessionTest  # noqa: F401
from repl_without_terminal import WithoutTerminalTest  # noqa: F401


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("PYHOST"))
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON"))
    args, rest = parser.parse_known_args()
    # The test modules read these at run time, so they are set before unittest runs.
    settings.HOST, settings.REFERENCE = args.host, args.python
    if settings.REFERENCE:
        settings.VERSION = python_version(settings.REFERENCE)
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
