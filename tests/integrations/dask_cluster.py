"""The Dask cluster of test_dask.py: a scheduler and workers, each a pyhost process in a process
group of its own (Cluster), the environment they run in, and the ending of what outlives a run.
"""
import os
import signal
import subprocess
import sys
import time

from support.environment import clean_environment

TIMEOUT_SECONDS = 60
# The file where the copy of test_dask.py inside the host lists the process groups that it starts,
# so that the outer copy can end them when the inner one could not (killed by its timeout, for
# instance).
GROUPS_VARIABLE = "PYHOST_DASK_TEST_GROUPS"


def cluster_environment(root):
    """No PYTHON* variable, and HOME (where Dask reads its configuration) inside the root."""
    home = os.path.join(root, "home")
    os.makedirs(home, exist_ok=True)
    return clean_environment(home)


def running_in_group(pgid):
    """The processes of a process group that have not ended (zombies count as ended)."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii") as file:
                fields = file.read().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            pids.append(int(name))
    return pids


def executable_of(pid):
    return os.readlink(f"/proc/{pid}/exe")


class Cluster:
    """The scheduler and the workers, each in a process group of its own, so that a worker's
    nanny and its child end together."""

    def __init__(self, host, root, env):
        self.host = host
        self.root = root
        self.env = env
        self.processes = []

    def start(self, name, module, *arguments):
        log = open(os.path.join(self.root, f"{name}.log"), "wb")
        with log:
            process = subprocess.Popen([self.host, "-m", module, *arguments], cwd=self.root, env=self.env,
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.processes.append((name, process))
        with open(os.environ[GROUPS_VARIABLE], "a", encoding="ascii") as groups:
            groups.write(f"{process.pid}\n")
        return process

    def start_scheduler(self):
        scheduler_file = os.path.join(self.root, "scheduler.json")
        process = self.start("scheduler", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                             "--port", "0", "--no-dashboard", "--scheduler-file", scheduler_file)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while not os.path.exists(scheduler_file):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the scheduler wrote no {scheduler_file}:\n{self.log('scheduler')}")
            time.sleep(0.1)
        import json

        # The scheduler writes the file in one go, but the test may read it half written.
        while True:
            try:
                with open(scheduler_file, encoding="utf-8") as file:
                    return json.load(file)["address"]
            except ValueError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def start_worker(self, name, address):
        directory = os.path.join(self.root, name)
        os.makedirs(directory)
        return self.start(name, "distributed.cli.dask_worker", address, "--nthreads", "1",
                          "--no-dashboard", "--name", name, "--local-directory", directory)

    def log(self, name):
        with open(os.path.join(self.root, f"{name}.log"), encoding="utf-8", errors="replace") as file:
            return file.read()

    def stop(self):
        """Asks every process to stop, kills what is left after a while, and checks that nothing
        of the cluster still runs."""
        for _, process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _, process in self.processes:
            while running_in_group(process.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if running_in_group(process.pid):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(TIMEOUT_SECONDS)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        left = [pid for _, process in self.processes for pid in running_in_group(process.pid)]
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = [pid for _, process in self.processes for pid in running_in_group(process.pid)]
        if left:
            raise AssertionError(f"processes of the cluster still run after SIGKILL: {left}")


def end_leftover_groups(path):
    """Kills what still runs of the cluster's process groups; true when anything did."""
    try:
        with open(path, encoding="ascii") as file:
            pgids = [int(line) for line in file]
    except FileNotFoundError:
        return False
    left = {pgid: running_in_group(pgid) for pgid in pgids}
    left = {pgid: pids for pgid, pids in left.items() if pids}
    for pgid in left:
        os.killpg(pgid, signal.SIGKILL)
    if left:
        print(f"processes of the cluster outlived the tests and were killed: {left}", file=sys.stderr)
    return bool(left)
