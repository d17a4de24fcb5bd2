"""The bundle (scripts/make_bundle.py) runs where no Python is installed, from wherever it is
moved, as python3 does.

    PYTHONPATH=tests python3 tests/bundle/test_bundle.py --bundle build/release/bundle/pyhost \
        --tests-bundle build/release/bundle/pyhost-tests --python /usr/bin/python3 \
        --demo scripts/demo.py [--test-package DIR] [--extension-module-dir DIR] \
        [--fuzz-cases N] [unittest arguments]

Each test copies the bundle to a fresh temporary folder and runs the copy, most of them in a mount
namespace where the installed Pythons are hidden (tests/bundle/without_python.sh). The reference
python3 (--python, of the bundle's version) runs outside the namespace and is the oracle: what a
command does in the bundle must be what it does under python3. Without root, unshare or mount,
the whole test is skipped (status 77).

--test-package DIR holds CPython's `test` package, for when the test bundle lacks it (as for
support/cpython_regression.py): it is copied into the bundle's standard library.
--extension-module-dir DIR holds my_python_module built for python3: the demo's (--demo) output
is then compared whole with python3's.
"""

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap

import support
from support import cpython_regression, settings
from support.environment import clean_environment
from support.terminal import CTRL_D, TERMINAL_ENVIRONMENT, Terminal

import bundle_case
import namespace
from bundle_case import BundleTestCase, version
from namespace import TIMEOUT_SECONDS, inside, run
from probes import LOCATION_PROBE, ORIGINS_PROBE, STANDARD_LIBRARY_CASES


class WithoutPythonTest(BundleTestCase):
    """The bundle in a namespace where no Python is installed."""

    def setUp(self):
        if self._testMethodName != "test_no_python_can_be_found_inside_the_namespace":
            self.require_hiding()

    def test_no_python_can_be_found_inside_the_namespace(self):
        self.assertEqual(self._hiding, [])

    def test_the_demo_prints_what_python3_does_with_the_extension_module(self):
        demo = settings.OPTIONS.demo
        output = self.succeeded(self.in_namespace(demo, "one", "two words"))
        # The native results against Python's own ints, whatever python3 can import.
        sums = re.findall(r"^sum_as_string\((.*)\) = (.*)$", output, re.MULTILINE)
        self.assertGreaterEqual(len(sums), 2, output)
        for arguments, result in sums:
            # The arguments are integer expressions such as 2**64 - 1: Python computes them.
            self.assertRegex(arguments, r"^[0-9*+\- ,]+$")
            self.assertEqual(result, str(sum(eval(f"({arguments},)", {"__builtins__": {}}))))
        self.assertIn("raises OverflowError", output)
        version = run([settings.REFERENCE, "-c", "import platform; print(platform.python_version())"],
                      cwd=self.work, env=self.env).stdout.strip()
        self.assertIn(f"Running inside {self.executable} (Python {version})", output)
        self.assertIn("arguments: ['one', 'two words']\n", output)
        if settings.OPTIONS.extension_module_dir:
            expected = self.succeeded(run([settings.REFERENCE, demo, "one", "two words"], cwd=self.work,
                                          env={**self.env, "PYTHONPATH": settings.OPTIONS.extension_module_dir}))
            self.assertEqual(output.replace(self.executable, "<exe>"),
                             expected.replace(settings.REFERENCE, "<exe>"))

    def test_my_python_module_sums_as_python_does(self):
        output = self.succeeded(self.in_namespace(
            "-c", "import my_python_module as m; "
                  "print(repr(m.sum_list([1, 2.5])), m.sum_as_string(2**64 - 1, 1))"))
        self.assertEqual(output, f"{sum([1, 2.5])!r} {2**64 - 1 + 1}\n")

    def test_a_traceback_of_a_user_script_shows_its_source_lines_as_python3s(self):
        script = self.write("fails.py", """
            def divide(numerator, denominator):
                return numerator / denominator

            print("before the error")
            divide(1, 0)
            """)
        completed = self.in_namespace(script)
        expected = run([settings.REFERENCE, script], cwd=self.work, env=self.env)
        self.assertEqual((completed.returncode, completed.stdout, completed.stderr),
                         (expected.returncode, expected.stdout, expected.stderr))
        self.assertIn("    return numerator / denominator\n", completed.stderr)

    def test_a_traceback_through_the_standard_library_shows_its_source_lines_as_python3s(self):
        # The packed code names its source file in the bundle, which tracebacks then read; each
        # side's own standard library path is replaced before they are compared.
        script = self.write("decodes.py", """
            import json
            json.loads("not json")
            """)
        completed = self.in_namespace(script)
        expected = run([settings.REFERENCE, script], cwd=self.work, env=self.env)
        bundle_stdlib = os.path.join(self.bundle, "lib", f"python{version()}")
        reference_stdlib = self.succeeded(run(
            [settings.REFERENCE, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
            cwd=self.work, env=self.env)).strip()
        self.assertEqual(completed.stderr.replace(bundle_stdlib, "<stdlib>"),
                         expected.stderr.replace(reference_stdlib, "<stdlib>"))
        self.assertIn("<stdlib>/json/decoder.py", completed.stderr.replace(bundle_stdlib, "<stdlib>"))
        self.assertIn("    obj, end = self.raw_decode(s, idx=_w(s, 0).end())", completed.stderr)

    def test_a_module_beside_the_script_comes_before_the_standard_librarys_as_in_python3(self):
        # python3 searches sys.path in order, and the script's directory comes first.
        self.write("uuid.py", "print('the local uuid.py')")
        script = self.write("imports.py", "import uuid, json\nprint(uuid.__file__ == __file__.replace('imports', 'uuid'))")
        completed = self.in_namespace(script)
        expected = run([settings.REFERENCE, script], cwd=self.work, env=self.env)
        self.assertEqual((completed.returncode, completed.stdout, completed.stderr),
                         (expected.returncode, expected.stdout, expected.stderr))
        self.assertEqual(completed.stdout, "the local uuid.py\nTrue\n")

    def test_json_tool_formats_standard_input_as_python3s(self):
        self.assertSameAsPython("-m", "json.tool", "--sort-keys",
                                stdin='{"b": [1, 2.5, null], "a": "\u00e9"}')

    def test_a_spawned_multiprocessing_pool_runs_my_python_module_in_the_bundle(self):
        script = self.write("pool.py", """
            import json, multiprocessing, os, sys
            def work(pair):
                import my_python_module
                return my_python_module.sum_as_string(*pair), os.getpid(), sys.executable
            if __name__ == "__main__":
                with multiprocessing.get_context("spawn").Pool(2) as pool:
                    results = pool.map(work, json.loads(sys.argv[1]))
                print(json.dumps([results, os.getpid(), sys.executable]))
            """)
        pairs = [[1, 2], [2**64 - 1, 2**64 - 1], [0, 2**63]]
        results, pid, executable = json.loads(self.succeeded(
            self.in_namespace(script, json.dumps(pairs))))
        self.assertEqual([value for value, _, _ in results], [str(a + b) for a, b in pairs])
        self.assertNotIn(pid, [child for _, child, _ in results])
        self.assertEqual({child for _, _, child in results}, {self.executable})
        self.assertEqual(executable, self.executable)

    def test_a_subprocess_of_sys_executable_is_the_bundle_again(self):
        probe = "import sys, my_python_module as m; print(sys.executable, sys.prefix, " \
                "m.sum_as_string(2**64 - 1, 1))"
        output = self.succeeded(self.in_namespace("-c", (
            "import subprocess, sys; print(subprocess.run([sys.executable, '-c', %r], "
            "check=True, stdout=subprocess.PIPE, text=True, timeout=60).stdout, end='')") % probe))
        self.assertEqual(output, f"{self.executable} {self.bundle} {2**64}\n")

    def test_a_venv_made_offline_by_the_bundle_runs_its_pip_as_python3s_venv_does(self):
        # ensurepip can only take pip from the bundle's wheels: the system's are hidden, and the
        # namespace's network has no interface up.
        venv = os.path.join(self.root, "bundle-venv")
        python = os.path.join(venv, "bin", "python")
        self.succeeded(self.in_namespace("-m", "venv", venv, offline=True))
        pip = self.in_namespace("-m", "pip", "--version", executable=python, offline=True)
        reference_venv = os.path.join(self.root, "python3-venv")
        self.succeeded(run([settings.REFERENCE, "-m", "venv", reference_venv], cwd=self.work, env=self.env))
        expected = run([os.path.join(reference_venv, "bin", "python"), "-m", "pip", "--version"],
                       cwd=self.work, env=self.env)
        self.assertEqual(self.succeeded(pip).replace(venv, "<venv>"),
                         self.succeeded(expected).replace(reference_venv, "<venv>"))
        self.assertEqual(pip.stderr, expected.stderr)
        base = self.in_namespace("-c", "import sys; print(sys.base_prefix)", executable=python)
        self.assertEqual(self.succeeded(base), self.bundle + "\n")

    def test_the_interactive_session_in_a_terminal_shows_the_prefix_and_native_results(self):
        expected = self.succeeded(self.in_namespace(
            "-c", "import my_python_module; print(repr(my_python_module.sum_list([1, 2])))"))
        terminal = Terminal(self, inside([self.executable]), cwd=self.work,
                            env=clean_environment(self.home, TERMINAL_ENVIRONMENT))
        terminal.expect_prompt()
        self.assertEqual(terminal.run("import sys; print(sys.prefix)"), self.bundle)
        self.assertEqual(terminal.run("my_python_module.sum_list([1, 2])"), expected.strip())
        terminal.type(CTRL_D)
        self.assertEqual(terminal.exit_status(), 0)


def _standard_library_test(code):
    def test(self):
        self.assertSameAsPython("-c", textwrap.dedent(code))
    return test


for _name, _code in STANDARD_LIBRARY_CASES.items():
    setattr(WithoutPythonTest, f"test_{_name}_as_under_python3", _standard_library_test(_code))


class RelocationTest(BundleTestCase):
    """The bundle follows wherever it is moved, and loads nothing of an installed Python."""

    def located(self, command, cwd, *, path=None, is_reference=False):
        """Where the Python that `command` calls finds itself, run from `cwd` with `path` first
        on PATH: python3 outside the namespace, the bundle in it."""
        env = dict(self.env, PATH=f"{path}:{self.env['PATH']}") if path else self.env
        full = [*command, "-c", LOCATION_PROBE]
        return json.loads(self.succeeded(run(full if is_reference else inside(full), cwd=cwd,
                                             env=env)))

    def assertFollows(self, found, reference, bundle, called, reference_called):
        """Every path the bundle reports is python3's, with the bundle's prefix for python3's; and
        sys.executable is the path it was called by where python3's is, or else the real one."""
        expected = {}
        for key, value in reference.items():
            if key != "sys.executable":
                relative = os.path.relpath(value, reference["sys.prefix"])
                expected[key] = os.path.normpath(os.path.join(bundle, relative))
            elif value == reference_called:
                expected[key] = called
            else:
                self.assertEqual(value, os.path.realpath(settings.REFERENCE), "python3's sys.executable")
                expected[key] = os.path.realpath(os.path.join(bundle, "bin", "pyhost"))
        self.assertEqual(found, expected)

    def test_a_moved_bundle_called_through_a_symlink_finds_itself_in_its_new_place(self):
        self.require_hiding()
        first = namespace.copy_bundle(settings.OPTIONS.bundle, os.path.join(self.root, "a", "pyhost"))
        links, elsewhere = os.path.join(self.root, "links"), os.path.join(self.root, "elsewhere")
        os.makedirs(links)
        os.makedirs(elsewhere)
        os.symlink(settings.REFERENCE, os.path.join(links, "python3-link"))
        reference = self.located([settings.REFERENCE], elsewhere, is_reference=True)
        self.assertFollows(self.located([os.path.join(first, "bin", "pyhost")], elsewhere),
                           reference, first, os.path.join(first, "bin", "pyhost"), settings.REFERENCE)
        moved = os.path.join(self.root, "b", "moved")
        os.makedirs(os.path.dirname(moved))
        subprocess.run(["mv", first, moved], check=True, timeout=TIMEOUT_SECONDS)
        link = os.path.join(links, "pyhost-link")
        os.symlink(os.path.join(moved, "bin", "pyhost"), link)
        reference_link = os.path.join(links, "python3-link")
        for how, command, reference_command, path in [
                ("by its path", [link], [reference_link], None),
                ("found on PATH", ["pyhost-link"], ["python3-link"], links)]:
            with self.subTest(how):
                self.assertFollows(self.located(command, elsewhere, path=path),
                                   self.located(reference_command, elsewhere, path=path,
                                                is_reference=True),
                                   moved, link, reference_link)

    def origins(self, *options):
        """Runs ORIGINS_PROBE as a script with the bundle, outside the namespace, beside the
        installed python3; checks that all it loaded is the bundle's; returns what it found."""
        script = self.write("origins.py", ORIGINS_PROBE)
        found = json.loads(self.succeeded(run([self.executable, *options, script],
                                              cwd=self.root, env=self.env)))
        inside_bundle = lambda path: os.path.realpath(path).startswith(self.bundle + os.sep)
        self.assertEqual({name: path for name, path in found["files"].items()
                          if path and not inside_bundle(path) and path != script}, {},
                         "modules imported from outside the bundle")
        allowed = {self.work, found["user_site"]}
        self.assertEqual([path for path in found["path"]
                          if not inside_bundle(path) and path not in allowed], [],
                         "sys.path entries outside the bundle")
        carried = set(os.listdir(os.path.join(self.bundle, "lib")))
        self.assertEqual([path for path in found["mapped"] if not inside_bundle(path) and
                          (os.path.basename(path) in carried or "python" in path)], [],
                         "libraries of the bundle or of a Python mapped from outside the bundle")
        return found

    def test_beside_the_installed_python3_the_bundle_imports_only_its_own_files(self):
        # The code comes from the pack, and the module is its source file in the bundle, where
        # python3 has its own: the same path below the standard library.
        found = self.origins()
        reference = json.loads(self.succeeded(run(
            [settings.REFERENCE, "-c", "import json, sysconfig; print(json.dumps([json.__spec__.origin, "
             "sysconfig.get_paths()['stdlib']]))"], cwd=self.work, env=self.env)))
        stdlib = os.path.join(self.bundle, "lib", f"python{version()}")
        self.assertEqual(found["json"], os.path.join(stdlib, os.path.relpath(*reference)))
        self.assertEqual(found["json_loader"], "PackedSourceLoader")

    def test_with_frozen_modules_off_the_bundle_imports_its_own_sources(self):
        found = self.origins("-X", "frozen_modules=off")
        reference = json.loads(self.succeeded(run(
            [settings.REFERENCE, "-X", "frozen_modules=off", "-c",
             "import json, sysconfig; print(json.dumps([json.__spec__.origin, "
             "sysconfig.get_paths()['stdlib']]))"], cwd=self.work, env=self.env)))
        stdlib = os.path.join(self.bundle, "lib", f"python{version()}")
        self.assertEqual(found["json"], os.path.join(stdlib, os.path.relpath(*reference)))
        self.assertEqual(found["json_loader"], "SourceFileLoader")


class DamagedPackTest(BundleTestCase):
    """A damaged pack stops the host with a message that names it, rather than a crash."""

    def test_a_truncated_or_foreign_pack_ends_the_host_with_status_1_and_a_message(self):
        pack = os.path.join(self.bundle, "lib", f"python{version()}", "stdlib.pack")
        with open(pack, "rb") as file:
            image = file.read()
        for label, damaged in [("truncated", image[:len(image) // 2]),
                               ("not a pack", b"PK\x03\x04" + image[4:]),
                               ("empty", b"")]:
            with self.subTest(label):
                with open(pack, "wb") as file:
                    file.write(damaged)
                completed = run([self.executable, "-c", "print('ran')"], cwd=self.work,
                                env=self.env)
                self.assertEqual(completed.returncode, 1, completed)
                self.assertEqual(completed.stdout, "")
                self.assertIn(f"pyhost: cannot use the bundled standard library {pack}: ",
                              completed.stderr)
        with open(pack, "wb") as file:
            file.write(image)
        self.assertEqual(self.succeeded(run([self.executable, "-c", "print('ran')"],
                                            cwd=self.work, env=self.env)), "ran\n")


class PythonsOwnTestsTest(BundleTestCase):
    """CPython's tests, and the project's differential command lines, in the namespace."""

    def launcher(self, bundle):
        return namespace.write_launcher(tempfile.mkdtemp(dir=self.root, prefix="launcher-"),
                                        bundle)

    def bundle_with_cpython_tests(self):
        """A copy of the bundle with CPython's test package in its standard library, and where
        python3 finds the package: None for its own, else a directory for PYTHONPATH. The copy
        holds the package (the test bundle's, or else --test-package's) rather than finding it
        on PYTHONPATH, where the tests that start a child with -E or -I would not find it."""
        has_tests = lambda directory: bool(directory) and os.path.isfile(
            os.path.join(directory, "test", "test_cmd_line.py"))
        tests_bundle = settings.OPTIONS.tests_bundle and os.path.join(settings.OPTIONS.tests_bundle, "lib", f"python{version()}")
        if not has_tests(tests_bundle) and not has_tests(settings.OPTIONS.test_package):
            self.skipTest("no CPython test package: the test bundle has none, and no "
                          "--test-package was given")
        merged = namespace.copy_bundle(settings.OPTIONS.bundle, os.path.join(self.root, "with-tests"),
                                       settings.OPTIONS.tests_bundle if os.path.isdir(settings.OPTIONS.tests_bundle or "") else None)
        if not has_tests(tests_bundle):
            # Debian's standard library holds part of the package (test.support, regrtest), so
            # the test bundle may bring that part, which the full package then completes.
            shutil.copytree(os.path.join(settings.OPTIONS.test_package, "test"),
                            os.path.join(merged, "lib", f"python{version()}", "test"),
                            ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        owns = run([settings.REFERENCE, "-c", "import test.test_cmd_line"], cwd=self.work, env=self.env)
        if owns.returncode == 0:
            return merged, None
        return merged, (settings.OPTIONS.test_package if has_tests(settings.OPTIONS.test_package) else tests_bundle)

    def test_cpythons_command_line_tests_pass_in_the_namespace_as_under_python3(self):
        self.require_hiding()
        merged, reference_package = self.bundle_with_cpython_tests()
        tests = cpython_regression.COMMAND_LINE_TESTS
        bundle, output = cpython_regression.run_tests(
            self.launcher(merged), tests, tempfile.mkdtemp(dir=self.root), None)
        reference, _ = cpython_regression.run_tests(
            settings.REFERENCE, tests, tempfile.mkdtemp(dir=self.root), reference_package)
        passed = sorted(name for name, status in reference.items() if status == "passed")
        failed = [f"{name} ({bundle.get(name, 'missing')})" for name in passed
                  if bundle.get(name) != "passed"]
        print(f"\n{', '.join(tests)}: {len(passed)} pass under python3; in the bundle "
              f"{cpython_regression.count(bundle, 'passed')} pass, {len(failed)} of python3's "
              f"do not", flush=True)
        for name in failed:
            print(f"passes under python3 but not in the bundle: {name}", flush=True)
        self.assertTrue(passed, "python3 passed no test: nothing was compared")
        self.assertEqual(failed, [], f"these pass under python3, not in the bundle; its output:"
                                     f"\n{output}")

    def test_random_command_lines_run_in_the_namespace_as_under_python3(self):
        self.require_hiding()
        seed = random.SystemRandom().randrange(2**32)
        # --relocated: each side's standard library path is masked, and the cases about the
        # installation itself (-v, -X importtime, -m site) are counted apart, with their reasons.
        command = [sys.executable, "-m", "support.command_line_fuzzer", "--host", self.launcher(self.bundle),
                   "--python", settings.REFERENCE, "--cases", str(settings.OPTIONS.fuzz_cases), "--seed", str(seed),
                   "--relocated"]
        print(f"\nthe command-line fuzzer's seed: {seed}", flush=True)
        # The fuzzer finds itself in tests/; the runs it compares get environments of their own.
        env = clean_environment(extra={"PYTHONPATH": support.TESTS_DIRECTORY}, inherit=True)
        completed = run(command, cwd=self.work, env=env, timeout=60 * 20)
        summary = [line for line in completed.stdout.splitlines()
                   if line.startswith("not applicable") or " cases against " in line]
        print("\n".join(summary), flush=True)
        # The launcher is gone with this test's folder: a case is replayed through another
        # (namespace.write_launcher), with --seed and --case.
        self.assertEqual(completed.returncode, 0, f"{completed.stdout}\n{completed.stderr}")


if __name__ == "__main__":
    sys.exit(bundle_case.main(__doc__.splitlines()[0]))
