"""The spec files of the native functions (support/native_functions/<name>.py) against
my_python_module, its stubs and its core tests.

A new native function takes five touches: its algorithm in core/, one binding line in
module/bindings.cpp, its stub line in python/my_python_module.pyi, its spec file and its core
test under tests/core. A touch left out fails a test here, and the failure names the function and
the touch. The algorithm is the exception: without it the binding does not compile.

Run inside pyhost, or under python3 with the extension module on PYTHONPATH:

    PYTHONPATH=tests pyhost tests/native_functions/test_registry.py [unittest options]
"""
import ast
import fnmatch
import os
import re
import unittest

import my_python_module
from support import SOURCE_DIRECTORY as SOURCE_DIR
from support.native_functions import FUNCTIONS, SPEC_FOLDER, SPEC_NAMES, spec_file

STUBS = "python/my_python_module.pyi"
BINDINGS = "module/bindings.cpp"
CORE_TESTS_BUILD = "tests/core/CMakeLists.txt"


def module_functions():
    """The public callables of my_python_module."""
    return {name for name in dir(my_python_module)
            if not name.startswith("_") and callable(getattr(my_python_module, name))}


def stub_functions():
    """The functions that the stub file defines at its top level, each @overload once. ast
    reads the file the same way on every supported Python, without mypy."""
    path = os.path.join(SOURCE_DIR, STUBS)
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read(), path)
    return {node.name for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def core_test_pattern():
    """The pattern of the core tests that test_core is built from, as tests/core/CMakeLists.txt
    globs them: a path from the source directory, such as tests/core/test_*.cpp."""
    with open(os.path.join(SOURCE_DIR, CORE_TESTS_BUILD), encoding="utf-8") as file:
        text = file.read()
    globbed = re.search(r"file\(GLOB _pyhost_core_tests CONFIGURE_DEPENDS "
                        r"\$\{CMAKE_CURRENT_SOURCE_DIR\}/(\S+)\)", text)
    return f"tests/core/{globbed[1]}" if globbed else None


class NativeFunctionRegistryTest(unittest.TestCase):
    def assertNoProblems(self, problems):
        if problems:
            self.fail("\n" + "\n".join(sorted(problems)))

    def test_every_function_of_the_module_has_a_spec_file(self):
        specified = {function.name for function in FUNCTIONS}
        self.assertNoProblems(
            [f"{name}: my_python_module has it, but {SPEC_FOLDER} has no {name}.py for it (its "
             f"cases, oracle and draw)" for name in module_functions() - specified])

    def test_every_spec_file_names_its_function_of_the_module(self):
        problems = [f"{name}: {spec_file(name)} specifies it, but my_python_module lacks it "
                    f"(its binding line in {BINDINGS})"
                    for name in sorted({function.name for function in FUNCTIONS} -
                                       module_functions())]
        problems += [f"{spec_file(file)} specifies {function.name}: a spec file is named after its "
                     f"function" for file, function in zip(SPEC_NAMES, FUNCTIONS)
                     if file != function.name]
        self.assertNoProblems(problems)

    def test_every_function_has_a_stub_line(self):
        stubs = stub_functions()
        functions = module_functions() | {function.name for function in FUNCTIONS}
        problems = [f"{name}: {STUBS} has no stub line for it" for name in functions - stubs]
        problems += [f"{name}: {STUBS} has a stub line for it, but my_python_module lacks it "
                     f"(its binding line in {BINDINGS})" for name in stubs - module_functions()]
        self.assertNoProblems(problems)

    def test_every_spec_names_core_tests_that_exist_and_are_built(self):
        pattern = core_test_pattern()
        problems = [] if pattern else [f"{CORE_TESTS_BUILD} globs no core tests"]
        for function in FUNCTIONS:
            if not function.core_tests:
                problems.append(f"{function.name}: {spec_file(function.name)} names no core test")
            for path in function.core_tests:
                if not path.startswith("tests/core/"):
                    problems.append(f"{function.name}: its core test {path} is not under "
                                    f"tests/core")
                elif not os.path.isfile(os.path.join(SOURCE_DIR, path)):
                    problems.append(f"{function.name}: its core test {path} does not exist")
                elif pattern and not fnmatch.fnmatchcase(path, pattern):
                    problems.append(f"{function.name}: its core test {path} is not built into "
                                    f"test_core, which {CORE_TESTS_BUILD} makes of {pattern}")
        self.assertNoProblems(problems)

    def test_every_spec_has_valid_and_invalid_cases_an_oracle_a_draw_and_fuzz_bytes(self):
        problems = []
        for function in FUNCTIONS:
            spec = spec_file(function.name)
            if not function.valid:
                problems.append(f"{function.name}: {spec} has no valid case")
            if not function.invalid:
                problems.append(f"{function.name}: {spec} has no invalid case")
            if not callable(function.oracle):
                problems.append(f"{function.name}: {spec} has no oracle")
            if not callable(function.draw):
                problems.append(f"{function.name}: {spec} has no draw")
            if not function.fuzz_bytes:
                problems.append(f"{function.name}: {spec} takes no first byte of the fuzz "
                                f"target's inputs (fuzz_bytes)")
            labels = [case.label for case in function.valid + function.invalid]
            problems += [f"{function.name}: two of its cases are labelled {label!r}"
                         for label in sorted(set(labels)) if labels.count(label) > 1]
        self.assertNoProblems(problems)

    def test_the_fuzz_bytes_of_all_functions_take_each_remainder_once(self):
        # The fuzz target's first byte, modulo their number, picks a function (tests/fuzz).
        taken = sorted(byte for function in FUNCTIONS for byte in function.fuzz_bytes)
        self.assertEqual(taken, list(range(len(taken))),
                         "the fuzz_bytes of the spec files must be 0, 1, 2... each once: "
                         + ", ".join(f"{function.name} {function.fuzz_bytes}" for function in FUNCTIONS))


if __name__ == "__main__":
    unittest.main()
