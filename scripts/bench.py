"""pyhost's benchmark: every performance figure of the project, as ratios to baselines measured
side by side in the same run (these machines are noisy; only ratios are comparable).

    pyhost scripts/bench.py [--quick] [--reference /usr/bin/python3] [--library-bench PROGRAM]
    pyhost scripts/bench.py --workload [--max-instruction-ratio 1.05]
    pyhost scripts/bench.py --bundle-only [--bundle build/release/bundle/pyhost/bin/pyhost]
    pyhost scripts/bench.py --markdown docs/performance.md   (with any of the above)

Run it with the host: it measures the native functions from inside, and start-up and ordinary
Python code (scripts/workload.py) against the reference python3 (by default the Python whose
libpython the host embeds). The embedding library's rows come from its own program
(embed/bench/library_bench.cpp; --library-bench names one from another build). Where the build has made the self-contained bundle (--target
bundle), its start-up rows compare it with the reference too (scripts/bundle_startup.py);
--bundle-only measures only those. --workload measures only start-up and the workload.
--max-instruction-ratio R (the test's check) counts only the whole workload's and start-up's
instructions, and exits with status 1 when the workload costs more than R times the reference's.
--markdown PATH also writes what it measured as a markdown page (scripts/bench_report.py).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import sysconfig
import time
import timeit

import bench_report
import bundle_startup
import my_python_module

WORKLOAD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "workload.py")
# What the run printed beside its table (a missing tool, a check's verdict), for the markdown page.
NOTES = []


def note(text):
    print(text)
    NOTES.append(text)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    # sum_list shares long buffers and lists out among the cores the process may run on.
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cpu}, {os.cpu_count()} cores ({usable} usable); {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()} ({sys.executable})")


def reference_python(requested):
    if requested:
        return requested
    # The interpreter that shares this host's standard library and libpython.
    candidate = os.path.join(sysconfig.get_config_var("BINDIR"), f"python{sys.version_info[0]}.{sys.version_info[1]}")
    return candidate if os.path.exists(candidate) else "python3"


def startup_times(command, runs):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    times = []
    for _ in range(runs):
        # A pause, so that no run pays for the memory that the one before it released
        # (bundle_startup.SETTLE says more).
        time.sleep(bundle_startup.SETTLE)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def startup(reference, runs):
    host_times, reference_times = [], []
    # Alternate the two so that drift in the machine's load hits both alike.
    for _ in range(runs):
        host_times += startup_times([sys.executable, "-c", "pass"], 1)
        reference_times += startup_times([reference, "-c", "pass"], 1)
    host, ref = statistics.median(host_times), statistics.median(reference_times)
    return [("start-up: pyhost -c pass", host, f"{reference} -c pass", ref)]


def workload(reference, runs):
    """The pure-Python workload (scripts/workload.py) under the host and the reference, start-up
    subtracted, interpreters alternating, best of `runs`. The workload runs 5 times a process, so
    that the start-up, which varies more from run to run, weighs less."""
    path = WORKLOAD
    best = {}
    for _ in range(runs):
        for exe in (sys.executable, reference):
            for command in ([exe, path, "--repeat", "5"], [exe, "-c", "pass"]):
                elapsed = startup_times(command, 1)[0]
                best[tuple(command)] = min(elapsed, best.get(tuple(command), elapsed))
    host = best[(sys.executable, path, "--repeat", "5")] - best[(sys.executable, "-c", "pass")]
    ref = best[(reference, path, "--repeat", "5")] - best[(reference, "-c", "pass")]
    return [("pure-Python workload x5 (wall, start-up subtracted)", host, f"{reference} workload.py --repeat 5",
             ref)]


def instructions(command):
    """Instructions the command executes, counted by valgrind: repeatable where time is not."""
    import re
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    completed = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                               env=env, capture_output=True, text=True, check=True)
    return int(re.search(r"refs:\s+([\d,]+)", completed.stderr).group(1).replace(",", ""))


def workload_instructions(reference, by_kind=True):
    """The workload in instructions, start-up subtracted: whole (the first row), then, `by_kind`,
    kind by kind and against the other python3 on PATH."""
    import shutil
    if shutil.which("valgrind") is None:
        note("(valgrind is not installed: no instruction counts)")
        return []
    sys.path.insert(0, os.path.dirname(WORKLOAD))
    import workload as kinds
    start = {exe: instructions([exe, "-c", "pass"]) for exe in (sys.executable, reference)}

    def work(exe, *arguments):
        if exe not in start:
            start[exe] = instructions([exe, "-c", "pass"])
        return instructions([exe, WORKLOAD, *arguments]) - start[exe]

    rows = []
    for kind in ("", *kinds.KINDS) if by_kind else ("",):
        arguments = [kind] if kind else []
        label = f"pure-Python workload{': ' + kind if kind else ''} (instructions, start-up subtracted)"
        rows.append((label, work(sys.executable, *arguments), f"{reference} workload.py {kind}".rstrip(),
                     work(reference, *arguments)))
    rows.append(("start-up (instructions)", start[sys.executable], f"{reference} -c pass", start[reference]))
    # The python3 first on PATH, where it is another interpreter (pyenv's here): is the reference the
    # fastest python3 on the machine?
    other = shutil.which("python3") if by_kind else None
    if other:
        other = subprocess.run([other, "-c", "import sys; print(sys.executable)"], capture_output=True,
                               text=True, check=True).stdout.strip()
        if os.path.realpath(other) != os.path.realpath(reference):
            rows.append(("pure-Python workload (instructions, start-up subtracted)", rows[0][1],
                         f"{other} workload.py", work(other)))
    return rows


def per_call(statement, setup, number, repeat):
    timer = timeit.Timer(statement, setup=setup, globals={"m": my_python_module})
    return min(timer.repeat(repeat=repeat, number=number)) / number


def call_overhead(number, repeat):
    setup = "def py_sum_as_string(a, b):\n    return str(a + b)\nf = m.sum_as_string"
    native = per_call("f(10, 20)", setup, number, repeat)
    python = per_call("py_sum_as_string(10, 20)", setup, number, repeat)
    floor = per_call("str(10 + 20)", setup, number, repeat)
    return [
        ("sum_as_string(10, 20)", native, "def f(a, b): return str(a + b)", python),
        ("sum_as_string(10, 20)", native, "str(10 + 20) inline", floor),
    ]


def best_time(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def best_times(functions, repeat):
    """The best time of each function over `repeat` rounds, each round running every function once
    in turn, so that drift in the machine's load reaches them all alike."""
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for i, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def sum_list_short(number, repeat):
    setup = "def py_sum(values):\n    return sum(values)\nf = m.sum_list\nvalues = [1, 2, 3]"
    native = per_call("f(values)", setup, number, repeat)
    return [
        ("sum_list([1, 2, 3])", native, "def f(v): return sum(v)", per_call("py_sum(values)", setup, number, repeat)),
        ("sum_list([1, 2, 3])", native, "sum([1, 2, 3]) inline", per_call("sum(values)", setup, number, repeat)),
    ]


def sum_list_sizes(sizes, repeat):
    import math
    import random
    rng = random.Random(1)
    rows = []
    for n in sizes:
        ints = [rng.randrange(-1000, 1000) for _ in range(n)]
        floats = [rng.gauss(0.0, 1.0) for _ in range(n)]
        mixed = [x if i % 2 else y for i, (x, y) in enumerate(zip(floats, ints))]
        native, builtin = best_times([lambda: my_python_module.sum_list(ints), lambda: sum(ints)], repeat)
        rows.append((f"sum_list(list of {n:.0e} ints)", native, "sum(...)", builtin))
        cases = [("floats", floats), ("int/float mix", mixed)]
        if n == max(sizes):
            # Magnitudes from 1e-20 to 1e20: more work for an exact sum than everyday data.
            cases.append(("floats 1e-20..1e20", [x * 10.0 ** rng.randint(-20, 20) for x in floats]))
        for label, values in cases:
            native, builtin, fsum = best_times([lambda: my_python_module.sum_list(values),
                                                lambda: sum(values), lambda: math.fsum(values)], repeat)
            rows.append((f"sum_list(list of {n:.0e} {label})", native, "sum(...)", builtin))
            rows.append((f"sum_list(list of {n:.0e} {label})", native, "math.fsum(...)", fsum))
    return rows


def sum_list_buffers(sizes, repeat):
    import array
    rows = []
    try:
        import numpy
    except ImportError:
        numpy = None
        note("(numpy is not importable here: buffer figures against array.array and math.fsum only)")
    import math
    for n in sizes:
        doubles = array.array("d", (float(i % 1000) * 0.001 for i in range(n)))
        if numpy is not None:
            as_numpy = numpy.frombuffer(doubles, dtype=numpy.float64)
            native, baseline = best_times([lambda: my_python_module.sum_list(doubles),
                                           lambda: numpy.sum(as_numpy)], repeat)
            rows.append((f"sum_list(float64 buffer of {n:.0e})", native, "numpy.sum(...)", baseline))
            int64s = numpy.arange(n, dtype=numpy.int64)
            native, baseline = best_times([lambda: my_python_module.sum_list(int64s),
                                           lambda: numpy.sum(int64s)], repeat)
            rows.append((f"sum_list(int64 buffer of {n:.0e})", native, "numpy.sum(...)", baseline))
        else:
            native = best_time(lambda: my_python_module.sum_list(doubles), repeat)
            rows.append((f"sum_list(float64 buffer of {n:.0e})", native, "math.fsum(...)",
                         best_time(lambda: math.fsum(doubles), 1)))
    return rows


def default_library_bench():
    """The library's benchmark program in this host's build, which a build with a static libpython
    (the release preset's) does not make."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(sys.executable)))
    return os.path.join(build, "embed", "pyhost_library_bench")


def library_rows(program, quick):
    """The embedding library's rows, from its own program (embed/bench/library_bench.cpp): a run
    against PyRun_String, and how soon a time limit stops a run."""
    if not os.path.exists(program):
        note(f"no embedding library rows: {program} is not built")
        return []
    printed = subprocess.run([program] + (["--quick"] if quick else []), check=True,
                             capture_output=True, text=True).stdout
    return [tuple(json.loads(line)) for line in printed.splitlines()]


def peak_memory_growth(n):
    """Growth of the peak resident set while sum_list sums a buffer of n doubles that is already
    resident: what the sum itself allocates."""
    import array
    import resource
    values = array.array("d", bytes(8 * n))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    my_python_module.sum_list(values)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (after - before) * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a smoke run")
    parser.add_argument("--reference", help="the python3 to compare start-up and the workload with")
    parser.add_argument("--workload", action="store_true", help="only start-up and the pure-Python workload")
    parser.add_argument("--bundle", default=bundle_startup.default_bundle(),
                        help="the bundle's bin/pyhost (by default the one beside this host's build)")
    parser.add_argument("--bundle-only", action="store_true", help="only the bundle's start-up rows")
    parser.add_argument("--library-bench", default=default_library_bench(),
                        help="the embedding library's benchmark program (by default the one in this host's build)")
    parser.add_argument("--max-instruction-ratio", type=float,
                        help="fail when the workload's instructions exceed this ratio to the reference's")
    parser.add_argument("--markdown", metavar="PATH",
                        help="also write the figures as a markdown page to PATH (docs/performance.md)")
    args = parser.parse_args()
    # Refused now rather than after minutes of measuring.
    if args.markdown and not os.path.isdir(os.path.dirname(os.path.abspath(args.markdown))):
        parser.error(f"--markdown {args.markdown}: its folder does not exist")
    runs = 5 if args.quick else 40
    number, repeat = (20_000, 3) if args.quick else (500_000, 7)
    workload_runs = 3 if args.quick else 15

    machine_line, load_at_start = machine(), os.getloadavg()[0]
    print(f"machine: {machine_line}")
    sizes = (1_000, 100_000, 1_000_000) if args.quick else (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
    buffer_sizes = (1_000_000,) if args.quick else (1_000, 100_000, 10_000_000)
    list_repeat = 3 if args.quick else 11
    reference = reference_python(args.reference)
    # The instruction check measures only what it checks: the whole workload and start-up, once
    # for each interpreter under callgrind.
    checking = args.max_instruction_ratio is not None
    bundle_rows = []
    if args.bundle and not checking:
        import shutil
        counter = instructions if shutil.which("valgrind") else None
        bundle_rows = bundle_startup.rows(args.bundle, reference, runs, counter)
    elif args.bundle_only:
        sys.exit("no bundle: make one with cmake --build build/release --target bundle, or name it")
    # (title, rows) in the page's order; the console shows all the rows as one table.
    sections = [("The bundle's start-up", bundle_rows)]
    counted = []
    if checking and not args.bundle_only:
        counted = workload_instructions(reference, by_kind=False)
        sections = [("Instructions, counted by valgrind", counted)]
    elif not args.bundle_only:
        count = args.workload or not args.quick
        counted = workload_instructions(reference) if count else []
        sections = [("Start-up", startup(reference, runs)), *sections,
                    ("Ordinary Python code", workload(reference, workload_runs)),
                    ("Instructions, counted by valgrind", counted)]
    if not (args.bundle_only or args.workload or checking):
        sections += [("Native calls", call_overhead(number, repeat) + sum_list_short(number, repeat)),
                     ("sum_list on lists", sum_list_sizes(sizes, list_repeat)),
                     ("sum_list on buffers", sum_list_buffers(buffer_sizes, list_repeat)),
                     ("The embedding library", library_rows(args.library_bench, args.quick))]
    print_rows([row for _, rows in sections for row in rows])
    failure = None
    if args.max_instruction_ratio is not None and not args.bundle_only:
        ratio = counted[0][1] / counted[0][3] if counted else None
        if ratio is None:
            failure = "no instruction counts: --max-instruction-ratio needs valgrind"
        elif ratio > args.max_instruction_ratio:
            failure = (f"the workload costs {ratio:.3f}x the reference's instructions, "
                       f"more than {args.max_instruction_ratio}x")
        else:
            note(f"the workload costs {ratio:.3f}x the reference's instructions: within {args.max_instruction_ratio}x")
    if not (args.bundle_only or args.workload or checking or failure):
        n = 1_000_000 if args.quick else 10_000_000
        note(f"peak memory growth while summing a float64 buffer of {n:.0e}: "
             f"{peak_memory_growth(n) / 1024:.0f} KiB")
    if args.markdown:
        mode = bench_report.mode(args, runs, workload_runs, list_repeat, number, repeat)
        tables = [(title, [cells(row) for row in rows]) for title, rows in sections if rows]
        notes = NOTES + [failure] if failure else NOTES
        bench_report.write(args.markdown, machine_line, mode, load_at_start, tables, notes)
        print(f"(written to {args.markdown})")
    if failure:
        sys.exit(failure)


def cells(row):
    """A row as the console and the page show it: measured, time, ratio, baseline (time)."""
    name, value, baseline_name, baseline = row
    return name, shown(value), f"{value / baseline:.2f}x", f"{baseline_name} ({shown(baseline)})"


def shown(value):
    """A time in seconds (a float), or an instruction count (an int) in millions."""
    return format_time(value) if isinstance(value, float) else f"{value / 1e6:.1f} M"


def print_rows(rows):
    width = max(len(row[0]) for row in rows)
    print(f"{'measured':<{width}}  {'time':>10}  {'ratio':>6}  baseline (time)")
    for name, value, ratio, baseline in map(cells, rows):
        print(f"{name:<{width}}  {value:>10}  {ratio:>6}  {baseline}")


def format_time(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.1f} {unit}"
    return f"{seconds / 1e-9:.1f} ns"


if __name__ == "__main__":
    main()
