"""CPython's own regression tests, run inside pyhost and under the reference python3: main() fails
when a test that passes under python3 does not pass inside pyhost. The command-line tests
(tests/command_line) and the interpreter's (tests/interpreter) run it, each with its own list of
CPython's tests; the bundle's (tests/bundle) run the command-line list with run_tests().

Inside pyhost, sys.executable is pyhost, so every subprocess these tests start is pyhost too:
CPython's test_cmd_line, test_cmd_line_script and test_runpy check the host's whole command line.

    python3 tests/command_line/test_cpython_command_line_tests.py --host build/ci/app/pyhost \
        --python /usr/bin/python3 [test ...]

--test-package DIR names a directory that holds CPython's `test` package, for a Python whose own
lacks the test modules: scripts/install-deps unpacks Debian's test suite there when installing it
would move the system's python3.11 to another version. Both interpreters then find it through
PYTHONPATH.
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

from support import options, settings
from support.environment import clean_environment

# CPython's tests of its command line.
COMMAND_LINE_TESTS = ["test_cmd_line", "test_cmd_line_script", "test_runpy"]


def run_tests(executable, tests, workdir, test_package):
    report = os.path.join(workdir, "junit.xml")
    command = [executable, "-m", "test", *tests, "--junit-xml", report]
    # The results depend on PYTHON* variables (this workplace sets PYTHONUNBUFFERED and
    # PYTHONDONTWRITEBYTECODE); both interpreters run without any but the test package's path.
    env = clean_environment(extra={"PYTHONPATH": test_package} if test_package else None,
                            inherit=True)
    completed = subprocess.run(command, cwd=workdir, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=1800)
    if not os.path.exists(report):
        sys.exit(f"{executable} wrote no test report; its output:\n{completed.stdout}")
    results = {}
    for case in ElementTree.parse(report).iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            results[name] = "failed"
        elif case.find("skipped") is not None:
            results[name] = "skipped"
        else:
            results[name] = "passed"
    return results, completed.stdout


def count(results, status):
    return sum(1 for value in results.values() if value == status)


def main(description, tests):
    """Runs `tests` (or those named on the command line) under both; returns the exit status."""
    options.parse(description, "test-package", required=("host",), strict=True,
                  add_options=lambda parser: parser.add_argument("tests", nargs="*", default=tests))
    tests, test_package = settings.OPTIONS.tests, settings.OPTIONS.test_package
    python = settings.REFERENCE or sys.executable
    with tempfile.TemporaryDirectory() as host_dir, tempfile.TemporaryDirectory() as ref_dir:
        host, host_output = run_tests(settings.HOST, tests, host_dir, test_package)
        reference, _ = run_tests(python, tests, ref_dir, test_package)

    for label, results in [("reference python3", reference), ("pyhost", host)]:
        print(f"{label}: {count(results, 'passed')} passed, {count(results, 'failed')} failed, "
              f"{count(results, 'skipped')} skipped")
    expected = sorted(name for name, status in reference.items() if status == "passed")
    regressions = [name for name in expected if host.get(name) != "passed"]
    for name in regressions:
        print(f"passes under python3 but not inside pyhost: {name} ({host.get(name, 'missing')})")
    if regressions:
        print(host_output)
    if not expected:
        sys.exit("the reference python3 passed no test: nothing was compared")
    print(f"{len(expected) - len(regressions)} passed, {len(regressions)} failed")
    return 1 if regressions else 0
