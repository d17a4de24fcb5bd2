"""pytest and unittest run a suite that imports my_python_module inside pyhost, and their exit
status tells a failing suite from a passing one.

    PYTHONPATH=tests python3 tests/integrations/test_runners.py --host build/dev/app/pyhost --python /usr/bin/python3

The suite is runner_suite/ beside this file. Each run works on a fresh copy of it in a temporary
directory, so that no runner writes a cache or bytecode into the source tree, and no pytest
configuration above the tree applies. A run with PYHOST_RUNNER_SUITE_FAIL=1 makes one test's
expectation wrong, and must exit with a non-zero status. The reference Python (--python) runs the
suite too: without my_python_module it must fail, which shows that a pass inside pyhost means
something.

The test reports itself skipped (status 77) only when the host cannot import pytest. Any argument
after the options goes to unittest (e.g. -v, -k pattern).
"""

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import options, settings
from support.environment import clean_environment

from host_imports import missing_modules

TIMEOUT_SECONDS = 120
SUITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner_suite")
# The test that PYHOST_RUNNER_SUITE_FAIL=1 makes fail.
FAILING_TEST = "test_sum_as_string_is_the_decimal_string_of_the_sum"



def count_suite_tests():
    """The number of test methods in the suite's files, read from their source."""
    count = 0
    for name in sorted(os.listdir(SUITE)):
        if not (name.startswith("test") and name.endswith(".py")):
            continue
        with open(os.path.join(SUITE, name), encoding="utf-8") as file:
            tree = ast.parse(file.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                count += sum(1 for item in node.body
                             if isinstance(item, ast.FunctionDef) and item.name.startswith("test"))
    return count


def pytest_counts(output):
    """The counts on pytest's last line, such as "1 failed, 3 passed in 0.05s"."""
    summary = output.strip().splitlines()[-1]
    return {word: int(number) for number, word in re.findall(r"(\d+) (\w+)", summary)}


def unittest_counts(output):
    """The number of tests run and the counts in unittest's verdict, such as
    "FAILED (failures=1)"."""
    ran = re.search(r"^Ran (\d+) tests? in ", output, re.MULTILINE)
    verdict = re.search(r"^(OK|FAILED)(?: \((.*)\))?$", output, re.MULTILINE)
    if not ran or not verdict:
        raise AssertionError(f"no unittest summary in:\n{output}")
    counts = {"ran": int(ran.group(1)), "verdict": verdict.group(1)}
    for item in (verdict.group(2) or "").split(", "):
        if item:
            name, number = item.split("=")
            counts[name] = int(number)
    return counts


class RunnerTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.expected = count_suite_tests()

    def run_suite(self, binary, *arguments, fail=False):
        """Runs `binary arguments... runner_suite` in a fresh copy and returns (status, output)."""
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-runners-")
        self.addCleanup(temporary.cleanup)
        cwd = os.path.realpath(temporary.name)
        shutil.copytree(SUITE, os.path.join(cwd, "runner_suite"),
                        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        env = clean_environment(extra={"PYHOST_RUNNER_SUITE_FAIL": "1"} if fail else None)
        completed = subprocess.run([binary, *arguments, "runner_suite"], cwd=cwd, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   timeout=TIMEOUT_SECONDS)
        return completed.returncode, completed.stdout

    def test_the_suite_has_tests_to_run(self):
        self.assertGreaterEqual(self.expected, 4)

    def test_pytest_inside_pyhost_passes_every_test_of_the_suite(self):
        status, output = self.run_suite(settings.HOST, "-m", "pytest")
        self.assertEqual(status, 0, output)
        self.assertEqual(pytest_counts(output), {"passed": self.expected}, output)

    def test_unittest_inside_pyhost_discovers_and_passes_every_test_of_the_suite(self):
        status, output = self.run_suite(settings.HOST, "-m", "unittest", "discover")
        self.assertEqual(status, 0, output)
        self.assertEqual(unittest_counts(output), {"ran": self.expected, "verdict": "OK"}, output)

    def test_a_failing_test_makes_pytest_inside_pyhost_exit_with_status_1(self):
        status, output = self.run_suite(settings.HOST, "-m", "pytest", fail=True)
        # pytest's status 1 means that tests ran and some failed (2 to 5 mean other problems).
        self.assertEqual(status, 1, output)
        self.assertEqual(pytest_counts(output), {"failed": 1, "passed": self.expected - 1}, output)
        self.assertRegex(output, rf"FAILED runner_suite/test_with_module\.py::\w+::{FAILING_TEST}\b")

    def test_a_failing_test_makes_unittest_inside_pyhost_exit_with_status_1(self):
        status, output = self.run_suite(settings.HOST, "-m", "unittest", "discover", fail=True)
        self.assertEqual(status, 1, output)
        self.assertEqual(unittest_counts(output),
                         {"ran": self.expected, "verdict": "FAILED", "failures": 1}, output)
        self.assertRegex(output, rf"FAIL: {FAILING_TEST} \(test_with_module\.\w+\.{FAILING_TEST}\)")

    def test_the_suite_fails_under_python3_which_has_no_my_python_module(self):
        probe = subprocess.run([settings.REFERENCE, "-c", "import my_python_module"], env=clean_environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=TIMEOUT_SECONDS)
        if probe.returncode == 0:
            self.skipTest(f"{settings.REFERENCE} imports my_python_module of its own")
        # unittest, not pytest: every Python has it, and this is about the suite, not the runner.
        status, output = self.run_suite(settings.REFERENCE, "-m", "unittest", "discover")
        self.assertEqual(status, 1, output)
        self.assertIn("No module named 'my_python_module'", output)


def main():
    remaining = options.parse(__doc__, required=("host", "python"))
    if missing_modules(settings.HOST, ["pytest"], clean_environment()):
        print(f"skipped: {settings.HOST} cannot import pytest (the Debian package python3-pytest provides it)")
        sys.exit(77)
    options.run_unittest(remaining)


if __name__ == "__main__":
    main()
