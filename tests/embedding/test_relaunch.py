"""Everything that re-launches sys.executable gets pyhost, with my_python_module built in.

Run inside pyhost: `pyhost tests/embedding/test_relaunch.py`.
"""
import concurrent.futures
import multiprocessing
import os
import subprocess
import sys
import tempfile
import unittest

import my_python_module


def remote_sum(pair):
    # Runs in a child process: the module must be importable there too.
    import my_python_module as child_module
    return child_module.sum_as_string(*pair), os.getpid()


class RelaunchTest(unittest.TestCase):
    def test_this_process_is_pyhost(self):
        self.assertIn("my_python_module", sys.builtin_module_names)
        self.assertTrue(os.path.isabs(sys.executable))

    def test_subprocess_of_sys_executable_has_the_module(self):
        out = subprocess.run(
            [sys.executable, "-c", "import my_python_module; print(my_python_module.sum_as_string(2**64 - 1, 1))"],
            capture_output=True, text=True, check=True).stdout
        self.assertEqual(out, "18446744073709551616\n")

    def test_multiprocessing_spawn_runs_children_in_pyhost(self):
        context = multiprocessing.get_context("spawn")
        with context.Pool(2) as pool:
            results = pool.map(remote_sum, [(1, 2), (2**64 - 1, 2**64 - 1)])
        self.assertEqual([value for value, _ in results], ["3", "36893488147419103230"])
        self.assertTrue(all(pid != os.getpid() for _, pid in results))

    def test_process_pool_executor_runs_children_in_pyhost(self):
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as executor:
            value, pid = executor.submit(remote_sum, (10, 20)).result(timeout=60)
        self.assertEqual(value, "30")
        self.assertNotEqual(pid, os.getpid())

    def test_a_venv_made_by_pyhost_runs_pyhost_with_its_own_site_packages(self):
        with tempfile.TemporaryDirectory() as directory:
            env_dir = os.path.join(directory, "env")
            subprocess.run([sys.executable, "-m", "venv", "--without-pip", env_dir], check=True)
            python = os.path.join(env_dir, "bin", "python")
            code = ("import sys, site, my_python_module; "
                    "print(sys.prefix); print(sys.base_prefix); print(site.getsitepackages()[0]); "
                    "print(my_python_module.sum_as_string(1, 1))")
            lines = subprocess.run([python, "-c", code], capture_output=True, text=True,
                                   check=True).stdout.splitlines()
        self.assertEqual(lines[0], env_dir)
        self.assertEqual(lines[1], sys.base_prefix)
        self.assertTrue(lines[2].startswith(env_dir), lines[2])
        self.assertEqual(lines[3], "2")


if __name__ == "__main__":
    unittest.main()
