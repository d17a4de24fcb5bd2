"""Differential end-to-end tests of pyhost's command line against the reference `python3`.

Each test runs one command line under both the reference Python and pyhost, in the same fresh
directory holding the same fixture files, with the same controlled environment, and compares
(exit status, stdout, stderr). The only normalisations are the path of the binary itself, which
becomes `<exe>`, and the program name in the "Try `python -h'" hint of a usage error.

    python3 tests/e2e/test_command_line.py --host build/dev/app/pyhost --python /usr/bin/python3

--host and --python default to the environment variables PYHOST and PYHOST_REFERENCE_PYTHON.
Any other argument goes to unittest (e.g. -v, -k pattern).
"""

import argparse
import os
import sys
import tempfile
import unittest

from differential import EXE, Workspace, python_version

# Set by main() from the command line.
HOST = None
REFERENCE = None
# The reference's (major, minor) version, for the cases whose outcome differs between versions.
REFERENCE_VERSION = None
# What sys.flags shows for -dd or -ii: a count up to 3.12; 3.13 shows 1 whatever the count.
COUNTED_FLAG_TWICE = None

# The first line of python's help, after the normalisation of the binary's path.
USAGE_LINE = "usage: <exe> [option] ... [-c cmd | -m mod | file | -] [arg] ..."


class CommandLineTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        if not HOST or not REFERENCE:
            self.fail("both --host and --python (or PYHOST and PYHOST_REFERENCE_PYTHON) are needed")
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-e2e-")
        self.addCleanup(temporary.cleanup)
        # The runs' working directory (differential.Workspace), with the fixture files below.
        self.workspace = Workspace(temporary.name)
        self.cwd = self.workspace.cwd
        self.write = self.workspace.write
        self.mkdir = self.workspace.mkdir
        self.write_zip = self.workspace.write_zip

    # Running ------------------------------------------------------------------------------------

    def run_binary(self, binary, args, *, stdin=None, env=None, is_host):
        return self.workspace.run(binary, args, stdin=stdin, env=env, is_host=is_host)

    def run_both(self, args, *, stdin=None, env=None):
        expected = self.run_binary(REFERENCE, args, stdin=stdin, env=env, is_host=False)
        actual = self.run_binary(HOST, args, stdin=stdin, env=env, is_host=True)
        return expected, actual

    def assertSameAsPython(self, args, *, stdin=None, env=None, returncode=None, stdout=None):
        """Runs `args` under both binaries and compares (status, stdout, stderr).

        `returncode` and `stdout`, when given, are what the reference must produce: a check that
        the case exercises what it means to, before pyhost is compared with it.
        """
        expected, actual = self.run_both(args, stdin=stdin, env=env)
        shown = " ".join(repr(arg) if arg is not EXE else "<exe>" for arg in args)
        if env:
            shown = " ".join(f"{k}={v}" for k, v in env.items()) + " <exe> " + shown
        else:
            shown = "<exe> " + shown
        if returncode is not None:
            self.assertEqual(expected.returncode, returncode,
                             f"reference python: unexpected status for {shown}: {expected}")
        if stdout is not None:
            self.assertEqual(expected.stdout, stdout,
                             f"reference python: unexpected stdout for {shown}: {expected}")
        # Plain tuples, so that a failure shows a diff of all three items.
        self.assertEqual(tuple(expected), tuple(actual),
                         f"pyhost differs from python ('-' lines: python, '+' lines: pyhost) "
                         f"for: {shown}")
        return expected

    # Scripts ------------------------------------------------------------------------------------

    def test_a_script_sees_its_argv_file_name_and_path_0(self):
        script = self.write("script.py", """\
            import sys
            print(sys.argv)
            print(__file__)
            print(__name__)
            print(sys.path[0])
            """)
        self.assertSameAsPython(["script.py", "a", "-v", "--x", "-c", "b"], returncode=0,
                                stdout=f"['script.py', 'a', '-v', '--x', '-c', 'b']\n{script}\n"
                                       f"__main__\n{self.cwd}\n")

    def test_a_script_in_a_subdirectory_has_that_directory_as_path_0(self):
        self.write("sub/script.py", "import sys; print(sys.argv[0], sys.path[0], __file__)\n")
        self.assertSameAsPython(["sub/script.py", "x"], returncode=0)

    def test_a_script_named_by_absolute_path_runs_with_options_before_it(self):
        script = self.write("script.py", """\
            import sys
            print(sys.argv, sys.flags.dont_write_bytecode, sys.flags.no_user_site)
            """)
        self.assertSameAsPython(["-B", "-s", script, "arg"], returncode=0)

    def test_double_dash_before_a_script_name_ends_the_options(self):
        self.write("script.py", "import sys; print(sys.argv, sys.orig_argv[1:])\n")
        self.assertSameAsPython(["--", "script.py", "-c", "x", "--"], returncode=0,
                                stdout="['script.py', '-c', 'x', '--'] "
                                       "['--', 'script.py', '-c', 'x', '--']\n")

    def test_double_dash_allows_a_script_whose_name_starts_with_a_dash(self):
        self.write("-dash.py", "import sys; print(sys.argv, __file__)\n")
        self.assertSameAsPython(["--", "-dash.py", "a"], returncode=0)

    def test_a_script_reads_the_standard_input_it_is_given(self):
        self.write("script.py", "import sys; print(repr(sys.stdin.read()), sys.argv)\n")
        self.assertSameAsPython(["script.py"], stdin="line 1\nline 2\n", returncode=0)

    def test_a_missing_script_exits_with_status_2_and_the_cant_open_message(self):
        self.assertSameAsPython(["missing.py", "arg"], returncode=2, stdout="")

    def test_a_directory_with_main_runs_it_with_the_directory_as_path_0(self):
        self.write("appdir/helper.py", "VALUE = 'helper from the directory'\n")
        self.write("appdir/__main__.py", """\
            import sys
            import helper
            print(sys.argv, __name__, __file__, sys.path[0], helper.VALUE)
            """)
        self.assertSameAsPython(["appdir", "a", "-b"], returncode=0)

    def test_a_directory_without_main_is_an_error(self):
        self.mkdir("emptydir")
        self.assertSameAsPython(["emptydir"], returncode=1, stdout="")

    def test_a_zip_file_with_main_runs_it(self):
        self.write_zip("app.zip", {
            "__main__.py": """\
                import sys
                import inzip
                print(sys.argv, __name__, __file__, sys.path[0], inzip.WHERE)
                """,
            "inzip.py": "WHERE = 'imported from the zip'\n",
        })
        self.assertSameAsPython(["app.zip", "x", "-y"], returncode=0)

    def test_a_zip_file_without_main_is_an_error(self):
        self.write_zip("nomain.zip", {"other.py": "pass\n"})
        self.assertSameAsPython(["nomain.zip"], returncode=1, stdout="")

    # -c -----------------------------------------------------------------------------------------

    def test_c_passes_arguments_that_look_like_options_to_the_program(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(sys.argv)", "-v", "x", "-E", "--help", "-c", "y"],
            returncode=0, stdout="['-c', '-v', 'x', '-E', '--help', '-c', 'y']\n")

    def test_c_program_has_an_empty_path_0_and_no_file(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(repr(sys.path[0]), __name__, '__file__' in globals())"],
            returncode=0, stdout="'' __main__ False\n")

    def test_c_glued_to_its_code_runs_it(self):
        self.assertSameAsPython(["-cimport sys; print(sys.argv)", "arg"], returncode=0,
                                stdout="['-c', 'arg']\n")

    def test_c_at_the_end_of_a_flag_cluster_takes_the_next_argument(self):
        self.assertSameAsPython(
            ["-Bc", "import sys; print(sys.argv, sys.flags.dont_write_bytecode)", "-B"],
            returncode=0, stdout="['-c', '-B'] 1\n")

    def test_c_program_spanning_several_lines_runs(self):
        self.assertSameAsPython(["-c", "for i in range(3):\n    print(i)\nprint('done')"],
                                returncode=0, stdout="0\n1\n2\ndone\n")

    def test_an_empty_c_program_exits_with_status_0(self):
        self.assertSameAsPython(["-c", ""], returncode=0, stdout="")

    def test_double_dash_after_c_code_is_an_argument_of_the_program(self):
        self.assertSameAsPython(["-c", "import sys; print(sys.argv)", "--", "-x"], returncode=0,
                                stdout="['-c', '--', '-x']\n")

    def test_non_ascii_and_undecodable_arguments_reach_argv_and_orig_argv(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(ascii(sys.argv), ascii(sys.orig_argv[1:]))",
             "h\u00e9llo", b"raw\xffbyte"],
            returncode=0)

    # -m -----------------------------------------------------------------------------------------

    def test_m_runs_a_module_as_main_with_its_arguments(self):
        self.write("mod.py", """\
            import sys
            print(sys.argv, __name__, __file__, sys.path[0])
            """)
        self.assertSameAsPython(["-m", "mod", "a", "-c", "b", "-m", "x"], returncode=0)

    def test_m_glued_to_the_module_name_runs_it(self):
        self.write("mod.py", "import sys; print(sys.argv[1:], __name__)\n")
        self.assertSameAsPython(["-mmod", "-x"], returncode=0, stdout="['-x'] __main__\n")

    def test_m_runs_the_main_of_a_package(self):
        self.write("pkg/__init__.py", "print('pkg init', __name__)\n")
        self.write("pkg/__main__.py", """\
            import sys
            print(sys.argv, __name__, __package__, __spec__.name)
            """)
        self.assertSameAsPython(["-m", "pkg", "arg"], returncode=0)

    def test_m_with_a_package_without_main_is_an_error(self):
        self.write("nomainpkg/__init__.py", "")
        self.assertSameAsPython(["-m", "nomainpkg"], returncode=1, stdout="")

    def test_m_with_a_nonexistent_module_is_an_error(self):
        self.assertSameAsPython(["-m", "no_such_module_for_pyhost_tests"], returncode=1,
                                stdout="")

    def test_m_runs_a_standard_library_module_reading_stdin(self):
        self.assertSameAsPython(["-m", "json.tool", "--sort-keys"], stdin='{"b": 1, "a": [2]}',
                                returncode=0)

    def test_m_under_isolated_mode_does_not_find_modules_in_the_working_directory(self):
        self.write("mod.py", "print('found')\n")
        self.assertSameAsPython(["-I", "-m", "mod"], returncode=1, stdout="")

    def test_uncaught_exception_under_m_shows_runpy_frames(self):
        self.write("failing.py", "def f():\n    raise ValueError('from module')\nf()\n")
        self.assertSameAsPython(["-m", "failing"], returncode=1, stdout="")

    # Standard input -----------------------------------------------------------------------------

    def test_a_piped_program_without_dash_runs_with_an_empty_argv_0(self):
        self.assertSameAsPython(
            [], stdin="import sys\nprint(sys.argv, repr(sys.path[0]), __name__)\n",
            returncode=0, stdout="[''] '' __main__\n")

    def test_a_piped_program_with_dash_and_arguments_sees_them(self):
        self.assertSameAsPython(
            ["-", "a", "-v", "--", "-c"], stdin="import sys\nprint(sys.argv)\n",
            returncode=0, stdout="['-', 'a', '-v', '--', '-c']\n")

    def test_a_piped_program_after_options_runs(self):
        self.assertSameAsPython(
            ["-B", "-O"], stdin="import sys\nprint(sys.flags.optimize, __debug__)\n",
            returncode=0, stdout="1 False\n")

    def test_a_piped_program_raising_shows_a_stdin_traceback(self):
        self.assertSameAsPython(["-"], stdin="x = 1\nraise RuntimeError('piped')\n",
                                returncode=1, stdout="")

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
                                returncode=0, stdout=f"{COUNTED_FLAG_TWICE}\n")

    def test_i_given_twice_counts_twice_in_sys_flags(self):
        self.assertSameAsPython(
            ["-ii", "-c", "import sys; print(sys.flags.inspect, sys.flags.interactive)"],
            stdin="", returncode=0, stdout=f"{COUNTED_FLAG_TWICE} {COUNTED_FLAG_TWICE}\n")

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

    # PYTHON* environment variables --------------------------------------------------------------

    def _pythonpath_env(self):
        self.write("extra/fromenv.py", "WHERE = 'imported through PYTHONPATH'\n")
        return {"PYTHONPATH": os.path.join(self.cwd, "extra")}

    def test_PYTHONPATH_is_honoured(self):
        env = self._pythonpath_env()
        self.assertSameAsPython(
            ["-c", "import sys, fromenv; print(sys.path[1], fromenv.WHERE)"],
            env=env, returncode=0)

    def test_PYTHONPATH_is_ignored_under_E(self):
        env = self._pythonpath_env()
        self.assertSameAsPython(["-E", "-c", "import fromenv"], env=env, returncode=1, stdout="")

    def test_PYTHONPATH_is_ignored_under_I(self):
        env = self._pythonpath_env()
        self.assertSameAsPython(["-I", "-c", "import fromenv"], env=env, returncode=1, stdout="")

    def test_PYTHONOPTIMIZE_is_honoured(self):
        self.assertSameAsPython(["-c", "import sys; print(sys.flags.optimize, __debug__)"],
                                env={"PYTHONOPTIMIZE": "2"}, returncode=0, stdout="2 False\n")

    def test_PYTHONOPTIMIZE_is_ignored_under_E(self):
        self.assertSameAsPython(["-E", "-c", "import sys; print(sys.flags.optimize, __debug__)"],
                                env={"PYTHONOPTIMIZE": "2"}, returncode=0, stdout="0 True\n")

    def test_PYTHONWARNINGS_is_honoured(self):
        self.assertSameAsPython(
            ["-c", "import sys, warnings; print(sys.warnoptions); warnings.warn('env')"],
            env={"PYTHONWARNINGS": "error"}, returncode=1, stdout="['error']\n")

    def test_PYTHONWARNINGS_come_before_W_options(self):
        self.assertSameAsPython(
            ["-W", "default", "-c", "import sys; print(sys.warnoptions)"],
            env={"PYTHONWARNINGS": "error,ignore::DeprecationWarning"}, returncode=0)

    def test_PYTHONWARNINGS_is_ignored_under_I(self):
        self.assertSameAsPython(
            ["-I", "-c", "import sys, warnings; print(sys.warnoptions); warnings.warn('env')"],
            env={"PYTHONWARNINGS": "error"}, returncode=0, stdout="[]\n")

    def test_PYTHONSAFEPATH_keeps_the_script_directory_out_of_sys_path(self):
        self.write("sub/script.py", "import sys; print(sys.flags.safe_path, sys.path[0])\n")
        self.assertSameAsPython(["sub/script.py"], env={"PYTHONSAFEPATH": "1"}, returncode=0)

    def test_PYTHONSAFEPATH_is_ignored_under_E(self):
        self.write("sub/script.py", "import sys; print(sys.flags.safe_path, sys.path[0])\n")
        self.assertSameAsPython(["-E", "sub/script.py"], env={"PYTHONSAFEPATH": "1"},
                                returncode=0,
                                stdout=f"False {os.path.join(self.cwd, 'sub')}\n")

    def test_PYTHONDONTWRITEBYTECODE_and_PYTHONUNBUFFERED_are_honoured(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(repr(sys.flags), sys.dont_write_bytecode)"],
            env={"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}, returncode=0)

    def test_PYTHONDONTWRITEBYTECODE_and_PYTHONUNBUFFERED_are_ignored_under_I(self):
        self.assertSameAsPython(
            ["-I", "-c", "import sys; print(repr(sys.flags), sys.dont_write_bytecode)"],
            env={"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}, returncode=0)

    def test_PYTHONHASHSEED_makes_str_hashes_reproducible(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(sys.flags.hash_randomization, hash('pyhost'))"],
            env={"PYTHONHASHSEED": "1234"}, returncode=0)

    def test_PYTHONIOENCODING_and_PYTHONUTF8_are_honoured(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(sys.stdout.encoding, sys.stdout.errors, sys.flags.utf8_mode)"],
            env={"PYTHONIOENCODING": "latin-1:replace", "PYTHONUTF8": "1"}, returncode=0,
            stdout="iso8859-1 replace 1\n")

    def test_PYTHONNOUSERSITE_and_PYTHONDEVMODE_are_honoured(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(sys.flags.no_user_site, sys.flags.dev_mode)"],
            env={"PYTHONNOUSERSITE": "1", "PYTHONDEVMODE": "1"}, returncode=0,
            stdout="1 True\n")

    # Exit statuses ------------------------------------------------------------------------------

    def test_SystemExit_with_an_int_exits_with_it_silently(self):
        self.assertSameAsPython(["-c", "print('out'); raise SystemExit(3)"], returncode=3,
                                stdout="out\n")

    def test_SystemExit_with_None_exits_with_status_0(self):
        self.assertSameAsPython(["-c", "raise SystemExit(None)"], returncode=0)

    def test_SystemExit_with_a_message_prints_it_and_exits_with_status_1(self):
        self.assertSameAsPython(["-c", "raise SystemExit('fatal: msg')"], returncode=1)

    def test_sys_exit_256_exits_with_the_low_byte(self):
        self.assertSameAsPython(["-c", "import sys; sys.exit(256)"], returncode=0)

    def test_sys_exit_minus_1_exits_with_255(self):
        self.assertSameAsPython(["-c", "import sys; sys.exit(-1)"], returncode=255)

    def test_sys_exit_with_a_list_prints_it(self):
        self.assertSameAsPython(["-c", "import sys; sys.exit([1, 'two'])"], returncode=1)

    def test_SystemExit_from_a_script_exits_with_its_status(self):
        self.write("script.py", "import sys\nprint('before')\nsys.exit(42)\nprint('after')\n")
        self.assertSameAsPython(["script.py"], returncode=42, stdout="before\n")

    def test_an_uncaught_exception_in_a_script_prints_a_traceback_and_exits_1(self):
        self.write("script.py", """\
            def inner():
                raise ValueError('bad value')

            def outer():
                try:
                    inner()
                except ValueError as error:
                    raise KeyError('chained') from error

            print('partial output')
            outer()
            """)
        self.assertSameAsPython(["script.py"], returncode=1, stdout="partial output\n")

    def test_an_uncaught_exception_in_c_prints_a_traceback_and_exits_1(self):
        self.assertSameAsPython(["-c", "x = 1\n1/0"], returncode=1, stdout="")

    def test_a_syntax_error_in_c_exits_1(self):
        self.assertSameAsPython(["-c", "print('a'"], returncode=1, stdout="")

    def test_a_syntax_error_in_a_file_exits_1(self):
        self.write("bad.py", "print('never')\ndef broken(:\n    pass\n")
        self.assertSameAsPython(["bad.py"], returncode=1, stdout="")

    def test_an_uncaught_KeyboardInterrupt_ends_the_process_by_SIGINT(self):
        self.assertSameAsPython(["-c", "print('before', flush=True)\nraise KeyboardInterrupt"],
                                returncode=-2, stdout="before\n")

    # Shutdown -----------------------------------------------------------------------------------

    def test_atexit_handlers_run_in_reverse_order_even_after_SystemExit(self):
        self.assertSameAsPython(
            ["-c", "import atexit, sys\n"
                   "atexit.register(print, 'first registered')\n"
                   "atexit.register(print, 'second registered')\n"
                   "sys.exit(5)"],
            returncode=5, stdout="second registered\nfirst registered\n")

    def test_an_exception_in_an_atexit_handler_is_reported(self):
        self.assertSameAsPython(
            ["-c", "import atexit\n"
                   "class Handler:\n"
                   "    def __call__(self):\n        raise RuntimeError('in handler')\n"
                   "    def __repr__(self):\n        return '<the handler>'\n"
                   "atexit.register(Handler())\nprint('main done')"],
            returncode=0, stdout="main done\n")

    def test_a_non_daemon_thread_is_joined_before_exit(self):
        self.assertSameAsPython(
            ["-c", "import threading, time\n"
                   "def work():\n    time.sleep(0.5)\n    print('thread finished', flush=True)\n"
                   "threading.Thread(target=work).start()\nprint('main finished')"],
            returncode=0, stdout="main finished\nthread finished\n")

    def test_output_without_a_newline_is_flushed_at_exit(self):
        self.assertSameAsPython(
            ["-c", "import sys; sys.stdout.write('no newline'); sys.stderr.write('err no newline')"],
            returncode=0, stdout="no newline")

    def test_output_without_a_newline_is_flushed_before_an_error_exit(self):
        self.assertSameAsPython(["-c", "print('partial', end=''); raise SystemExit(7)"],
                                returncode=7, stdout="partial")

    # -x and -i ----------------------------------------------------------------------------------

    def test_x_skips_the_first_line_of_the_script(self):
        self.write("script.py", "this line is not python\nprint('second line')\n"
                                "raise ValueError('third line')\n")
        self.assertSameAsPython(["-x", "script.py"], returncode=1, stdout="second line\n")

    def test_i_with_c_then_reads_statements_from_a_non_terminal_stdin(self):
        self.assertSameAsPython(["-i", "-c", "x = 1"], stdin="print(x)\nx + 41\n", returncode=0)

    def test_i_continues_after_an_exception_in_the_program(self):
        self.assertSameAsPython(["-i", "-c", "1/0"], stdin="print('still here')\n",
                                returncode=0)

    def test_i_with_a_script_then_reads_stdin(self):
        self.write("script.py", "import sys\nvalue = sys.argv[1]\n")
        self.assertSameAsPython(["-i", "script.py", "given"], stdin="print(value)\n",
                                returncode=0)

    # Version and help ---------------------------------------------------------------------------

    def test_V_prints_the_version(self):
        self.assertSameAsPython(["-V"], returncode=0)

    def test_VV_prints_the_full_version(self):
        self.assertSameAsPython(["-VV"], returncode=0)

    def test_version_long_option_prints_the_version(self):
        self.assertSameAsPython(["--version"], returncode=0)

    def test_V_given_twice_prints_the_full_version(self):
        self.assertSameAsPython(["-V", "--version"], returncode=0)

    def test_V_ignores_a_program_after_it(self):
        self.assertSameAsPython(["-V", "-c", "print('not run')"], returncode=0)

    def _assert_help(self, args):
        expected, actual = self.run_both(args)

        def summary(outcome):
            first_line = outcome.stdout.splitlines()[0] if outcome.stdout else ""
            return (outcome.returncode, "usage" in first_line)

        self.assertEqual(summary(expected), (0, True), f"reference python: {expected}")
        self.assertEqual(summary(expected), summary(actual),
                         f"pyhost differs from python for {args}: {actual}")

    def test_h_exits_with_status_0_and_a_usage_line(self):
        self._assert_help(["-h"])

    def test_help_long_option_exits_with_status_0_and_a_usage_line(self):
        self._assert_help(["--help"])

    def test_h_before_an_unknown_option_still_prints_help(self):
        self._assert_help(["-h", "-z"])

    # Usage errors -------------------------------------------------------------------------------

    def test_unknown_short_option_is_a_usage_error(self):
        self.assertSameAsPython(["-z"], returncode=2, stdout="")

    def test_unknown_option_in_a_cluster_is_a_usage_error(self):
        self.assertSameAsPython(["-Ez", "-c", "print('not run')"], returncode=2, stdout="")

    def test_unknown_long_option_is_a_usage_error(self):
        self.assertSameAsPython(["--unknown-option"], returncode=2, stdout="")

    def test_unknown_option_before_h_is_a_usage_error(self):
        self.assertSameAsPython(["-z", "-h"], returncode=2, stdout="")

    def test_unknown_long_option_before_help_is_a_usage_error(self):
        self.assertSameAsPython(["--unknown-option", "--help"], returncode=2, stdout="")

    def test_long_option_with_three_dashes_is_a_usage_error(self):
        self.assertSameAsPython(["---x"], returncode=2, stdout="")

    def test_long_option_glued_to_its_value_with_equals_is_a_usage_error(self):
        self.assertSameAsPython(["--check-hash-based-pycs=always", "-c", "print('not run')"],
                                returncode=2, stdout="")

    def test_version_long_option_with_a_value_is_a_usage_error(self):
        self.assertSameAsPython(["--version=1"], returncode=2, stdout="")

    def test_J_is_reserved_for_jython(self):
        self.assertSameAsPython(["-J"], returncode=2, stdout="")

    def test_c_without_its_argument_is_a_usage_error(self):
        self.assertSameAsPython(["-c"], returncode=2, stdout="")

    def test_m_without_its_argument_is_a_usage_error(self):
        self.assertSameAsPython(["-m"], returncode=2, stdout="")

    def test_W_without_its_argument_is_a_usage_error(self):
        self.assertSameAsPython(["-W"], returncode=2, stdout="")

    def test_X_without_its_argument_is_a_usage_error(self):
        self.assertSameAsPython(["-X"], returncode=2, stdout="")

    def test_c_at_the_end_of_a_cluster_without_argument_is_a_usage_error(self):
        self.assertSameAsPython(["-Bc"], returncode=2, stdout="")

    def test_check_hash_based_pycs_with_a_bogus_mode_is_a_usage_error(self):
        self.assertSameAsPython(["--check-hash-based-pycs", "bogus", "-c", "pass"],
                                returncode=2, stdout="")

    def test_check_hash_based_pycs_without_its_argument_is_a_usage_error(self):
        self.assertSameAsPython(["--check-hash-based-pycs"], returncode=2, stdout="")


    # Help topics, word for word --------------------------------------------------------------

    def _assert_help_topic(self, args, first_line):
        expected = self.assertSameAsPython(args, returncode=0)
        self.assertEqual(expected.stdout.splitlines()[0], first_line,
                         f"reference python: unexpected help for {args}")
        self.assertEqual(expected.stderr, "", f"reference python: unexpected stderr for {args}")

    def test_help_is_pythons_own_text(self):
        self._assert_help_topic(["--help"], USAGE_LINE)

    def test_h_and_question_mark_print_the_same_help(self):
        self._assert_help_topic(["-h"], USAGE_LINE)
        self._assert_help_topic(["-?"], USAGE_LINE)

    def test_help_env_is_pythons_own_text(self):
        self._assert_help_topic(["--help-env"], "Environment variables that change behavior:")

    def test_help_xoptions_is_pythons_own_text(self):
        self._assert_help_topic(["--help-xoptions"],
                                "The following implementation-specific options are available:")

    def test_help_all_is_pythons_own_text(self):
        self._assert_help_topic(["--help-all"], USAGE_LINE)

    def test_help_after_other_options_ignores_what_follows_it(self):
        self._assert_help_topic(["-E", "-X", "dev", "--help", "-z", "--bogus"], USAGE_LINE)

    def test_help_env_given_after_help_xoptions_prints_the_first_topic(self):
        self._assert_help_topic(["--help-xoptions", "--help-env"],
                                "The following implementation-specific options are available:")

    def test_help_in_a_flag_cluster_prints_the_help(self):
        self._assert_help_topic(["-Bh"], USAGE_LINE)

    # Options and variables of each version --------------------------------------------------
    # Each case runs under every Python: where a version does not know the option or variable,
    # python3 ignores it or keeps it in sys._xoptions, and pyhost must do the same.

    def test_X_cpu_count_overrides_os_cpu_count_where_python_knows_it(self):
        self.assertSameAsPython(
            ["-X", "cpu_count=3", "-c", "import os, sys; print(os.cpu_count(), sys._xoptions)"],
            returncode=0)

    def test_PYTHON_CPU_COUNT_overrides_os_cpu_count_where_python_knows_it(self):
        self.assertSameAsPython(["-c", "import os; print(os.cpu_count())"],
                                env={"PYTHON_CPU_COUNT": "2"}, returncode=0,
                                stdout="2\n" if REFERENCE_VERSION >= (3, 13) else None)

    def test_X_cpu_count_with_a_bad_value_is_fatal_where_python_knows_it(self):
        self.assertSameAsPython(["-X", "cpu_count=bogus", "-c", "print('ran')"],
                                returncode=1 if REFERENCE_VERSION >= (3, 13) else 0)

    def test_PYTHON_CPU_COUNT_with_a_bad_value_is_fatal_where_python_knows_it(self):
        self.assertSameAsPython(["-c", "print('ran')"], env={"PYTHON_CPU_COUNT": "bogus"},
                                returncode=1 if REFERENCE_VERSION >= (3, 13) else 0)

    def test_X_perf_and_PYTHONPERFSUPPORT_turn_on_the_perf_trampoline_where_python_has_it(self):
        code = ("import sys\n"
                "print(sys._xoptions, getattr(sys, 'is_stack_trampoline_active', None) and "
                "sys.is_stack_trampoline_active())")
        self.assertSameAsPython(["-X", "perf", "-c", code], returncode=0)
        self.assertSameAsPython(["-c", code], env={"PYTHONPERFSUPPORT": "1"}, returncode=0)

    def test_X_gil_is_refused_by_a_build_with_the_gil_where_python_knows_it(self):
        self.assertSameAsPython(["-X", "gil=0", "-c", "import sys; print(sys._xoptions)"],
                                returncode=1 if REFERENCE_VERSION >= (3, 13) else 0)

    def test_PYTHON_FROZEN_MODULES_chooses_frozen_modules_where_python_knows_it(self):
        self.assertSameAsPython(["-c", "import os; print(os.__spec__.origin)"],
                                env={"PYTHON_FROZEN_MODULES": "off"}, returncode=0)

    def test_X_frozen_modules_chooses_frozen_modules(self):
        self.assertSameAsPython(["-X", "frozen_modules=off", "-c",
                                 "import os; print(os.__spec__.origin)"], returncode=0)

    def test_X_frozen_modules_with_a_bad_value_is_fatal(self):
        self.assertSameAsPython(["-X", "frozen_modules=bogus", "-c", "print('ran')"],
                                returncode=1, stdout="")

    def test_PYTHON_COLORS_colours_a_traceback_where_python_knows_it(self):
        self.assertSameAsPython(["-c", "1/0"], env={"PYTHON_COLORS": "1"}, returncode=1)

    def test_PYTHON_BASIC_REPL_and_PYTHON_HISTORY_leave_a_piped_program_alone(self):
        self.assertSameAsPython(["-i", "-c", "x = 6 * 7"], stdin="print(x)\n",
                                env={"PYTHON_BASIC_REPL": "1",
                                     "PYTHON_HISTORY": os.path.join(self.cwd, "history")},
                                returncode=0)

    def test_X_tracemalloc_sets_the_traceback_limit(self):
        self.assertSameAsPython(
            ["-X", "tracemalloc=5", "-c",
             "import tracemalloc; print(tracemalloc.is_tracing(), "
             "tracemalloc.get_traceback_limit())"],
            returncode=0, stdout="True 5\n")

    def test_PYTHONTRACEMALLOC_with_a_bad_value_is_fatal(self):
        self.assertSameAsPython(["-c", "print('ran')"], env={"PYTHONTRACEMALLOC": "bogus"},
                                returncode=1, stdout="")

    def test_sys_flags_in_full_under_the_X_options_that_set_flags(self):
        self.assertSameAsPython(
            ["-X", "warn_default_encoding", "-X", "no_debug_ranges", "-X", "utf8=0",
             "-X", "int_max_str_digits=5000", "-X", "pycache_prefix=cache", "-c",
             "import sys; print(repr(sys.flags)); print(sys.pycache_prefix, sys._xoptions)"],
            returncode=0)

    def test_sys_flags_in_full_under_the_variables_that_set_flags(self):
        self.assertSameAsPython(
            ["-c", "import sys; print(repr(sys.flags)); print(sys.pycache_prefix)"],
            env={"PYTHONWARNDEFAULTENCODING": "1", "PYTHONNODEBUGRANGES": "1",
                 "PYTHONINTMAXSTRDIGITS": "6000", "PYTHONPYCACHEPREFIX": "cache",
                 "PYTHONVERBOSE": "", "PYTHONDEBUG": "1", "PYTHONINSPECT": ""},
            returncode=0)

    # python's getopt, quirk by quirk (found by tests/e2e/command_line_fuzzer.py) ---------------

    def test_an_unknown_non_ascii_option_is_named_by_the_low_byte_of_its_character(self):
        for option in ("-b\u00e9", "-\u4e2d", "--\u00e9", "--x\udcff"):
            with self.subTest(option=option):
                self.assertSameAsPython([option, "-c", "print('not run')"], returncode=2,
                                        stdout="")

    def test_a_dash_inside_a_cluster_starts_a_long_option(self):
        self.assertSameAsPython(["-b-help-env"], returncode=0)
        self.assertSameAsPython(["-b-check-hash-based-pycs", "never", "-c",
                                 "import _imp; print(_imp.check_hash_based_pycs)"],
                                returncode=0, stdout="never\n")
        self.assertSameAsPython(["-b-x", "-c", "print('not run')"], returncode=2, stdout="")

    def test_a_dash_ending_a_cluster_ends_the_options_after_a_notice(self):
        self.write("script.py", "import sys; print(sys.argv, sys.flags.bytes_warning)\n")
        self.assertSameAsPython(["-b-", "script.py", "-c"], returncode=0,
                                stdout="['script.py', '-c'] 1\n")
        self.assertSameAsPython(["-b-", "-c", "print('not run')"], returncode=2, stdout="")

    def test_help_in_a_cluster_is_obeyed_before_the_rest_of_the_cluster(self):
        self._assert_help_topic(["-hc"], USAGE_LINE)
        self._assert_help_topic(["-V", "-b?", "-z"], USAGE_LINE)

    def test_a_bad_hash_based_pycs_mode_is_reported_before_a_later_unknown_option(self):
        self.assertSameAsPython(["--check-hash-based-pycs", "bogus", "-z"], returncode=2,
                                stdout="")

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

    # What python checks first -------------------------------------------------------------------
    # python reads PYTHONMALLOC, PYTHONUTF8, -X utf8 (and -E, -I) in its pre-configuration,
    # before its command line: a bad value there is fatal before help, -V or a usage error.

    def test_a_bad_PYTHONMALLOC_is_fatal_before_V_prints_the_version(self):
        self.assertSameAsPython(["-V"], env={"PYTHONMALLOC": "bogus"}, returncode=1, stdout="")

    def test_a_bad_PYTHONMALLOC_is_fatal_before_a_usage_error(self):
        self.assertSameAsPython(["--bogus"], env={"PYTHONMALLOC": "bogus"}, returncode=1,
                                stdout="")

    def test_a_bad_PYTHONMALLOC_is_fatal_before_help(self):
        self.assertSameAsPython(["-h"], env={"PYTHONMALLOC": "bogus"}, returncode=1, stdout="")

    def test_a_bad_PYTHONMALLOC_is_ignored_under_E_and_I(self):
        for flag in ("-E", "-I"):
            with self.subTest(flag=flag):
                self.assertSameAsPython([flag, "-c", "print('ran')"],
                                        env={"PYTHONMALLOC": "bogus"}, returncode=0,
                                        stdout="ran\n")

    def test_a_bad_PYTHONMALLOC_is_fatal_when_E_belongs_to_the_program(self):
        self.assertSameAsPython(["-c", "print('ran')", "-E"], env={"PYTHONMALLOC": "bogus"},
                                returncode=1, stdout="")

    def test_a_valid_PYTHONMALLOC_runs(self):
        self.assertSameAsPython(["-c", "print('ran')"], env={"PYTHONMALLOC": "malloc"},
                                returncode=0, stdout="ran\n")

    def test_a_bad_PYTHONUTF8_is_fatal_before_V_and_usage_errors(self):
        for args in (["-V"], ["--bogus"], ["-z"]):
            with self.subTest(args=args):
                self.assertSameAsPython(args, env={"PYTHONUTF8": "x"}, returncode=1, stdout="")

    def test_a_bad_PYTHONUTF8_is_ignored_under_E(self):
        self.assertSameAsPython(["-E", "-V"], env={"PYTHONUTF8": "x"}, returncode=0)

    def test_a_bad_X_utf8_value_is_fatal_before_V_even_under_E(self):
        for args in (["-X", "utf8=x", "-V"], ["-E", "-Xutf8=2", "-z"]):
            with self.subTest(args=args):
                self.assertSameAsPython(args, returncode=1, stdout="")

    def test_a_bad_PYTHONHASHSEED_comes_after_V_and_usage_errors(self):
        self.assertSameAsPython(["-V"], env={"PYTHONHASHSEED": "bogus"}, returncode=0)
        self.assertSameAsPython(["-z"], env={"PYTHONHASHSEED": "bogus"}, returncode=2)
        self.assertSameAsPython(["-c", "print('ran')"], env={"PYTHONHASHSEED": "bogus"},
                                returncode=1, stdout="")

    def test_PYTHONCOERCECLOCALE_and_PYTHONDEVMODE_with_odd_values_run(self):
        self.assertSameAsPython(["-c", "import sys; print(sys.flags.dev_mode)"],
                                env={"PYTHONCOERCECLOCALE": "bogus", "PYTHONDEVMODE": "x"},
                                returncode=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], add_help=False)
    parser.add_argument("--host", default=os.environ.get("PYHOST"),
                        help="the pyhost binary (default: $PYHOST)")
    parser.add_argument("--python", default=os.environ.get("PYHOST_REFERENCE_PYTHON"),
                        help="the reference python (default: $PYHOST_REFERENCE_PYTHON)")
    options, remaining = parser.parse_known_args()
    if not options.host or not options.python:
        parser.error("--host and --python (or PYHOST and PYHOST_REFERENCE_PYTHON) are required")
    for binary in (options.host, options.python):
        if not os.access(binary, os.X_OK):
            parser.error(f"not an executable: {binary}")
    global HOST, REFERENCE, REFERENCE_VERSION, COUNTED_FLAG_TWICE
    HOST = os.path.abspath(options.host)
    REFERENCE = os.path.abspath(options.python)
    REFERENCE_VERSION = python_version(REFERENCE)
    COUNTED_FLAG_TWICE = 2 if REFERENCE_VERSION < (3, 13) else 1
    unittest.main(argv=[sys.argv[0]] + remaining)


if __name__ == "__main__":
    main()
