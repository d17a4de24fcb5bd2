"""The program that tests/integrations/test_debugger.py debugs.

The test sets its breakpoint on the line marked "the debugger stops here", and reads `total`
there. With `--listen PORT` the program opens its own debug port, as a user's script does with
debugpy.listen(), and waits for the debugger before it runs on.
"""

import sys

import my_python_module


def add_up(values):
    total = my_python_module.sum_list(values)
    print(f"total = {total}")  # the debugger stops here
    return total


def main(argv):
    if len(argv) == 3 and argv[1] == "--listen":
        import debugpy

        debugpy.listen(("127.0.0.1", int(argv[2])))
        debugpy.wait_for_client()
    add_up([1, 2, 3, 2**70])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
