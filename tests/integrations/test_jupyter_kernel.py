"""pyhost as a Jupyter kernel: its kernelspec, Jupyter's own conformance suite, a notebook run
headless, and interrupt and restart from the client.

    PYTHONPATH=tests python3 tests/integrations/test_jupyter_kernel.py --host build/dev/app/pyhost --python /usr/bin/python3

The documented command, `pyhost -m ipykernel install --user --name pyhost`, installs the kernelspec
into a temporary JUPYTER_DATA_DIR, so the real ~/.local is never touched. The conformance suite is
jupyter_kernel_test's KernelTests, run against the kernel that this kernelspec names.

The range query of the history fails the suite's check with a plain python3 kernel too: IPython
answers a query about the current session from memory and labels that session 0, where the suite
expects the session's number. That check runs against a second kernelspec, for --python, and the
test asserts that both kernels give the same outcome (a differential check). In the suite's own
run, that subtest reports itself skipped.

An interrupt that arrives after execute_input but before the cell's code runs gets no reply at
all, from pyhost's kernel as from python3's: ipykernel catches the KeyboardInterrupt in its own
code and logs "KeyboardInterrupt caught in kernel". The interrupt test therefore waits until the
cell has printed a line before it interrupts the sleep.

The client side runs inside pyhost as well. Whether the test can run at all depends on what the
host imports, and the Python that runs this script (CMake's) need not have Jupyter. The test
reports itself skipped (status 77) only when the host cannot import ipykernel or
jupyter_kernel_test; any other problem fails it. Any argument after the options goes to unittest
(e.g. -v, -k pattern).
"""

import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

import support
from support import options, settings
from support.environment import clean_environment

from host_imports import missing_modules

# The packages whose absence makes the test a skip rather than a failure.
NEEDED_BY_THE_SUITE = ("ipykernel", "jupyter_kernel_test")
TIMEOUT_SECONDS = 60
PYHOST_KERNEL = "pyhost"
REFERENCE_KERNEL = "python3-reference"
# The variable that tells the copy of this script inside the host that the outer copy has
# prepared its environment.
INSIDE_VARIABLE = "PYHOST_JUPYTER_TEST_INSIDE"



def jupyter_environment(root):
    """The environment of the client and of every kernel: no PYTHON* variable, and every
    directory that Jupyter or IPython writes to inside the temporary root."""
    env = clean_environment(os.path.join(root, "home"))
    env.update(
        JUPYTER_DATA_DIR=os.path.join(root, "data"),
        JUPYTER_CONFIG_DIR=os.path.join(root, "config"),
        JUPYTER_RUNTIME_DIR=os.path.join(root, "runtime"),
        IPYTHONDIR=os.path.join(root, "ipython"),
        # jupyter_core 5 warns that its directories will move to the platform's; this variable
        # accepts the move and silences the warning. Debian 12's jupyter_core (4.12) ignores it.
        JUPYTER_PLATFORM_DIRS="1",
        # debugpy warns that the Python has frozen modules, under python3 as under pyhost.
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    for name in ("HOME", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        os.makedirs(env[name], exist_ok=True)
    return env


def run(command, **kwargs):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=TIMEOUT_SECONDS, **kwargs)


def kernel_json(name):
    path = os.path.join(os.environ["JUPYTER_DATA_DIR"], "kernels", name, "kernel.json")
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def strip_colours(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def setUpModule():
    # The documented command, with pyhost found on PATH as a user's shell finds it. The working
    # directory is elsewhere, so that nothing relative to it can stand in for the host.
    env = dict(os.environ, PATH=os.path.dirname(settings.HOST) + os.pathsep + os.environ["PATH"])
    install = run([os.path.basename(settings.HOST), "-m", "ipykernel", "install", "--user",
                   "--name", PYHOST_KERNEL, "--display-name", "Python (pyhost)"],
                  env=env, cwd=os.environ["HOME"])
    if install.returncode != 0:
        raise AssertionError(f"pyhost -m ipykernel install failed:\n{install.stderr}")
    reference = run([settings.REFERENCE, "-m", "ipykernel", "install", "--user", "--name", REFERENCE_KERNEL,
                     "--display-name", "Python (reference)"])
    if reference.returncode != 0:
        raise AssertionError(f"{settings.REFERENCE} -m ipykernel install failed; the differential checks "
                             f"need ipykernel in the reference Python too:\n{reference.stderr}")


class KernelspecTest(unittest.TestCase):
    def test_the_documented_install_writes_a_kernelspec_whose_interpreter_is_pyhost(self):
        argv = kernel_json(PYHOST_KERNEL)["argv"]
        self.assertTrue(os.path.isabs(argv[0]), argv)
        self.assertTrue(os.path.samefile(argv[0], settings.HOST), argv)
        self.assertEqual(argv[1:], ["-m", "ipykernel_launcher", "-f", "{connection_file}"])

    def test_jupyter_finds_the_kernelspec_in_the_temporary_data_directory(self):
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec(PYHOST_KERNEL)
        self.assertEqual(spec.display_name, "Python (pyhost)")
        self.assertEqual(spec.language, "python")
        self.assertEqual(os.path.dirname(spec.resource_dir),
                         os.path.join(os.environ["JUPYTER_DATA_DIR"], "kernels"))

    def test_the_reference_kernelspec_runs_the_reference_python(self):
        argv = kernel_json(REFERENCE_KERNEL)["argv"]
        self.assertTrue(os.path.samefile(argv[0], settings.REFERENCE), argv)


def _conformance_suite():
    # jupyter_kernel_test is imported here, not at the top: the outer copy of this script runs
    # under a Python that may not have it.
    import jupyter_kernel_test

    class PyhostKernelConformanceTest(jupyter_kernel_test.KernelTests):
        """Jupyter's conformance suite against the pyhost kernel, with my_python_module in the
        samples. The suite's range query of the history is left to HistoryRangeDifferentialTest,
        because a python3 kernel fails it too."""

        kernel_name = PYHOST_KERNEL
        language_name = "python"
        file_extension = ".py"

        code_hello_world = "print('hello, world')"
        code_stderr = "import sys; print('test', file=sys.stderr)"
        # IPython replaces only the text after the dot: the matches are the attributes' names.
        completion_samples = [
            {"text": "my_python_module.sum_", "matches": {"sum_as_string", "sum_list"}},
            {"text": "my_python_module.sum_l", "matches": {"sum_list"}},
        ]
        complete_code_samples = ["1", "print('hello, world')", "import my_python_module",
                                 "def f(values):\n    return my_python_module.sum_list(values)\n\n"]
        incomplete_code_samples = ["my_python_module.sum_list([1,", "def f(values):\n    return values",
                                   "print('''hello"]
        invalid_code_samples = ["import = 7q", "my_python_module.sum_list([1, 2]))"]
        code_page_something = "my_python_module.sum_list?"
        # A TypeError raised by native code, naming the item's index.
        code_generate_error = "my_python_module.sum_list([1, 'two'])"
        code_execute_result = [
            {"code": "1+2+3", "result": "6"},
            {"code": "my_python_module.sum_list([1, 2, 3, 2**70])", "result": repr(sum([1, 2, 3, 2**70]))},
            {"code": "my_python_module.sum_list([0.1] * 10)", "result": repr(math.fsum([0.1] * 10))},
            {"code": "my_python_module.sum_as_string(2**64 - 1, 2**63)", "result": repr(str(2**64 - 1 + 2**63))},
        ]
        code_display_data = [
            {"code": "from IPython.display import HTML, display; display(HTML('<b>test</b>'))",
             "mime": "text/html"},
            {"code": "from IPython.display import Math, display; display(Math(r'\\frac{1}{2}'))",
             "mime": "text/latex"},
            {"code": "display(my_python_module.sum_list([1, 2]))", "mime": "text/plain"},
        ]
        code_clear_output = "from IPython.display import clear_output; clear_output()"
        code_history_pattern = "1?2*"
        supported_history_operations = ("tail", "search")
        code_inspect_sample = "my_python_module.sum_list"

        @classmethod
        def setUpClass(cls):
            # The suite's own setUpClass starts the kernel over TCP.
            cls.km, cls.kc, _ = start_kernel(cls.kernel_name)
            # The completion and inspection samples need the module in the kernel's namespace,
            # and the suite's tests run in alphabetical order, completion first.
            reply = cls.kc.execute_interactive("import my_python_module", timeout=TIMEOUT_SECONDS)
            if reply["content"]["status"] != "ok":
                raise AssertionError(f"the kernel cannot import my_python_module: {reply['content']}")

        def request(self, send):
            msg_id = send()
            reply = self.get_non_kernel_info_reply(timeout=TIMEOUT_SECONDS)
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
            return reply["content"]

        def test_completion_replaces_the_text_after_the_dot_with_both_native_functions(self):
            self.flush_channels()
            text = "my_python_module.sum_"
            content = self.request(lambda: self.kc.complete(text))
            start, end = content["cursor_start"], content["cursor_end"]
            self.assertEqual(end, len(text))
            completed = {text[:start] + match + text[end:] for match in content["matches"]}
            self.assertEqual(completed, {"my_python_module.sum_as_string", "my_python_module.sum_list"})

        def test_inspection_shows_the_signature_and_the_docstring_of_sum_list(self):
            import my_python_module

            self.flush_channels()
            content = self.request(lambda: self.kc.inspect("my_python_module.sum_list", detail_level=0))
            self.assertTrue(content["found"])
            shown = strip_colours(content["data"]["text/plain"])
            self.assertIn("my_python_module.sum_list(values)", shown)
            self.assertIn(my_python_module.sum_list.__doc__.strip(), shown)

        def test_the_native_error_reaches_the_client_with_its_message(self):
            self.flush_channels()
            reply, outputs = self.execute_helper(self.code_generate_error)
            self.assertEqual(reply["content"]["ename"], "TypeError")
            self.assertRegex(reply["content"]["evalue"], r"\bitem 1\b")
            self.assertEqual([msg["msg_type"] for msg in outputs], ["error"])

        def test_input_reads_the_line_that_the_client_sends_on_stdin(self):
            self.flush_channels()
            msg_id = self.kc.execute("answer = input('a number? ')", allow_stdin=True)
            request = self.kc.get_stdin_msg(timeout=TIMEOUT_SECONDS)
            self.assertEqual(request["msg_type"], "input_request")
            self.assertEqual(request["content"]["prompt"], "a number? ")
            self.assertFalse(request["content"]["password"])
            self.kc.input("41")
            reply = self.get_non_kernel_info_reply(timeout=TIMEOUT_SECONDS)
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
            self.assertEqual(reply["content"]["status"], "ok")
            self.flush_channels()
            reply, outputs = self.execute_helper("my_python_module.sum_as_string(int(answer), 1)")
            results = [msg["content"]["data"]["text/plain"] for msg in outputs
                       if msg["msg_type"] == "execute_result"]
            self.assertEqual(results, ["'42'"])

    PyhostKernelConformanceTest.__qualname__ = PyhostKernelConformanceTest.__name__
    return PyhostKernelConformanceTest


# Every kernel talks to its client over Unix sockets in JUPYTER_RUNTIME_DIR, not over TCP. With
# TCP, jupyter_client picks free ports and the kernel binds them later; on a busy machine another
# process took one in between, and the kernel died with "Address already in use".
# The sockets' paths need an absolute prefix: the default, "kernel-ipc", is relative to the working
# directory, which nbclient sets to the notebook's for the kernel and not for its client.
TRANSPORT = "ipc"


def ipc_prefix():
    return os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "kernel-ipc")


def start_kernel(name):
    """Starts the kernel that a kernelspec names, as jupyter_client's start_new_kernel does, over
    TRANSPORT. Returns the manager, a client whose channels are ready, and a function that stops
    both."""
    from jupyter_client import KernelManager

    manager = KernelManager(kernel_name=name, transport=TRANSPORT, ip=ipc_prefix())
    manager.start_kernel()
    client = manager.client()
    client.start_channels()

    def stop():
        client.stop_channels()
        manager.shutdown_kernel(now=True)

    try:
        client.wait_for_ready(timeout=TIMEOUT_SECONDS)
    except RuntimeError:
        stop()
        raise
    return manager, client, stop


def execute(client, code):
    """Runs code and returns the execute reply's content and the outputs on iopub."""
    outputs = []
    # With stop_on_error, an error makes the kernel abort the requests that come just after it,
    # and some tests check an error, then the state.
    reply = client.execute_interactive(code, timeout=TIMEOUT_SECONDS, output_hook=outputs.append,
                                       stop_on_error=False)
    return reply["content"], outputs


class HistoryRangeDifferentialTest(unittest.TestCase):
    """The suite's range query of the history, against pyhost and against python3."""

    codes = ["1+2+3", "4*5"]

    def range_outcome(self, name):
        """What the suite checks: the session and line that a range query returns, against the
        session and line that a tail query gave for the same entry."""
        _, client, stop = start_kernel(name)
        self.addCleanup(stop)
        for code in self.codes:
            content, _ = execute(client, code)
            self.assertEqual(content["status"], "ok")
        tail = client.history(hist_access_type="tail", n=len(self.codes), raw=True, output=False, reply=True,
                              timeout=TIMEOUT_SECONDS)["content"]["history"]
        self.assertEqual([entry[2] for entry in tail], self.codes)
        session, start = tail[0][:2]
        ranged = client.history(hist_access_type="range", session=session, start=start, stop=start + 1,
                                raw=True, output=False, reply=True, timeout=TIMEOUT_SECONDS)
        ranged = ranged["content"]["history"]
        self.assertEqual(len(ranged), 1)
        return {"same session": ranged[0][0] == session, "same line": ranged[0][1] == start,
                "code": ranged[0][2]}

    def test_a_range_query_of_the_history_answers_as_under_python3(self):
        pyhost = self.range_outcome(PYHOST_KERNEL)
        reference = self.range_outcome(REFERENCE_KERNEL)
        self.assertEqual(pyhost, reference)
        # Both kernels answered this when the test was written: the right line and code, in a
        # session labelled 0. A fix in IPython changes both answers, and then this line.
        self.assertEqual(pyhost, {"same session": False, "same line": True, "code": self.codes[0]})


class NotebookTest(unittest.TestCase):
    """A notebook that names the pyhost kernel in its metadata, run headless with nbclient."""

    ints = [1, 2, 3, 2**70, -(2**65)]
    floats = [0.1] * 10 + [1e100, 1.0, -1e100]

    def test_a_notebook_sums_with_my_python_module_as_python_does(self):
        import nbformat
        from nbclient import NotebookClient
        from traitlets.config import Config

        notebook = nbformat.v4.new_notebook()
        notebook.metadata["kernelspec"] = {"name": PYHOST_KERNEL, "display_name": "Python (pyhost)",
                                           "language": "python"}
        notebook.cells = [
            nbformat.v4.new_markdown_cell("Sums with pyhost's native module."),
            nbformat.v4.new_code_cell("import my_python_module"),
            nbformat.v4.new_code_cell(f"my_python_module.sum_list({self.ints!r})"),
            nbformat.v4.new_code_cell(f"my_python_module.sum_list({self.floats!r})"),
            nbformat.v4.new_code_cell("my_python_module.sum_as_string(2**64 - 1, 2**63)"),
            nbformat.v4.new_code_cell("print(my_python_module.sum_as_string(7, 10**19))"),
        ]
        directory = tempfile.mkdtemp(dir=os.environ["HOME"])
        # No kernel name is given: nbclient takes the one the notebook's metadata names.
        NotebookClient(notebook, timeout=TIMEOUT_SECONDS, startup_timeout=TIMEOUT_SECONDS,
                       resources={"metadata": {"path": directory}},
                       config=Config({"KernelManager": {"transport": TRANSPORT, "ip": ipc_prefix()}})).execute()
        nbformat.validate(notebook)
        nbformat.write(notebook, os.path.join(directory, "executed.ipynb"))

        def result(cell):
            [output] = cell.outputs
            self.assertEqual(output.output_type, "execute_result")
            return output.data["text/plain"]

        code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
        self.assertEqual(code_cells[0].outputs, [])
        self.assertEqual(result(code_cells[1]), repr(sum(self.ints)))
        self.assertEqual(result(code_cells[2]), repr(math.fsum(self.floats)))
        self.assertEqual(result(code_cells[3]), repr(str(2**64 - 1 + 2**63)))
        [printed] = code_cells[4].outputs
        self.assertEqual((printed.output_type, printed.name, printed.text), ("stream", "stdout", str(7 + 10**19) + "\n"))
        self.assertEqual([cell.execution_count for cell in code_cells], [1, 2, 3, 4, 5])
        self.assertEqual(notebook.metadata["language_info"]["name"], "python")


class InterruptAndRestartTest(unittest.TestCase):
    """The client's interrupt and restart, through jupyter_client's KernelManager."""

    # The machine that runs the tests may be loaded; an interrupt that works arrives well within
    # this, and one that does not leaves the sleep running for a minute.
    INTERRUPT_LATENCY_SECONDS = 10

    def test_an_interrupt_stops_a_sleep_and_a_restart_resets_the_namespace(self):
        manager, client, stop = start_kernel(PYHOST_KERNEL)
        self.addCleanup(stop)

        content, _ = execute(client, "import os; kept = 'before the restart'; pid = os.getpid()")
        self.assertEqual(content["status"], "ok")
        first_pid = self.evaluate(client, "pid")

        # The cell prints before it sleeps, and the interrupt waits for that line. An interrupt
        # that arrives while IPython prepares the cell, after execute_input, raises in ipykernel's
        # own code, which logs it and sends no reply at all (python3's kernel does the same).
        # stop_on_error is off for the reason given in execute().
        msg_id = client.execute("import time; print('sleeping', flush=True); time.sleep(60)",
                                stop_on_error=False)
        self.wait_for_output(client, msg_id, "sleeping\n")
        started = time.monotonic()
        manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=TIMEOUT_SECONDS)
        elapsed = time.monotonic() - started
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assertLess(elapsed, self.INTERRUPT_LATENCY_SECONDS)
        # The kernel survives the interrupt with its state.
        self.assertEqual(self.evaluate(client, "kept"), repr("before the restart"))

        manager.restart_kernel(now=False)
        client.wait_for_ready(timeout=TIMEOUT_SECONDS)
        self.assertTrue(manager.is_alive())
        content, _ = execute(client, "kept")
        self.assertEqual((content["status"], content["ename"]), ("error", "NameError"))
        self.assertNotEqual(self.evaluate(client, "__import__('os').getpid()"), first_pid)
        content, _ = execute(client, "import my_python_module")
        self.assertEqual(content["status"], "ok")
        self.assertEqual(self.evaluate(client, "my_python_module.sum_list([1, 2, 3, 0.5])"),
                         repr(math.fsum([1, 2, 3, 0.5])))
        self.assertEqual(self.evaluate(client, "my_python_module.sum_as_string(40, 2)"), repr("42"))

    def evaluate(self, client, expression):
        """The text/plain repr of an expression, evaluated in the kernel."""
        content, outputs = execute(client, expression)
        self.assertEqual(content["status"], "ok", content)
        results = [msg["content"]["data"]["text/plain"] for msg in outputs
                   if msg["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, outputs)
        return results[0]

    def wait_for_output(self, client, msg_id, text):
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            msg = client.get_iopub_msg(timeout=TIMEOUT_SECONDS)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                    and text in msg["content"]["text"]):
                return
        self.fail(f"the kernel never printed {text!r}")




def main():
    remaining = options.parse(__doc__, required=("host", "python"))

    if os.environ.get(INSIDE_VARIABLE):
        # The kernels get the environment that the outer copy made, without the path by which
        # this copy found support.
        del os.environ["PYTHONPATH"]
        globals()["PyhostKernelConformanceTest"] = _conformance_suite()
        options.run_unittest(remaining)
        return

    # The outer copy: it prepares the environment, then runs this script again inside the host.
    with tempfile.TemporaryDirectory(prefix="pyhost-jupyter-") as root:
        env = jupyter_environment(os.path.realpath(root))
        missing = missing_modules(settings.HOST, NEEDED_BY_THE_SUITE, env)
        if missing:
            print(f"skipped: {settings.HOST} cannot import {', '.join(missing)} (the Debian "
                  "packages python3-ipykernel and python3-jupyter-kernel-test provide them)")
            sys.exit(77)
        env[INSIDE_VARIABLE] = "1"
        # The copy inside imports support, from tests/.
        env["PYTHONPATH"] = support.TESTS_DIRECTORY
        inside = subprocess.run([settings.HOST, os.path.abspath(__file__), "--host", settings.HOST,
                                 "--python", settings.REFERENCE, *remaining],
                                env=env, cwd=env["HOME"])
    sys.exit(inside.returncode)


if __name__ == "__main__":
    main()
