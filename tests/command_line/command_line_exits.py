"""The command-line tests about how a run ends: exit statuses from SystemExit, sys.exit and
uncaught exceptions, and what happens at shutdown (atexit, threads, flushing).

ExitTest runs each case under both binaries (command_line_comparison.CommandLineTestCase).
"""

from command_line_comparison import CommandLineTestCase


class ExitTest(CommandLineTestCase):
    """Exit statuses and shutdown."""

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
