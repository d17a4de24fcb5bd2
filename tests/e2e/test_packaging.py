"""my_python_module outside the host: the extension module under plain python3, its wheel in a
fresh venv, the venvs that pyhost makes, and pyhost installed to a prefix and as a Debian package.

Run by the build's Python, one class per CTest test (tests/CMakeLists.txt):

    python3 tests/e2e/test_packaging.py --host build/dev/app/pyhost \\
        --extension build/dev/extension/my_python_module.cpython-311-x86_64-linux-gnu.so \\
        --wheel build/dev/dist/my_python_module-0.1.0-cp311-cp311-linux_x86_64.whl \\
        --stubs python/my_python_module.pyi --version 0.1.0 --build-dir build/dev WheelTest

ExtensionTest runs with the extension's directory on PYTHONPATH, as the module's own tests do
under plain python3: it checks that this really imports the built extension. --mypy-path is a
directory to put on mypy's path when the build's Python has no mypy of its own (pyenv's). Any
other argument goes to unittest (-v, -k pattern, a class name).
"""

import argparse
import base64
import csv
import email.parser
import glob
import hashlib
import importlib.machinery
import io
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import unittest
import zipfile

# Set by main() from the command line.
OPTIONS = None

MODULE = "my_python_module"
HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"

# What a face of the module shows a user, as JSON: its names, docstrings and signatures. Run by
# pyhost and by plain python3 alike.
DESCRIBE = textwrap.dedent("""\
    import inspect, json, my_python_module as module
    public = {}
    for name in sorted(vars(module)):
        if not name.startswith("_"):
            value = getattr(module, name)
            public[name] = {
                "type": type(value).__name__, "doc": value.__doc__,
                "text_signature": getattr(value, "__text_signature__", None),
                "signature": str(inspect.signature(value)),
                "module": value.__module__, "qualname": value.__qualname__}
    print(json.dumps({"name": module.__name__, "doc": module.__doc__, "public": public}))
    """)


def clean_environment(home, extra=None):
    """Every child's environment, from scratch: no PYTHON* or PIP* variable unless given, no
    user configuration of pip, HOME a directory of the test's own."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8",
           "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PIP_NO_CACHE_DIR": "1", "PIP_NO_INPUT": "1"}
    env.update(extra or {})
    return env


def run(argv, env, *, check=True, cwd=None):
    completed = subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=300)
    if check and completed.returncode != 0:
        raise AssertionError(f"{argv} exited with {completed.returncode}\n"
                             f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}")
    return completed


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def elf_dynamic(path, kind):
    """The NEEDED or RUNPATH/RPATH entries of an ELF file's dynamic section, read by readelf."""
    out = run([OPTIONS.readelf, "-d", path], os.environ).stdout
    values = []
    for line in out.splitlines():
        if any(f"({tag})" in line for tag in kind):
            values.append(line.split("[", 1)[1].rsplit("]", 1)[0])
    return values


class TemporaryDirectoryTest(unittest.TestCase):
    maxDiff = None
    # The command-line options that the class's tests need.
    needs: tuple[str, ...] = ()

    def setUp(self):
        missing = [f"--{name.replace('_', '-')}" for name in self.needs
                   if not getattr(OPTIONS, name)]
        if missing:
            self.fail(f"{type(self).__name__} needs {', '.join(missing)}")
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-packaging-")
        self.addCleanup(temporary.cleanup)
        self.directory = os.path.realpath(temporary.name)
        self.home = os.path.join(self.directory, "home")
        os.mkdir(self.home)
        self.env = clean_environment(self.home)


class ExtensionTest(TemporaryDirectoryTest):
    """Plain python3 with the extension's directory on PYTHONPATH, as CTest runs this class and the
    module's own tests under python3."""

    def test_plain_python_imports_the_built_extension_module(self):
        import my_python_module
        self.assertNotIn(MODULE, sys.builtin_module_names)
        self.assertIsInstance(my_python_module.__spec__.loader,
                              importlib.machinery.ExtensionFileLoader)
        self.assertEqual(os.path.realpath(my_python_module.__file__),
                         os.path.realpath(OPTIONS.extension))
        self.assertEqual(my_python_module.sum_as_string(2**64 - 1, 1), "18446744073709551616")

    def test_both_faces_show_the_same_functions_docstrings_and_signatures(self):
        host = json.loads(run([OPTIONS.host, "-c", DESCRIBE], self.env).stdout)
        extension_env = dict(self.env, PYTHONPATH=os.path.dirname(OPTIONS.extension))
        extension = json.loads(run([sys.executable, "-c", DESCRIBE], extension_env).stdout)
        self.assertEqual(extension, host)
        public = host["public"]
        self.assertEqual(sorted(public), ["sum_as_string", "sum_list"])
        self.assertEqual(public["sum_as_string"]["text_signature"], "(a, b)")
        self.assertEqual(public["sum_list"]["text_signature"], "(values)")
        self.assertTrue(host["doc"])
        self.assertTrue(all(entry["doc"] for entry in public.values()))

    def test_the_extension_links_no_libpython_and_exports_only_its_init_function(self):
        needed = elf_dynamic(OPTIONS.extension, ["NEEDED"])
        self.assertTrue(needed)
        self.assertFalse([library for library in needed if library.startswith("libpython")])
        out = run([OPTIONS.nm, "-D", "--defined-only", OPTIONS.extension], os.environ).stdout
        self.assertEqual([line.split()[-1] for line in out.splitlines() if line.strip()],
                         [f"PyInit_{MODULE}"])


class WheelTest(TemporaryDirectoryTest):
    """The wheel that the build packs (python/CMakeLists.txt, scripts/build_wheel.py)."""

    needs = ("wheel", "stubs", "version")

    def setUp(self):
        super().setUp()
        self.dist_info = f"{MODULE}-{OPTIONS.version}.dist-info"
        self.extension_name = os.path.basename(OPTIONS.extension)

    def test_the_wheel_is_named_for_the_version_and_tagged_for_this_python(self):
        python = f"cp{sys.version_info.major}{sys.version_info.minor}"
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        tag = f"{python}-{python}{sys.abiflags}-{platform}"
        self.assertEqual(os.path.basename(OPTIONS.wheel), f"{MODULE}-{OPTIONS.version}-{tag}.whl")
        with zipfile.ZipFile(OPTIONS.wheel) as wheel:
            fields = email.parser.Parser().parsestr(
                wheel.read(f"{self.dist_info}/WHEEL").decode("utf-8"))
        self.assertEqual(fields["Wheel-Version"], "1.0")
        self.assertEqual(fields["Root-Is-Purelib"], "false")
        self.assertEqual(fields.get_all("Tag"), [tag])
        self.assertTrue(self.extension_name.endswith(sysconfig.get_config_var("EXT_SUFFIX")))

    def test_the_wheel_holds_the_extension_its_stubs_and_metadata_with_a_true_record(self):
        with zipfile.ZipFile(OPTIONS.wheel) as wheel:
            names = wheel.namelist()
            contents = {name: wheel.read(name) for name in names}
            extension_mode = wheel.getinfo(self.extension_name).external_attr >> 16
        record = f"{self.dist_info}/RECORD"
        self.assertCountEqual(names, [self.extension_name, f"{MODULE}-stubs/__init__.pyi",
                                      f"{self.dist_info}/METADATA", f"{self.dist_info}/WHEEL",
                                      record])
        with open(OPTIONS.extension, "rb") as file:
            self.assertEqual(contents[self.extension_name], file.read())
        with open(OPTIONS.stubs, "rb") as file:
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
        self.assertEqual(metadata["Version"], OPTIONS.version)
        self.assertEqual(metadata["Requires-Python"], f"=={PYTHON_VERSION}.*")
        self.assertTrue(metadata["Summary"])

    def test_pip_installs_it_into_a_fresh_venv_where_it_imports_type_checks_and_uninstalls(self):
        env_dir = os.path.join(self.directory, "venv")
        # A venv with pip from ensurepip's bundled wheel, and pip told to use no index: offline.
        run([sys.executable, "-m", "venv", env_dir], self.env)
        python = os.path.join(env_dir, "bin", "python")
        site_packages = os.path.join(env_dir, "lib", f"python{PYTHON_VERSION}", "site-packages")
        run([python, "-m", "pip", "install", "--no-index", OPTIONS.wheel], self.env)

        code = textwrap.dedent("""\
            import importlib.metadata, json, sys, my_python_module as m
            print(json.dumps({"file": m.__file__, "prefix": sys.prefix,
                              "version": importlib.metadata.version("my_python_module"),
                              "sum": m.sum_as_string(2**64 - 1, 1), "list": m.sum_list([1, 0.5])}))
            """)
        seen = json.loads(run([python, "-c", code], self.env, cwd=self.directory).stdout)
        self.assertEqual(seen["file"], os.path.join(site_packages, self.extension_name))
        self.assertEqual(seen["prefix"], env_dir)
        self.assertEqual(seen["version"], OPTIONS.version)
        self.assertEqual((seen["sum"], seen["list"]), ("18446744073709551616", 1.5))
        self.assertTrue(os.access(seen["file"], os.X_OK))
        # The module's own tests, against the installed copy.
        run([python, os.path.join(HERE, "test_sum_as_string.py")], self.env, cwd=self.directory)

        # mypy finds the stubs that the wheel installed, and checks calls with them.
        program = textwrap.dedent("""\
            import my_python_module
            reveal_type(my_python_module.sum_as_string(1, 2))
            reveal_type(my_python_module.sum_list([1, 2]))
            my_python_module.sum_as_string("1", 2)
            """)
        mypy_env = dict(self.env)
        if OPTIONS.mypy_path:
            mypy_env["PYTHONPATH"] = OPTIONS.mypy_path
        checked = run([sys.executable, "-m", "mypy", "--python-executable", python,
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


class VenvTest(TemporaryDirectoryTest):
    """`pyhost -m venv DIR`: an environment whose interpreter is the host. Its tests share one
    venv (making it is most of their time); neither depends on what the other adds to it."""

    needs = ("wheel", "version")

    @classmethod
    def setUpClass(cls):
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-packaging-venv-")
        cls.addClassCleanup(temporary.cleanup)
        cls.env_dir = os.path.join(os.path.realpath(temporary.name), "env")
        # As a user types it: with pip, from ensurepip's bundled wheel.
        run([OPTIONS.host, "-m", "venv", cls.env_dir], clean_environment(temporary.name))
        cls.python = os.path.join(cls.env_dir, "bin", "python")
        cls.site_packages = os.path.join(cls.env_dir, "lib", f"python{PYTHON_VERSION}",
                                         "site-packages")

    def test_its_python_is_pyhost_with_the_module_and_the_venv_site_packages(self):
        self.assertEqual(os.path.realpath(self.python), os.path.realpath(OPTIONS.host))
        with open(os.path.join(self.site_packages, "only_in_the_venv.py"), "w") as file:
            file.write("WHERE = __file__\n")
        code = textwrap.dedent("""\
            import json, subprocess, sys, only_in_the_venv, my_python_module as m
            child = subprocess.run(
                [sys.executable, "-c", "import sys, my_python_module; print(sys.prefix)"],
                capture_output=True, text=True, check=True).stdout.strip()
            print(json.dumps({"executable": sys.executable, "prefix": sys.prefix,
                              "base_prefix": sys.base_prefix, "path": sys.path,
                              "built_in": "my_python_module" in sys.builtin_module_names,
                              "sum": m.sum_as_string(2**64 - 1, 1),
                              "where": only_in_the_venv.WHERE, "child_prefix": child}))
            """)
        seen = json.loads(run([self.python, "-c", code], self.env, cwd=self.directory).stdout)
        host_base_prefix = run([OPTIONS.host, "-c", "import sys; print(sys.base_prefix)"],
                               self.env).stdout.strip()
        self.assertEqual(seen["executable"], self.python)
        self.assertEqual(seen["prefix"], self.env_dir)
        self.assertEqual(seen["base_prefix"], host_base_prefix)
        self.assertIn(self.site_packages, seen["path"])
        self.assertTrue(seen["built_in"])
        self.assertEqual(seen["sum"], "18446744073709551616")
        self.assertEqual(seen["where"], os.path.join(self.site_packages, "only_in_the_venv.py"))
        # What it launches through sys.executable stays in the venv.
        self.assertEqual(seen["child_prefix"], self.env_dir)

    def test_its_pip_runs_in_pyhost_and_installs_the_wheel_whose_module_the_host_has_built_in(self):
        version = run([self.python, "-m", "pip", "--version"], self.env).stdout
        self.assertIn(self.site_packages, version)
        # pip, running in pyhost, takes the wheel's tag as the host's own.
        run([self.python, "-m", "pip", "install", "--no-index", OPTIONS.wheel], self.env)
        code = ("import importlib.metadata, my_python_module as m; "
                "print(m.__spec__.origin, importlib.metadata.version('my_python_module'))")
        seen = run([self.python, "-c", code], self.env, cwd=self.directory).stdout.split()
        # Built-in modules come before site-packages, as for python3's own built-in modules.
        self.assertEqual(seen, ["built-in", OPTIONS.version])


class InstallTest(TemporaryDirectoryTest):
    """`cmake --install` of the build tree, to a prefix of the test's own."""

    needs = ("build_dir",)

    def test_the_installed_pyhost_runs_from_its_prefix_with_no_path_into_the_build_tree(self):
        prefix = os.path.join(self.directory, "prefix")
        run([OPTIONS.cmake, "--install", OPTIONS.build_dir, "--prefix", prefix], self.env)
        host = os.path.join(prefix, "bin", "pyhost")
        self.assertTrue(os.access(host, os.X_OK))
        build_dir = os.path.realpath(OPTIONS.build_dir)
        for entry in elf_dynamic(host, ["RUNPATH", "RPATH"]):
            for directory in entry.split(":"):
                self.assertFalse(os.path.realpath(directory).startswith(build_dir), entry)

        code = ("import sys, my_python_module as m; "
                "print(sys.executable, m.sum_as_string(2**64 - 1, 1))")
        self.assertEqual(run([host, "-c", code], self.env).stdout.split(),
                         [host, "18446744073709551616"])
        env_dir = os.path.join(self.directory, "env")
        run([host, "-m", "venv", "--without-pip", env_dir], self.env)
        code = "import sys, my_python_module; print(sys.prefix)"
        self.assertEqual(
            run([os.path.join(env_dir, "bin", "python"), "-c", code], self.env).stdout.strip(),
            env_dir)


class DebianPackageTest(TemporaryDirectoryTest):
    """The Debian package that CPack makes from the install rules (cmake/package.cmake)."""

    needs = ("build_dir", "version")

    def test_cpack_makes_a_debian_package_whose_pyhost_runs(self):
        out = os.path.join(self.directory, "out")
        run([OPTIONS.cpack, "-G", "DEB", "--config",
             os.path.join(OPTIONS.build_dir, "CPackConfig.cmake"), "-B", out], self.env)
        architecture = run(["dpkg", "--print-architecture"], self.env).stdout.strip()
        package = os.path.join(out, f"pyhost_{OPTIONS.version}_{architecture}.deb")
        self.assertEqual(glob.glob(os.path.join(out, "*.deb")), [package])

        def field(name):
            return run(["dpkg-deb", "--field", package, name], self.env).stdout.strip()

        self.assertEqual(field("Package"), "pyhost")
        self.assertEqual(field("Version"), OPTIONS.version)
        self.assertEqual(field("Architecture"), architecture)
        depends = [item.split()[0] for item in field("Depends").split(", ")]
        self.assertIn("libc6", depends)
        if sys.base_prefix == "/usr":
            # Debian's Python: its standard library, which a static libpython does not name.
            self.assertIn(f"libpython{PYTHON_VERSION}-stdlib", depends)

        root = os.path.join(self.directory, "root")
        run(["dpkg-deb", "--extract", package, root], self.env)
        host = os.path.join(root, "usr", "bin", "pyhost")
        code = "import my_python_module as m; print(m.sum_as_string(2**64 - 1, 1))"
        self.assertEqual(run([host, "-c", code], self.env).stdout, "18446744073709551616\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], add_help=False)
    parser.add_argument("--host", required=True, help="the pyhost binary")
    parser.add_argument("--extension", required=True, help="the built extension module")
    parser.add_argument("--wheel", help="the built wheel")
    parser.add_argument("--stubs", help="the stub file the wheel ships")
    parser.add_argument("--version", help="the project's version")
    parser.add_argument("--build-dir", help="the build tree, for cmake --install and cpack")
    parser.add_argument("--cmake", help="the cmake of the build (default: cmake)")
    parser.add_argument("--cpack", help="its cpack (default: cpack)")
    parser.add_argument("--readelf", help="readelf (default: readelf)")
    parser.add_argument("--nm", help="nm (default: nm)")
    parser.add_argument("--mypy-path", default="",
                        help="where mypy is, when the build's Python has none of its own")
    global OPTIONS
    OPTIONS, remaining = parser.parse_known_args()
    # Empty when CMake found no such tool: the one on PATH, then.
    for tool in ("cmake", "cpack", "readelf", "nm"):
        setattr(OPTIONS, tool, getattr(OPTIONS, tool) or tool)
    OPTIONS.host = os.path.abspath(OPTIONS.host)
    OPTIONS.extension = os.path.abspath(OPTIONS.extension)
    unittest.main(argv=[sys.argv[0]] + remaining)


if __name__ == "__main__":
    main()
