"""What the Jupyter tests share inside the host: their environment, the kernelspecs of pyhost and
of the reference python3 and how they are installed, and the start of a kernel and its client.
"""
import json
import os
import re
import subprocess

from support import settings
from support.environment import clean_environment

TIMEOUT_SECONDS = 60
PYHOST_KERNEL = "pyhost"
REFERENCE_KERNEL = "python3-reference"


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


def install_kernelspecs():
    """Installs the kernelspecs of pyhost and of the reference python3, once."""
    if install_kernelspecs.done:
        return
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
    install_kernelspecs.done = True


install_kernelspecs.done = False


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
