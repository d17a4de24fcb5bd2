"""Every native function of my_python_module, each specified by one module of this package named
after it (sum_list.py, sum_as_string.py): its cases, its oracle and its random draw together, as
FUNCTION, a support.function_spec.NativeFunction. FUNCTIONS holds them all, found here by name
order, with no list to edit.

Each test that calls every function reads them here: the reference-leak loop and the cases test
(tests/native_functions), which the packaging test also runs against the installed wheel,
valgrind (tests/valgrind), the fuzz target (tests/fuzz) and the property tests.

A new function takes five touches: its algorithm in core/ (a header and a source), one binding
line in module/bindings.cpp, its stub line in python/my_python_module.pyi, its spec file here
and its core test under tests/core. tests/native_functions/test_registry.py names each touch left
out.
"""
import importlib
import pkgutil

# Where the spec files are, from the source directory, for the messages that name them.
SPEC_FOLDER = "tests/support/native_functions"


def spec_file(name):
    """The spec file of the function `name`, as a path from the source directory."""
    return f"{SPEC_FOLDER}/{name}.py"


def _discover():
    functions = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        function = getattr(module, "FUNCTION", None)
        if function is None:
            raise AttributeError(f"{spec_file(info.name)} defines no FUNCTION")
        functions.append(function)
    return tuple(functions)


FUNCTIONS = _discover()
# The names of the spec files, in the order of FUNCTIONS: each is named after its function.
SPEC_NAMES = tuple(sorted(info.name for info in pkgutil.iter_modules(__path__)))


def every_case(module):
    """(its name, the function, the case) for every case of every native function, the function
    looked up in `module`: the reference-leak loop and valgrind call them all, many times."""
    return [(f"{entry.name}: {case.label}", getattr(module, entry.name), case)
            for entry in FUNCTIONS for case in entry.valid + entry.invalid]


def call_many(function, make_arguments, calls, raises=None):
    """Calls `function` `calls` times, each time with fresh arguments. `raises`: the exception
    that an invalid case raises, and the loop lets pass."""
    expected = raises or ()
    for _ in range(calls):
        args, kwargs = make_arguments()
        try:
            function(*args, **kwargs)
        except expected:
            pass
