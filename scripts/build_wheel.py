"""Packs a built extension module and its type stubs into a wheel, with the standard library only.

No PyPI here, and a binary wheel of one module needs no build backend: it is a zip file with the
module at its root and a .dist-info directory holding METADATA (core metadata 2.1), WHEEL and
RECORD, as the binary distribution format specifies
(https://packaging.python.org/en/latest/specifications/binary-distribution-format/). The wheel is
tagged for the Python that runs this script, which must be the one the extension was built for:
CMake runs it with the build's Python (`cmake --build <dir> --target wheel`).

The platform tag is the lowest manylinux_2_X that the extension's libraries and symbol versions
allow (manylinux_policy.py decides, as auditwheel would). Where no policy allows them, the wheel
stays linux_x86_64 and this script says why. The tag is known only once the extension is built,
so --name-file records the wheel's path for CMake and the tests. A build replaces the wheel it made
before, whatever that one's platform tag: dist/ then holds one wheel per Python, ready for twine.

The stubs go in as the stub-only package <module>-stubs/__init__.pyi (PEP 561): a single-file
module cannot carry a py.typed marker, and type checkers look for <module>-stubs beside it. The
--readme file (Markdown) becomes the long description that PyPI shows and `twine check` renders.

Usage:
  build_wheel.py --name my_python_module --version 0.1.0 --summary TEXT --readme README.md
                 --extension my_python_module.cpython-311-x86_64-linux-gnu.so
                 --stubs my_python_module.pyi --out-dir dist [--name-file wheel-name.txt]
"""
import argparse
import base64
import glob
import hashlib
import os
import re
import sys
import sysconfig
import tempfile
import time
import zipfile

import elf_dependencies
import manylinux_policy

# Zip entries get this time (or SOURCE_DATE_EPOCH's), so that the same inputs give the same wheel.
EARLIEST_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def python_tags():
    """The interpreter and ABI tags of the running CPython, e.g. ("cp311", "cp311"). The ABI comes
    from SOABI, so a debug build gets cp311d."""
    if sys.implementation.name != "cpython":
        raise SystemExit(f"build_wheel.py: wheels of CPython extensions need CPython, "
                         f"not {sys.implementation.name}")
    interpreter = f"cp{sys.version_info.major}{sys.version_info.minor}"
    soabi = sysconfig.get_config_var("SOABI") or ""
    match = re.fullmatch(r"cpython-(\d+[a-z]*)-.*", soabi)
    if not match:
        raise SystemExit(f"build_wheel.py: cannot derive the ABI tag from SOABI {soabi!r}")
    return interpreter, "cp" + match.group(1)


def platform_tags(extension_bytes):
    """The lowest manylinux tag (and its legacy alias) that the extension allows, else this
    platform's own tag."""
    platform = re.sub(r"[^A-Za-z0-9_]", "_", sysconfig.get_platform())
    if platform != manylinux_policy.FALLBACK_PLATFORM:
        print(f"build_wheel.py: warning: the manylinux table covers "
              f"{manylinux_policy.ARCHITECTURE} only, so the wheel stays {platform}",
              file=sys.stderr)
        return [platform]
    needs = elf_dependencies.dependencies(extension_bytes)
    tags, why = manylinux_policy.platform_tags([needs], manylinux_policy.load_policies())
    if tags == [platform]:
        print(f"build_wheel.py: warning: {why}", file=sys.stderr)
    else:
        print(f"build_wheel.py: {'.'.join(tags)}: {why}")
    return tags


def normalized(name):
    """The distribution name as wheel file names and .dist-info directories spell it."""
    return re.sub(r"[-_.]+", "_", name).lower()


def wheel_filename(name, version, platforms):
    interpreter, abi = python_tags()
    return f"{normalized(name)}-{version}-{interpreter}-{abi}-{'.'.join(platforms)}.whl"


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def metadata(name, version, summary, readme):
    """Core metadata 2.1, whose body is the long description (Markdown)."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return (f"Metadata-Version: 2.1\n"
            f"Name: {name}\n"
            f"Version: {version}\n"
            f"Summary: {summary}\n"
            f"Requires-Python: =={python}.*\n"
            f"Classifier: Operating System :: POSIX :: Linux\n"
            f"Classifier: Programming Language :: C++\n"
            f"Classifier: Programming Language :: Python :: {python}\n"
            f"Classifier: Programming Language :: Python :: Implementation :: CPython\n"
            f"Classifier: Typing :: Typed\n"
            f"Description-Content-Type: text/markdown; charset=UTF-8\n"
            f"\n{readme}")


def wheel_file(tags):
    return ("Wheel-Version: 1.0\n"
            "Generator: pyhost scripts/build_wheel.py\n"
            "Root-Is-Purelib: false\n"
            + "".join(f"Tag: {tag}\n" for tag in tags))


def zip_time():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return EARLIEST_ZIP_TIME
    return max(EARLIEST_ZIP_TIME, time.gmtime(int(epoch))[:6])


def write_zip(target, entries):
    """Writes (path, contents, permissions) entries beside the target, then renames the file over
    it: a build that stops half-way leaves no wheel."""
    out_dir = os.path.dirname(target)
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


def build(name, version, summary, readme, extension, stubs, out_dir):
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
    with open(readme, encoding="utf-8") as file:
        description = file.read()
    platforms = platform_tags(extension_bytes)
    interpreter, abi = python_tags()
    tags = [f"{interpreter}-{abi}-{platform}" for platform in platforms]
    dist_info = f"{normalized(name)}-{version}.dist-info"
    # (path in the wheel, contents, permissions); RECORD comes last, listing everything before it.
    entries = [
        (os.path.basename(extension), extension_bytes, 0o755),
        (f"{module}-stubs/__init__.pyi", stub_bytes, 0o644),
        (f"{dist_info}/METADATA",
         metadata(name, version, summary, description).encode("utf-8"), 0o644),
        (f"{dist_info}/WHEEL", wheel_file(tags).encode("utf-8"), 0o644),
    ]
    record = "".join(f"{path},{record_hash(data)},{len(data)}\n" for path, data, _ in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode("utf-8"), 0o644))

    os.makedirs(out_dir, exist_ok=True)
    target = os.path.abspath(os.path.join(out_dir, wheel_filename(name, version, platforms)))
    write_zip(target, entries)
    # A wheel of the same Python under another platform tag is this build's older output.
    pattern = f"{normalized(name)}-{version}-{interpreter}-{abi}-*.whl"
    for stale in glob.glob(os.path.join(glob.escape(os.path.dirname(target)), pattern)):
        if stale != target:
            os.unlink(stale)
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", required=True, help="the distribution's name")
    parser.add_argument("--version", required=True, help="its version, e.g. 0.1.0")
    parser.add_argument("--summary", default="", help="a one-line description")
    parser.add_argument("--readme", required=True, help="the long description, in Markdown")
    parser.add_argument("--extension", required=True, help="the built extension module")
    parser.add_argument("--stubs", required=True, help="the module's .pyi stub file")
    parser.add_argument("--out-dir", default="dist", help="where to write the wheel")
    parser.add_argument("--name-file", help="a file to write the wheel's path into")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", args.name):
        parser.error(f"--name {args.name!r} is not a valid distribution name")
    if not re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", args.version):
        parser.error(f"--version {args.version!r} is not a PEP 440 public version")
    if "\n" in args.summary:
        parser.error("--summary must be one line")
    target = build(args.name, args.version, args.summary, args.readme, args.extension, args.stubs,
                   args.out_dir)
    if args.name_file:
        with open(args.name_file, "w", encoding="utf-8") as file:
            file.write(target + "\n")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
