"""The base class of the packaging tests and what they share: the source tree's paths, each
child's clean environment and run, RECORD hashes, and ELF files read by readelf and nm
(TemporaryDirectoryTest, run, elf_dynamic, readelf_dependencies).

Importing this module puts scripts/ on sys.path, for elf_dependencies and manylinux_policy, which
the test modules import from here.
"""

import base64
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import unittest

import packaging_settings as settings

MODULE = "my_python_module"
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(SOURCE_DIR, "scripts")
sys.path.insert(0, SCRIPTS)
import elf_dependencies  # noqa: E402 (scripts/, put on the path just above)
import manylinux_policy  # noqa: E402, F401 (for the test modules)
PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


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
        self.env = clean_environment(self.home)
