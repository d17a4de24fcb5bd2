"""The wheel that the build packs: its name and tags, its contents and metadata, and its install
into a fresh venv where the module imports and type-checks (WheelTest); and the module's own tests
against that install (InstalledWheelTest).
"""

import csv
import email.parser
import glob
import io
import json
import os
import sys
import sysconfig
import textwrap
import zipfile

from support import settings
from packaging_case import (MODULE, PYTHON_VERSION, SOURCE_DIR, TemporaryDirectoryTest,
                            module_test, module_test_environment, readelf_dependencies,
                            record_hash, run, script_modules)


class WheelTest(TemporaryDirectoryTest):
    """The wheel that the build packs (python/CMakeLists.txt, scripts/build_wheel.py)."""

    needs = ("wheel", "stubs", "version")

    def setUp(self):
        super().setUp()
        self.dist_info = f"{MODULE}-{settings.OPTIONS.version}.dist-info"
        self.extension_name = os.path.basename(settings.OPTIONS.extension)

    def test_the_wheel_is_named_for_the_version_and_tagged_for_this_python_and_manylinux(self):
        python = f"cp{sys.version_info.major}{sys.version_info.minor}"
        # The lowest tag that the extension's needs allow, as readelf sees them.
        _, manylinux_policy = script_modules()
        platforms, why = manylinux_policy.platform_tags(
            [readelf_dependencies(settings.OPTIONS.extension)], manylinux_policy.load_policies())
        self.assertRegex(platforms[0], r"^manylinux_2_\d+_x86_64$", why)
        tags = [f"{python}-{python}{sys.abiflags}-{platform}" for platform in platforms]
        self.assertEqual(os.path.basename(settings.OPTIONS.wheel),
                         f"{MODULE}-{settings.OPTIONS.version}-{python}-{python}{sys.abiflags}-"
                         f"{'.'.join(platforms)}.whl")
        with zipfile.ZipFile(settings.OPTIONS.wheel) as wheel:
            fields = email.parser.Parser().parsestr(
                wheel.read(f"{self.dist_info}/WHEEL").decode("utf-8"))
        self.assertEqual(fields["Wheel-Version"], "1.0")
        self.assertEqual(fields["Root-Is-Purelib"], "false")
        self.assertEqual(fields.get_all("Tag"), tags)
        self.assertTrue(self.extension_name.endswith(sysconfig.get_config_var("EXT_SUFFIX")))

    def test_twine_check_passes_on_the_wheel(self):
        checked = run([settings.OPTIONS.twine, "check", "--strict", settings.OPTIONS.wheel],
                      dict(self.env, NO_COLOR="1"))
        self.assertIn("PASSED", checked.stdout)

    def test_the_wheel_holds_the_extension_its_stubs_and_metadata_with_a_true_record(self):
        with zipfile.ZipFile(settings.OPTIONS.wheel) as wheel:
            names = wheel.namelist()
            contents = {name: wheel.read(name) for name in names}
            extension_mode = wheel.getinfo(self.extension_name).external_attr >> 16
        record = f"{self.dist_info}/RECORD"
        self.assertCountEqual(names, [self.extension_name, f"{MODULE}-stubs/__init__.pyi",
                                      f"{self.dist_info}/METADATA", f"{self.dist_info}/WHEEL",
                                      record])
        with open(settings.OPTIONS.extension, "rb") as file:
            self.assertEqual(contents[self.extension_name], file.read())
        with open(settings.OPTIONS.stubs, "rb") as file:
            self.assertEqual(contents[f"{MODULE}-stubs/__init__.pyi"], file.read())
        self.assertTrue(extension_mode & 0o111, oct(extension_mode))

        rows = list(csv.reader(io.StringIO(contents[record].decode("utf-8"))))
        self.assertCountEqual([row[0] for row in rows], names)
        for path, digest, size in rows:
            if path == record:
                self.assertEqual((digest, size), ("", ""))
            else:
                self.assertEqual((digest, size),
                                 (record_hash(contents[path]), str(len(contents[path]))), path)

        metadata = email.parser.Parser().parsestr(
            contents[f"{self.dist_info}/METADATA"].decode("utf-8"))
        self.assertEqual(metadata["Metadata-Version"], "2.1")
        self.assertEqual(metadata["Name"], MODULE)
        self.assertEqual(metadata["Version"], settings.OPTIONS.version)
        self.assertEqual(metadata["Requires-Python"], f"=={PYTHON_VERSION}.*")
        self.assertTrue(metadata["Summary"])
        self.assertEqual(metadata["Description-Content-Type"], "text/markdown; charset=UTF-8")
        with open(os.path.join(SOURCE_DIR, "python", "README.md"), encoding="utf-8") as file:
            self.assertEqual(metadata.get_payload(), file.read())

    def test_pip_installs_it_into_a_fresh_venv_where_it_imports_type_checks_and_uninstalls(self):
        env_dir = os.path.join(self.directory, "venv")
        # A venv with pip from ensurepip's bundled wheel, and pip told to use no index: offline.
        run([sys.executable, "-m", "venv", env_dir], self.env)
        python = os.path.join(env_dir, "bin", "python")
        site_packages = os.path.join(env_dir, "lib", f"python{PYTHON_VERSION}", "site-packages")
        run([python, "-m", "pip", "install", "--no-index", settings.OPTIONS.wheel], self.env)

        code = textwrap.dedent("""\
            import importlib.metadata, json, sys, my_python_module as m
            print(json.dumps({"file": m.__file__, "prefix": sys.prefix,
                              "version": importlib.metadata.version("my_python_module"),
                              "sum": m.sum_as_string(2**64 - 1, 1), "list": m.sum_list([1, 0.5])}))
            """)
        seen = json.loads(run([python, "-c", code], self.env, cwd=self.directory).stdout)
        self.assertEqual(seen["file"], os.path.join(site_packages, self.extension_name))
        self.assertEqual(seen["prefix"], env_dir)
        self.assertEqual(seen["version"], settings.OPTIONS.version)
        self.assertEqual((seen["sum"], seen["list"]), ("18446744073709551616", 1.5))
        self.assertTrue(os.access(seen["file"], os.X_OK))
        # The module's own tests, against the installed copy.
        run([python, module_test("test_sum_as_string.py")], module_test_environment(self.env),
            cwd=self.directory)

        # mypy finds the stubs that the wheel installed, and checks calls with them.
        program = textwrap.dedent("""\
            import my_python_module
            reveal_type(my_python_module.sum_as_string(1, 2))
            reveal_type(my_python_module.sum_list([1, 2]))
            my_python_module.sum_as_string("1", 2)
            """)
        mypy_env = dict(self.env)
        if settings.OPTIONS.mypy_path:
            mypy_env["PYTHONPATH"] = settings.OPTIONS.mypy_path
        mypy = [sys.executable, "-m", "mypy"]
        if run([sys.executable, "-c", "import mypy"], mypy_env, check=False).returncode != 0:
            # Without a mypy of the build's Python (pyenv's 3.12 and 3.13), the one on PATH checks
            # the venv. It runs its pyinfo.py there with mypy's own directory first on sys.path,
            # where mypy/types.py hides the standard library's types; PYTHONSAFEPATH prevents that.
            mypy = [settings.OPTIONS.mypy]
            mypy_env["PYTHONSAFEPATH"] = "1"
        checked = run([*mypy, "--python-executable", python,
                       "--cache-dir", os.devnull, "--no-error-summary", "-c", program],
                      mypy_env, check=False, cwd=self.directory)
        self.assertEqual(checked.returncode, 1, checked.stdout + checked.stderr)
        lines = checked.stdout.splitlines()
        self.assertEqual(len(lines), 3, checked.stdout)
        self.assertIn('Revealed type is "builtins.str"', lines[0])
        self.assertIn('Revealed type is "builtins.int"', lines[1])
        self.assertIn('Argument 1 to "sum_as_string" has incompatible type "str"', lines[2])

        # RECORD lists every installed file: uninstalling leaves nothing of the wheel behind.
        run([python, "-m", "pip", "uninstall", "--yes", MODULE], self.env)
        self.assertEqual(glob.glob(os.path.join(site_packages, f"{MODULE}*")), [])


class InstalledWheelTest(TemporaryDirectoryTest):
    """The module's own tests (test_sum_as_string.py, test_sum_list.py, and the cases of every
    function, test_cases.py, named by --module-tests) against the wheel installed offline into a
    venv of the build's Python. sum_list's latency tests run against the build's extension module
    (tests/sum_list), which the installed one is checked to be, byte for byte."""

    needs = ("wheel",)

    def test_the_module_passes_its_own_tests_when_installed_from_the_wheel(self):
        # Where the build's Python has NumPy (Debian's, from apt), the venv sees it and its tests
        # must run; elsewhere they report themselves skipped, as under plain python3.
        has_numpy = run([sys.executable, "-c", "import numpy"], self.env,
                        check=False).returncode == 0
        env_dir = os.path.join(self.directory, "venv")
        run([sys.executable, "-m", "venv", *(["--system-site-packages"] if has_numpy else []),
             env_dir], self.env)
        python = os.path.join(env_dir, "bin", "python")
        run([python, "-m", "pip", "install", "--no-index", settings.OPTIONS.wheel], self.env)
        site_packages = os.path.join(env_dir, "lib", f"python{PYTHON_VERSION}", "site-packages")
        where = run([python, "-c", "import my_python_module as m; print(m.__file__)"], self.env,
                    cwd=self.directory).stdout.strip()
        self.assertEqual(os.path.dirname(where), site_packages)
        with open(where, "rb") as installed, open(settings.OPTIONS.extension, "rb") as built:
            self.assertTrue(installed.read() == built.read(),
                            f"{where} is not the build's {settings.OPTIONS.extension}")
        # They find the shared test code (tests/support) on PYTHONPATH, and the module in the venv.
        env = module_test_environment(self.env)
        run([python, module_test("test_cases.py")], env, cwd=self.directory)
        run([python, module_test("test_sum_as_string.py")], env, cwd=self.directory)
        run([python, module_test("test_sum_list.py"), *(["--require-numpy"] if has_numpy else [])],
            env, cwd=self.directory, timeout=900)
