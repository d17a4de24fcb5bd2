"""my_python_module outside the host: the extension module under plain python3, its wheel in a
fresh venv, the venvs that pyhost makes, and pyhost installed to a prefix and as a Debian package.

Run by the build's Python, one class per CTest test (tests/packaging/CMakeLists.txt), chosen
with unittest's -k:

    PYTHONPATH=tests python3 tests/packaging/test_packaging.py --host build/ci/app/pyhost \
        --extension build/ci/extension/my_python_module.cpython-311-x86_64-linux-gnu.so \
        --wheel build/ci/python/wheel-name.txt --stubs python/my_python_module.pyi \
        --version 0.1.0 --build-dir build/ci --scripts scripts -k '*.WheelTest.*'

--wheel is the wheel, or the file in which the build writes its path (the wheel's platform tag is
known only once the extension is built). ManylinuxPolicyTest checks that tag against the manylinux
policy (scripts/manylinux_policy.py, found with --scripts), on the built wheel and on wheels made
wrong on purpose. --module-tests names the module's own test scripts, which InstalledWheelTest
runs against the installed wheel.

ExtensionTest runs with the extension's directory on PYTHONPATH, as the module's own tests do
under plain python3: it checks that this really imports the built extension. --mypy-path is a
directory to put on mypy's path when the build's Python has no mypy of its own (pyenv's). Any
other argument goes to unittest (-v, -k pattern).

The tests live in one module per topic beside this script, found by load_tests:
packaging_extension.py (ExtensionTest), packaging_wheel.py (WheelTest, InstalledWheelTest),
packaging_manylinux.py (ManylinuxPolicyTest) and packaging_installs.py (VenvTest, InstallTest,
DebianPackageTest), with what they share in packaging_case.py.
"""

import os

from support import options, settings

import packaging_case


def load_tests(loader, tests, pattern):
    """The tests of every packaging_*.py module beside this script."""
    return loader.discover(os.path.dirname(os.path.abspath(__file__)), pattern="packaging_*.py")


def main():
    remaining = options.parse(__doc__, "nm", required=("host",),
                              add_options=packaging_case.add_options)
    arguments = settings.OPTIONS
    # Empty when CMake found no such tool: the one on PATH, then.
    for tool in ("cmake", "cpack", "readelf", "twine", "mypy"):
        setattr(arguments, tool, getattr(arguments, tool) or tool)
    arguments.host = settings.HOST
    arguments.extension = os.path.abspath(arguments.extension)
    if arguments.wheel and not arguments.wheel.endswith(".whl"):
        with open(arguments.wheel, encoding="utf-8") as file:
            arguments.wheel = file.read().strip()
    options.run_unittest(remaining)


if __name__ == "__main__":
    main()
