"""The extension module under plain python3 (ExtensionTest): it is the built extension, it shows
the same names, docstrings and signatures as the module built into pyhost, and it links no
libpython.
"""

import importlib.machinery
import json
import os
import sys
import textwrap

from support import settings
from support.native_functions import FUNCTIONS
from packaging_case import MODULE, TemporaryDirectoryTest, elf_dynamic, run

# What a face of the module shows a user, as JSON: its names, docstrings and signatures. Run by
# pyhost and by plain python3 alike.
DESCRIBE = textwrap.dedent("""\
    import inspect, json, my_python_module as module
    public = {}
    for name in sorted(vars(module)):
        if not name.startswith("_"):
            value = getattr(module, name)
            public[name] = {
                "type": type(value).__name__, "doc": value.__doc__,
                "text_signature": getattr(value, "__text_signature__", None),
                "signature": str(inspect.signature(value)),
                "module": value.__module__, "qualname": value.__qualname__}
    print(json.dumps({"name": module.__name__, "doc": module.__doc__, "public": public}))
    """)


class ExtensionTest(TemporaryDirectoryTest):
    """Plain python3 with the extension's directory on PYTHONPATH, as CTest runs this class and the
    module's own tests under python3."""

    def test_plain_python_imports_the_built_extension_module(self):
        import my_python_module
        self.assertNotIn(MODULE, sys.builtin_module_names)
        self.assertIsInstance(my_python_module.__spec__.loader,
                              importlib.machinery.ExtensionFileLoader)
        self.assertEqual(os.path.realpath(my_python_module.__file__),
                         os.path.realpath(settings.OPTIONS.extension))
        self.assertEqual(my_python_module.sum_as_string(2**64 - 1, 1), "18446744073709551616")

    def test_both_faces_show_the_same_functions_docstrings_and_signatures(self):
        host = json.loads(run([settings.OPTIONS.host, "-c", DESCRIBE], self.env).stdout)
        extension_env = dict(self.env, PYTHONPATH=os.path.dirname(settings.OPTIONS.extension))
        extension = json.loads(run([sys.executable, "-c", DESCRIBE], extension_env).stdout)
        self.assertEqual(extension, host)
        public = host["public"]
        self.assertEqual(sorted(public), sorted(function.name for function in FUNCTIONS))
        self.assertEqual(public["sum_as_string"]["text_signature"], "(a, b)")
        self.assertEqual(public["sum_list"]["text_signature"], "(values)")
        self.assertTrue(host["doc"])
        self.assertTrue(all(entry["doc"] for entry in public.values()))

    def test_the_extension_links_no_libpython_and_exports_only_its_init_function(self):
        needed = elf_dynamic(settings.OPTIONS.extension, ["NEEDED"])
        self.assertTrue(needed)
        self.assertFalse([library for library in needed if library.startswith("libpython")])
        out = run([settings.OPTIONS.nm, "-D", "--defined-only", settings.OPTIONS.extension],
                  os.environ).stdout
        self.assertEqual([line.split()[-1] for line in out.splitlines() if line.strip()],
                         [f"PyInit_{MODULE}"])
