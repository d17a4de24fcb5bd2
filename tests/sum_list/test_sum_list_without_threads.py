"""sum_list where no thread can be started: long buffers and lists, which it shares out among
threads where it can, are summed by the calling thread alone, and exactly.

    PYTHONPATH=tests python3 tests/sum_list/test_sum_list_without_threads.py --host build/ci/app/pyhost

As root, it runs the host with a process limit of 1 (prlimit, from util-linux), under which every
new thread fails. Root is exempt from that limit, so setpriv first makes the real user nobody,
whose processes the limit counts, and drops every capability (CAP_SYS_RESOURCE would exempt it
too); the effective user stays root, so that the host still reads a Python under /root (pyenv's).
The host checks first that threading fails too, so that the test means something. Without root it
reports itself skipped (status 77).
"""
import os
import subprocess
import sys

from support import options, settings

INSIDE = r"""
import array, math, threading
from my_python_module import sum_list

try:
    threading.Thread(target=lambda: None).start()
except RuntimeError:
    pass
else:
    raise SystemExit("a thread started: the limit does not hold, and the test would mean nothing")

doubles = array.array("d", [0.1, 1e300, 3.5, -1e300, 2.0**-1070] * 300_000)
assert sum_list(doubles) == math.fsum(doubles), "a long float buffer"
assert sum_list(memoryview(doubles)[::-3]) == math.fsum(doubles[::-3]), "a strided buffer"
ints = array.array("q", [2**63 - 1, -(2**63), 12345] * 400_000)
assert sum_list(ints) == sum(ints), "a long int buffer"
floats = [0.1, 2.5, -1e-3, 7] * 100_000
assert sum_list(floats) == math.fsum(floats), "a long list of floats and small ints"
print("summed alone")
"""


def add_options(parser):
    parser.add_argument("--sanitized", action="store_true",
                        help="the host has ASan: no leak check at its exit, whose tracer thread the "
                             "limit forbids (ASan and UBSan still check everything else)")


def main():
    options.parse(__doc__, required=("host",), add_options=add_options, strict=True)
    if os.geteuid() != 0:
        print("skipped: making nobody the real user needs root")
        return 77
    command = ["setpriv", "--ruid=65534", "--securebits=+noroot,+noroot_locked",
               "--bounding-set=-all", "--inh-caps=-all",
               "prlimit", "--nproc=1", settings.HOST, "-c", INSIDE]
    # The caller's whole environment, with the sanitizer run's PYTHONMALLOC=malloc.
    env = dict(os.environ)
    if settings.OPTIONS.sanitized:
        env["ASAN_OPTIONS"] = f"{env.get('ASAN_OPTIONS', '')}:detect_leaks=0".lstrip(":")
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    sys.stdout.write(completed.stdout)
    sys.stderr.write(completed.stderr)
    if completed.returncode != 0 or completed.stdout.strip() != "summed alone":
        print(f"failed: status {completed.returncode}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
