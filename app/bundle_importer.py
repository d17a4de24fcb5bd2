"""The importer of a pyhost bundle's packed standard library (scripts/make_bundle.py).

The host freezes only what CPython imports while it starts (the encodings package), and then calls
install(): from there, the packed modules are found where python3 finds the standard library, at
its entry in sys.path, so that a module of the same name earlier in sys.path (a script's own
uuid.py) comes first, as in python3. Each module's spec, __file__ and loader are those of a source
file in the bundle, as in python3; only the code comes from the pack, compiled ahead of time, so
that no .pyc is opened or checked.

The bundle carries this file compiled in its pack as _pyhost_bundle_importer, so that starting
costs no compilation.
"""
import _imp
import sys

# importlib.machinery's classes, from the module that importlib itself loads them from: it is
# always loaded, so that this costs nothing at start-up.
import _frozen_importlib_external as _external


def install(stdlib_dir, kind_of, code_of):
    """Puts the pack's path hook first in sys.path_hooks.

    stdlib_dir is the standard library's entry in sys.path; kind_of(name) says "module",
    "package" or None for a name; code_of(name) gives a packed module's code object."""

    class PackedSourceLoader(_external.SourceFileLoader):
        """The loader of a source file whose code is already compiled in the pack."""

        def get_code(self, fullname):
            code = code_of(fullname)
            # Code is compiled with the name "<frozen NAME>"; the traceback shows the source file's
            # lines once it names that file. _fix_co_filename is what importlib applies to every
            # .pyc it loads, and tests/bundle checks that stdlib frames show their source lines.
            _imp._fix_co_filename(code, self.path)
            return code

    class PackFinder:
        """Finds packed modules in one directory of the standard library, the top level or a
        package's, and anything else there (a module that is not packed) as python3 would."""

        def __init__(self, path):
            self.path = path
            self.files = None

        def find_spec(self, fullname, target=None):
            kind = kind_of(fullname)
            parent, _, name = fullname.rpartition(".")
            directory = stdlib_dir + "/" + parent.replace(".", "/") if parent else stdlib_dir
            if kind is None or directory != self.path:
                files = self.file_finder()
                return files.find_spec(fullname, target) if files is not None else None
            if kind == "package":
                location = directory + "/" + name
                path = location + "/__init__.py"
                return _external.spec_from_file_location(
                    fullname, path, loader=PackedSourceLoader(fullname, path),
                    submodule_search_locations=[location])
            path = directory + "/" + name + ".py"
            return _external.spec_from_file_location(
                fullname, path, loader=PackedSourceLoader(fullname, path),
                submodule_search_locations=None)

        def file_finder(self):
            # The finder that the other hooks give this directory (FileFinder), made on first use.
            if self.files is None:
                for hook in sys.path_hooks:
                    if hook is not pack_hook:
                        try:
                            self.files = hook(self.path)
                            break
                        except ImportError:
                            continue
            return self.files

        def invalidate_caches(self):
            if self.files is not None:
                self.files.invalidate_caches()

    def pack_hook(path):
        # The top level and the packed packages' directories; lib-dynload and the rest are not.
        if path != stdlib_dir and not (
                path.startswith(stdlib_dir + "/") and
                kind_of(path[len(stdlib_dir) + 1:].replace("/", ".")) == "package"):
            raise ImportError("not a directory of the bundle's packed standard library",
                              path=path)
        return PackFinder(path)

    sys.path_hooks.insert(0, pack_hook)
    # Finders cached while CPython started were made without the hook.
    for path in list(sys.path_importer_cache):
        if path == stdlib_dir or path.startswith(stdlib_dir + "/"):
            del sys.path_importer_cache[path]
