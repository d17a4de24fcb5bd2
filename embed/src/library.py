"""The Python half of pyhost's embedding library: what reads more plainly in Python than in C.

Compiled into the library (library_source.hpp.in) and run once per interpreter start into a
module of its own, which sys.modules does not list. The C++ side calls these functions with
Python's lock held; nothing here runs the application's code, so no frame of this module appears
in the traceback of a run.
"""

import importlib.util
import io
import linecache
import sys
import traceback


class Cancelled(BaseException):
    """Raised in a run that its limits end (pyhost/limits.hpp). A BaseException, as
    KeyboardInterrupt is: `except Exception:` lets it through, and `finally` blocks run.

    `raised` counts the instances made, one for each time the exception was raised and either
    caught or reported: the library tells from it whether a run caught one and carried on."""

    raised = 0

    def __init__(self, *args):
        super().__init__(*args)
        Cancelled.raised += 1


Cancelled.__module__ = "pyhost"


class _Sink(io.RawIOBase):
    """The raw stream under a captured sys.stdout or sys.stderr: each write goes to the
    application's sink at once, through `write`, a native function that returns the number of
    bytes it took, and raises ValueError once its run has ended."""

    def __init__(self, write, name):
        super().__init__()
        self._write = write
        self.name = name

    def writable(self):
        return True

    def write(self, data):
        return self._write(data)


def captured_stream(write, name):
    """A text stream for sys.stdout or sys.stderr whose every write reaches `write` unbuffered.
    UTF-8 with surrogateescape: the bytes of a str that came from undecodable bytes (sys.argv,
    file names, os.environ) go out as those bytes, as python's own streams write them."""
    return io.TextIOWrapper(_Sink(write, name), encoding="utf-8", errors="surrogateescape",
                            line_buffering=False, write_through=True)


def remember_source(name, source):
    """Keeps the source of a run in linecache under its name, so that its traceback shows its
    lines (python -c does the same from 3.13), and returns the entry. The mtime None keeps
    checkcache() from dropping it."""
    entry = linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    return entry


def missing_module(name):
    """The message of the ModuleNotFoundError for a module that `python -m name` would not find,
    or None. Other failures (a package without __main__, a relative name) are left to runpy,
    which reports them as python -m does."""
    if name.startswith("."):
        return None
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError as error:
        return str(error)
    except Exception:
        return None
    return None if spec is not None else f"No module named {name!r}"


def threads_left(before):
    """The threads that run now and whose idents are not in `before`, but this one: their names,
    with " (daemon)" after a daemon thread's."""
    threading = sys.modules.get("threading")
    if threading is None:
        return []
    current = threading.get_ident()
    return [thread.name + (" (daemon)" if thread.daemon else "")
            for ident, thread in list(threading._active.items())
            if ident not in before and ident != current and thread.is_alive()]


def type_name(cls):
    """An exception class's name as traceback prints it: qualified by its module, except for
    builtins and __main__."""
    if cls.__module__ in ("builtins", "__main__"):
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def describe(error):
    """(type name, message, traceback) of an exception, as traceback prints them."""
    try:
        message = str(error)
    except BaseException:
        message = "<exception str() failed>"
    return type_name(type(error)), message, "".join(traceback.format_exception(error))
