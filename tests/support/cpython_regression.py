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


def run_tests(executable, tests, workdir, test_package, only=None):
    """Runs CPython's `tests` under `executable`, or of them only the test cases whose ids `only`
    lists, and returns each case's status by its id, with the run's output."""
    report = os.path.join(workdir, "junit.xml")
    command = [executable, "-m", "test", *tests, "--junit-xml", report]
    if only is not None:
        matches = os.path.join(workdir, "matches.txt")
        with open(matches, "w", encoding="utf-8") as file:
            file.write("".join(f"{case}\n" for case in only))
        command += ["--matchfile", matches]
    completed = subprocess.run(command, cwd=workdir, env=environment(test_package),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=1800)
    if not os.path.exists(report):
        sys.exit(f"{executable} wrote no test report; its output:\n{completed.stdout}")
    results = {}
    for case in ElementTree.parse(report).iter("testcase"):
        name = case_id(case)
        if case.find("failure") is not None or case.find("error") is not None:
            results[name] = "failed"
        elif case.find("skipped") is not None:
            results[name] = "skipped"
        else:
            results[name] = "passed"
    return results, completed.stdout


def environment(test_package):
    # The results depend on PYTHON* variables (this workplace sets PYTHONUNBUFFERED and
    # PYTHONDONTWRITEBYTECODE); both interpreters run without any but the test package's path.
    return clean_environment(extra={"PYTHONPATH": test_package} if test_package else None,
                             inherit=True)


def case_id(case):
    """A junit test case's id as regrtest lists it: test.test_long.LongTest.test_float."""
    classname, name = case.get("classname"), case.get("name")
    return name if classname in (None, "None") else f"{classname}.{name}"


def listed_cases(executable, tests, workdir, test_package):
    """The ids of every test case of `tests`, as `executable` lists them without running them."""
    completed = subprocess.run([executable, "-m", "test", *tests, "--list-cases"], cwd=workdir,
                               env=environment(test_package), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=600)
    cases = [line for line in completed.stdout.splitlines() if line.startswith("test.")]
    if completed.returncode != 0 or not cases:
        sys.exit(f"{executable} could not list the cases of {' '.join(tests)}:\n{completed.stdout}")
    return cases


def count(results, status):
    return sum(1 for value in results.values() if value == status)


def main(description, tests):
    """Runs `tests` (or those named on the command line) inside pyhost, and then, under python3,
    only the cases that did not pass inside pyhost: a case that passes there is a regression. That
    compares exactly what running both whole would, at about half the cost, since most cases pass
    inside pyhost. Returns the exit status."""
    options.parse(description, "test-package", required=("host",), strict=True,
                  add_options=lambda parser: parser.add_argument("tests", nargs="*", default=tests))
    tests, test_package = settings.OPTIONS.tests, settings.OPTIONS.test_package
    python = settings.REFERENCE or sys.executable
    with tempfile.TemporaryDirectory() as host_dir, tempfile.TemporaryDirectory() as ref_dir:
        host, host_output = run_tests(settings.HOST, tests, host_dir, test_package)
        cases = listed_cases(python, tests, ref_dir, test_package)
        # Cases that pyhost failed, skipped or never ran (a crash ends a run early).
        suspects = [case for case in cases if host.get(case) != "passed"]
        reference = run_tests(python, tests, ref_dir, test_package, suspects)[0] if suspects else {}

    print(f"pyhost: {count(host, 'passed')} passed, {count(host, 'failed')} failed, "
          f"{count(host, 'skipped')} skipped, of the {len(cases)} cases that python3 lists")
    print(f"reference python3, of the {len(suspects)} cases that did not pass inside pyhost: "
          f"{count(reference, 'passed')} passed, {count(reference, 'failed')} failed, "
          f"{count(reference, 'skipped')} skipped")
    regressions = sorted(case for case in suspects if reference.get(case) == "passed")
    for name in regressions:
        print(f"passes under python3 but not inside pyhost: {name} ({host.get(name, 'missing')})")
    if regressions:
        print(host_output)
    if count(host, "passed") == 0:
        sys.exit("pyhost passed no test: nothing was compared")
    print(f"{count(host, 'passed')} passed, {len(regressions)} failed")
    return 1 if regressions else 0
