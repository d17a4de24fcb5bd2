"""The base class of the packaging tests and what they share: their command line, the source
tree's paths, each child's clean environment and run, RECORD hashes, and ELF files read by
readelf and nm (TemporaryDirectoryTest, run, elf_dynamic, readelf_dependencies).

The scripts of scripts/ that the tests read as modules (elf_dependencies, manylinux_policy) come
from the paths on the command line, through scripts().
"""

import base64
import functools
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import unittest

import support
from support import scripts, settings
from support.environment import clean_environment

MODULE = "my_python_module"
SOURCE_DIR = support.SOURCE_DIRECTORY
PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
# What pip reads of a user's set-up: no configuration file, no version check, cache or prompt.
PIP_ENVIRONMENT = {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                   "PIP_NO_CACHE_DIR": "1", "PIP_NO_INPUT": "1"}


def child_environment(home, extra=None):
    """Every child's environment, from scratch: no PYTHON* or PIP* variable unless given, no
    user configuration of pip, HOME a directory of the test's own."""
    return clean_environment(home, {**PIP_ENVIRONMENT, **(extra or {})})


def add_options(parser):
    """The packaging tests' own options, besides --host."""
    parser.add_argument("--extension", required=True, help="the built extension module")
    parser.add_argument("--wheel", help="the built wheel, or the file that holds its path")
    parser.add_argument("--stubs", help="the stub file the wheel ships")
    parser.add_argument("--version", help="the project's version")
    parser.add_argument("--build-dir", help="the build tree, for cmake --install and cpack")
    parser.add_argument("--cmake", help="the cmake of the build (default: cmake)")
    parser.add_argument("--cpack", help="its cpack (default: cpack)")
    parser.add_argument("--readelf", help="readelf (default: readelf)")
    parser.add_argument("--twine", help="twine, for twine check (default: twine)")
    parser.add_argument("--mypy", help="mypy, where the build's Python has none (default: mypy)")
    parser.add_argument("--mypy-path", default="",
                        help="where mypy is, when the build's Python has none of its own")
    parser.add_argument("--scripts", help="the developer scripts' folder (scripts/)")
    parser.add_argument("--module-tests", nargs="*", default=[],
                        help="the module's own test scripts, run against the installed wheel")


def script(name):
    """The developer script scripts/`name`.py, as the command line's --scripts locates it."""
    if not settings.OPTIONS.scripts:
        raise AssertionError("--scripts is needed")
    return os.path.join(settings.OPTIONS.scripts, f"{name}.py")


@functools.cache
def script_modules():
    """The scripts that the tests read as modules: (elf_dependencies, manylinux_policy)."""
    elf_dependencies = scripts.load(script("elf_dependencies"))
    return elf_dependencies, scripts.load(script("manylinux_policy"))


def module_test(name):
    """The path of one of the module's own test scripts (--module-tests), by its file name."""
    found = [path for path in settings.OPTIONS.module_tests if os.path.basename(path) == name]
    if len(found) != 1:
        raise AssertionError(f"--module-tests names no {name}")
    return found[0]


def module_test_environment(env):
    """`env` with tests/ on PYTHONPATH, where the module's own test scripts find support."""
    return dict(env, PYTHONPATH=support.TESTS_DIRECTORY)


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
    out = run([settings.OPTIONS.readelf, "-d", path], os.environ).stdout
    values = []
    for line in out.splitlines():
        if any(f"({tag})" in line for tag in kind):
            values.append(line.split("[", 1)[1].rsplit("]", 1)[0])
    return values


def readelf_dependencies(path):
    """What elf_dependencies.py reads from an ELF file, read by readelf and nm instead."""
    versions = {}
    in_needs = False
    for line in run([settings.OPTIONS.readelf, "-V", "-W", path], os.environ).stdout.splitlines():
        if not line.startswith(" "):
            in_needs = line.startswith("Version needs section")
        elif in_needs and (match := re.search(r"File: (\S+)", line)):
            library = versions.setdefault(match[1], [])
        elif in_needs and (match := re.search(r"Name: (\S+)", line)):
            library.append(match[1])
    out = run([settings.OPTIONS.nm, "-D", "--undefined-only", path], os.environ).stdout
    undefined = [line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()]
    header = run([settings.OPTIONS.readelf, "-h", path], os.environ).stdout
    elf_dependencies, _ = script_modules()
    machine = elf_dependencies.EM_X86_64 if "X86-64" in header else -1
    return elf_dependencies.Dependencies(machine, elf_dynamic(path, ["NEEDED"]), versions,
                                         undefined)


class TemporaryDirectoryTest(unittest.TestCase):
    maxDiff = None
    # The command-line options that the class's tests need.
    needs: tuple[str, ...] = ()

    def setUp(self):
        missing = [f"--{name.replace('_', '-')}" for name in self.needs
                   if not getattr(settings.OPTIONS, name)]
        if missing:
            self.fail(f"{type(self).__name__} needs {', '.join(missing)}")
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-packaging-")
        self.addCleanup(temporary.cleanup)
        self.directory = os.path.realpath(temporary.name)
        self.home = os.path.join(self.directory, "home")
        os.mkdir(self.home)
        self.env = child_environment(self.home)
