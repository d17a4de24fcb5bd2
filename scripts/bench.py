"""pyhost's benchmark: every performance figure of the project, as ratios to baselines measured
side by side in the same run (these machines are noisy; only ratios are comparable).

    pyhost scripts/bench.py [--quick] [--reference /usr/bin/python3]

Run it with the host: it measures the native functions from inside, and start-up against the
reference python3 (by default the Python whose libpython the host embeds).
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import sysconfig
import time
import timeit

import my_python_module


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
    return (f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
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
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a smoke run")
    parser.add_argument("--reference", help="the python3 to compare start-up with")
    args = parser.parse_args()
    runs = 5 if args.quick else 40
    number, repeat = (20_000, 3) if args.quick else (500_000, 7)

    print(f"machine: {machine()}")
    rows = startup(reference_python(args.reference), runs) + call_overhead(number, repeat)
    width = max(len(row[0]) for row in rows)
    print(f"{'measured':<{width}}  {'time':>10}  {'ratio':>6}  baseline (time)")
    for name, value, baseline_name, baseline in rows:
        print(f"{name:<{width}}  {format_time(value):>10}  {value / baseline:>5.2f}x  "
              f"{baseline_name} ({format_time(baseline)})")


def format_time(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.1f} {unit}"
    return f"{seconds / 1e-9:.1f} ns"


if __name__ == "__main__":
    main()
