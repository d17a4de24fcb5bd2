"""Packs a built extension module and its type stubs into a wheel, with the standard library only.

No PyPI here, and a binary wheel of one module needs no build backend: it is a zip file with the
module at its root and a .dist-info directory holding METADATA (core metadata 2.1), WHEEL and
RECORD, as the binary distribution format specifies
(https://packaging.python.org/en/latest/specifications/binary-distribution-format/). The wheel is
tagged for the Python that runs this script, which must be the one the extension was built for:
CMake runs it with the build's Python (`cmake --build <dir> --target wheel`).

The stubs go in as the stub-only package <module>-stubs/__init__.pyi (PEP 561): a single-file
module cannot carry a py.typed marker, and type checkers look for <module>-stubs beside it.

Usage:
  build_wheel.py --name my_python_module --version 0.1.0 --summary TEXT
                 --extension my_python_module.cpython-311-x86_64-linux-gnu.so
                 --stubs my_python_module.pyi --out-dir dist
  build_wheel.py --name my_python_module --version 0.1.0 --print-filename
"""
import argparse
import base64
import hashlib
import os
import re
import sys
import sysconfig
import tempfile
import time
import zipfile

# Zip entries get this time (or SOURCE_DATE_EPOCH's), so that the same inputs give the same wheel.
EARLIEST_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def wheel_tag():
    """The most specific tag of the running CPython: interpreter, ABI and platform, e.g.
    cp311-cp311-linux_x86_64. The ABI comes from SOABI, so a debug build gets cp311d."""
    if sys.implementation.name != "cpython":
        raise SystemExit(f"build_wheel.py: wheels of CPython extensions need CPython, "
                         f"not {sys.implementation.name}")
    interpreter = f"cp{sys.version_info.major}{sys.version_info.minor}"
    soabi = sysconfig.get_config_var("SOABI") or ""
    match = re.fullmatch(r"cpython-(\d+[a-z]*)-.*", soabi)
    if not match:
        raise SystemExit(f"build_wheel.py: cannot derive the ABI tag from SOABI {soabi!r}")
    abi = "cp" + match.group(1)
    platform = re.sub(r"[^A-Za-z0-9_]", "_", sysconfig.get_platform())
    return f"{interpreter}-{abi}-{platform}"


def normalized(name):
    """The distribution name as wheel file names and .dist-info directories spell it."""
    return re.sub(r"[-_.]+", "_", name).lower()


def wheel_filename(name, version):
    return f"{normalized(name)}-{version}-{wheel_tag()}.whl"


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def metadata(name, version, summary):
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return (f"Metadata-Version: 2.1\n"
            f"Name: {name}\n"
            f"Version: {version}\n"
            f"Summary: {summary}\n"
            f"Requires-Python: =={python}.*\n"
            f"Classifier: Programming Language :: C++\n"
            f"Classifier: Programming Language :: Python :: {python}\n"
            f"Classifier: Programming Language :: Python :: Implementation :: CPython\n"
            f"Classifier: Typing :: Typed\n")


def wheel_file(tag):
    return ("Wheel-Version: 1.0\n"
            "Generator: pyhost scripts/build_wheel.py\n"
            "Root-Is-Purelib: false\n"
            f"Tag: {tag}\n")


def zip_time():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return EARLIEST_ZIP_TIME
    return max(EARLIEST_ZIP_TIME, time.gmtime(int(epoch))[:6])


def build(name, version, summary, extension, stubs, out_dir):
    module = os.path.basename(extension).split(".", 1)[0]
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if os.path.basename(extension) != module + suffix:
        raise SystemExit(f"build_wheel.py: {extension} is not an extension module of this Python "
                         f"({sys.executable}), whose modules end in {suffix}")
    if normalized(module) != normalized(name):
        raise SystemExit(f"build_wheel.py: the extension module {module} is not {name}")

    with open(extension, "rb") as file:
        extension_bytes = file.read()
    with open(stubs, "rb") as file:
        stub_bytes = file.read()
    dist_info = f"{normalized(name)}-{version}.dist-info"
    tag = wheel_tag()
    # (path in the wheel, contents, permissions); RECORD comes last, listing everything before it.
    entries = [
        (os.path.basename(extension), extension_bytes, 0o755),
        (f"{module}-stubs/__init__.pyi", stub_bytes, 0o644),
        (f"{dist_info}/METADATA", metadata(name, version, summary).encode("utf-8"), 0o644),
        (f"{dist_info}/WHEEL", wheel_file(tag).encode("utf-8"), 0o644),
    ]
    record = "".join(f"{path},{record_hash(data)},{len(data)}\n" for path, data, _ in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode("utf-8"), 0o644))

    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, wheel_filename(name, version))
    # Written beside the target and renamed over it: a build that stops half-way leaves no wheel.
    descriptor, temporary = tempfile.mkstemp(dir=out_dir, suffix=".whl.part")
    try:
        with os.fdopen(descriptor, "wb") as raw, zipfile.ZipFile(raw, "w") as wheel:
            for path, data, mode in entries:
                info = zipfile.ZipInfo(path, date_time=zip_time())
                info.external_attr = (0o100000 | mode) << 16  # a regular file with these modes
                info.compress_type = zipfile.ZIP_DEFLATED
                wheel.writestr(info, data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's file is private; a wheel is not
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", required=True, help="the distribution's name")
    parser.add_argument("--version", required=True, help="its version, e.g. 0.1.0")
    parser.add_argument("--summary", default="", help="a one-line description")
    parser.add_argument("--extension", help="the built extension module")
    parser.add_argument("--stubs", help="the module's .pyi stub file")
    parser.add_argument("--out-dir", default="dist", help="where to write the wheel")
    parser.add_argument("--print-filename", action="store_true",
                        help="only print the wheel's file name, for this Python")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", args.name):
        parser.error(f"--name {args.name!r} is not a valid distribution name")
    if not re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", args.version):
        parser.error(f"--version {args.version!r} is not a PEP 440 public version")
    if "\n" in args.summary:
        parser.error("--summary must be one line")
    if args.print_filename:
        print(wheel_filename(args.name, args.version))
        return 0
    if not args.extension or not args.stubs:
        parser.error("--extension and --stubs are required to build the wheel")
    print(build(args.name, args.version, args.summary, args.extension, args.stubs, args.out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
