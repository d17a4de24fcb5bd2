"""The page that scripts/bench.py --markdown writes (docs/performance.md).

The page names the machine, the date and the command, then gives every table the run measured,
with its rows as the console shows them. Fixed prose follows: how to read the ratios, why they are
what they are, and how to make the page again. The prose lives here, beside the code that writes
the page, so that a new run never leaves the page without it.
"""
import datetime
import os
import shlex
import sys


def mode(args, runs, workload_runs, list_repeat, number, repeat):
    """The run's mode in words, with the repetitions behind its figures."""
    if args.bundle_only:
        words = "`--bundle-only`, only the bundle's start-up"
        counts = [f"the bundle's start-up: best of {runs} runs"]
    elif args.max_instruction_ratio is not None:
        words = "`--max-instruction-ratio`, only the whole workload's and start-up's instructions"
        counts = ["each counted once"]
    elif args.workload:
        words = "`--workload`, only start-up and the pure-Python workload"
        counts = [f"start-up: median of {runs} runs", f"the bundle's start-up: best of {runs} runs",
                  f"workload: best of {workload_runs} runs"]
    else:
        words = "full, every figure"
        counts = [f"start-up: median of {runs} runs", f"the bundle's start-up: best of {runs} runs",
                  f"workload: best of {workload_runs} runs", f"calls: best of {repeat} repeats of {number:,}",
                  f"lists and buffers: best of {list_repeat} rounds"]
    if args.quick:
        words += ", with `--quick`: a smoke run with few repetitions, not figures to quote"
    return f"{words} ({'; '.join(counts)})"


def write(path, machine, mode_words, load_at_start, tables, notes):
    """Writes the page: `tables` is a list of (title, rows), each row four cells of text."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    # Other work on the machine moves the ratios too; the reader should see how busy it was.
    load = f"{load_at_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
    lines = ["# Performance", "", SUMMARY, "",
             f"- Machine: {machine}",
             f"- Date: {now}",
             f"- Command: `{shlex.join(getattr(sys, 'orig_argv', sys.argv))}`",
             f"- Mode: {mode_words}",
             f"- Load average over a minute: {load}"]
    for title, rows in tables:
        lines += ["", f"## {title}", "", "| measured | time | ratio | baseline (time) |",
                  "| --- | ---: | ---: | --- |"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    if notes:
        lines += ["", "## Also measured", ""] + [f"- {note}" for note in notes]
    with open(path, "w", encoding="utf-8") as page:
        page.write("\n".join(lines) + "\n\n" + PROSE)


SUMMARY = """\
This page is written by `scripts/bench.py --markdown`; a new run replaces it, so edit the prose in
`scripts/bench_report.py`. Every figure is a ratio to a baseline that the same run measured side
by side: python3 for start-up and ordinary Python code, the pure-Python function, builtin or
NumPy call for the native module. Below 1.00x, pyhost took less time or fewer instructions than
the baseline. The tables come first; then how to read them, why they are what they are, and how
to make this page again."""

PROSE = """\
## How to read the ratios

- Each row gives what was measured, its time (or its instructions in millions, `M`), the ratio
  of the two, and the baseline with its own time.
- The measured code and its baseline run in turn, round after round, so that a change in the
  machine's load reaches both alike. Times from different runs or machines do not compare;
  ratios do. On the project's 2-core virtual machines even the ratios move by about 0.1 from run
  to run.
- Instruction counts come from valgrind's callgrind. They repeat exactly where times do not, so
  the tests check them: the workload may cost at most 1.10x python3's instructions with Debian's
  own libpython, and 1.05x with the rebuilt one.
- The reference python3 is the one whose libpython the host embeds, unless `--reference` names
  another. Where the first python3 on `PATH` is another interpreter, one more workload row
  compares with it.
- "Start-up subtracted": each interpreter's `-c pass` is taken off its workload run. The
  workload runs 5 times a process for the wall-time row, so that start-up weighs less.
- Each start-up run is a fresh process without `PYTHON*` variables. It is reaped the moment it
  ends, and it starts 50 ms after the run before it. On these machines, a run that starts at once
  pays for part of the memory the last one released: up to 15% of python3's import-heavy run
  right after the bundle's.
- Where NumPy does not import, buffers are compared with `math.fsum` on an `array.array`.

## Why the figures are what they are

The explanations below come from measurements on the project's 2-core AMD EPYC virtual machines.
The tables above may come from another machine, whose memory and cores set other limits.

- **Ordinary Python code** runs as fast as the libpython the host links; CMake's configure output
  names that library in one line. Debian's packaging strips the link-time optimisation from
  `libpython3.11.a`, which the default build links, so the workload costs about 8% more
  instructions than Debian's python3 (1.08x). The opt-in library
  (`scripts/install-deps --optimised-libpython`) keeps it and costs 1.00x. A shared libpython
  costs 1.20x. [Linking libpython](packaging.md#linking-libpython) gives each Python's figures.
  Debian's python3 is the fastest python3 on these machines: pyenv's 3.11.7 (shared libpython,
  no PGO) costs 1.16x its instructions.
- **Start-up**: the host maps ahead the memory that starting CPython writes (its static data and
  pymalloc's arenas, `app/start_up_memory.cpp`). A page fault costs several microseconds on
  these machines, and this took `pyhost -c pass` from 866 page faults to 320. Of the 1.8 M
  instructions that start-up cost beyond python3's (Debian's 3.11, rebuilt libpython), parsing
  the command line took 0.4 M. The rest is inside `Py_InitializeFromConfig` and `Py_RunMain`.
- **The bundle's start-up** is explained in [Where the time goes](bundle.md#where-the-time-goes).
- **Native calls**: `pyhost::def` makes each native function a builtin that CPython calls as it
  calls its own (`METH_FASTCALL`). A call therefore costs about half the pure-Python function it
  replaces ([Adding a native function](design.md#adding-a-native-function)).
- **Lists of floats** are summed exactly, far faster than `math.fsum`. From 2**16 items, two
  threads read the list. From about 1e6 items, memory bandwidth bounds the sum. Each float is an
  object of its own, and in a list of computed values (`[rng.gauss(0, 1) for ...]`, as here)
  consecutive items lie about 220 bytes apart, because the computation's temporaries were
  allocated between them. Reading such a list in order costs close to a cache line an item:
  about 2 ns at these machines' 30 GB/s. `sum()`, one thread chasing pointers, takes 4 ns an
  item.
- **int/float mixes** met the goal of 0.1x `math.fsum` on those machines from 1e6 items, where
  two threads read the list. Below that, each int object adds a cache line of its own.
- **Buffers**: the float64 sum is exact where NumPy's pairwise sum is not, and the int64 sum is
  exact where NumPy's wraps. From 2**19 elements both cores sum a buffer. One core alone takes
  1.2–1.3x `numpy.sum`'s time on floats, because it splits each value into exact parts (about
  0.35 ns an element) where NumPy does one add. Two cores together reach the memory's bandwidth.
  Between 1e4 and 2**19 float64 elements, one core does the work, at 1.2–1.4x `numpy.sum`'s
  time. Below 1e3 elements, the call costs far less than NumPy's.
- **Memory**: summing a buffer allocates nothing per element, so the peak resident set does not
  grow.
- **The embedding library** (`embed/bench/library_bench.cpp`, linked to the Python that the
  library embeds): `run_source()` of a small script compiles it and runs it in `__main__`, as
  `PyRun_String` does, and adds the run lock, Python's lock, the capture of the streams and their
  flush at the end. A cancellation's latency is the time from the deadline to the end of the run.
  On the thread that started the interpreter the library's signal interrupts the code at once;
  on another thread the watchdog must take Python's lock first, which the running code gives up
  after CPython's switch interval, 5 ms. The goals are a median under 5 ms and a worst case
  under 50 ms: each latency row is a ratio to its goal.
- **Other work on the machine** moves the rows of long lists and buffers most. Their sums are
  shared out among both cores, so a core that is busy elsewhere takes away part of their
  speed-up. The load average in the header shows how busy the machine was. The benchmark's own
  threads count in it too: a full run on an otherwise idle 2-core machine ends below about 1.

## Make this page again

On an otherwise idle machine, build the host and the bundle, then run the benchmark:

```sh
cmake --workflow --preset release && cmake --build build/release --target bundle
# The library's benchmark, which the release build's static libpython leaves out:
cmake --preset ci && cmake --build build/ci --target pyhost_library_bench
build/release/app/pyhost scripts/bench.py --library-bench build/ci/embed/pyhost_library_bench \
    --markdown docs/performance.md
```

`--quick` makes a short smoke run. `--workload` measures only start-up and the workload, and
`--bundle-only` only the bundle's start-up. The page's header names the mode. Without
`--markdown`, the benchmark prints the same rows as one table.
"""
