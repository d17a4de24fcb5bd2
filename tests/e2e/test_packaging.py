"""my_python_module outside the host: the extension module under plain python3, its wheel in a
fresh venv, the venvs that pyhost makes, and pyhost installed to a prefix and as a Debian package.

Run by the build's Python, one class per CTest test (tests/CMakeLists.txt):

    python3 tests/e2e/test_packaging.py --host build/dev/app/pyhost \\
        --extension build/dev/extension/my_python_module.cpython-311-x86_64-linux-gnu.so \\
        --wheel build/dev/python/wheel-name.txt \\
        --stubs python/my_python_module.pyi --version 0.1.0 --build-dir build/dev WheelTest

--wheel is the wheel, or the file in which the build writes its path (the wheel's platform tag is
known only once the extension is built). ManylinuxPolicyTest checks that tag against the manylinux
policy (scripts/manylinux_policy.py), on the built wheel and on wheels made wrong on purpose.

ExtensionTest runs with the extension's directory on PYTHONPATH, as the module's own tests do
under plain python3: it checks that this really imports the built extension. --mypy-path is a
directory to put on mypy's path when the build's Python has no mypy of its own (pyenv's). Any
other argument goes to unittest (-v, -k pattern, a class name).

The tests live in one module per topic: packaging_extension.py (ExtensionTest), packaging_wheel.py
(WheelTest, InstalledWheelTest), packaging_manylinux.py (ManylinuxPolicyTest) and
packaging_installs.py (VenvTest, InstallTest, DebianPackageTest), with what they share in
packaging_case.py. They are imported below, so that unittest finds them and a class named on the
command line runs; main() puts the parsed options in packaging_settings.py before unittest runs.
"""

import argparse
import os
import sys
import unittest

import packaging_settings as settings
from packaging_extension import ExtensionTest  # noqa: F401 (run by unittest.main)
from packaging_installs import DebianPackageTest, InstallTest, VenvTest  # noqa: F401
from packaging_manylinux import ManylinuxPolicyTest  # noqa: F401
from packaging_wheel import InstalledWheelTest, WheelTest  # noqa: F401


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], add_help=False)
    parser.add_argument("--host", required=True, help="the pyhost binary")
    parser.add_argument("--extension", required=True, help="the built extension module")
    parser.add_argument("--wheel", help="the built wheel, or the file that holds its path")
    parser.add_argument("--stubs", help="the stub file the wheel ships")
    parser.add_argument("--version", help="the project's version")
    parser.add_argument("--build-dir", help="the build tree, for cmake --install and cpack")
    parser.add_argument("--cmake", help="the cmake of the build (default: cmake)")
    parser.add_argument("--cpack", help="its cpack (default: cpack)")
    parser.add_argument("--readelf", help="readelf (default: readelf)")
    parser.add_argument("--nm", help="nm (default: nm)")
    parser.add_argument("--twine", help="twine, for twine check (default: twine)")
    parser.add_argument("--mypy", help="mypy, where the build's Python has none (default: mypy)")
    parser.add_argument("--mypy-path", default="",
                        help="where mypy is, when the build's Python has none of its own")
    OPTIONS, remaining = parser.parse_known_args()
    # Empty when CMake found no such tool: the one on PATH, then.
    for tool in ("cmake", "cpack", "readelf", "nm", "twine", "mypy"):
        setattr(OPTIONS, tool, getattr(OPTIONS, tool) or tool)
    OPTIONS.host = os.path.abspath(OPTIONS.host)
    OPTIONS.extension = os.path.abspath(OPTIONS.extension)
    if OPTIONS.wheel and not OPTIONS.wheel.endswith(".whl"):
        with open(OPTIONS.wheel, encoding="utf-8") as file:
            OPTIONS.wheel = file.read().strip()
    # The test modules read the options from packaging_settings when their tests run.
    settings.OPTIONS = OPTIONS
    unittest.main(argv=[sys.argv[0]] + remaining)


if __name__ == "__main__":
    main()
