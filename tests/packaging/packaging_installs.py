"""pyhost outside the build tree: the venvs that `pyhost -m venv` makes (VenvTest), pyhost
installed to a prefix by `cmake --install` (InstallTest), and the Debian package that CPack makes
(DebianPackageTest).
"""

import glob
import json
import os
import sys
import tempfile
import textwrap

from support import settings
from packaging_case import (PYTHON_VERSION, TemporaryDirectoryTest, child_environment,
                            elf_dynamic, run)


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
        run([settings.OPTIONS.host, "-m", "venv", cls.env_dir], child_environment(temporary.name))
        cls.python = os.path.join(cls.env_dir, "bin", "python")
        cls.site_packages = os.path.join(cls.env_dir, "lib", f"python{PYTHON_VERSION}",
                                         "site-packages")

    def test_its_python_is_pyhost_with_the_module_and_the_venv_site_packages(self):
        self.assertEqual(os.path.realpath(self.python), os.path.realpath(settings.OPTIONS.host))
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
        host_base_prefix = run([settings.OPTIONS.host, "-c", "import sys; print(sys.base_prefix)"],
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
        run([self.python, "-m", "pip", "install", "--no-index", settings.OPTIONS.wheel], self.env)
        code = ("import importlib.metadata, my_python_module as m; "
                "print(m.__spec__.origin, importlib.metadata.version('my_python_module'))")
        seen = run([self.python, "-c", code], self.env, cwd=self.directory).stdout.split()
        # Built-in modules come before site-packages, as for python3's own built-in modules.
        self.assertEqual(seen, ["built-in", settings.OPTIONS.version])


class InstallTest(TemporaryDirectoryTest):
    """`cmake --install` of the build tree, to a prefix of the test's own."""

    needs = ("build_dir",)

    def test_the_installed_pyhost_runs_from_its_prefix_with_no_path_into_the_build_tree(self):
        prefix = os.path.join(self.directory, "prefix")
        run([settings.OPTIONS.cmake, "--install", settings.OPTIONS.build_dir, "--prefix", prefix],
            self.env)
        host = os.path.join(prefix, "bin", "pyhost")
        self.assertTrue(os.access(host, os.X_OK))
        build_dir = os.path.realpath(settings.OPTIONS.build_dir)
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
        run([settings.OPTIONS.cpack, "-G", "DEB", "--config",
             os.path.join(settings.OPTIONS.build_dir, "CPackConfig.cmake"), "-B", out], self.env)
        architecture = run(["dpkg", "--print-architecture"], self.env).stdout.strip()
        package = os.path.join(out, f"pyhost_{settings.OPTIONS.version}_{architecture}.deb")
        self.assertEqual(glob.glob(os.path.join(out, "*.deb")), [package])

        def field(name):
            return run(["dpkg-deb", "--field", package, name], self.env).stdout.strip()

        self.assertEqual(field("Package"), "pyhost")
        self.assertEqual(field("Version"), settings.OPTIONS.version)
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
