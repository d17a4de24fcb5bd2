"""Runs commands where no Python is installed (tests/bundle/without_python.sh), and makes the
copies of the bundle that they run.

The bundle is never run in place: each test copies it to a fresh temporary folder. A command runs
inside the namespace as `/bin/sh without_python.sh --hide PYENV_ROOT -- COMMAND...`; a launcher
(write_launcher) is a script that does the same for programs that take the path of one binary to
run, such as CPython's regression tests and the command-line fuzzer.
"""

import json
import os
import shlex
import shutil
import stat
import subprocess

from probes import HIDING_PROBE, INSTALLED_FILES

WRAPPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "without_python.sh")
# More than any single command here needs on a loaded machine.
TIMEOUT_SECONDS = 120
# The status of a skipped test in this project's CTest setup.
SKIPPED = 77


def pyenv_root():
    # Read here, from the caller's own environment: the commands run with a HOME of their own.
    return os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")


def inside(command, *, bind=None, offline=False):
    """The command line that runs `command` in the namespace. `bind` is (source, target): the
    directory mounted over another there; `offline` adds a network namespace with no interface."""
    options = ["--hide", pyenv_root()]
    if bind:
        options += ["--bind", *bind]
    if offline:
        options.append("--offline")
    return ["/bin/sh", WRAPPER, *options, "--", *command]


def unavailable():
    """Why no namespace can be made here, or None when one can."""
    if os.geteuid() != 0:
        return "hiding the installed Pythons takes mounts, which need root"
    for tool in ("unshare", "mount"):
        if shutil.which(tool) is None:
            return f"{tool} (util-linux) is not installed"
    probe = subprocess.run(inside(["true"]), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=TIMEOUT_SECONDS)
    if probe.returncode != 0:
        return f"no mount namespace can be made here: {probe.stdout.strip()}"
    return None


def run(command, *, cwd, env, stdin=None, timeout=TIMEOUT_SECONDS):
    """Runs `command` to its end; stdout and stderr are text, undecodable bytes replaced."""
    return subprocess.run(command, cwd=cwd, env=env, input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, encoding="utf-8", errors="replace",
                          timeout=timeout)


def copy_bundle(bundle, destination, tests_bundle=None):
    """Copies the bundle to `destination` (which must not exist) with cp -a, as a person would,
    and the test bundle over the copy when it is given."""
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    subprocess.run(["cp", "-a", bundle, destination], check=True, timeout=TIMEOUT_SECONDS)
    if tests_bundle:
        subprocess.run(["cp", "-a", os.path.join(tests_bundle, "."), destination], check=True,
                       timeout=TIMEOUT_SECONDS)
    return destination


def write_launcher(directory, bundle):
    """Writes `directory`/bin/pyhost, a script that enters the namespace, mounts `bundle` over
    `directory` there and runs `directory`/bin/pyhost, which is then the bundle's own binary: the
    program runs under the launcher's path, which is its sys.executable. Returns that path."""
    path = os.path.join(directory, "bin", "pyhost")
    os.makedirs(os.path.dirname(path))
    command = inside([path], bind=(bundle, directory))
    with open(path, "w", encoding="utf-8") as file:
        file.write(f"#!/bin/sh\nexec {shlex.join(command)} \"$@\"\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def hiding_problems(reference, executable, env, cwd):
    """What the namespace fails to hide from `executable`, as sentences: none when no Python can
    be found there. The same probe under the `reference` python3 outside it must find what is
    hidden, or the probe could prove nothing."""
    files = json.loads(run([reference, "-c", INSTALLED_FILES], cwd=cwd, env=env).stdout)
    if os.path.isdir(pyenv_root()):
        files.append(pyenv_root())
    names = "python3,python," + os.path.basename(os.path.realpath(reference))
    outside = json.loads(run([reference, "-c", HIDING_PROBE, names, *files], cwd=cwd,
                             env=env).stdout)
    problems = []
    if outside["which"]["python3"] is None:
        problems.append("outside the namespace shutil.which finds no python3 on PATH to hide")
    if not outside["holds"][files[0]]:
        problems.append(f"outside the namespace {files[0]} does not exist")
    completed = run(inside([executable, "-c", HIDING_PROBE, names, *files]), cwd=cwd, env=env)
    if completed.returncode != 0:
        return problems + [f"the probe failed inside the namespace: {completed.stderr}"]
    seen = json.loads(completed.stdout)
    problems += [f"inside the namespace shutil.which({name!r}) finds {path}"
                 for name, path in seen["which"].items() if path is not None]
    problems += [f"inside the namespace {path} still holds what it holds outside"
                 for path, holds in seen["holds"].items() if holds and outside["holds"][path]]
    return problems
