"""What the bundle's tests (test_bundle.py) share: their settings, read from the command line,
the base class that gives each test class its own copy of the bundle, and the loader that runs
the tests in the order they are written.
"""

import os
import shutil
import sys
import tempfile
import textwrap
import unittest

from support import options, settings
from support.environment import clean_environment

import namespace
from namespace import inside, run


def version():
    """The bundle's Python version, as its lib/pythonX.Y names it: the reference python3's."""
    return "%d.%d" % settings.REFERENCE_VERSION


class BundleTestCase(unittest.TestCase):
    """Each class works in a temporary folder of its own, with its own copy of the bundle."""
    maxDiff = None
    _hiding = None  # the problems of the namespace, found once for all the classes

    @classmethod
    def setUpClass(cls):
        cls.root = os.path.realpath(tempfile.mkdtemp(prefix="pyhost-bundle-"))
        cls.addClassCleanup(shutil.rmtree, cls.root)
        cls.home, cls.work = os.path.join(cls.root, "home"), os.path.join(cls.root, "work")
        os.mkdir(cls.home)
        os.mkdir(cls.work)
        cls.env = clean_environment(cls.home)
        cls.bundle = namespace.copy_bundle(settings.OPTIONS.bundle, os.path.join(cls.root, "copy", "pyhost"))
        cls.executable = os.path.join(cls.bundle, "bin", "pyhost")
        if BundleTestCase._hiding is None:
            BundleTestCase._hiding = namespace.hiding_problems(settings.REFERENCE, cls.executable,
                                                               cls.env, cls.work)

    def require_hiding(self):
        # A test inside a namespace that hides nothing would pass with the system's Python.
        if self._hiding:
            self.fail("the namespace does not hide the installed Python:\n" +
                      "\n".join(self._hiding))

    def write(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(textwrap.dedent(text).lstrip())
        return path

    def succeeded(self, completed):
        self.assertEqual(completed.returncode, 0, f"{completed.args} failed:\n"
                         f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}")
        return completed.stdout

    def in_namespace(self, *args, stdin=None, offline=False, executable=None):
        """Runs the bundle (or `executable`) with `args` in the namespace."""
        return run(inside([executable or self.executable, *args], offline=offline),
                   cwd=self.work, env=self.env, stdin=stdin)

    def assertSameAsPython(self, *args, stdin=None):
        """Runs `args` in the namespace and under python3 outside it: status, stdout and stderr
        must be equal, and the status 0."""
        completed = self.in_namespace(*args, stdin=stdin)
        expected = run([settings.REFERENCE, *args], cwd=self.work, env=self.env, stdin=stdin)
        self.succeeded(expected)
        self.assertEqual((completed.returncode, completed.stdout, completed.stderr),
                         (expected.returncode, expected.stdout, expected.stderr))
        return completed.stdout


class InOrderOfDefinition(unittest.TestLoader):
    """Runs the classes and their tests in the order they are written: the check that the
    namespace hides the installed Pythons comes first, and the slow tests last."""

    def loadTestsFromModule(self, module, *args, **kwargs):
        return self.suiteClass(self.loadTestsFromTestCase(value) for value in vars(module).values()
                               if isinstance(value, type) and issubclass(value, unittest.TestCase))

    def getTestCaseNames(self, testCaseClass):
        order = list(testCaseClass.__dict__)
        return sorted(super().getTestCaseNames(testCaseClass),
                      key=lambda name: order.index(name) if name in order else len(order))


def add_options(parser):
    parser.add_argument("--bundle", required=True, help="the bundle's folder (bundle/pyhost)")
    parser.add_argument("--tests-bundle", help="the test bundle's folder (bundle/pyhost-tests)")
    parser.add_argument("--extension-module-dir", help="my_python_module built for python3")
    parser.add_argument("--demo", help="scripts/demo.py, which the bundle runs")
    parser.add_argument("--fuzz-cases", type=int, default=150)


def main(description):
    """Reads the settings, and runs the tests of the calling module with unittest."""
    rest = options.parse(description, "test-package", required=("python",),
                         add_options=add_options)
    arguments = settings.OPTIONS
    for name in ("bundle", "tests_bundle", "test_package", "extension_module_dir", "demo"):
        setattr(arguments, name, getattr(arguments, name) and os.path.abspath(getattr(arguments, name)))
    if not os.path.isdir(os.path.join(arguments.bundle, "lib", f"python{version()}")):
        sys.exit(f"{arguments.bundle} is no bundle of Python {version()}: it has no lib/python{version()}")
    reason = namespace.unavailable()
    if reason:
        print(f"skipped: {reason}")
        return namespace.SKIPPED
    program = unittest.main(module="__main__", argv=[sys.argv[0], *rest], testLoader=InOrderOfDefinition(),
                            verbosity=2, exit=False)
    return 0 if program.result.wasSuccessful() else 1
