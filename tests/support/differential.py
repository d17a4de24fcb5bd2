"""What the differential tests of pyhost against the reference `python3` share.

A run happens in a fresh working directory that holds the same fixture files each time, with an
environment built from scratch, and gives an Outcome: (exit status, stdout, stderr). The path of
the binary itself becomes `<exe>` in both streams, and pyhost's "Try `pyhost -h'" hint in a usage
error becomes python's "Try `python -h'": those are the only differences the outcomes may show.
The command-line tests (tests/command_line) and the command-line fuzzer (command_line_fuzzer)
use it.
"""

import io
import os
import shutil
import subprocess
import textwrap
import zipfile
from typing import NamedTuple

from support.environment import clean_environment

TIMEOUT_SECONDS = 60


class Outcome(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


class _Executable:
    """Stands, in a command line, for the binary being run."""

    def __repr__(self):
        return "<EXE>"


# An argument replaced by the absolute path of the binary under test in each of the two runs.
EXE = _Executable()


def decode(data):
    return data.decode("utf-8", "surrogateescape")


def normalise(text, binary, *, is_host, is_stderr):
    paths = {os.path.abspath(binary), os.path.realpath(binary)}
    for path in sorted(paths, key=len, reverse=True):
        text = text.replace(path, "<exe>")
    if is_host and is_stderr:
        text = text.replace("Try `pyhost -h'", "Try `python -h'")
    return text


def python_version(python):
    """The (major, minor) version of the Python at `python`."""
    version = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                             env=clean_environment(), stdout=subprocess.PIPE, check=True,
                             timeout=TIMEOUT_SECONDS)
    return tuple(int(part) for part in version.stdout.split())


class Workspace:
    """A working directory that each run finds holding the same fixture files, and nothing else.

    The directory is recreated before each run, so that neither run sees what the other left
    (such as __pycache__ directories).
    """

    def __init__(self, root):
        self.cwd = os.path.join(os.path.realpath(root), "work")
        os.makedirs(self.cwd, exist_ok=True)
        self.fixtures = {}

    def write(self, relative_path, content):
        """Adds a fixture file (text is dedented) and returns its absolute path."""
        if isinstance(content, str):
            content = textwrap.dedent(content).encode("utf-8")
        self.fixtures[relative_path] = content
        self.materialise()
        return os.path.join(self.cwd, relative_path)

    def mkdir(self, relative_path):
        self.fixtures[relative_path] = None
        self.materialise()
        return os.path.join(self.cwd, relative_path)

    def write_zip(self, relative_path, members):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, text in members.items():
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                archive.writestr(info, textwrap.dedent(text))
        return self.write(relative_path, buffer.getvalue())

    def materialise(self):
        shutil.rmtree(self.cwd)
        os.mkdir(self.cwd)
        for relative_path, content in self.fixtures.items():
            path = os.path.join(self.cwd, relative_path)
            if content is None:
                os.makedirs(path, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as file:
                file.write(content)

    def run(self, binary, args, *, stdin=None, env=None, is_host, timeout=TIMEOUT_SECONDS):
        """Runs `binary` with `args` here; stdin is /dev/null when `stdin` is None.

        Raises subprocess.TimeoutExpired when the run outlasts `timeout`, once it is killed.
        """
        self.materialise()
        executable = os.path.abspath(binary)
        argv = [executable] + [executable if arg is EXE else arg for arg in args]
        with subprocess.Popen(
            argv,
            cwd=self.cwd,
            env=clean_environment(extra=env),
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            try:
                stdout, stderr = process.communicate(
                    stdin.encode("utf-8") if isinstance(stdin, str) else stdin, timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                raise
            finally:
                _remove_perf_map(process.pid)
        return Outcome(
            process.returncode,
            normalise(decode(stdout), binary, is_host=is_host, is_stderr=False),
            normalise(decode(stderr), binary, is_host=is_host, is_stderr=True),
        )


def _remove_perf_map(pid):
    # -X perf and PYTHONPERFSUPPORT make a process write /tmp/perf-<pid>.map, which would pile up.
    try:
        os.remove(f"/tmp/perf-{pid}.map")
    except OSError:
        pass
