"""pyhost's CMake and pkg-config package, used from outside the project as an application uses it.

The library component is installed into a prefix of the test's own; package_consumer/ is
configured against it with find_package(pyhost CONFIG), built and run; then against the prefix
moved elsewhere, against the build tree (-Dpyhost_DIR), and through pkg-config. Each build runs
with an environment that names no library folder: the application finds libpyhost_embed through
its RUNPATH, and libpython through the library's.

    test_package.py --build-dir DIR --cmake CMAKE --cxx CXX --readelf READELF
"""

import os
import shutil
import subprocess
import sys
import tempfile

from support import options, settings

EXPECTED_OUTPUT = "18446744073709551616\n42\n"
CONSUMER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "package_consumer")


def run(command, **options):
    environment = {"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8"}
    environment.update(options.pop("env", {}))
    result = subprocess.run(command, capture_output=True, text=True, env=environment, **options)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stdout}{result.stderr}")
    return result.stdout


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL: {message}")


def build_and_run_consumer(arguments, work, name, package_options):
    build = os.path.join(work, name)
    run([arguments.cmake, "-S", CONSUMER, "-B", build, f"-DCMAKE_CXX_COMPILER={arguments.cxx}",
         *package_options])
    run([arguments.cmake, "--build", build])
    consumer = os.path.join(build, "consumer")
    output = run([consumer])
    check(output == EXPECTED_OUTPUT, f"{name}: the consumer printed {output!r}")
    return consumer


def needed_libraries(arguments, binary):
    dynamic = run([arguments.readelf, "-d", binary])
    return [line.split("[")[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line]


def main():
    def add_options(parser):
        for option in ("--build-dir", "--cmake", "--cxx", "--readelf"):
            parser.add_argument(option, required=True)

    options.parse(__doc__, add_options=add_options, strict=True)
    arguments = settings.OPTIONS

    with tempfile.TemporaryDirectory(prefix="pyhost-package-") as work:
        prefix = os.path.join(work, "prefix")
        run([arguments.cmake, "--install", arguments.build_dir, "--component", "library",
             "--prefix", prefix])
        # Only the library's own headers: nothing of Python's or the project's other layers.
        headers = sorted(os.listdir(os.path.join(prefix, "include")))
        check(headers == ["pyhost"], f"the prefix's include folder holds {headers}")

        consumer = build_and_run_consumer(arguments, work, "from-prefix",
                                          [f"-DCMAKE_PREFIX_PATH={prefix}"])
        needed = needed_libraries(arguments, consumer)
        check(any(name.startswith("libpyhost_embed.so") for name in needed),
              f"the consumer does not link libpyhost_embed: {needed}")
        check(not any(name.startswith("libpython") for name in needed),
              f"the consumer links libpython itself: {needed}")

        moved = os.path.join(work, "moved")
        shutil.move(prefix, moved)
        build_and_run_consumer(arguments, work, "from-moved-prefix", [f"-DCMAKE_PREFIX_PATH={moved}"])

        build_and_run_consumer(arguments, work, "from-build-tree",
                               [f"-Dpyhost_DIR={os.path.join(arguments.build_dir, 'embed')}"])

        pkgconfig = {"PKG_CONFIG_PATH": os.path.join(moved, "lib", "pkgconfig")}
        flags = run(["pkg-config", "--cflags", "--libs", "pyhost"], env=pkgconfig).split()
        libdir = run(["pkg-config", "--variable=libdir", "pyhost"], env=pkgconfig).strip()
        check(os.path.realpath(libdir) == os.path.realpath(os.path.join(moved, "lib")),
              f"pkg-config's libdir is {libdir}")
        binary = os.path.join(work, "consumer-pkg-config")
        run([arguments.cxx, "-std=c++20", os.path.join(CONSUMER, "main.cpp"), "-o", binary, *flags,
             f"-Wl,-rpath,{libdir}"])
        output = run([binary])
        check(output == EXPECTED_OUTPUT, f"pkg-config: the consumer printed {output!r}")
    print("the package builds and runs from a prefix, a moved prefix, the build tree and pkg-config")


if __name__ == "__main__":
    main()
