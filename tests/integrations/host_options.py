"""What every integration test shares: its command line, which names the host under test and the
reference python3, and the question whether the host can import the tool that the test needs.

    python3 tests/integrations/test_X.py --host build/dev/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON. Any
other argument goes to unittest (e.g. -v, -k pattern).
"""

import argparse
import os
import subprocess


def parse(description):
    """The absolute paths of the host and of the reference python, and the arguments left over."""
    parser = argparse.ArgumentParser(description=description, add_help=False)
    parser.add_argument("--host", default=os.environ.get("PYHOST"),
                        help="the pyhost binary (default: $PYHOST)")
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON"),
                        help="the reference python (default: $PYHOST_REFERENCE_PYTHON)")
    options, remaining = parser.parse_known_args()
    if not options.host or not options.python:
        parser.error("--host and --python (or PYHOST and PYHOST_REFERENCE_PYTHON) are required")
    for binary in (options.host, options.python):
        if not os.access(binary, os.X_OK):
            parser.error(f"not an executable: {binary}")
    return os.path.abspath(options.host), os.path.abspath(options.python), remaining


def missing_modules(host, modules, env, timeout=60):
    """The modules of `modules` that `host` cannot find. A host that cannot even look ends the
    test with an error, as that is a failure rather than a reason to skip."""
    probe = subprocess.run(
        [host, "-c", "import importlib.util, sys; "
                     "print(*[name for name in sys.argv[1:] if importlib.util.find_spec(name) is None])",
         *modules],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, timeout=timeout)
    if probe.returncode != 0:
        raise SystemExit(f"{host} could not look for {', '.join(modules)}:\n{probe.stderr}")
    return probe.stdout.split()
