"""pyhost's interactive session: what the host adds to CPython's own REPL.

CPython's main loop (Py_RunMain) runs the session, so prompts and sys.ps1/sys.ps2, multi-line
blocks, Ctrl-C, -i after a script, PYTHONSTARTUP and SystemExit behave exactly as in python3.
Right before its first prompt CPython calls sys.__interactivehook__. When stdin is a terminal,
the host points that hook here instead of at site's (app/console.cpp), and `start_session`:

- imports my_python_module into __main__;
- turns on readline's line editing and Tab completion (rlcompleter: names, attributes, and the
  native functions with them);
- keeps the history in the host's own file, ~/.pyhost_history or $PYHOST_HISTORY, mode 0600,
  and neither reads nor writes it under -I;
- makes a bare `exit` or `quit` leave the session, as in Python 3.13.

The host compiles this file into its binary and runs it as the module `_pyhost_console`.
"""

import atexit
import os
import sys

MODULE = "my_python_module"
HISTORY_VARIABLE = "PYHOST_HISTORY"
DEFAULT_HISTORY = os.path.join("~", ".pyhost_history")

_started = False


def banner(host_version):
    """The host's banner: what CPython's says, plus the host and its module."""
    lines = [f"pyhost {host_version} with Python {sys.version} on {sys.platform}"]
    # As in CPython's banner: help, copyright, credits and license are site's builtins.
    if not sys.flags.no_site:
        lines.append('Type "help", "copyright", "credits" or "license" for more information.')
    lines.append(f"{MODULE} is already imported: try {MODULE}.sum_as_string(2**64 - 1, 1)")
    return "\n".join(lines)


def print_banner(host_version):
    """Shows the banner where CPython shows its own: on stderr, before PYTHONSTARTUP runs."""
    print(banner(host_version), file=sys.stderr, flush=True)


def history_path():
    """The history file, or None under -I, which keeps the session away from the user's files.

    PYHOST_HISTORY moves it; like python's own PYTHON* variables it is ignored under -E.
    """
    if sys.flags.isolated:
        return None
    configured = "" if sys.flags.ignore_environment else os.environ.get(HISTORY_VARIABLE, "")
    # Absolute now: the session may change directory before the history is saved.
    return os.path.abspath(os.path.expanduser(configured or DEFAULT_HISTORY))


def start_session(previous_hook=None):
    """The host's sys.__interactivehook__. `previous_hook` is the one it replaced."""
    global _started
    if _started:
        return
    _started = True
    _import_module_into_main()
    _enable_line_editing(history_path())
    _leave_on_bare_exit_and_quit()
    # A hook from sitecustomize or usercustomize still runs; site's own is the one replaced.
    if previous_hook is not None and not _is_sites_readline_hook(previous_hook):
        previous_hook()


def _import_module_into_main():
    import __main__

    # After -i, a script's own binding of the name wins.
    vars(__main__).setdefault(MODULE, __import__(MODULE))


def _enable_line_editing(history):
    # As site's hook does, with the host's history file in place of ~/.python_history.
    try:
        import readline
        import rlcompleter  # noqa: F401 (importing it makes it readline's completer)
    except ImportError:
        return
    if "libedit" in (readline.__doc__ or ""):
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    try:
        # Read after binding Tab, so that the user's inputrc can bind it otherwise.
        readline.read_init_file()
    except OSError:
        pass
    # A PYTHONSTARTUP file that loaded a history of its own keeps it (bpo-5845).
    if history is None or readline.get_current_history_length() > 0:
        return
    try:
        readline.read_history_file(history)
    except OSError:
        pass
    atexit.register(_save_history, readline, history)


def _save_history(readline, path):
    try:
        # Created private, and kept so: the history holds whatever was typed.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        readline.write_history_file(path)
        os.chmod(path, 0o600)
    except OSError:
        pass  # no home directory, or a read-only one: the session still ends normally


def _leave_on_bare_exit_and_quit():
    try:
        from _sitebuiltins import Quitter
    except ImportError:
        return
    display = sys.displayhook

    # The REPL shows the value of an expression statement with sys.displayhook: showing `exit`
    # or `quit` (site's Quitter objects) calls it instead, which raises SystemExit.
    def displayhook(value):
        if isinstance(value, Quitter):
            value()
        display(value)

    sys.displayhook = displayhook


def _is_sites_readline_hook(hook):
    return (getattr(hook, "__module__", None) == "site"
            and getattr(hook, "__qualname__", "").startswith("enablerlcompleter."))
