"""The command-line options of the packaging tests, as tests/e2e/test_packaging.py parsed them.

OPTIONS is None until the entry point's main() sets it, before unittest runs. The test modules
read it as an attribute of this module at run time (settings.OPTIONS.wheel), never copy it at
import time.
"""

# Set by test_packaging.py's main() from the command line: an argparse.Namespace of --host,
# --extension, --wheel and the rest, with the tools' defaults filled in and the paths resolved.
OPTIONS = None
