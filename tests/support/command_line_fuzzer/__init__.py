"""A differential fuzzer of python3's command line: pyhost must do what the reference python3 does.

Each case is a random command line with random PYTHON* variables and a piped standard input
(cases.py draws them). It runs under the reference python3 and under pyhost, each in a fresh
working directory with the same fixture files and an environment built from scratch
(support/differential.py), and the two outcomes (exit status, stdout, stderr) must
be equal. Besides differential's normalisations (the binary's own path, and "Try `pyhost -h'"),
the numbers that change from run to run are masked in both: -X importtime's microseconds and
object addresses. A difference must show again when the case is run a second time; one that does
not is reported as unstable, and does not fail the run. A timeout is always a difference.

    python3 tests/command_line/test_random_command_lines.py --host build/ci/app/pyhost \
        --python /usr/bin/python3
    PYTHONPATH=tests python3 -m support.command_line_fuzzer --host ... --python ...

--relocated compares a relocated host (the self-contained bundle, tests/bundle) with the
installed python3: each side's standard-library paths are masked too, and the cases about the
installation itself are counted apart, as not applying (relocated.py says which and why).

Without --seed, a fresh seed is drawn and printed first. The same seed draws the same cases, and
`--seed S --case K` runs case K alone. The exit status is 0 only when no case differs.
"""

import concurrent.futures
import difflib
import random
import re
import shlex
import subprocess
import sys
import tempfile
import threading

from support import options, settings
from support.command_line_fuzzer import relocated
from support.command_line_fuzzer.cases import draw_case, fixture_files
from support.differential import Outcome, Workspace

# More than a case needs on a loaded machine; a case that takes longer is reported as a difference.
TIMEOUT_SECONDS = 30
# The lines of a difference's diff that are shown; -vv makes outcomes of thousands of lines.
MAX_DIFF_LINES = 120

_MASKS = [
    (re.compile(r"import time:\s+\d+ \|\s+\d+ \|"), "import time: <us> | <us> |"),
    (re.compile(r"0x[0-9a-fA-F]{6,}"), "0x<address>"),
]


def _mask(text):
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


class Fuzzer:
    def __init__(self, host, python, seed, version, is_relocated=False):
        self.host = host
        self.python = python
        self.seed = seed
        self.version = version
        self.is_relocated = is_relocated
        self.paths = ({python: relocated.installation_paths(python),
                       host: relocated.installation_paths(host)} if is_relocated else {})
        self._local = threading.local()
        self._directory = tempfile.TemporaryDirectory(prefix="pyhost-fuzz-")

    def close(self):
        self._directory.cleanup()

    def case(self, index):
        return draw_case(random.Random(f"{self.seed}/{index}"), self.version)

    def _workspace(self):
        # Each thread runs its cases in a directory of its own.
        if not hasattr(self._local, "workspace"):
            root = tempfile.mkdtemp(dir=self._directory.name)
            self._local.workspace = Workspace(root)
            self._local.workspace.fixtures = fixture_files()
        return self._local.workspace

    def _outcome(self, binary, case, *, is_host):
        try:
            outcome = self._workspace().run(binary, case.args, stdin=case.stdin, env=case.env,
                                            is_host=is_host, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return Outcome(f"timed out after {TIMEOUT_SECONDS} s", "", "")
        paths = self.paths.get(binary, [])
        return Outcome(outcome.returncode, _mask(relocated.replace_paths(outcome.stdout, paths)),
                       _mask(relocated.replace_paths(outcome.stderr, paths)))

    def _outcomes(self, case):
        return (self._outcome(self.python, case, is_host=False),
                self._outcome(self.host, case, is_host=True))

    def check(self, index):
        """Runs case `index`; returns None, ("not applicable", case, reason), or
        ("differs" | "unstable", case, outcomes)."""
        case = self.case(index)
        reason = relocated.not_applicable(case) if self.is_relocated else None
        if reason is not None:
            return ("not applicable", case, reason)
        outcomes = self._outcomes(case)
        if not _differ(*outcomes):
            return None
        again = self._outcomes(case)
        return ("differs" if _differ(*again) else "unstable", case, outcomes)


def _differ(expected, actual):
    timed_out = isinstance(expected.returncode, str) or isinstance(actual.returncode, str)
    return timed_out or expected != actual


def _as_lines(outcome):
    lines = [f"exit status: {outcome.returncode}", "stdout:"]
    lines += ["  " + line for line in outcome.stdout.splitlines()]
    lines.append("stderr:")
    lines += ["  " + line for line in outcome.stderr.splitlines()]
    return lines


def command_line(case):
    words = [f"{name}={shlex.quote(value)}" for name, value in case.env.items()]
    words += ["<exe>"] + [shlex.quote(arg) for arg in case.args]
    stdin = "/dev/null" if case.stdin is None else repr(case.stdin)
    return " ".join(words) + f"  (stdin: {stdin})"


def report(verdict, index, case, outcomes, replay):
    expected, actual = outcomes
    diff = list(difflib.unified_diff(_as_lines(expected), _as_lines(actual), "python3", "pyhost",
                                     lineterm=""))
    if len(diff) > MAX_DIFF_LINES:
        diff = diff[:MAX_DIFF_LINES] + [f"... {len(diff) - MAX_DIFF_LINES} more lines"]
    title = "differs" if verdict == "differs" else "differed once, then agreed on a second run"
    print(f"\ncase {index} {title}: {command_line(case)}")
    print(f"environment: {case.env or 'no PYTHON* variable'}")
    print(f"replay: {replay} --case {index}")
    print("\n".join(diff), flush=True)


def _add_options(parser):
    parser.add_argument("--cases", type=int, default=300, help="how many cases (default: 300)")
    parser.add_argument("--seed", type=int, help="the seed of the cases (default: a fresh one)")
    parser.add_argument("--case", type=int, help="run this case of the seed alone")
    parser.add_argument("--jobs", type=int, default=2, help="cases run at once (default: 2)")
    parser.add_argument("--show", action="store_true", help="print each case's command line")
    parser.add_argument("--relocated", action="store_true",
                        help="the host is relocated (the bundle): mask each side's standard library")


def main(program):
    """Runs the cases that the command line asks for; returns the exit status. `program` is how
    the caller was run (a script's path, or -m and a module), for the replay line."""
    options.parse(__doc__, required=("host", "python"), add_options=_add_options, strict=True)
    arguments = settings.OPTIONS
    # Outcomes and arguments may hold undecodable bytes, kept as surrogates.
    sys.stdout.reconfigure(errors="backslashreplace")

    seed = arguments.seed if arguments.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"seed: {seed}; replay with --seed {seed}", flush=True)
    host, python, version = settings.HOST, settings.REFERENCE, settings.REFERENCE_VERSION
    replay = (f"{sys.executable} {program} --host {shlex.quote(arguments.host)} "
              f"--python {shlex.quote(arguments.python)} --seed {seed}"
              + (" --relocated" if arguments.relocated else ""))
    indices = [arguments.case] if arguments.case is not None else list(range(arguments.cases))

    fuzzer = Fuzzer(host, python, seed, version, arguments.relocated)
    if arguments.show:
        for index in indices:
            print(f"case {index}: {command_line(fuzzer.case(index))}")
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
            results = list(pool.map(fuzzer.check, indices))
    finally:
        fuzzer.close()

    found = {"differs": 0, "unstable": 0, "not applicable": 0}
    reasons = {}
    for index, result in zip(indices, results):
        if result is not None:
            verdict, case, outcomes = result
            found[verdict] += 1
            if verdict == "not applicable":
                reasons[outcomes] = reasons.get(outcomes, 0) + 1
            else:
                report(verdict, index, case, outcomes, replay)
    for reason, count in sorted(reasons.items()):
        print(f"not applicable to a relocated Python: {count} cases ({reason})")
    print(f"\n{len(indices)} cases against Python {'.'.join(map(str, version))}, seed {seed}: "
          f"{found['differs']} differ, {found['unstable']} differed once only"
          + (f", {found['not applicable']} not applicable" if arguments.relocated else ""))
    return 1 if found["differs"] else 0
