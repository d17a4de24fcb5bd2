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


def default_bundle():
    """The bundle made beside the running host's build (build/X/bundle/pyhost), if there is one."""
    build = os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))
    candidate = os.path.join(build, "bundle", "pyhost", "bin", "pyhost")
    return candidate if os.path.exists(candidate) else None


def _clean_environment():
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


def _best_times(commands, runs):
    """The best wall time of each command over `runs` rounds, each round running all in turn."""
    env = _clean_environment()
    best = [float("inf")] * len(commands)
    for _ in range(runs):
        for i, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)
            best[i] = min(best[i], time.perf_counter() - start)
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
