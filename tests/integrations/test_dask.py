"""Dask on pyhost: a scheduler and two workers, each a pyhost process on loopback, sum a large
array with my_python_module.sum_list exactly, also when a worker is killed during the job.

    PYTHONPATH=tests python3 tests/integrations/test_dask.py --host build/dev/app/pyhost --python /usr/bin/python3

The cluster is started with the commands that a user types:

    pyhost -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 --no-dashboard --scheduler-file F
    pyhost -m distributed.cli.dask_worker tcp://127.0.0.1:PORT --nthreads 1 --no-dashboard

Port 0 lets the scheduler take a free port itself, and the scheduler file tells the test which
one. Each worker command starts a nanny, which runs the worker in a child process through
multiprocessing, that is with sys.executable. The nanny also starts a new worker when its worker
dies, and the test relies on that when it kills a worker.

How the partial sums join exactly is explained at partition_sum(). The result must equal
sum_list() of the whole array bit for bit, math.fsum() of it inside pyhost, and math.fsum() of
it under --python (a differential check, computed by a separate process).

The client side runs inside pyhost: this script runs itself again inside the host, as
test_jupyter_kernel.py does. The test reports itself skipped (status 77) only when the host
cannot import distributed. Any other problem fails it. Any argument after the options goes to
unittest (e.g. -v, -k pattern).
"""

import itertools
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

import support
from support import options, settings

from dask_cluster import (GROUPS_VARIABLE, TIMEOUT_SECONDS, Cluster, cluster_environment,
                          end_leftover_groups, executable_of)
from host_imports import missing_modules

# A bound on the whole run inside the host, whose every wait has a timeout of its own.
OVERALL_TIMEOUT_SECONDS = 300
# 20 partitions of 100,000 values: 2,000,000 floats.
PARTITIONS = 20
PARTITION_SIZE = 100_000
SEED = 16
# The variable that tells the copy of this script inside the host that the outer copy has
# prepared its environment.
INSIDE_VARIABLE = "PYHOST_DASK_TEST_INSIDE"


# The data and the exact partial sums. These functions run on the workers too: cloudpickle sends
# them by value, because they belong to __main__ there.

def big_value(seed, index):
    """A value near 2**300 that partition `index` adds and the next partition subtracts."""
    return math.ldexp(1.0 + random.Random(f"{seed}-big-{index}").random(), 300)


def partition(seed, index):
    """Partition `index` of the array: values from 2**-140 to 2**115 of both signs, and two values
    near 2**300 that cancel against the neighbouring partitions. The sum of each partition is
    dominated by them, and every rounded partial sum loses all the small values."""
    rng = random.Random(f"{seed}-{index}")
    uniform, bits, ldexp = rng.random, rng.getrandbits, math.ldexp
    values = [ldexp(uniform() - 0.5, bits(8) - 140) for _ in range(PARTITION_SIZE)]
    values[rng.randrange(PARTITION_SIZE)] = big_value(seed, index)
    values[rng.randrange(PARTITION_SIZE)] = -big_value(seed, (index - 1) % PARTITIONS)
    return values


def whole_array(seed=SEED):
    return [value for index in range(PARTITIONS) for value in partition(seed, index)]


def exact_expansion(values):
    """The exact sum of values, as floats whose exact sum it is, largest first.

    sum_list() returns the correctly rounded exact sum. The first float is that sum, r1. The
    next one is sum_list() of the values and -r1, which is the correctly rounded remainder, and
    so on until the remainder rounds to 0. A remainder is a multiple of 2**-1074 (as every
    float is), and a nonzero multiple of 2**-1074 never rounds to 0, so the loop ends exactly
    when the floats add up to the sum. Each remainder is at most half an ulp of the last float,
    2**-53 of it, and a remainder that fits in 53 bits is exact: the loop ends after at most
    about (1024 + 1074) / 53 + 1 = 41 rounds, and after a handful for most data.
    """
    import my_python_module

    floats = []
    for _ in range(64):
        remainder = my_python_module.sum_list(itertools.chain(values, (-f for f in floats)))
        if remainder == 0:
            return floats
        floats.append(remainder)
    raise AssertionError("the exact sum did not fit in 64 floats")


def partition_sum(seed, index, gate=None):
    """What a worker returns for partition `index`: its pid and the partition's exact sum.

    A float sum of a partition cannot carry the partition's exact sum: it is rounded, and
    joining rounded sums, even exactly, gives a sum of rounded values, not the rounded sum of
    the values. Here the two values near 2**300 cancel across partitions, and each rounded
    partial sum drops everything below 2**248: the rounded sums join to 0.0.

    So each worker returns its partition's exact sum as a short list of floats whose exact sum
    it is (exact_expansion(), computed with sum_list alone). The client joins the lists of all
    partitions with one more sum_list: exact addition, then one rounding. That rounding is
    the rounding of the whole array's exact sum, so the join equals sum_list() of the whole
    array bit for bit, and equals math.fsum() of it, which rounds the same exact sum.

    The partition is made on the worker from (seed, index), so that Dask can run the task again
    on another worker when the one that held its result dies. With a `gate`, each worker process
    runs its first task at once and holds the later ones until the file `gate` exists
    (hold_after_first_task).
    """
    if gate is not None:
        hold_after_first_task(gate)
    return os.getpid(), exact_expansion(partition(seed, index))


def hold_after_first_task(gate):
    """Lets this worker process run its first task, and holds each later one until the file
    `gate` exists. Every worker then holds a result and still has a task to run, the state in
    which the test kills one, however fast the machine sums."""
    first = f"{gate}.started-{os.getpid()}"
    if not os.path.exists(first):
        open(first, "w").close()
        return
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.01)


class DaskClusterTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        from distributed import Client

        # Debian's tornado 6.2 deprecates a call that distributed 2022.12's client makes. The
        # filter goes here because unittest's runner resets the filters before it runs the tests.
        warnings.filterwarnings("ignore", message="make_current is deprecated", category=DeprecationWarning)

        cls.temporary = tempfile.TemporaryDirectory(prefix="pyhost-dask-")
        root = os.path.realpath(cls.temporary.name)
        cls.cluster = Cluster(settings.HOST, root, cluster_environment(root))
        try:
            cls.address = cls.cluster.start_scheduler()
            for name in ("worker-1", "worker-2"):
                cls.cluster.start_worker(name, cls.address)
            cls.client = Client(cls.address, timeout=TIMEOUT_SECONDS)
            cls.client.wait_for_workers(2, timeout=TIMEOUT_SECONDS)
        except BaseException:
            cls.tearDownClass()
            raise
        cls.whole = whole_array()

    @classmethod
    def tearDownClass(cls):
        client = getattr(cls, "client", None)
        try:
            if client is not None:
                client.close(timeout=TIMEOUT_SECONDS)
        finally:
            cls.cluster.stop()
            cls.temporary.cleanup()

    def workers(self):
        """The workers that the scheduler knows, as {address: pid}."""
        return self.client.run(os.getpid, wait=True)

    def submit(self, run, gate=None):
        # Keys of their own, so that no result of an earlier run stands in for a task.
        return self.client.map(partition_sum, [SEED] * PARTITIONS, range(PARTITIONS),
                                [gate] * PARTITIONS,
                                key=[f"partition-sum-{run}-{index}" for index in range(PARTITIONS)])

    def gather(self, futures):
        from distributed import wait

        wait(futures, timeout=TIMEOUT_SECONDS)
        return self.client.gather(futures)

    def assertExactJoin(self, results):
        import my_python_module

        joined = my_python_module.sum_list([f for _, floats in results for f in floats])
        expected = my_python_module.sum_list(self.whole)
        self.assertEqual(joined.hex(), expected.hex())
        self.assertEqual(joined.hex(), math.fsum(self.whole).hex())
        self.assertEqual(joined.hex(), reference_fsum_hex())
        # The data need the exact join: the rounded partial sums, joined even exactly, miss.
        rounded = my_python_module.sum_list([floats[0] for _, floats in results if floats])
        self.assertNotEqual(rounded, joined)
        return joined

    def test_two_workers_sum_partitions_that_join_to_sum_list_of_the_whole_array_bit_for_bit(self):
        workers = self.workers()
        self.assertEqual(len(workers), 2)
        for pid in workers.values():
            # The nanny started the worker with sys.executable, which must be pyhost.
            self.assertTrue(os.path.samefile(executable_of(pid), settings.HOST), executable_of(pid))
        results = self.gather(self.submit("both-workers"))
        self.assertExactJoin(results)
        self.assertEqual({pid for pid, _ in results}, set(workers.values()))

    def test_a_worker_killed_during_the_job_is_replaced_and_the_sum_stays_exact(self):
        before = self.workers()
        # The gate holds each worker after its first task until the victim is killed; it opens
        # at the end whatever happens, so that no worker waits on it.
        gate = os.path.join(os.path.realpath(self.temporary.name), "gate-killed-worker")
        self.addCleanup(lambda: open(gate, "a").close())
        futures = self.submit("killed-worker", gate)
        # The victim is a worker that holds finished results and still has tasks to run: its
        # results are lost with it, and Dask must compute them again.
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            held = {}
            for key, addresses in self.client.who_has(futures).items():
                for address in addresses:
                    held.setdefault(address, []).append(key)
            processing = self.client.processing()
            victims = [address for address in held if processing.get(address)]
            if victims:
                break
            failed = [future for future in futures if future.status == "error"]
            if failed:
                raise failed[0].exception()
            if time.monotonic() > deadline or all(f.done() for f in futures):
                self.fail("no worker held results with tasks still to run, although the gate holds them")
            time.sleep(0.02)
        victim = victims[0]
        lost_keys = held[victim]
        os.kill(before[victim], signal.SIGKILL)
        print(f"\nkilled worker {victim} (pid {before[victim]}) holding {len(lost_keys)} results",
              file=sys.stderr)
        open(gate, "w").close()

        results = self.gather(futures)
        self.assertExactJoin(results)
        by_key = {future.key: pid for future, (pid, _) in zip(futures, results)}
        self.assertTrue(lost_keys)
        self.assertNotIn(before[victim], {pid for pid, _ in results})
        self.assertTrue(all(by_key[key] != before[victim] for key in lost_keys))

        # The nanny starts a new worker process, as pyhost, in place of the killed one.
        self.client.wait_for_workers(2, timeout=TIMEOUT_SECONDS)
        after = self.workers()
        self.assertEqual(len(after), 2)
        self.assertNotIn(before[victim], after.values())
        [replacement] = set(after.values()) - set(before.values())
        self.assertTrue(os.path.samefile(executable_of(replacement), settings.HOST), executable_of(replacement))


def reference_fsum_hex():
    """math.fsum of the whole array under --python, as float.hex(), computed once."""
    if not hasattr(reference_fsum_hex, "value"):
        program = ("import importlib.util, math, sys\n"
                   "spec = importlib.util.spec_from_file_location('test_dask', sys.argv[1])\n"
                   "module = importlib.util.module_from_spec(spec)\n"
                   "spec.loader.exec_module(module)\n"
                   "print(math.fsum(module.whole_array()).hex())\n")
        # -B: the import leaves no bytecode beside this file.
        # The script imports support, from tests/, and its neighbours, from its folder.
        folder = os.path.dirname(os.path.abspath(__file__))
        env = dict(cluster_environment(tempfile.gettempdir()),
                   PYTHONPATH=f"{support.TESTS_DIRECTORY}{os.pathsep}{folder}")
        completed = subprocess.run([settings.REFERENCE, "-B", "-c", program, os.path.abspath(__file__)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=env, timeout=TIMEOUT_SECONDS)
        if completed.returncode != 0:
            raise AssertionError(f"{settings.REFERENCE} could not sum the array:\n{completed.stderr}")
        reference_fsum_hex.value = completed.stdout.strip()
    return reference_fsum_hex.value




def main():
    remaining = options.parse(__doc__, required=("host", "python"))

    if os.environ.get(INSIDE_VARIABLE):
        options.run_unittest(remaining)
        return

    # The outer copy: it prepares the environment, then runs this script again inside the host.
    with tempfile.TemporaryDirectory(prefix="pyhost-dask-") as root:
        env = cluster_environment(os.path.realpath(root))
        if missing_modules(settings.HOST, ["distributed"], env):
            print(f"skipped: {settings.HOST} cannot import distributed (the Debian package "
                  "python3-distributed provides it)")
            sys.exit(77)
        env[INSIDE_VARIABLE] = "1"
        env[GROUPS_VARIABLE] = groups = os.path.join(root, "process-groups")
        # The copy inside imports support, from tests/; the cluster's processes get their own
        # environment, without it.
        env["PYTHONPATH"] = support.TESTS_DIRECTORY
        status = 1
        try:
            status = subprocess.run([settings.HOST, os.path.abspath(__file__), "--host", settings.HOST,
                                     "--python", settings.REFERENCE, *remaining], env=env,
                                    cwd=env["HOME"], timeout=OVERALL_TIMEOUT_SECONDS).returncode
        except subprocess.TimeoutExpired:
            print(f"the tests did not finish within {OVERALL_TIMEOUT_SECONDS} s", file=sys.stderr)
        finally:
            if end_leftover_groups(groups):
                status = status or 1
    sys.exit(status)


if __name__ == "__main__":
    main()
