"""The host is the same interpreter as the python3 whose libpython it links, seen from Python: the
same version and build, the same built-in modules (and my_python_module), and every extension
module that imports under python3 imports inside pyhost and works there.

Extension modules find libpython's functions in the host executable (--export-dynamic), with
CPython's RTLD_NOW: a function missing from the host fails the module's import. Run under the
reference python3:

    PYTHONPATH=tests python3 tests/interpreter/test_extension_modules.py \
        --host build/ci/app/pyhost --python /usr/bin/python3 [--nm nm] [--require-numpy]
"""
import json
import subprocess
import unittest

from support import options, settings
from support.environment import clean_environment

# Run in each interpreter: what it is, and which of its extension modules import.
PROBE = r"""
import importlib, importlib.machinery, json, os, sys, sysconfig

def extension_modules():
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    names = set()
    for directory in sys.path:
        if not os.path.isdir(directory):
            continue
        for entry in os.listdir(directory):
            suffix = next((s for s in suffixes if entry.endswith(s)), None)
            if suffix:
                names.add(entry[: -len(suffix)])
    return sorted(names)

imports = {}
for name in extension_modules() + ["numpy", "numpy.core._multiarray_umath", "readline"]:
    try:
        importlib.import_module(name)
        imports[name] = "imported"
    except BaseException as error:  # what fails, and how, is what is compared
        imports[name] = f"{type(error).__name__}: {error}"

print(json.dumps({
    "version": sys.version,
    "implementation": [sys.implementation.name, sys.implementation.cache_tag],
    "abiflags": sys.abiflags,
    "soabi": sysconfig.get_config_var("SOABI"),
    "builtin_modules": sorted(sys.builtin_module_names),
    "dlopenflags": sys.getdlopenflags(),
    "imports": imports,
}))
"""

# Run in each interpreter: the modules that use libpython, and libc or OpenSSL, at work.
WORK = r"""
import json, sys
CHECKS = {
    # ctypes.pythonapi is the process itself: libpython's functions, called through their symbols.
    "Py_GetVersion": '''
import ctypes
f = ctypes.pythonapi.Py_GetVersion
f.restype = ctypes.c_char_p
result = f().decode() == sys.version''',
    "PyLong_FromLong": '''
import ctypes
f = ctypes.pythonapi.PyLong_FromLong
f.restype = ctypes.py_object
result = f(2**31 - 1)''',
    "libc strlen": '''
import ctypes, ctypes.util
result = ctypes.CDLL(ctypes.util.find_library("c")).strlen(b"pyhost")''',
    "ssl": '''
import ssl
result = [ssl.OPENSSL_VERSION, ssl.create_default_context().verify_mode == ssl.CERT_REQUIRED]''',
    "hashlib": "import hashlib; result = hashlib.sha256(b'pyhost').hexdigest()",
    "zlib": "import zlib; result = zlib.decompress(zlib.compress(b'pyhost' * 100)) == b'pyhost' * 100",
    "sqlite3": "import sqlite3; result = sqlite3.connect(':memory:').execute('select 6 * 7').fetchone()[0]",
    "decimal": "import decimal; result = str(decimal.Decimal(1) / decimal.Decimal(7))",
    "readline": "import readline; result = readline.get_completer_delims()",
    "numpy": "import numpy; result = [int(numpy.arange(1000).sum()), float(numpy.linspace(0, 1, 11).sum())]",
}
results = {}
for name, check in CHECKS.items():
    scope = {"sys": sys}
    try:
        exec(check, scope)
        results[name] = scope["result"]
    except BaseException as error:  # compared between the interpreters, as the results are
        results[name] = f"{type(error).__name__}: {error}"
print(json.dumps(results))
"""


# Run in the host: which of the names (one a line on stdin) it does not export, as ctypes.pythonapi
# (the process's global symbols, the executable's and its libraries') finds them.
UNEXPORTED = r"""
import ctypes, sys
print("\n".join(name for name in sys.stdin.read().split() if not hasattr(ctypes.pythonapi, name)))
"""


def libpython_functions(python, nm):
    """The C API functions (Py*, _Py*) that python3 exports: from its executable where libpython is
    linked in statically, else from its shared libpython."""
    where = subprocess.run([python, "-c", "import os, sys, sysconfig as s; v = s.get_config_var; print("
                            "os.path.join(v('LIBDIR'), v('LDLIBRARY')) if v('Py_ENABLE_SHARED') else "
                            "os.path.realpath(sys.executable))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    symbols = subprocess.run([nm, "-D", "--defined-only", where], capture_output=True, text=True, check=True)
    return sorted({fields[2] for fields in map(str.split, symbols.stdout.splitlines())
                   if len(fields) == 3 and fields[1] == "T" and fields[2].startswith(("Py", "_Py"))})


def run(executable, code, stdin=None):
    # Both interpreters without the PYTHON* variables of this environment or of CI's.
    completed = subprocess.run([executable, "-c", code], env=clean_environment(inherit=True),
                               capture_output=True, text=True,
                               input=stdin, timeout=300)
    if completed.returncode != 0:
        raise AssertionError(f"{executable} failed ({completed.returncode}):\n{completed.stderr}")
    return completed.stdout if stdin is not None else json.loads(completed.stdout)


class ExtensionModulesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Read from the command line, once it is parsed.
        cls.host, cls.python = settings.HOST, settings.REFERENCE
        cls.nm, cls.require_numpy = settings.OPTIONS.nm, settings.OPTIONS.require_numpy
        cls.host_probe = run(cls.host, PROBE)
        cls.python_probe = run(cls.python, PROBE)

    def test_the_host_is_the_same_version_and_build_as_python3(self):
        for key in ("version", "implementation", "abiflags", "soabi", "dlopenflags"):
            with self.subTest(key=key):
                self.assertEqual(self.host_probe[key], self.python_probe[key])

    def test_the_host_has_python3s_built_in_modules_and_its_own(self):
        self.assertEqual(sorted(self.python_probe["builtin_modules"] + ["my_python_module"]),
                         self.host_probe["builtin_modules"])

    def test_the_host_exports_every_function_of_libpython_that_python3_exports(self):
        functions = libpython_functions(self.python, self.nm)
        self.assertGreater(len(functions), 1000)
        self.assertIn("Py_FrozenMain", functions)
        self.assertEqual(run(self.host, UNEXPORTED, stdin="\n".join(functions)).split(), [])

    def test_every_extension_module_imports_as_under_python3(self):
        imports = self.python_probe["imports"]
        if self.require_numpy:
            self.assertEqual(imports["numpy.core._multiarray_umath"], "imported")
        self.assertGreater(sum(1 for outcome in imports.values() if outcome == "imported"), 30, imports)
        self.assertEqual(self.host_probe["imports"], imports)

    def test_extension_modules_work_inside_the_host_as_under_python3(self):
        host, python = run(self.host, WORK), run(self.python, WORK)
        self.assertIs(host["Py_GetVersion"], True)
        self.assertEqual(host["PyLong_FromLong"], 2**31 - 1)
        # A check whose module python3 has must have worked there, not failed alike in both.
        needs = {"Py_GetVersion": "_ctypes", "PyLong_FromLong": "_ctypes", "libc strlen": "_ctypes",
                 "ssl": "_ssl", "hashlib": "_hashlib", "zlib": "zlib", "sqlite3": "_sqlite3",
                 "decimal": "_decimal", "readline": "readline", "numpy": "numpy"}
        available = {name for name, outcome in self.python_probe["imports"].items() if outcome == "imported"}
        available |= set(self.python_probe["builtin_modules"])
        for check, module in needs.items():
            if module in available:
                with self.subTest(check=check):
                    self.assertNotRegex(str(python[check]), r"^\w+(Error|Exception): ")
        self.assertEqual(host, python)


if __name__ == "__main__":
    options.run_unittest(options.parse(__doc__, "nm", "require-numpy", required=("host", "python")),
                         verbosity=2)
