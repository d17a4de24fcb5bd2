"""The command-line tests about PYTHON* environment variables: each one honoured or ignored (-E,
-I), the options and variables that only some Python versions know (with their -X twins), and the
variables python reads in its pre-configuration, before its command line.

EnvironmentTest runs each case under both binaries (command_line_comparison.CommandLineTestCase).
"""

import os

from support import settings

from command_line_comparison import CommandLineTestCase


class EnvironmentTest(CommandLineTestCase):
    """PYTHON* variables, the options of each version, and what python checks first."""

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
                                stdout="2\n" if settings.REFERENCE_VERSION >= (3, 13) else None)

    def test_X_cpu_count_with_a_bad_value_is_fatal_where_python_knows_it(self):
        self.assertSameAsPython(["-X", "cpu_count=bogus", "-c", "print('ran')"],
                                returncode=1 if settings.REFERENCE_VERSION >= (3, 13) else 0)

    def test_PYTHON_CPU_COUNT_with_a_bad_value_is_fatal_where_python_knows_it(self):
        self.assertSameAsPython(["-c", "print('ran')"], env={"PYTHON_CPU_COUNT": "bogus"},
                                returncode=1 if settings.REFERENCE_VERSION >= (3, 13) else 0)

    def test_X_perf_and_PYTHONPERFSUPPORT_turn_on_the_perf_trampoline_where_python_has_it(self):
        code = ("import sys\n"
                "print(sys._xoptions, getattr(sys, 'is_stack_trampoline_active', None) and "
                "sys.is_stack_trampoline_active())")
        self.assertSameAsPython(["-X", "perf", "-c", code], returncode=0)
        self.assertSameAsPython(["-c", code], env={"PYTHONPERFSUPPORT": "1"}, returncode=0)

    def test_X_gil_is_refused_by_a_build_with_the_gil_where_python_knows_it(self):
        self.assertSameAsPython(["-X", "gil=0", "-c", "import sys; print(sys._xoptions)"],
                                returncode=1 if settings.REFERENCE_VERSION >= (3, 13) else 0)

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
