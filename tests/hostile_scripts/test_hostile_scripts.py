"""Hostile scripts and hostile surroundings: pyhost against the reference python3.

Each case runs the same program under python3 and pyhost, in the same surroundings (stdout on
/dev/full, closed, or a pipe that `head -1` closes early; deep recursion; outputs of hundreds of
megabytes; source that cannot be decoded), and compares the exit status and what each wrote: the
error must be as clear as python3's, with the same status, and never a crash or a hang (every run
has a deadline). The programs use my_python_module where pyhost has it and an equivalent Python
function under python3, so that both print the same.

    PYTHONPATH=tests python3 tests/hostile_scripts/test_hostile_scripts.py \
        --host build/ci/app/pyhost --python /usr/bin/python3
"""
import hashlib
import os
import signal
import subprocess
import tempfile
import textwrap
import unittest

from support import options, settings
from support.environment import UTF8_LOCALE, clean_environment

TIMEOUT_SECONDS = 120

# Every program starts with this: the native functions, or the same functions in Python.
PRELUDE = textwrap.dedent("""\
    try:
        from my_python_module import sum_as_string, sum_list
    except ImportError:
        import math
        def sum_as_string(a, b):
            return str(a + b)
        def sum_list(values):
            values = list(values)
            return math.fsum(values) if any(isinstance(v, float) for v in values) else sum(values)
    """)


def environment(extra=None):
    """The runs' environment: this one without PYTHON* variables (the sanitizers' options stay)."""
    return clean_environment(extra={**UTF8_LOCALE, **(extra or {})}, inherit=True)


def normalise(data, binary):
    text = data.decode("utf-8", "surrogateescape")
    for path in sorted({os.path.abspath(binary), os.path.realpath(binary)}, key=len, reverse=True):
        text = text.replace(path, "<exe>")
    return text


class HostileTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        if not settings.HOST or not settings.REFERENCE:
            self.fail("--host and --python are both needed")
        directory = tempfile.TemporaryDirectory(prefix="pyhost-hostile-")
        self.addCleanup(directory.cleanup)
        self.directory = os.path.realpath(directory.name)

    def script(self, source, name="script.py"):
        """A script file, the same for both runs; `source` is bytes or text."""
        directory = os.fsencode(self.directory) if isinstance(name, bytes) else self.directory
        path = os.path.join(directory, name)
        with open(path, "wb") as file:
            file.write(source if isinstance(source, bytes) else
                       (PRELUDE + textwrap.dedent(source)).encode())
        return path

    def run_both(self, run):
        """run(binary) -> (status, stdout, stderr) for each binary; returns both outcomes after
        checking that neither crashed."""
        outcomes = {}
        for label, binary in (("python3", settings.REFERENCE), ("pyhost", settings.HOST)):
            status, stdout, stderr = run(binary)
            self.assertFalse(status < 0 and status != -signal.SIGPIPE,
                             f"{label} was killed by signal {-status}: {stderr[-2000:]!r}")
            outcomes[label] = (status, normalise(stdout, binary), normalise(stderr, binary))
        return outcomes["python3"], outcomes["pyhost"]

    def assertSameAsPython(self, run):
        reference, host = self.run_both(run)
        self.assertEqual(host, reference)
        return host

    def run_with(self, args, *, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                 stderr=subprocess.PIPE, input=None, env=None):
        def run(binary):
            completed = subprocess.run([binary, *args], stdin=stdin if input is None else None,
                                       stdout=stdout, stderr=stderr, input=input,
                                       env=environment(env), cwd=self.directory,
                                       timeout=TIMEOUT_SECONDS)
            return completed.returncode, completed.stdout or b"", completed.stderr or b""
        return run


class FullAndClosedStreamsTest(HostileTestCase):
    PRINTING = """
        print(sum_as_string(2**64 - 1, 1))
        print(sum_list([0.1] * 10))
        """

    def test_stdout_on_dev_full_is_an_oserror_at_exit_with_status_120(self):
        script = self.script(self.PRINTING)
        with open("/dev/full", "wb") as full:
            host = self.assertSameAsPython(self.run_with([script], stdout=full))
        self.assertEqual(host[0], 120)
        self.assertIn("No space left on device", host[2])

    def test_unbuffered_stdout_on_dev_full_is_an_uncaught_oserror(self):
        script = self.script(self.PRINTING)
        with open("/dev/full", "wb") as full:
            host = self.assertSameAsPython(self.run_with(["-u", script], stdout=full))
        self.assertEqual(host[0], 1)

    def test_a_flush_to_dev_full_inside_the_program_raises_where_it_is_called(self):
        script = self.script("""
            import sys
            print(sum_as_string(1, 2))
            try:
                sys.stdout.flush()
            except OSError as error:
                sys.stderr.write(f"caught {error.errno}\\n")
                sys.stdout = None
            """)
        with open("/dev/full", "wb") as full:
            host = self.assertSameAsPython(self.run_with([script], stdout=full))
        self.assertEqual(host[0], 0)
        self.assertIn("caught 28", host[2])

    def test_a_closed_stdout_makes_print_do_nothing(self):
        script = self.script(self.PRINTING + "import sys; assert sys.stdout is None\n")
        host = self.assertSameAsPython(self.closed_fd_run([script], 1))
        self.assertEqual(host[0], 0)

    def test_a_closed_stderr_hides_the_traceback_but_keeps_the_status(self):
        script = self.script("sum_list([1, None])\n")
        host = self.assertSameAsPython(self.closed_fd_run([script], 2))
        self.assertEqual(host[0], 1)

    def test_input_from_a_closed_stdin_is_a_runtime_error(self):
        script = self.script("input()\n")
        host = self.assertSameAsPython(self.closed_fd_run([script], 0))
        self.assertEqual(host[0], 1)
        self.assertIn("lost sys.stdin", host[2])

    def closed_fd_run(self, args, fd):
        """Runs with file descriptor `fd` closed, as the shell's `>&-` does."""
        def run(binary):
            wrapper = f"exec {fd}>&-; exec \"$0\" \"$@\""
            completed = subprocess.run(["/bin/sh", "-c", wrapper, binary, *args],
                                       stdin=subprocess.DEVNULL if fd != 0 else None,
                                       stdout=subprocess.PIPE if fd != 1 else None,
                                       stderr=subprocess.PIPE if fd != 2 else None,
                                       env=environment(), cwd=self.directory,
                                       timeout=TIMEOUT_SECONDS)
            return completed.returncode, completed.stdout or b"", completed.stderr or b""
        return run


class BrokenPipeTest(HostileTestCase):
    def pipe_to_head(self, args):
        """`binary args | head -1`: the exit status of the binary and what it wrote to stderr."""
        def run(binary):
            writer = subprocess.Popen([binary, *args], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                      env=environment(), cwd=self.directory)
            head = subprocess.Popen(["head", "-1"], stdin=writer.stdout, stdout=subprocess.PIPE)
            writer.stdout.close()
            first_line = head.communicate(timeout=TIMEOUT_SECONDS)[0]
            try:
                stderr = writer.communicate(timeout=TIMEOUT_SECONDS)[1]
            except subprocess.TimeoutExpired:
                writer.kill()
                raise
            return writer.returncode, first_line, stderr
        return run

    def test_printing_into_a_pipe_that_head_closed_is_a_broken_pipe_error(self):
        script = self.script("""
            for i in range(10**6):
                print(sum_as_string(i, i))
            """)
        host = self.assertSameAsPython(self.pipe_to_head([script]))
        self.assertEqual(host[1], "0\n")
        self.assertIn("BrokenPipeError", host[2])

    def test_a_program_that_handles_the_broken_pipe_as_the_docs_advise_exits_quietly(self):
        # https://docs.python.org/3/library/signal.html#note-on-sigpipe
        script = self.script("""
            import os, sys
            try:
                for i in range(10**6):
                    print(sum_list([i, i]))
                sys.stdout.flush()
            except BrokenPipeError:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                sys.exit(1)
            """)
        host = self.assertSameAsPython(self.pipe_to_head([script]))
        self.assertEqual((host[0], host[2]), (1, ""))

    def test_sigpipe_restored_to_default_ends_the_process_by_that_signal(self):
        script = self.script("""
            import signal
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            while True:
                print(sum_as_string(1, 2))
            """)
        host = self.assertSameAsPython(self.pipe_to_head([script]))
        self.assertEqual(host[0], -signal.SIGPIPE)


class DeepRecursionTest(HostileTestCase):
    def test_unbounded_python_recursion_is_a_recursion_error(self):
        script = self.script("""
            def down(n):
                return down(n + 1) + 1
            down(0)
            """)
        host = self.assertSameAsPython(self.run_with([script]))
        self.assertEqual(host[0], 1)
        self.assertIn("RecursionError: maximum recursion depth exceeded", host[2])

    def test_recursion_through_a_native_call_is_a_recursion_error_not_a_crash(self):
        # __index__ calls the native function that calls __index__: the C stack grows with the
        # Python one, and CPython's recursion limit must stop both.
        for call in ["sum_as_string(self, 1)", "sum_list([self])"]:
            with self.subTest(call=call):
                script = self.script(f"""
                    import sys
                    class Deep:
                        def __index__(self):
                            return int({call})
                    try:
                        sum_as_string(Deep(), 1)
                    except RecursionError:
                        print("RecursionError")
                    print(sum_as_string(2, 3))
                    """)
                status, stdout, stderr = self.run_with([script])(settings.HOST)
                self.assertEqual((status, stdout, stderr), (0, b"RecursionError\n5\n", b""))

    def test_a_deeply_nested_list_is_refused_without_recursing(self):
        script = self.script("""
            import sys
            nested = []
            for _ in range(100_000):
                nested = [nested]
            try:
                sum_list(nested)
            except TypeError:
                print("TypeError")
            try:
                repr(nested)
            except RecursionError:
                print("RecursionError")
            """)
        status, stdout, stderr = self.run_with([script])(settings.HOST)
        self.assertEqual((status, stdout, stderr), (0, b"TypeError\nRecursionError\n", b""))
        self.assertSameAsPython(self.run_with([script]))


class HugeOutputTest(HostileTestCase):
    def digest_run(self, args, stream):
        """Runs reading `stream` (1 or 2) fully; returns its length and digest instead of it."""
        def run(binary):
            completed = subprocess.run([binary, *args], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=environment(), cwd=self.directory,
                                       timeout=TIMEOUT_SECONDS)
            data = completed.stdout if stream == 1 else completed.stderr
            other = completed.stderr if stream == 1 else completed.stdout
            summary = f"{len(data)} {hashlib.sha256(data).hexdigest()}".encode()
            return completed.returncode, summary, other
        return run

    def test_hundreds_of_megabytes_written_at_once_arrive_whole(self):
        script = self.script("""
            import sys
            sys.stdout.write(sum_as_string(2**63, 2**63) * 10_000_000)
            """)
        host = self.assertSameAsPython(self.digest_run([script], 1))
        self.assertEqual(host[1].split()[0], "200000000")

    def test_millions_of_printed_native_results_arrive_in_order(self):
        script = self.script("""
            for i in range(2_000_000):
                print(sum_as_string(i, 2**63), sum_list([i, 0.5]))
            """)
        self.assertSameAsPython(self.digest_run([script], 1))

    def test_a_huge_traceback_message_reaches_stderr_whole(self):
        script = self.script("""
            raise ValueError(sum_as_string(1, 1) * 50_000_000)
            """)
        host = self.assertSameAsPython(self.digest_run([script], 2))
        self.assertEqual(host[0], 1)

    def test_huge_output_to_dev_null_completes(self):
        script = self.script("""
            import sys
            for _ in range(100):
                sys.stdout.write("x" * 10_000_000)
            print(sum_as_string(1, 2), file=sys.stderr)
            """)
        with open(os.devnull, "wb") as null:
            host = self.assertSameAsPython(self.run_with([script], stdout=null))
        self.assertEqual((host[0], host[2]), (0, "3\n"))


class UndecodableSourceTest(HostileTestCase):
    def test_a_script_that_is_not_utf8_is_a_syntax_error(self):
        script = self.script(b"print('\xff')\n")
        host = self.assertSameAsPython(self.run_with([script]))
        self.assertEqual(host[0], 1)
        self.assertIn("SyntaxError: Non-UTF-8 code", host[2])

    def test_undecodable_source_on_stdin_is_a_syntax_error(self):
        host = self.assertSameAsPython(self.run_with([], input=b"print('\xff\xfe')\n"))
        self.assertEqual(host[0], 1)

    def test_an_unknown_coding_declaration_is_a_syntax_error(self):
        script = self.script(b"# -*- coding: klingon -*-\nprint(1)\n")
        host = self.assertSameAsPython(self.run_with([script]))
        self.assertIn("SyntaxError: encoding problem: klingon", host[2])

    def test_a_bom_beside_another_declared_coding_is_a_syntax_error(self):
        script = self.script(b"\xef\xbb\xbf# coding: latin-1\nprint(1)\n")
        self.assertSameAsPython(self.run_with([script]))

    def test_source_with_a_nul_byte_runs_as_under_python3(self):
        # 3.11's tokenizer skips a NUL; 3.12 makes it a SyntaxError. Either way, as python3 does.
        script = self.script(b"print(1)\n\x00\nprint(2)\n")
        self.assertSameAsPython(self.run_with([script]))

    def test_a_latin1_declaration_decodes_the_same_bytes(self):
        script = self.script(b"# coding: latin-1\nprint(ascii('\xff'))\n")
        host = self.assertSameAsPython(self.run_with([script]))
        self.assertEqual(host[:2], (0, "'\\xff'\n"))

    def test_undecodable_bytes_in_a_command_are_a_syntax_error(self):
        host = self.assertSameAsPython(self.run_with([b"-c", b"print('\xff')"]))
        self.assertEqual(host[0], 1)

    def test_a_script_with_an_undecodable_name_runs(self):
        path = self.script(b"import sys; print(ascii(sys.argv[0][-4:]))\n", name=b"\xff.py")
        host = self.assertSameAsPython(self.run_with([path]))
        self.assertEqual(host[0], 0)

    def test_printing_text_that_stdout_cannot_encode_is_a_unicode_encode_error(self):
        script = self.script("print(sum_as_string(1, 2) + '\\xe9')\n")
        host = self.assertSameAsPython(
            self.run_with([script], env={"PYTHONIOENCODING": "ascii"}))
        self.assertEqual(host[0], 1)
        self.assertIn("UnicodeEncodeError", host[2])


if __name__ == "__main__":
    options.main(__doc__, required=("host", "python"))
