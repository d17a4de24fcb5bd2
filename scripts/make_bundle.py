"""Makes a self-contained, relocatable pyhost: a folder that runs where no Python is installed.

    python3 scripts/make_bundle.py --host build/release/app/pyhost --output DIR [--leave-out NAME]...

Run it with the python3 whose libpython the host embeds: it bundles that Python's standard library
and compiles it with that Python's compiler. `cmake --build build/release --target bundle` runs it
into build/release/bundle/pyhost, and writes the test bundle beside it (pyhost-tests).

The bundle, with the layout of an installed Python, so that CPython's own path calculation finds
everything beside the executable, wherever the folder is:

    bin/pyhost                         the host, its RUNPATH $ORIGIN/../lib
    lib/python3.X/stdlib.pack          every standard-library module compiled, in one file that the
                                       host maps and imports from (app/bundle_importer.py), with
                                       the importer itself
    lib/python3.X/...                  the sources (inspect, pdb, -X frozen_modules=off) and data
    lib/python3.X/lib-dynload/*.so     the extension modules, their RUNPATH $ORIGIN/../..
    lib/*.so.N                         the libraries that they and the host need, outside the
                                       newest manylinux policy (libssl, libsqlite3, libffi, ...)
    share/python-wheels/*.whl          pip's and setuptools' wheels for ensurepip, where the Python
                                       has them (Debian's python3-pip-whl)

The test bundle holds CPython's `test` package and its test extension modules (_testcapi, ...),
laid out to be copied over a bundle.

The extension modules stay files: Debian builds them as shared objects, and linking them in
would mean rebuilding CPython. The modules that the embedded libpython already holds (zlib,
pyexpat, _socket, ...) are linked in with it. Patching RUNPATHs needs patchelf.
"""
import _imp
import argparse
import importlib.machinery
import marshal
import os
import shutil
import struct
import subprocess
import sys
import sysconfig

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manylinux_policy  # noqa: E402 (after its directory joins the path)

VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
# Directories of the standard library that are not the standard library, or belong to the test
# bundle. Names match at any depth.
LEFT_OUT_DIRS = {"__pycache__", "site-packages", "dist-packages", "lib-dynload", "idle_test",
                 "tests", "test", f"config-{VERSION}-{sys.implementation._multiarch}"}
# Debian's system policy files: the bundle is not the system's Python.
LEFT_OUT_FILES = {"sitecustomize.py", "EXTERNALLY-MANAGED"}
TEST_EXTENSIONS = ("_test", "_xxtestfuzz", "xxlimited", "_ctypes_test", "xxsubtype")
PACK_MAGIC = b"PYHOSTPK"
PACK_VERSION = 1


def run(command):
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout


def copy_stdlib(stdlib, destination, leave_out):
    """Copies the standard library's sources and data, without tests, caches and system files."""
    for directory, subdirectories, files in os.walk(stdlib):
        relative = os.path.relpath(directory, stdlib)
        subdirectories[:] = sorted(
            name for name in subdirectories
            if name not in LEFT_OUT_DIRS and
            module_name(os.path.join(relative, name)) not in leave_out)
        os.makedirs(os.path.join(destination, relative), exist_ok=True)
        for name in files:
            if name in LEFT_OUT_FILES or name.endswith((".pyc", ".pyo")):
                continue
            if name.endswith(".py") and module_name(os.path.join(relative, name[:-3])) in leave_out:
                continue
            shutil.copy(os.path.join(directory, name), os.path.join(destination, relative, name))


def module_name(relative_path):
    parts = [part for part in relative_path.split(os.sep) if part not in (".", "")]
    return ".".join(parts)


def relocate_sysconfig_data(stdlib_copy):
    """Rewrites the build-time configuration so that its paths under the build's prefix follow the
    bundle: each becomes an expression of sys.base_prefix, computed when sysconfig reads it."""
    name = sysconfig._get_sysconfigdata_name()
    path = os.path.join(stdlib_copy, name + ".py")
    prefix = sysconfig.get_config_var("prefix")
    build_time = {}
    exec(compile(open(path, encoding="utf-8").read(), path, "exec"), build_time)
    lines = ["# The build-time configuration of the Python that this bundle carries. Each path",
             "# under its prefix follows the bundle (make_bundle.py rewrote them).",
             "import sys as _sys", "build_time_vars = {"]
    for key, value in sorted(build_time["build_time_vars"].items()):
        if isinstance(value, str) and (value == prefix or value.startswith(prefix + "/")) \
                and " " not in value and ":" not in value:
            lines.append(f"    {key!r}: _sys.base_prefix + {value[len(prefix):]!r},")
        else:
            lines.append(f"    {key!r}: {value!r},")
    lines.append("}")
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def modules_of(stdlib_copy):
    """(name, path, is_package) of every module in the copied tree: the top level's modules, and
    those of each package (a directory with an __init__.py) reached through packages."""
    for directory, subdirectories, files in os.walk(stdlib_copy):
        subdirectories.sort()
        package = module_name(os.path.relpath(directory, stdlib_copy))
        if package and not os.path.exists(os.path.join(directory, "__init__.py")):
            subdirectories[:] = []
            continue
        for name in sorted(files):
            if not name.endswith(".py") or not name[:-3].isidentifier():
                continue
            path = os.path.join(directory, name)
            if name == "__init__.py":
                if package:
                    yield package, path, True
            else:
                yield ".".join(filter(None, (package, name[:-3]))), path, False


IMPORTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "app",
                        "bundle_importer.py")
IMPORTER_MODULE = "_pyhost_bundle_importer"


def write_pack(stdlib_copy, pack_path):
    """Compiles every module, and the host's importer, and writes the pack that
    core/module_pack.hpp describes. Returns the number of modules and skipped files. The code is
    named "<frozen NAME>", as CPython names the modules it freezes: the encodings package is
    imported frozen, and the importer renames the rest after their source files.

    The modules that CPython itself freezes (os, site, codecs, ...) are left to it: it builds
    their code objects into libpython ("deep-frozen"), which costs nothing to load, where a
    packed module is unmarshalled."""
    entries, skipped = [], []
    deep_frozen = set(_imp._frozen_module_names())
    modules = list(modules_of(stdlib_copy)) + [(IMPORTER_MODULE, IMPORTER, False)]
    for name, path, is_package in modules:
        if name in deep_frozen:
            continue
        with open(path, "rb") as file:
            source = file.read()
        try:
            code = compile(source, f"<frozen {name}>", "exec", dont_inherit=True)
        except SyntaxError as error:
            skipped.append(f"{name}: {error}")
            continue
        entries.append((name.encode(), marshal.dumps(code), is_package))
    entries.sort()
    table_size = 16 + 20 * len(entries)
    names = b"".join(name + b"\0" for name, _, _ in entries)
    offset_of_name = table_size
    offset_of_code = table_size + len(names)
    table = [PACK_MAGIC, struct.pack("<II", PACK_VERSION, len(entries))]
    for name, code, is_package in entries:
        table.append(struct.pack("<IIIII", offset_of_name, len(name), offset_of_code, len(code),
                                 1 if is_package else 0))
        offset_of_name += len(name) + 1
        offset_of_code += len(code)
    with open(pack_path, "wb") as file:
        file.write(b"".join(table) + names + b"".join(code for _, code, _ in entries))
    return len(entries), skipped


def needed_libraries(elf_files, allowed):
    """The libraries outside `allowed` that the files need, directly or not: {soname: path}."""
    found = {}
    for path in elf_files:
        for line in run(["ldd", path]).splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[1] == "=>":
                soname, resolved = parts[0], parts[2]
                if resolved == "not":
                    sys.exit(f"make_bundle: {path} needs {soname}, which is not installed")
                if soname not in allowed and not manylinux_policy.is_loader(soname):
                    found[soname] = resolved
    return found


def set_runpath(path, runpath):
    run(["patchelf", "--set-rpath", runpath, path])


def replace_folder(folder, mark):
    """Removes a bundle made before, to be made anew; refuses any other folder that holds
    something, so that a mistaken --output (a home, /) is never deleted."""
    if os.path.lexists(folder):
        if not os.path.isdir(folder) or os.path.islink(folder) or (
                os.listdir(folder) and not os.path.exists(os.path.join(folder, mark))):
            sys.exit(f"make_bundle: {folder} exists and is not a bundle made before; "
                     "name a new or empty folder")
        shutil.rmtree(folder)


def make_bundle(host, output, leave_out):
    if shutil.which("patchelf") is None:
        sys.exit("make_bundle: patchelf is needed (apt install patchelf; scripts/install-deps)")
    stdlib = sysconfig.get_path("stdlib")
    dynload = os.path.join(sysconfig.get_path("platstdlib"), "lib-dynload")
    tests = output + "-tests"
    for folder, mark in ((output, os.path.join("bin", "pyhost")),
                         (tests, os.path.join("lib", f"python{VERSION}"))):
        replace_folder(folder, mark)
    lib = os.path.join(output, "lib")
    stdlib_copy = os.path.join(lib, f"python{VERSION}")
    os.makedirs(os.path.join(output, "bin"))
    shutil.copy(host, os.path.join(output, "bin", "pyhost"))

    copy_stdlib(stdlib, stdlib_copy, set(leave_out))
    os.makedirs(os.path.join(stdlib_copy, "site-packages"), exist_ok=True)
    relocate_sysconfig_data(stdlib_copy)
    count, skipped = write_pack(stdlib_copy, os.path.join(stdlib_copy, "stdlib.pack"))

    extensions = []
    os.makedirs(os.path.join(stdlib_copy, "lib-dynload"))
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for name in sorted(os.listdir(dynload)):
        module = name.split(".", 1)[0]
        if not name.endswith(suffixes) or module in leave_out:
            continue
        is_test = module.startswith(TEST_EXTENSIONS)
        root = tests if is_test else output
        target = os.path.join(root, "lib", f"python{VERSION}", "lib-dynload", name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(os.path.join(dynload, name), target)
        extensions.append(target)

    # The newest manylinux policy lists what every current Linux has: glibc and the C++ runtime.
    allowed = manylinux_policy.load_policies()[-1].libraries
    host_copy = os.path.join(output, "bin", "pyhost")
    libraries = needed_libraries([host_copy] + extensions, allowed)
    for soname, path in sorted(libraries.items()):
        target = os.path.join(lib, soname)
        shutil.copy(path, target)
        os.chmod(target, 0o755)
        set_runpath(target, "$ORIGIN")
    set_runpath(host_copy, "$ORIGIN/../lib")
    for extension in extensions:
        set_runpath(extension, "$ORIGIN/../..")

    wheels = sysconfig.get_config_var("WHEEL_PKG_DIR")
    carried_wheels = []
    if wheels and os.path.isdir(wheels):
        share = os.path.join(output, "share", "python-wheels")
        os.makedirs(share)
        for name in sorted(os.listdir(wheels)):
            if name.endswith(".whl"):
                shutil.copy(os.path.join(wheels, name), share)
                carried_wheels.append(name)

    test_package = os.path.join(stdlib, "test")
    if os.path.isdir(test_package):
        shutil.copytree(test_package, os.path.join(tests, "lib", f"python{VERSION}", "test"),
                        ignore=shutil.ignore_patterns("__pycache__"), symlinks=False)

    print(f"make_bundle: {output}: Python {sys.version.split()[0]}, {count} modules packed "
          f"({os.path.getsize(os.path.join(stdlib_copy, 'stdlib.pack')) // 1024} KiB), "
          f"{len([e for e in extensions if e.startswith(output + os.sep)])} extension modules, "
          f"{len(libraries)} libraries ({', '.join(sorted(libraries))}), "
          f"wheels: {', '.join(carried_wheels) or 'none'}")
    for note in skipped:
        print(f"make_bundle: left out, as it does not compile: {note}")
    if os.path.isdir(tests):
        print(f"make_bundle: {tests}: the test bundle (CPython's test package and test modules)")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", required=True, help="the pyhost executable to bundle")
    parser.add_argument("--output", required=True, help="the bundle's folder, made anew")
    parser.add_argument("--leave-out", action="append", default=[], metavar="NAME",
                        help="a module, package or extension module to leave out (repeatable)")
    args = parser.parse_args()
    if not os.access(args.host, os.X_OK) or os.path.isdir(args.host):
        parser.error(f"--host: not an executable: {args.host}")
    make_bundle(os.path.abspath(args.host), os.path.abspath(args.output), args.leave_out)


if __name__ == "__main__":
    main()
