"""`python3 -m support.command_line_fuzzer`, with tests/ on PYTHONPATH: the bundle's tests run the
fuzzer so, against the bundle."""
import sys

from support.command_line_fuzzer import main

sys.exit(main("-m support.command_line_fuzzer"))
