"""Runs CPython's own regression tests inside pyhost and under the reference python3, and fails
when a test that passes under python3 does not pass inside pyhost.

Inside pyhost, sys.executable is pyhost, so every subprocess these tests start is pyhost too:
CPython's test_cmd_line, test_cmd_line_script and test_runpy check the host's whole command line.

    python3 cpython_regression.py --host build/app/pyhost --python /usr/bin/python3 [test ...]

--test-package DIR names a directory that holds CPython's `test` package, for a Python whose own
lacks the test modules: scripts/install-deps unpacks Debian's test suite there when installing it
would move the system's python3.11 to another version. Both interpreters then find it through
PYTHONPATH.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

DEFAULT_TESTS = ["test_cmd_line", "test_cmd_line_script", "test_runpy"]


def clean_environment(test_package):
    # The results depend on PYTHON* variables (this workplace sets PYTHONUNBUFFERED and
    # PYTHONDONTWRITEBYTECODE); both interpreters run without any but the test package's path.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    if test_package:
        env["PYTHONPATH"] = test_package
    return env


def run_tests(executable, tests, workdir, test_package):
    report = os.path.join(workdir, "junit.xml")
    command = [executable, "-m", "test", *tests, "--junit-xml", report]
    completed = subprocess.run(command, cwd=workdir, env=clean_environment(test_package),
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("PYHOST"), required="PYHOST" not in os.environ)
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON", sys.executable))
    parser.add_argument("--test-package", help="a directory holding CPython's test package")
    parser.add_argument("tests", nargs="*", default=DEFAULT_TESTS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as host_dir, tempfile.TemporaryDirectory() as ref_dir:
        host, host_output = run_tests(os.path.abspath(args.host), args.tests, host_dir,
                                      args.test_package)
        reference, _ = run_tests(args.python, args.tests, ref_dir, args.test_package)

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


if __name__ == "__main__":
    sys.exit(main())
