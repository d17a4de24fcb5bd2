"""valgrind's memcheck over pyhost calling every native function 10 and then 1000 times
(call_every_function.py): no memory error in either run, and the same definitely lost total in
both, so that nothing leaks per call. Python's objects come straight from malloc
(PYTHONMALLOC=malloc), so memcheck sees each one; Debian's python3.supp covers CPython's own
deliberate tricks.

One defect of CPython 3.11 itself is set aside, by its origin rather than by a suppression: an
int that CPython's int code builds as zero (int.from_bytes(b"\0"), x & y, int("0")) keeps its first
digit unset, and medium_value() multiplies that digit by the size, 0. The product is 0, but
memcheck counts a product with an undefined factor as undefined, so the small-int pointer computed
from it is reported wherever it goes (the garbage collector, the eval loop). importlib meets it on
every .pyc (its flags word is 0). A suppression at those places would hide our bugs too; instead a
report is set aside only when memcheck traces its value to a heap block that CPython's int code
allocated (_PyLong_New) and its innermost frame is not ours. Every other report counts: invalid
reads and writes, bad frees, syscall parameters, and uninitialised values of any other origin.

From 3.12 on, CPython leaves one more thing behind: it makes every interned string immortal and
never frees it at exit (3.12.1 and 3.13.0 both), so each identifier that it compiled or unmarshalled
is "definitely lost". Which strings get interned is not quite the same from run to run, and one string more or
less would read as a leak. From 3.12 on, a definitely lost block is set aside only when PyUnicode_New
allocated it and no frame of its allocation is ours (pyhost or pybind11): a string that our code
made and lost is still counted. Both runs get the same controlled environment.

    PYTHONPATH=tests python3 tests/valgrind/memcheck.py --host build/ci/app/pyhost [--valgrind valgrind]
"""
import os
import re
import subprocess
import sys
import tempfile

import support
from support import options, settings
from support.environment import clean_environment

HERE = os.path.dirname(os.path.abspath(__file__))
COUNTS = (10, 1000)
PYTHON_SUPPRESSIONS = "/usr/lib/valgrind/python3.supp"
OURS = re.compile(r"\bpyhost::")
OURS_OR_PYBIND11 = re.compile(r"\b(pyhost|pybind11)::")


def blocks(log):
    """The log's reports: lists of lines without the ==pid== prefix, split at blank lines."""
    current = []
    for line in log.splitlines():
        text = re.sub(r"^==\d+== ?", "", line)
        if text.strip():
            current.append(text)
        elif current:
            yield current
            current = []
    if current:
        yield current


def is_error(block):
    """Leak records and summaries are not errors (leaks are compared separately)."""
    first = block[0]
    return (len(block) > 1 and block[1].lstrip().startswith("at 0x") and
            "are definitely lost" not in first and "are possibly lost" not in first)


# Where CPython's int code allocates an int's digits: _PyLong_New, or in a build without debug
# information the longobject.c functions it was inlined into.
INT_ALLOCATION = {"_PyLong_New", "int_from_bytes", "_PyLong_FromByteArray", "long_bitwise",
                  "PyLong_FromString"}


def is_cpython_zero_int_report(block):
    """Whether memcheck traces the report's value to the digits of an int that CPython's int code
    allocated itself, and the report is not made in our code."""
    origin = next((i for i, line in enumerate(block)
                   if "Uninitialised value was created by a heap allocation" in line), None)
    if origin is None or origin + 2 >= len(block) or OURS.search(block[1]):
        return False
    allocator = re.match(r"\s*by 0x[0-9A-Fa-f]+: (\S+)", block[origin + 2])
    return allocator is not None and allocator[1] in INT_ALLOCATION


def is_cpython_interned_string(block):
    """Whether a definitely lost block is a string that CPython itself allocated: 3.12's interned
    interned strings, which 3.12 and later never free."""
    frames = [line for line in block[1:] if re.match(r"\s*(at|by) 0x", line)]
    return (any(re.search(r": PyUnicode_New \(", line) for line in frames) and
            not any(OURS_OR_PYBIND11.search(line) for line in frames))


def definitely_lost(log, set_aside_strings):
    """The definitely lost (bytes, blocks), and how many blocks were set aside as CPython's."""
    total, aside = [0, 0], 0
    for block in blocks(log):
        record = re.match(r"([\d,]+) bytes in ([\d,]+) blocks are definitely lost", block[0])
        if record is None:
            continue
        size, count = (int(text.replace(",", "")) for text in record.groups())
        if set_aside_strings and is_cpython_interned_string(block):
            aside += count
            continue
        total[0] += size
        total[1] += count
    return tuple(total), aside


def host_version(host):
    output = subprocess.run([host, "-I", "-c", "import sys; print(*sys.version_info[:2])"],
                            env=controlled_environment(), stdout=subprocess.PIPE, text=True,
                            check=True).stdout
    return tuple(int(part) for part in output.split())


def controlled_environment():
    """The environment without the caller's PYTHON* variables, so that both runs are alike: no
    .pyc is written by the first for the second to read, and hashing is fixed. The specs are
    found in tests/support."""
    return clean_environment(extra={"PYTHONMALLOC": "malloc", "PYTHONDONTWRITEBYTECODE": "1",
                                    "PYTHONHASHSEED": "0", "PYTHONPATH": support.TESTS_DIRECTORY},
                             inherit=True)


def memcheck(valgrind, host, count, log_path, set_aside_strings):
    command = [valgrind, "--tool=memcheck", "--leak-check=full", "--show-leak-kinds=definite",
               "--errors-for-leak-kinds=none", "--track-origins=yes", "--num-callers=30",
               f"--log-file={log_path}"]
    if os.path.exists(PYTHON_SUPPRESSIONS):
        command.append(f"--suppressions={PYTHON_SUPPRESSIONS}")
    command += [host, os.path.join(HERE, "call_every_function.py"), str(count)]
    completed = subprocess.run(command, env=controlled_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, timeout=1800)
    with open(log_path) as file:
        log = file.read()
    if completed.returncode != 0 or "ERROR SUMMARY" not in log:
        sys.exit(f"pyhost under valgrind failed ({completed.returncode}):\n"
                 f"{completed.stdout}\n{log[-5000:]}")
    errors = [block for block in blocks(log) if is_error(block)]
    known = [block for block in errors if is_cpython_zero_int_report(block)]
    others = [block for block in errors if not is_cpython_zero_int_report(block)]
    definite, strings = definitely_lost(log, set_aside_strings)
    return {"others": others, "known": known, "definite": definite, "strings": strings, "log": log,
            "summary": re.search(r"ERROR SUMMARY: .*", log)[0]}


def main():
    options.parse(__doc__, required=("host",), strict=True,
                  add_options=lambda parser: parser.add_argument("--valgrind", default="valgrind"))
    set_aside_strings = host_version(settings.HOST) >= (3, 12)
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        for count in COUNTS:
            results[count] = memcheck(settings.OPTIONS.valgrind, settings.HOST, count,
                                      os.path.join(directory, f"memcheck-{count}.log"),
                                      set_aside_strings)
    failed = False
    for count, result in results.items():
        print(f"{count} calls per case: {len(result['others'])} errors; definitely lost "
              f"{result['definite'][0]} bytes in {result['definite'][1]} blocks, besides "
              f"{result['strings']} blocks of CPython's interned strings; set aside "
              f"{len(result['known'])} reports of CPython's unset zero-int digit "
              f"(valgrind's {result['summary']})")
        for block in result["others"]:
            print("\n".join(block), end="\n\n")
            failed = True
    if len({result["definite"] for result in results.values()}) != 1:
        print("the definitely lost total depends on the number of calls; the last run's log:")
        print(results[COUNTS[-1]]["log"])
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
