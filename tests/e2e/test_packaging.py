"""my_python_module outside the host: the extension module under plain python3, its wheel in a
fresh venv, the venvs that pyhost makes, and pyhost installed to a prefix and as a Debian package.

Run by the build's Python, one class per CTest test (tests/CMakeLists.txt):

    python3 tests/e2e/test_packaging.py --host build/dev/app/pyhost \\
        --extension build/dev/extension/my_python_module.cpython-311-x86_64-linux-gnu.so \\
        --wheel build/dev/python/wheel-name.txt \\
        --stubs python/my_python_module.pyi --version 0.1.0 --build-dir build/dev WheelTest

--wheel is the wheel, or the file in which the build writes its path (the wheel's platform tag is
known only once the extension is built). ManylinuxPolicyTest checks that tag against the manylinux
policy (scripts/manylinux_policy.py), on the built wheel and on wheels made wrong on purpose.

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
import re
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
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(SOURCE_DIR, "scripts")
sys.path.insert(0, SCRIPTS)
import elf_dependencies  # noqa: E402 (scripts/, put on the path just above)
import manylinux_policy  # noqa: E402
from native_functions import FUNCTIONS  # noqa: E402 (beside this file)
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


def run(argv, env, *, check=True, cwd=None, timeout=300):
    completed = subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=timeout)
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


def readelf_dependencies(path):
    """What elf_dependencies.py reads from an ELF file, read by readelf and nm instead."""
    versions = {}
    in_needs = False
    for line in run([OPTIONS.readelf, "-V", "-W", path], os.environ).stdout.splitlines():
        if not line.startswith(" "):
            in_needs = line.startswith("Version needs section")
        elif in_needs and (match := re.search(r"File: (\S+)", line)):
            library = versions.setdefault(match[1], [])
        elif in_needs and (match := re.search(r"Name: (\S+)", line)):
            library.append(match[1])
    out = run([OPTIONS.nm, "-D", "--undefined-only", path], os.environ).stdout
    undefined = [line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()]
    header = run([OPTIONS.readelf, "-h", path], os.environ).stdout
    machine = elf_dependencies.EM_X86_64 if "X86-64" in header else -1
    return elf_dependencies.Dependencies(machine, elf_dynamic(path, ["NEEDED"]), versions,
                                         undefined)


def retagged(wheel, out_dir, platforms, wheel_file_platforms=None):
    """A copy of the wheel whose name claims these platform tags, and whose WHEEL file claims
    wheel_file_platforms (the same by default). Its RECORD stays true."""
    python, abi, _ = manylinux_policy.wheel_platforms(wheel)
    tags = [f"{python}-{abi}-{p}" for p in wheel_file_platforms or platforms]
    with zipfile.ZipFile(wheel) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    dist_info = next(name for name in contents if name.endswith(".dist-info/WHEEL")).split("/")[0]
    lines = contents[f"{dist_info}/WHEEL"].decode("utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("Tag:")] + [f"Tag: {t}" for t in tags]
    contents[f"{dist_info}/WHEEL"] = ("\n".join(lines) + "\n").encode("utf-8")
    record = f"{dist_info}/RECORD"
    contents[record] = ("".join(f"{name},{record_hash(data)},{len(data)}\n"
                                for name, data in contents.items() if name != record)
                        + f"{record},,\n").encode("utf-8")
    name = os.path.basename(wheel).rsplit("-", 1)[0] + f"-{'.'.join(platforms)}.whl"
    target = os.path.join(out_dir, name)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for member, data in contents.items():
            copy.writestr(member, data)
    return target


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
        self.assertEqual(sorted(public), sorted(function.name for function in FUNCTIONS))
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

    def test_the_wheel_is_named_for_the_version_and_tagged_for_this_python_and_manylinux(self):
        python = f"cp{sys.version_info.major}{sys.version_info.minor}"
        # The lowest tag that the extension's needs allow, as readelf sees them.
        platforms, why = manylinux_policy.platform_tags(
            [readelf_dependencies(OPTIONS.extension)], manylinux_policy.load_policies())
        self.assertRegex(platforms[0], r"^manylinux_2_\d+_x86_64$", why)
        tags = [f"{python}-{python}{sys.abiflags}-{platform}" for platform in platforms]
        self.assertEqual(os.path.basename(OPTIONS.wheel),
                         f"{MODULE}-{OPTIONS.version}-{python}-{python}{sys.abiflags}-"
                         f"{'.'.join(platforms)}.whl")
        with zipfile.ZipFile(OPTIONS.wheel) as wheel:
            fields = email.parser.Parser().parsestr(
                wheel.read(f"{self.dist_info}/WHEEL").decode("utf-8"))
        self.assertEqual(fields["Wheel-Version"], "1.0")
        self.assertEqual(fields["Root-Is-Purelib"], "false")
        self.assertEqual(fields.get_all("Tag"), tags)
        self.assertTrue(self.extension_name.endswith(sysconfig.get_config_var("EXT_SUFFIX")))

    def test_twine_check_passes_on_the_wheel(self):
        checked = run([OPTIONS.twine, "check", "--strict", OPTIONS.wheel],
                      dict(self.env, NO_COLOR="1"))
        self.assertIn("PASSED", checked.stdout)

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
        self.assertEqual(metadata["Description-Content-Type"], "text/markdown; charset=UTF-8")
        with open(os.path.join(SOURCE_DIR, "python", "README.md"), encoding="utf-8") as file:
            self.assertEqual(metadata.get_payload(), file.read())

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
        mypy = [sys.executable, "-m", "mypy"]
        if run([sys.executable, "-c", "import mypy"], mypy_env, check=False).returncode != 0:
            # Without a mypy of the build's Python (pyenv's 3.12 and 3.13), the one on PATH checks
            # the venv. It runs its pyinfo.py there with mypy's own directory first on sys.path,
            # where mypy/types.py hides the standard library's types; PYTHONSAFEPATH prevents that.
            mypy = [OPTIONS.mypy]
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


class ManylinuxPolicyTest(TemporaryDirectoryTest):
    """scripts/manylinux_policy.py, which tags the wheel and checks tags: it accepts the built
    wheel, and refuses wheels whose tags claim less or more than their ELF files allow."""

    needs = ("wheel",)

    def setUp(self):
        super().setUp()
        self.policies = manylinux_policy.load_policies()
        with open(OPTIONS.extension, "rb") as file:
            self.extension_bytes = file.read()
        self.platforms, _ = manylinux_policy.platform_tags(
            [elf_dependencies.dependencies(self.extension_bytes)], self.policies)

    def check(self, wheel):
        return run([sys.executable, os.path.join(SCRIPTS, "manylinux_policy.py"), "check", wheel],
                   self.env, check=False)

    def assert_refused(self, wheel, *reasons):
        checked = self.check(wheel)
        self.assertEqual(checked.returncode, 1, checked.stdout + checked.stderr)
        for reason in reasons:
            self.assertIn(reason, checked.stdout)

    def test_the_elf_reader_finds_what_readelf_and_nm_find(self):
        mine = elf_dependencies.dependencies(self.extension_bytes)
        theirs = readelf_dependencies(OPTIONS.extension)
        self.assertEqual(mine.machine, theirs.machine)
        self.assertEqual(mine.libraries, theirs.libraries)
        self.assertEqual({k: sorted(v) for k, v in mine.versions.items()},
                         {k: sorted(v) for k, v in theirs.versions.items()})
        self.assertEqual(sorted(mine.undefined_symbols), sorted(theirs.undefined_symbols))
        self.assertIn("libc.so.6", mine.libraries)

    def test_the_table_gives_the_lowest_policy_and_its_alias_for_known_needs(self):
        def tags(versions, libraries=("libc.so.6", "libstdc++.so.6"), undefined=(), machine=62):
            needs = elf_dependencies.Dependencies(machine, list(libraries),
                                                  {"libc.so.6": list(versions)}, list(undefined))
            return manylinux_policy.platform_tags([needs], self.policies)[0]

        self.assertEqual(tags(["GLIBC_2.5", "GLIBCXX_3.4.8", "CXXABI_1.3.1"]),
                         ["manylinux_2_5_x86_64", "manylinux1_x86_64"])
        self.assertEqual(tags(["GLIBC_2.12", "GLIBCXX_3.4.13"]),
                         ["manylinux_2_12_x86_64", "manylinux2010_x86_64"])
        self.assertEqual(tags(["GLIBC_2.14", "GLIBCXX_3.4.19", "GCC_4.8.0"]),
                         ["manylinux_2_17_x86_64", "manylinux2014_x86_64"])
        # No policy lies between manylinux_2_17 and manylinux_2_24.
        self.assertEqual(tags(["GLIBC_2.18"]), ["manylinux_2_24_x86_64"])
        self.assertEqual(tags(["GLIBC_2.32"]), ["manylinux_2_34_x86_64"])
        self.assertEqual(tags(["GLIBC_2.17", "GLIBCXX_3.4.30"]), ["manylinux_2_35_x86_64"])
        # Forbidden below manylinux_2_24, whatever the versions.
        self.assertEqual(tags(["GLIBC_2.5"], undefined=["__cxa_thread_atexit_impl"]),
                         ["manylinux_2_24_x86_64"])
        self.assertEqual(tags(["GLIBC_PRIVATE"]), ["linux_x86_64"])
        self.assertEqual(tags(["GLIBC_2.5"], libraries=["libc.so.6", "libpython3.11.so.1.0"]),
                         ["linux_x86_64"])
        self.assertEqual(tags(["GLIBC_2.5"], machine=183), ["linux_x86_64"])

    def test_the_check_accepts_the_built_wheel(self):
        checked = self.check(OPTIONS.wheel)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)

    def test_the_check_refuses_a_tag_below_what_the_symbols_need(self):
        wheel = retagged(OPTIONS.wheel, self.directory,
                         ["manylinux_2_5_x86_64", "manylinux1_x86_64"])
        self.assert_refused(wheel, "manylinux_2_5_x86_64 does not allow its ELF files: it needs "
                            "GLIBC_2.14 from libc.so.6, and manylinux_2_5 allows up to GLIBC_2.5",
                            f"should be {'.'.join(self.platforms)}")

    def test_the_check_refuses_a_tag_above_the_lowest(self):
        names = [policy.platform_tags()[0] for policy in self.policies]
        higher = names[names.index(self.platforms[0]) + 1]
        self.assert_refused(retagged(OPTIONS.wheel, self.directory, [higher]),
                            f"its platform tags are {higher}, and should be "
                            f"{'.'.join(self.platforms)}")

    def test_the_check_refuses_a_wheel_file_whose_tags_differ_from_the_name(self):
        wheel = retagged(OPTIONS.wheel, self.directory, self.platforms, ["linux_x86_64"])
        self.assert_refused(wheel, "its WHEEL file says Tag:")

    def test_a_library_outside_the_policy_makes_the_wheel_linux_and_a_manylinux_claim_fails(self):
        # The same extension, needing libq.so.6 in place of libc.so.6: no policy allows it.
        self.assertEqual(self.extension_bytes.count(b"\0libc.so.6\0"), 1)
        patched = os.path.join(self.directory, "extension", os.path.basename(OPTIONS.extension))
        os.mkdir(os.path.dirname(patched))
        with open(patched, "wb") as file:
            file.write(self.extension_bytes.replace(b"\0libc.so.6\0", b"\0libq.so.6\0"))
        dist = os.path.join(self.directory, "dist")
        built = run([sys.executable, os.path.join(SCRIPTS, "build_wheel.py"),
                     "--name", MODULE, "--version", "0.1.0",
                     "--readme", os.path.join(SOURCE_DIR, "python", "README.md"),
                     "--extension", patched, "--stubs", os.path.join(SOURCE_DIR, "python",
                                                                     f"{MODULE}.pyi"),
                     "--out-dir", dist], self.env)
        self.assertIn("no manylinux policy allows it, so it stays linux_x86_64", built.stderr)
        self.assertIn("it needs libq.so.6, a library outside", built.stderr)
        wheel = built.stdout.strip()
        self.assertTrue(wheel.endswith("-linux_x86_64.whl"), wheel)
        checked = self.check(wheel)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        policy = self.platforms[0].removesuffix("_x86_64")
        self.assert_refused(retagged(wheel, self.directory, self.platforms),
                            f"it needs libq.so.6, a library outside {policy}",
                            "should be linux_x86_64")


class InstalledWheelTest(TemporaryDirectoryTest):
    """The module's own tests (test_sum_as_string.py, test_sum_list.py, and the cases of every
    function, test_native_function_cases.py) against the wheel installed offline into a venv of
    the build's Python. They take about a minute, and sum_list's Ctrl-C tests measure latencies:
    CTest runs this class alone."""

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
        run([python, "-m", "pip", "install", "--no-index", OPTIONS.wheel], self.env)
        site_packages = os.path.join(env_dir, "lib", f"python{PYTHON_VERSION}", "site-packages")
        where = run([python, "-c", "import my_python_module as m; print(m.__file__)"], self.env,
                    cwd=self.directory).stdout.strip()
        self.assertEqual(os.path.dirname(where), site_packages)
        run([python, os.path.join(HERE, "test_native_function_cases.py")], self.env,
            cwd=self.directory)
        run([python, os.path.join(HERE, "test_sum_as_string.py")], self.env, cwd=self.directory)
        run([python, os.path.join(HERE, "test_sum_list.py"),
             *(["--require-numpy"] if has_numpy else [])], self.env, cwd=self.directory,
            timeout=900)


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
    parser.add_argument("--wheel", help="the built wheel, or the file that holds its path")
    parser.add_argument("--stubs", help="the stub file the wheel ships")
    parser.add_argument("--version", help="the project's version")
    parser.add_argument("--build-dir", help="the build tree, for cmake --install and cpack")
    parser.add_argument("--cmake", help="the cmake of the build (default: cmake)")
    parser.add_argument("--cpack", help="its cpack (default: cpack)")
    parser.add_argument("--readelf", help="readelf (default: readelf)")
    parser.add_argument("--nm", help="nm (default: nm)")
    parser.add_argument("--twine", help="twine, for twine check (default: twine)")
    parser.add_argument("--mypy", help="mypy, where the build's Python has none (default: mypy)")
    parser.add_argument("--mypy-path", default="",
                        help="where mypy is, when the build's Python has none of its own")
    global OPTIONS
    OPTIONS, remaining = parser.parse_known_args()
    # Empty when CMake found no such tool: the one on PATH, then.
    for tool in ("cmake", "cpack", "readelf", "nm", "twine", "mypy"):
        setattr(OPTIONS, tool, getattr(OPTIONS, tool) or tool)
    OPTIONS.host = os.path.abspath(OPTIONS.host)
    OPTIONS.extension = os.path.abspath(OPTIONS.extension)
    if OPTIONS.wheel and not OPTIONS.wheel.endswith(".whl"):
        with open(OPTIONS.wheel, encoding="utf-8") as file:
            OPTIONS.wheel = file.read().strip()
    unittest.main(argv=[sys.argv[0]] + remaining)


if __name__ == "__main__":
    main()
