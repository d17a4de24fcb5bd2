"""The command-line tests about -V, help and usage errors: the version, the help topics word for
word, the usage errors, and python's getopt quirk by quirk.

HelpAndUsageTest runs each case under both binaries (command_line_comparison.CommandLineTestCase).
"""

from command_line_comparison import CommandLineTestCase

# The first line of python's help, after the normalisation of the binary's path.
USAGE_LINE = "usage: <exe> [option] ... [-c cmd | -m mod | file | -] [arg] ..."


class HelpAndUsageTest(CommandLineTestCase):
    """Version and help, usage errors, help topics, and python's getopt quirks."""

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

    # python's getopt, quirk by quirk (found by support/command_line_fuzzer) ---------------

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
