"""What a test script's command line set (support.options), read by its tests at run time.

Each value is None until the script's main part parses its command line, before unittest runs.
The tests read them as attributes of this module (settings.HOST), never copy them at import time.
"""

# The pyhost binary under test (--host), as an absolute path.
HOST = None
# The reference python3 (--python), as an absolute path.
REFERENCE = None
# The reference's (major, minor) version, for the cases whose outcome differs between versions.
REFERENCE_VERSION = None
# Every option of the command line, the script's own among them: an argparse.Namespace.
OPTIONS = None
