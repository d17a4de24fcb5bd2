"""The environment of every run of pyhost or python3 that a test starts: clean_environment.

Both binaries of a comparison get the same environment, and no PYTHON* variable reaches them
unless a test sets it: the caller's own (CI's PYTHONUNBUFFERED, PYTHONDONTWRITEBYTECODE) would
change what they do.
"""
import os

# The locale of the runs: a UTF-8 locale that every system has.
UTF8_LOCALE = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def clean_environment(home=None, extra=None, *, inherit=False):
    """The environment of a run: no PYTHON* variable, unless `extra` sets it.

    By default it is built from scratch: the caller's PATH (else /usr/bin:/bin) and TMPDIR, HOME
    (`home`, else the caller's), and UTF8_LOCALE. With `inherit` it is the caller's environment
    less its PYTHON* variables, for runs that need what the caller set up for them (the
    sanitizers' options, and whatever CPython's own tests read), with HOME replaced by `home`
    where one is given. `extra` is added last.
    """
    if inherit:
        env = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    else:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **UTF8_LOCALE}
        for name in ("HOME", "TMPDIR"):
            if name in os.environ:
                env[name] = os.environ[name]
    if home is not None:
        env["HOME"] = home
    assert not any(name.startswith("PYTHON") for name in env)
    env.update(extra or {})
    return env
