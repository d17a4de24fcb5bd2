"""Whether the host can import the tool that an integration test needs: missing_modules. A test
whose tool the host lacks reports itself skipped (status 77), and says which package brings it.
"""
import subprocess


def missing_modules(host, modules, env, timeout=60):
    """The modules of `modules` that `host` cannot find. A host that cannot even look ends the
    test with an error, as that is a failure rather than a reason to skip."""
    probe = subprocess.run(
        [host, "-c", "import importlib.util, sys; "
                     "print(*[name for name in sys.argv[1:] if importlib.util.find_spec(name) is None])",
         *modules],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, timeout=timeout)
    if probe.returncode != 0:
        raise SystemExit(f"{host} could not look for {', '.join(modules)}:\n{probe.stderr}")
    return probe.stdout.split()
