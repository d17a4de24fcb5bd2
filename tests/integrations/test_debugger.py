"""Debuggers on pyhost: debugpy over the Debug Adapter Protocol, and pdb through a pipe.

    PYTHONPATH=tests python3 tests/integrations/test_debugger.py --host build/dev/app/pyhost --python /usr/bin/python3

debugpy runs its debug adapter as a separate process. `debugpy --listen` and debugpy.listen()
start it as `sys.executable <debugpy>/adapter --for-server ...`, and the adapter then leaves the
process group and forks into the background. A host whose sys.executable is not a working
python loses the adapter there, and the client finds nobody listening. So each test finds the
adapter among the machine's processes by its port, and asserts that its executable is pyhost.
In launch mode the adapter itself runs the debuggee as its own sys.executable, so that mode is
covered as well, with the adapter started as `pyhost -m debugpy.adapter`.

In attach mode debugpy 1.6.3 sends no "exited" event: the adapter forwards pydevd's "exited"
only when a process replaces itself (adapter/servers.py), and it reports an exit code only for
a process that it launched (adapter/launchers.py). Attach mode therefore checks the process's
own exit status, and launch mode checks the "exited" event's exitCode as well.

The adapter keeps the debuggee's standard streams open until the client disconnects. So the
debuggee writes to files, never to pipes that a wait would read to their end.

The pdb test types its commands into `pyhost -m pdb` through a pipe. A second pdb session, on a
script without my_python_module, runs under both pyhost and --python, and the transcripts must
be the same (a differential check).

The test reports itself skipped (status 77) only when the host cannot import debugpy. Any other
problem fails it. Any argument after the options goes to unittest (e.g. -v, -k pattern).
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

# The client is imported from beside this file, and leaves no bytecode in the source tree.
sys.dont_write_bytecode = True
from support import options, settings
from support.environment import clean_environment

from host_imports import missing_modules
from dap_client import DapClient  # noqa: E402

TIMEOUT_SECONDS = 30
DEBUGGEE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "debuggee.py")
# What debuggee.py holds in `total` at its breakpoint: sum_list([1, 2, 3, 2**70]).
TOTAL = 1 + 2 + 3 + 2**70



def breakpoint_line(path, marker="# the debugger stops here"):
    with open(path, encoding="utf-8") as file:
        lines = [number for number, text in enumerate(file, 1) if marker in text]
    assert len(lines) == 1, f"{path} must mark exactly one line with {marker!r}"
    return lines[0]


def free_port():
    # The port is free when it is read; a debuggee that loses it to another process in the
    # meantime fails to listen, and the test says so.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def debugger_environment(home):
    """No PYTHON* variable, so that nothing from the caller's shell changes the runs."""
    # pydevd warns on stderr that the Python has frozen modules, under python3 as under pyhost.
    return clean_environment(home, {"PYDEVD_DISABLE_FILE_VALIDATION": "1"})


def processes_with_arguments(*arguments):
    """The pids of the processes whose command line holds all of these arguments, in order."""
    wanted = [argument.encode() for argument in arguments]
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as file:
                argv = file.read().split(b"\0")
        except OSError:
            continue
        if any(argv[i:i + len(wanted)] == wanted for i in range(len(argv))):
            found.append(int(name))
    return found


def is_running(pid):
    """False once the process has ended, zombies included (the adapter is not our child)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as file:
            return file.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def executable_of(pid):
    return os.readlink(f"/proc/{pid}/exe")


class DebugSession:
    """One debuggee process and its files, ended with its whole process group."""

    def __init__(self, test, command, cwd, env):
        self.test = test
        self.stdout_path = os.path.join(cwd, "stdout.txt")
        self.stderr_path = os.path.join(cwd, "stderr.txt")
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                            stdout=stdout, stderr=stderr, start_new_session=True)
        test.addCleanup(self.end)

    def end(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(TIMEOUT_SECONDS)

    def output(self):
        with open(self.stdout_path, encoding="utf-8") as stdout, \
             open(self.stderr_path, encoding="utf-8") as stderr:
            return stdout.read(), stderr.read()

    def wait(self):
        try:
            return self.process.wait(TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.test.fail(f"the debuggee did not exit within {TIMEOUT_SECONDS} s; output: {self.output()}")


class DebugpyTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-debugger-")
        self.addCleanup(temporary.cleanup)
        self.directory = os.path.realpath(temporary.name)
        self.env = debugger_environment(self.directory)
        self.line = breakpoint_line(DEBUGGEE)
        # The processes that leave our process groups: the adapter that a debuggee starts, and
        # the debuggee that an adapter launches. The cleanup is registered first, so that it
        # runs last, after the client and our own processes are gone.
        self.strays = []
        self.addCleanup(self.kill_strays)

    # The steps of a session ----------------------------------------------------------------

    def connect(self, session, port):
        client = DapClient.connect("127.0.0.1", port, TIMEOUT_SECONDS,
                                   still_starting=lambda: session.process.poll() is None)
        self.addCleanup(client.close)
        client.request("initialize", {"clientID": "pyhost-test", "adapterID": "debugpy",
                                      "pathFormat": "path", "linesStartAt1": True,
                                      "columnsStartAt1": True})
        return client

    def configure(self, client, start_command, arguments):
        """Sends attach or launch, the breakpoint and configurationDone. debugpy answers the
        attach or launch request only after configurationDone."""
        start = client.send(start_command, arguments)
        client.wait_for_event("initialized")
        body = client.request("setBreakpoints", {"source": {"path": DEBUGGEE},
                                                 "breakpoints": [{"line": self.line}]})
        self.assertEqual([(b["verified"], b["line"]) for b in body["breakpoints"]], [(True, self.line)])
        client.request("configurationDone")
        client.wait_for_response(start)

    def inspect_the_stop(self, client):
        """Checks the stop at the breakpoint, `total` there and an evaluation of the native
        module in the stopped frame, and returns the stopped thread."""
        stopped = client.wait_for_event("stopped")
        self.assertEqual(stopped["body"]["reason"], "breakpoint")
        thread = stopped["body"]["threadId"]
        frame = client.request("stackTrace", {"threadId": thread})["stackFrames"][0]
        self.assertEqual((frame["name"], frame["line"]), ("add_up", self.line))
        self.assertTrue(os.path.samefile(frame["source"]["path"], DEBUGGEE), frame)
        scopes = client.request("scopes", {"frameId": frame["id"]})["scopes"]
        [local_scope] = [scope for scope in scopes if scope["name"] == "Locals"]
        variables = client.request("variables", {"variablesReference": local_scope["variablesReference"]})
        values = {v["name"]: (v["type"], v["value"]) for v in variables["variables"]}
        self.assertEqual(values["total"], ("int", str(TOTAL)))
        evaluated = client.request("evaluate", {"expression": "my_python_module.sum_as_string(1, 2)",
                                                "frameId": frame["id"], "context": "repl"})
        self.assertEqual((evaluated["result"], evaluated["type"]), ("'3'", "str"))
        return thread

    def adapter_for(self, port):
        """The pid of the adapter that listens on port for clients, started by the debuggee."""
        # The debuggee names the port in another form (127.0.0.1:PORT, or alone). The adapter
        # forks to go into the background, and its parent may not have exited yet.
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            pids = [pid for pid in processes_with_arguments("--host", "127.0.0.1", "--port", str(port))
                    if is_running(pid)]
            self.strays.extend(pid for pid in pids if pid not in self.strays)
            if len(pids) == 1:
                return pids[0]
            if time.monotonic() > deadline:
                self.fail(f"not one adapter for port {port}: {pids}")
            time.sleep(0.1)

    def wait_until_ended(self, pid):
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while is_running(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        return not is_running(pid)

    def kill_strays(self):
        for pid in self.strays:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)

    def assertRanAsHost(self, pid, what):
        executable = executable_of(pid)
        self.assertTrue(os.path.samefile(executable, settings.HOST), f"{what} ran as {executable}, not {settings.HOST}")
        print(f"\n{what} ran as {executable}", file=sys.stderr)

    def attach_and_debug(self, command, port):
        session = DebugSession(self, command, self.directory, self.env)
        client = self.connect(session, port)
        adapter = self.adapter_for(port)
        self.assertRanAsHost(adapter, "debugpy's adapter")
        self.configure(client, "attach", {"justMyCode": True})
        thread = self.inspect_the_stop(client)
        client.request("continue", {"threadId": thread})
        client.wait_for_event("terminated")
        self.assertFalse([m for m in client.received if m.get("event") == "exited"
                          and m["body"].get("exitCode") != 0], client.transcript())
        client.close()
        status = session.wait()
        stdout, stderr = session.output()
        self.assertEqual((status, stdout, stderr), (0, f"total = {TOTAL}\n", ""))
        # The adapter ends once both sides have disconnected.
        self.assertTrue(self.wait_until_ended(adapter),
                        f"debugpy's adapter (pid {adapter}) still runs {TIMEOUT_SECONDS} s after the session")

    # The tests ---------------------------------------------------------------------------------

    def test_debugpy_started_with_dash_m_stops_at_the_breakpoint_and_exits_cleanly(self):
        port = free_port()
        self.attach_and_debug([settings.HOST, "-m", "debugpy", "--listen", f"127.0.0.1:{port}",
                               "--wait-for-client", DEBUGGEE], port)

    def test_a_script_calling_debugpy_listen_stops_at_the_breakpoint_and_exits_cleanly(self):
        port = free_port()
        self.attach_and_debug([settings.HOST, DEBUGGEE, "--listen", str(port)], port)

    def test_the_adapter_launches_the_debuggee_as_pyhost_and_reports_exit_code_0(self):
        # VS Code starts the adapter with the interpreter that the user chose, as here, and the
        # adapter runs the launcher and the debuggee with its own sys.executable.
        port = free_port()
        adapter = DebugSession(self, [settings.HOST, "-m", "debugpy.adapter", "--host", "127.0.0.1",
                                      "--port", str(port)], self.directory, self.env)
        client = self.connect(adapter, port)
        self.configure(client, "launch", {"program": DEBUGGEE, "console": "internalConsole",
                                          "cwd": self.directory, "justMyCode": True})
        debuggee = client.wait_for_event("process")["body"]["systemProcessId"]
        self.strays.append(debuggee)
        self.assertRanAsHost(debuggee, "the debuggee that debugpy's adapter launched")
        thread = self.inspect_the_stop(client)
        client.request("continue", {"threadId": thread})
        exited = client.wait_for_event("exited")
        self.assertEqual(exited["body"]["exitCode"], 0)
        client.wait_for_event("terminated")
        printed = "".join(m["body"]["output"] for m in client.received
                          if m.get("event") == "output" and m["body"].get("category") == "stdout")
        self.assertEqual(printed, f"total = {TOTAL}\n")
        client.close()
        self.assertEqual(adapter.wait(), 0, adapter.output())


class PdbTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        temporary = tempfile.TemporaryDirectory(prefix="pyhost-pdb-")
        self.addCleanup(temporary.cleanup)
        self.directory = os.path.realpath(temporary.name)
        self.env = debugger_environment(self.directory)

    def pdb(self, python, script, commands):
        completed = subprocess.run([python, "-m", "pdb", script], input="".join(c + "\n" for c in commands),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   cwd=self.directory, env=self.env, timeout=TIMEOUT_SECONDS)
        return completed.returncode, completed.stdout, completed.stderr

    def test_pdb_through_a_pipe_stops_prints_the_local_and_evaluates_the_native_module(self):
        line = breakpoint_line(DEBUGGEE)
        status, stdout, stderr = self.pdb(settings.HOST, DEBUGGEE, [f"b {line}", "c", "p total",
                                                           "p my_python_module.sum_as_string(1, 2)", "c", "q"])
        self.assertEqual((status, stderr), (0, ""), stdout)
        self.assertIn(f"Breakpoint 1 at {DEBUGGEE}:{line}", stdout)
        self.assertIn(f"> {DEBUGGEE}({line})add_up()", stdout)
        self.assertIn(f"(Pdb) {TOTAL}\n(Pdb) '3'\n", stdout)
        self.assertIn(f"total = {TOTAL}\nThe program exited via sys.exit(). Exit status: 0\n", stdout)

    def test_a_pdb_session_without_the_native_module_reads_as_under_python3(self):
        script = os.path.join(self.directory, "plain.py")
        with open(script, "w", encoding="utf-8") as file:
            file.write("def add_up(values):\n"
                       "    total = sum(values)\n"
                       "    print(f'total = {total}')  # the debugger stops here\n"
                       "    return total\n\n\n"
                       "add_up([1, 2, 3, 2**70])\n")
        commands = [f"b {breakpoint_line(script)}", "c", "p total", "where", "n", "p values", "c", "q"]
        expected = self.pdb(settings.REFERENCE, script, commands)
        actual = self.pdb(settings.HOST, script, commands)
        self.assertEqual(actual, expected)
        self.assertEqual(actual[0], 0)
        # Both transcripts stop, print and finish, and are not the same failure twice.
        self.assertIn(f"(Pdb) {TOTAL}\n", actual[1])
        self.assertIn("The program finished and will be restarted", actual[1])




def main():
    remaining = options.parse(__doc__, required=("host", "python"))
    with tempfile.TemporaryDirectory(prefix="pyhost-debugger-") as home:
        missing = missing_modules(settings.HOST, ["debugpy"], debugger_environment(home))
    if missing:
        print(f"skipped: {settings.HOST} cannot import debugpy (the Debian package python3-debugpy provides it)")
        sys.exit(77)
    options.run_unittest(remaining)


if __name__ == "__main__":
    main()
