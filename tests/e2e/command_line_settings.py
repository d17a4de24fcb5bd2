"""The binaries that the command-line tests compare, as tests/e2e/test_command_line.py parsed them.

Each value is None until the entry point's main() sets it, before unittest runs. The test modules
read them as attributes of this module at run time (settings.HOST), never copy them at import time.
"""

# The pyhost binary under test, as an absolute path.
HOST = None
# The reference python3, as an absolute path.
REFERENCE = None
# The reference's (major, minor) version, for the cases whose outcome differs between versions.
REFERENCE_VERSION = None
# What sys.flags shows for -dd or -ii: a count up to 3.12; 3.13 shows 1 whatever the count.
COUNTED_FLAG_TWICE = None
