"""Every case of every spec (support/native_functions/<name>.py) against my_python_module. A valid
case gives what its function's oracle works out from a fresh copy of its arguments: the same
type, and for a float the same bits. An invalid case raises its exception, of exactly that type.

Run inside pyhost, under python3 with the extension module on PYTHONPATH, and against the module
installed from the wheel (tests/packaging):

    PYTHONPATH=tests pyhost tests/native_functions/test_cases.py [unittest options]
"""
import reprlib
import unittest

import my_python_module
from support.native_functions import FUNCTIONS
from support.oracles import same_outcome


class NativeFunctionCaseTest(unittest.TestCase):
    def test_valid_cases_give_what_the_oracle_works_out(self):
        for function in FUNCTIONS:
            native = getattr(my_python_module, function.name)
            for case in function.valid:
                with self.subTest(function=function.name, case=case.label):
                    # The oracle gets arguments of its own: a call may consume them.
                    args, kwargs = case.arguments()
                    expected = function.oracle(*args, **kwargs)
                    self.assertIsNotNone(expected, "the oracle leaves the outcome open")
                    self.assertNotIsInstance(expected, BaseException,
                                             "the oracle expects an exception: an invalid case")
                    args, kwargs = case.arguments()
                    actual = native(*args, **kwargs)
                    self.assertTrue(same_outcome(actual, expected), f"gave {reprlib.repr(actual)}, "
                                    f"expected {reprlib.repr(expected)}")

    def test_invalid_cases_raise_their_exception(self):
        for function in FUNCTIONS:
            native = getattr(my_python_module, function.name)
            for case in function.invalid:
                with self.subTest(function=function.name, case=case.label):
                    args, kwargs = case.arguments()
                    with self.assertRaises(case.raises) as caught:
                        native(*args, **kwargs)
                    self.assertIs(type(caught.exception), case.raises, caught.exception)


if __name__ == "__main__":
    unittest.main()
