"""The bundle's start-up rows of scripts/bench.py: the self-contained pyhost (scripts/make_bundle.py)
against the reference python3, `-c pass` and an import-heavy script, in wall time (the two
alternating, best of many runs) and in instructions (valgrind, repeatable where time is not).
Each command runs in a fresh process without the caller's PYTHON* variables.
"""
import os
import subprocess
import sys
import time

IMPORT_HEAVY = "import json, decimal, asyncio, email.parser, http.client, sqlite3"
# Seconds between two timed runs (see _best_times).
SETTLE = 0.05


def default_bundle():
    """The bundle made beside the running host's build (build/X/bundle/pyhost), if there is one."""
    build = os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))
    candidate = os.path.join(build, "bundle", "pyhost", "bin", "pyhost")
    return candidate if os.path.exists(candidate) else None


def _clean_environment():
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


def _run(command, env):
    """The wall time of one run of a command, with its output discarded.

    os.wait4 reaps the child as soon as it ends: subprocess's wait with a timeout polls, and its
    sleeps between polls (up to 50 ms) would round every time up to the next poll."""
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, env,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
    _, status, _ = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), command)
    return elapsed


def _best_times(commands, runs):
    """The best wall time of each command over `runs` rounds, each round running all in turn."""
    env = _clean_environment()
    best = [float("inf")] * len(commands)
    for _ in range(runs):
        for i, command in enumerate(commands):
            # On this project's virtual machines, a run that starts the moment another has ended
            # pays for part of the memory that the other released: up to 15% of the import-heavy
            # run of python3 right after the bundle. A short pause keeps the runs independent.
            time.sleep(SETTLE)
            best[i] = min(best[i], _run(command, env))
    return best


def rows(bundle, reference, runs, instructions=None):
    """(measured, value, baseline, baseline value) rows; `instructions(command)` counts a command's
    instructions, where valgrind is there."""
    programs = [("-c pass", ["-c", "pass"]), ("import-heavy script", ["-c", IMPORT_HEAVY])]
    result = []
    for label, arguments in programs:
        host, ref = _best_times([[bundle, *arguments], [reference, *arguments]], runs)
        result.append((f"bundle start-up, {label} (wall, best of {runs})", host,
                       f"{reference} {label}", ref))
    if instructions is not None:
        for label, arguments in programs:
            result.append((f"bundle start-up, {label} (instructions)",
                           instructions([bundle, *arguments]), f"{reference} {label}",
                           instructions([reference, *arguments])))
    return result
