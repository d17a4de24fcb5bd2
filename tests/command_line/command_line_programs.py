"""The command-line tests about how the program is given: a script, a directory or zip file with
__main__, -c, -m, a program piped on standard input, and -x and -i around them.

ProgramTest runs each case under both binaries (command_line_comparison.CommandLineTestCase).
"""

from command_line_comparison import CommandLineTestCase


class ProgramTest(CommandLineTestCase):
    """Scripts, -c, -m, standard input, -x and -i."""

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
