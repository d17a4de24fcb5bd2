"""The binaries that the interactive-session tests drive, as tests/e2e/test_repl.py parsed them.

Each value is None until the entry point's main() sets it, before unittest runs. The test modules
read them as attributes of this module at run time (settings.HOST), never copy them at import time.
"""

# The pyhost binary under test, as given on the command line.
HOST = None
# The reference python3, as given on the command line.
REFERENCE = None
# The reference python3's version, as a tuple (3, 13) of its major and minor numbers.
VERSION = None
