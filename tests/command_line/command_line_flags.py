"""The command-line tests about interpreter options: flags alone, repeated, combined in clusters
or glued to their values, what sys.executable and sys.orig_argv show, and python 2's options.

FlagTest runs each case under both binaries (command_line_comparison.CommandLineTestCase).
"""

from support import settings
from support.differential import EXE

from command_line_comparison import CommandLineTestCase


def counted_flag_twice():
    """What sys.flags shows for -dd or -ii: a count up to 3.12; 3.13 shows 1 whatever the count."""
    return 2 if settings.REFERENCE_VERSION < (3, 13) else 1


class FlagTest(CommandLineTestCase):
    """Combined and glued flags, sys.executable and sys.orig_argv, and legacy options."""

    # Combined and glued flags -------------------------------------------------------------------

    def test_sys_flags_in_full_by_default(self):
        self.assertSameAsPython(["-c", "import sys; print(repr(sys.flags)); print(tuple(sys.flags))"],
                                returncode=0)

    def test_sys_flags_in_full_under_IB(self):
        self.write("script.py", "import sys\nprint(repr(sys.flags))\nprint(tuple(sys.flags))\n"
                                "print(sys.path[0])\n")
        self.assertSameAsPython(["-IB", "script.py"], returncode=0)

    def test_sys_flags_in_full_under_IEPs_with_c(self):
        self.assertSameAsPython(
            ["-IEPs", "-c", "import sys; print(repr(sys.flags)); print(sys.path[0])"],
            returncode=0)

    def test_sys_flags_in_full_under_many_separate_flags(self):
        self.assertSameAsPython(
            ["-b", "-B", "-d", "-E", "-O", "-q", "-R", "-s", "-S", "-u",
             "-c", "import sys; print(repr(sys.flags)); print('site' in sys.modules)"],
            returncode=0)

    def test_sys_flags_in_full_under_one_big_cluster(self):
        self.assertSameAsPython(
            ["-bBdEOqRsSu", "-c", "import sys; print(tuple(sys.flags))"], returncode=0)

    def test_bb_turns_bytes_warnings_into_errors(self):
        self.assertSameAsPython(
            ["-bb", "-c", "import sys; print(sys.flags.bytes_warning); str(b'x')"],
            returncode=1, stdout="2\n")

    def test_b_once_only_warns_about_bytes(self):
        self.assertSameAsPython(["-b", "-c", "print(b'x' == 'x')"], returncode=0,
                                stdout="False\n")

    def test_OO_strips_asserts_and_docstrings(self):
        self.assertSameAsPython(
            ["-OO", "-c",
             "import sys\ndef f():\n    'doc'\nassert False\n"
             "print(sys.flags.optimize, __debug__, f.__doc__)"],
            returncode=0, stdout="2 False None\n")

    def test_O_given_twice_counts_as_OO(self):
        self.assertSameAsPython(["-O", "-O", "-c", "import sys; print(sys.flags.optimize)"],
                                returncode=0, stdout="2\n")

    def test_d_given_twice_counts_twice_in_sys_flags(self):
        self.assertSameAsPython(["-dd", "-c", "import sys; print(sys.flags.debug)"],
                                returncode=0, stdout=f"{counted_flag_twice()}\n")

    def test_i_given_twice_counts_twice_in_sys_flags(self):
        self.assertSameAsPython(
            ["-ii", "-c", "import sys; print(sys.flags.inspect, sys.flags.interactive)"],
            stdin="", returncode=0,
            stdout=f"{counted_flag_twice()} {counted_flag_twice()}\n")

    def test_glued_Werror_turns_a_warning_into_an_error(self):
        self.assertSameAsPython(
            ["-Werror", "-c",
             "import sys, warnings; print(sys.warnoptions); warnings.warn('boom')"],
            returncode=1, stdout="['error']\n")

    def test_glued_W_with_a_category_filters_that_category(self):
        self.assertSameAsPython(
            ["-Wignore::DeprecationWarning", "-W", "error::UserWarning", "-c",
             "import sys, warnings\nprint(sys.warnoptions)\n"
             "warnings.warn('quiet', DeprecationWarning)\nwarnings.warn('loud')"],
            returncode=1)

    def test_W_glued_in_a_flag_cluster_takes_the_rest_of_the_cluster(self):
        self.assertSameAsPython(
            ["-bWerror", "-c", "import sys; print(sys.warnoptions, sys.flags.bytes_warning)"],
            returncode=0, stdout="['error', 'default::BytesWarning'] 1\n")

    def test_a_warning_is_printed_to_stderr_by_default(self):
        self.assertSameAsPython(["-c", "import warnings\nwarnings.warn('careful')\nprint('after')"],
                                returncode=0, stdout="after\n")

    def test_glued_Xutf8_enables_utf8_mode(self):
        self.assertSameAsPython(
            ["-Xutf8", "-c", "import sys; print(sys.flags.utf8_mode, sys._xoptions)"],
            returncode=0, stdout="1 {'utf8': True}\n")

    def test_X_dev_enables_development_mode(self):
        self.assertSameAsPython(
            ["-X", "dev", "-c",
             "import sys, faulthandler, warnings\n"
             "print(sys.flags.dev_mode, sys._xoptions, faulthandler.is_enabled())\n"
             "print(warnings.filters[:3])"],
            returncode=0)

    def test_X_int_max_str_digits_sets_the_limit(self):
        self.assertSameAsPython(
            ["-X", "int_max_str_digits=1000", "-c",
             "import sys; print(sys.flags.int_max_str_digits); str(10**1001)"],
            returncode=1, stdout="1000\n")

    def test_X_int_max_str_digits_below_the_minimum_is_a_fatal_error(self):
        self.assertSameAsPython(["-X", "int_max_str_digits=5", "-c", "print('ran')"],
                                returncode=1, stdout="")

    def test_several_X_options_are_kept_in_order_in_xoptions(self):
        self.assertSameAsPython(
            ["-X", "custom=value", "-Xflag", "-X", "another=1", "-c",
             "import sys; print(sys._xoptions)"],
            returncode=0)

    def test_check_hash_based_pycs_given_twice_takes_the_last_mode(self):
        self.assertSameAsPython(
            ["--check-hash-based-pycs", "always", "--check-hash-based-pycs", "never", "-c",
             "import _imp; print(_imp.check_hash_based_pycs)"],
            returncode=0, stdout="never\n")

    def test_check_hash_based_pycs_with_a_valid_mode_runs(self):
        self.assertSameAsPython(
            ["--check-hash-based-pycs", "always", "-c", "import _imp; print(_imp.check_hash_based_pycs)"],
            returncode=0, stdout="always\n")

    # sys.executable and sys.orig_argv -----------------------------------------------------------

    def test_sys_executable_is_the_binary_itself(self):
        self.assertSameAsPython(
            ["-c", "import os, sys; print(os.path.samefile(sys.executable, sys.argv[1]))", EXE],
            returncode=0, stdout="True\n")

    def test_sys_executable_is_the_binary_itself_under_isolated_mode(self):
        self.assertSameAsPython(
            ["-I", "-c", "import os, sys; print(os.path.samefile(sys.executable, sys.argv[1]))",
             EXE],
            returncode=0, stdout="True\n")

    def test_sys_orig_argv_is_the_command_line_as_given(self):
        self.assertSameAsPython(
            ["-Bc", "import sys; print(sys.orig_argv[1:], sys.orig_argv[0] == sys.argv[1])",
             EXE, "-v"],
            returncode=0)

    def test_sys_orig_argv_keeps_glued_options_and_double_dash(self):
        self.write("script.py", "import sys; print(sys.orig_argv[1:], sys.argv)\n")
        self.assertSameAsPython(["-Wignore", "-X", "dev", "-OO", "--", "script.py", "-c"],
                                returncode=0,
                                stdout="['-Wignore', '-X', 'dev', '-OO', '--', 'script.py', '-c'] "
                                       "['script.py', '-c']\n")

    # Legacy options -----------------------------------------------------------------------------

    def test_t_from_python_2_is_accepted_and_ignored(self):
        self.assertSameAsPython(["-t", "-c", "import sys; print(sys.argv, sys.orig_argv[1:])"],
                                returncode=0, stdout="['-c'] ['-t', '-c', 'import sys; "
                                                     "print(sys.argv, sys.orig_argv[1:])']\n")

    def test_tt_in_a_shebang_line_still_runs_the_script(self):
        self.write("script.py", "#!/usr/bin/python -tt\nimport sys; print(sys.argv)\n")
        self.assertSameAsPython(["-tt", "script.py", "a"], returncode=0,
                                stdout="['script.py', 'a']\n")

    def test_t_in_a_flag_cluster_is_ignored(self):
        self.assertSameAsPython(
            ["-Btc", "import sys; print(sys.flags.dont_write_bytecode)"], returncode=0,
            stdout="1\n")

    def test_other_python_2_options_are_usage_errors(self):
        for option in ("-3", "-Q", "-Qnew", "-U", "-p"):
            with self.subTest(option=option):
                self.assertSameAsPython([option, "-c", "print('ran')"], returncode=2, stdout="")
