"""Random command lines of python3, for the command-line fuzzer (support/command_line_fuzzer).

A case is a command line (interpreter options, a program, the program's arguments), the PYTHON*
variables it runs with, and what its standard input holds. Every draw comes from the random.Random
it is given, from lists in a fixed order, so that a seed gives the same cases on every machine.
Standard input is never a terminal: a case either pipes some text or gives /dev/null, so that no
command line (-i, PYTHONINSPECT, no program at all) waits for a person.
"""

import io
import zipfile
from typing import NamedTuple, Optional


class Case(NamedTuple):
    args: list
    env: dict
    stdin: Optional[str]


# Each fixture is written afresh into the working directory before each run.
FIXTURES = {
    "script.py": "import sys\nprint(sys.argv, __name__, sys.path[0])\n"
                 "print(sys.flags.optimize, sys.flags.inspect, __debug__)\n",
    "sub/script.py": "import sys; print(sys.argv, __file__, sys.path[0])\n",
    "-dash.py": "import sys; print('dash', sys.argv)\n",
    "bad.py": "print('never')\ndef broken(:\n    pass\n",
    "failing.py": "def f():\n    raise ValueError('from a module')\nf()\n",
    "exits.py": "import sys\nprint('before')\nsys.exit(42)\n",
    "mod.py": "import sys; print('mod', sys.argv, __name__)\n",
    "pkg/__init__.py": "print('pkg init', __name__)\n",
    "pkg/__main__.py": "import sys; print('pkg main', sys.argv, __package__)\n",
    "appdir/__main__.py": "import sys; print('appdir', sys.argv, sys.path[0], __file__)\n",
    "emptydir/.keep": "",
    "startup.py": "print('startup file ran')\n",
    "extra/fromenv.py": "WHERE = 'imported through PYTHONPATH'\n",
}


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def fixture_files():
    """The fixture files as {relative path: bytes}."""
    files = {path: text.encode("utf-8") for path, text in FIXTURES.items()}
    files["app.zip"] = _zip({"__main__.py": "import sys; print('zip', sys.argv, sys.path[0])\n"})
    files["nomain.zip"] = _zip({"other.py": "pass\n"})
    return files


# Flags without a value; 't' is python 2's, which python 3 still accepts and ignores.
FLAGS = "bBdEiIOPqRsStuvx"
REPEATED_FLAGS = ["-vv", "-bb", "-OO", "-dd", "-ii", "-qq", "-vvv", "-OOO", "-bbb", "-tt", "-EE"]
INFO_OPTIONS = ["-V", "-VV", "-h", "-?", "--help", "--version", "--help-env", "--help-xoptions",
                "--help-all", "-hV", "-Vh", "-b?", "-hc"]
BAD_OPTIONS = ["-z", "-J", "-3", "-Q", "-Qnew", "-U", "-p", "--bogus", "---x", "--version=1",
               "--help=x", "--check-hash-based-pycs=always", "-Ez", "--help-bogus", "-W", "-X",
               "-c", "-m", "--check-hash-based-pycs", "-\u00e9", "-b\u00e9", "--\u00e9", "-b-",
               "--vers", "--help-al", "--=", "--check-hash-based-pycs=", "-\udcff"]
# Values that look like options: python takes them as the value of the option before them.
OPTION_LIKE_VALUES = ["-c", "-", "--", "-v", "--help", "-V", "-m"]
CHECK_HASH_BASED_PYCS = ["always", "never", "default", "bogus", ""]
WARNINGS = ["default", "error", "ignore", "always", "module", "once", "d", "e",
            "error::DeprecationWarning", "ignore::UserWarning", "bogus", "error::NoSuchWarning",
            "::", "ignore:message:UserWarning:mod:0", "error::UserWarning:x:bad_line"]
XOPTIONS = ["dev", "utf8", "utf8=0", "utf8=1", "utf8=x", "importtime", "faulthandler",
            "tracemalloc", "tracemalloc=5", "tracemalloc=0", "tracemalloc=x",
            "tracemalloc=100000", "int_max_str_digits=0", "int_max_str_digits=640",
            "int_max_str_digits=5", "int_max_str_digits=x", "frozen_modules=on",
            "frozen_modules=off", "frozen_modules=x", "warn_default_encoding", "no_debug_ranges",
            "pycache_prefix=cache", "pycache_prefix=", "custom=value", "flag", "showrefcount"]
XOPTIONS_SINCE = {(3, 12): ["perf"], (3, 13): ["cpu_count=2", "cpu_count=default",
                                               "cpu_count=x", "gil=1", "gil=0", "gil=x",
                                               "perf_jit"]}

ENVIRONMENT = {
    "PYTHONOPTIMIZE": ["", "1", "2", "x", "-1"],
    "PYTHONDEBUG": ["1", "2", "x"],
    "PYTHONVERBOSE": ["1", "x", ""],
    "PYTHONWARNINGS": ["error", "ignore", "default", "error::DeprecationWarning", "bogus",
                       "ignore,error::UserWarning"],
    "PYTHONHASHSEED": ["0", "1234", "random", "x", "4294967295", "4294967296", "-1", ""],
    "PYTHONMALLOC": ["malloc", "pymalloc", "debug", "malloc_debug", "pymalloc_debug", "default",
                     "bogus", ""],
    "PYTHONUTF8": ["0", "1", "", "x", "2"],
    "PYTHONCOERCECLOCALE": ["0", "1", "warn", "x"],
    "PYTHONINSPECT": ["1", ""],
    "PYTHONSAFEPATH": ["1", ""],
    "PYTHONNODEBUGRANGES": ["1"],
    "PYTHONINTMAXSTRDIGITS": ["0", "640", "4300", "5", "x", "-1", "99999999999"],
    "PYTHONDEVMODE": ["1", "x", ""],
    "PYTHONWARNDEFAULTENCODING": ["1"],
    "PYTHONPLATLIBDIR": ["lib", "lib64", "bogus"],
    "PYTHONNOUSERSITE": ["1"],
    "PYTHONIOENCODING": ["utf-8", "latin-1:replace", "ascii", ":surrogateescape", "bogus-codec",
                         "utf-8:bogus"],
    "PYTHONFAULTHANDLER": ["1", ""],
    "PYTHONTRACEMALLOC": ["1", "5", "0", "x", "-1", "100000"],
    "PYTHONPROFILEIMPORTTIME": ["1", "x"],
    "PYTHONUNBUFFERED": ["1"],
    "PYTHONDONTWRITEBYTECODE": ["1"],
    "PYTHONPYCACHEPREFIX": ["cache"],
    "PYTHONSTARTUP": ["startup.py"],
    "PYTHONPATH": ["extra"],
    "PYTHONHOME": ["/nonexistent", ""],
    "PYTHONUSERBASE": ["userbase"],
    "PYTHONBREAKPOINT": ["0", "no_such_module.function"],
}
ENVIRONMENT_SINCE = {
    (3, 12): {"PYTHONPERFSUPPORT": ["0", "1", "x"]},
    (3, 13): {"PYTHON_CPU_COUNT": ["2", "default", "x", "0"], "PYTHON_COLORS": ["0", "1", "x"],
              "PYTHON_BASIC_REPL": ["1"], "PYTHON_GIL": ["0", "1", "x"],
              "PYTHON_FROZEN_MODULES": ["on", "off", "x"], "PYTHON_HISTORY": ["history"]},
}

CODES = [
    "import sys; print(sys.argv)",
    "import sys; print(sys.argv, sys.orig_argv[1:])",
    "import sys; print(repr(sys.flags))",
    "import sys; f = sys.flags; print(f.optimize, f.verbose, f.debug, f.inspect, f.interactive,"
    " f.bytes_warning, f.quiet, f.dont_write_bytecode)",
    "import sys; f = sys.flags; print(f.isolated, f.ignore_environment, f.no_user_site,"
    " f.no_site, f.safe_path, f.dev_mode, f.utf8_mode, f.hash_randomization)",
    "import sys; print(sys.warnoptions, sys._xoptions)",
    "import sys; print(sys.path[0], sys.executable, sys.pycache_prefix)",
    "import sys; print(sys.path, sys.prefix, sys.exec_prefix, sys.platlibdir)",
    "print(__debug__, __name__, 'ran')",
    "raise ValueError('from -c')",
    "raise KeyboardInterrupt",
    "import sys; sys.exit(3)",
    "import sys; sys.exit('message')",
    "raise SystemExit(256)",
    "raise SystemExit(-1)",
    "raise SystemExit(None)",
    "import warnings; warnings.warn('careful'); print('after')",
    "print(b'x' == 'x')",
    "print(input())",
    "import sys; print(repr(sys.stdin.read()))",
    "import sys; print(sys.stdout.encoding, sys.stdout.errors, sys.stdin.encoding)",
    "import faulthandler, sys, tracemalloc\n"
    "print(tracemalloc.is_tracing(), tracemalloc.get_traceback_limit(),"
    " faulthandler.is_enabled(), sys.get_int_max_str_digits())",
    "open('script.py').close(); print('opened')",
    "import _imp; print(_imp.check_hash_based_pycs)",
    "import os; print(os.cpu_count())",
    "print('a'",
    "",
    "for i in range(2):\n    print(i)",
    "x = 41",
    "1/0",
    "import site, sys; print(site.ENABLE_USER_SITE, 'site' in sys.modules)",
    "import fromenv; print(fromenv.WHERE)",
    "import mod",
    "breakpoint(); print('after')",
]
STDLIB_MODULES = ["json.tool", "this", "platform", "tokenize", "ast", "base64", "dis", "code",
                  "site", "calendar", "zipfile"]
OTHER_MODULES = ["mod", "pkg", "failing", "emptydir", "no_such_module_xyz", "json.no_such",
                 "no_such_pkg.mod", "", "-c", "--help", "-"]
FILES = ["script.py", "sub/script.py", "bad.py", "failing.py", "exits.py", "missing.py",
         "appdir", "app.zip", "emptydir", "nomain.zip", "-dash.py", "-", "", "-c", "-m"]
SCRIPT_ARGUMENTS = ["a", "-v", "--", "-c", "--help", "-X", "dev", "-", "-m", "x y",
                    "h\u00e9", "-E", "--version", "-i", "-V"]
STDIN = [None, "", "print('from stdin')\n", "import sys; print(sys.argv, sys.flags.inspect)\n",
         "x = 41\nx + 1\n", "raise SystemExit(4)\n", "1/0\n", '{"b": 1, "a": [2]}\n',
         "print(input())\nsecond line\n", "import sys\nfor i in range(2):\n    print(i)\n\n"]


def _since(table, version, start):
    for since in sorted(table):
        if version >= since:
            start = start + table[since] if isinstance(start, list) else {**start, **table[since]}
    return start


def _option(rng, version):
    kind = rng.choices(["cluster", "repeated", "W", "X", "pycs", "info", "bad"],
                       weights=[30, 10, 12, 25, 5, 4, 4])[0]
    if kind == "cluster":
        letters = "".join(rng.choice(FLAGS) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.2:
            glued = rng.choice(["W" + rng.choice(WARNINGS), "X" + rng.choice(XOPTIONS)])
            return ["-" + letters + glued]
        return ["-" + letters]
    if kind == "repeated":
        return [rng.choice(REPEATED_FLAGS)]
    if kind in ("W", "X"):
        values = WARNINGS if kind == "W" else _since(XOPTIONS_SINCE, version, XOPTIONS)
        value = rng.choice(OPTION_LIKE_VALUES if rng.random() < 0.1 else values)
        return ["-" + kind + value] if rng.random() < 0.5 and value else ["-" + kind, value]
    if kind == "pycs":
        values = OPTION_LIKE_VALUES if rng.random() < 0.2 else CHECK_HASH_BASED_PYCS
        return ["--check-hash-based-pycs", rng.choice(values)]
    return [rng.choice(INFO_OPTIONS if kind == "info" else BAD_OPTIONS)]


def _program(rng):
    kind = rng.choices(["stdin", "dash", "file", "c", "m", "stdlib", "missing argument"],
                       weights=[10, 6, 22, 35, 8, 12, 2])[0]
    if kind == "stdin":
        return []
    if kind == "dash":
        return ["-"]
    if kind == "file":
        name = rng.choice(FILES)
        return ["--", name] if rng.random() < 0.3 else [name]
    if kind == "c":
        code = rng.choice(OPTION_LIKE_VALUES if rng.random() < 0.1 else CODES)
        style = rng.choice(["separate", "glued", "cluster"])
        if style == "glued" and code:
            return ["-c" + code]
        if style == "cluster":
            return ["-" + rng.choice(FLAGS) + "c", code]
        return ["-c", code]
    if kind in ("m", "stdlib"):
        module = rng.choice(OTHER_MODULES if kind == "m" else STDLIB_MODULES)
        return ["-m" + module] if rng.random() < 0.3 and module else ["-m", module]
    return [rng.choice(["-c", "-m", "-W", "-X"])]


def _environment(rng, version):
    table = _since(ENVIRONMENT_SINCE, version, ENVIRONMENT)
    names = sorted(table)
    count = rng.choices([0, 1, 2, 3, 4], weights=[35, 30, 20, 10, 5])[0]
    return {name: rng.choice(table[name]) for name in sorted(rng.sample(names, count))}


def draw_case(rng, version):
    """One random case for a python of `version` (major, minor)."""
    env = _environment(rng, version)
    args = []
    for _ in range(rng.choices([0, 1, 2, 3, 5], weights=[25, 30, 25, 12, 8])[0]):
        args += _option(rng, version)
    args += _program(rng)
    args += [rng.choice(SCRIPT_ARGUMENTS)
             for _ in range(rng.choices([0, 1, 2, 4], weights=[50, 25, 15, 10])[0])]
    return Case(args, env, rng.choice(STDIN))
