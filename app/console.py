"""pyhost's interactive session: what the host adds to CPython's own REPL.

CPython's main loop (Py_RunMain) runs the session, so prompts and sys.ps1/sys.ps2, multi-line
blocks, Ctrl-C, -i after a script, PYTHONSTARTUP and SystemExit behave exactly as in python3.
Right before its first prompt CPython calls sys.__interactivehook__. When stdin is a terminal,
the host points that hook here instead of at site's (app/console.cpp), and `start_session`:

- imports my_python_module into __main__;
- keeps the history in the host's own file, ~/.pyhost_history or $PYHOST_HISTORY, mode 0600,
  and neither reads nor writes it under -I;
- on Python 3.11 and 3.12, and on 3.13's basic REPL, turns on readline's line editing and Tab
  completion (rlcompleter: names, attributes, and the native functions with them), and makes a
  bare `exit` or `quit` leave the session, as 3.13's new REPL does.

On 3.13 CPython's REPL is usually the new one (_pyrepl). It has its own line editing, completion
of __main__'s names, and the commands exit and quit, so the host adds only the module and its
history file there. The history then goes through _pyrepl's readline functions, which keep a
multi-line block as one entry. Python 3.13 reads PYTHON_HISTORY to name python3's own history
file. pyhost leaves that file alone: its sessions hold the host's module, so they keep a history
of their own, moved only by PYHOST_HISTORY.

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
    if _pyrepl_runs_the_session():
        import _pyrepl.readline

        _keep_history(_pyrepl.readline, history_path())
    else:
        readline = _enable_line_editing()
        if readline is not None:
            _keep_history(readline, history_path())
        _leave_on_bare_exit_and_quit()
    # A hook from sitecustomize or usercustomize still runs; site's own is the one replaced.
    if previous_hook is not None and not _is_sites_readline_hook(previous_hook):
        previous_hook()


def _import_module_into_main():
    import __main__

    # After -i, a script's own binding of the name wins.
    vars(__main__).setdefault(MODULE, __import__(MODULE))


def _pyrepl_runs_the_session():
    """Whether CPython's REPL will be 3.13's _pyrepl, by the rule of Modules/main.c.

    main.c reads PYTHON_BASIC_REPL right after this hook, as one of the PYTHON* variables that
    -E ignores. _pyrepl itself falls back on the basic REPL when it cannot drive the terminal.
    """
    if sys.version_info < (3, 13):
        return False
    if not sys.flags.ignore_environment and os.environ.get("PYTHON_BASIC_REPL"):
        return False
    try:
        from _pyrepl.main import CAN_USE_PYREPL
    except ImportError:
        return False
    return CAN_USE_PYREPL


def _enable_line_editing():
    """Sets up readline for the basic REPL, as site's hook does, and returns it (None without)."""
    try:
        import readline
        import rlcompleter  # noqa: F401 (importing it makes it readline's completer)
    except ImportError:
        return None
    if "libedit" in (readline.__doc__ or ""):
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    try:
        # Read after binding Tab, so that the user's inputrc can bind it otherwise.
        readline.read_init_file()
    except OSError:
        pass
    return readline


def _keep_history(readline, history):
    """Loads the host's history into `readline` (the readline module or _pyrepl's) and saves it
    at exit."""
    # A PYTHONSTARTUP file that loaded a history of its own keeps it (bpo-5845).
    if history is None or readline.get_current_history_length() > 0:
        return
    try:
        readline.read_history_file(history)
    except (OSError, *_terminal_errors()):
        pass
    atexit.register(_save_history, readline, history)


def _terminal_errors():
    # _pyrepl's reader, which holds its history, reports a terminal it cannot use with these.
    try:
        from _pyrepl.unix_console import _error
    except ImportError:
        return ()
    return _error


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
    if getattr(hook, "__module__", None) != "site":
        return False
    # 3.13 names the hook register_readline; 3.11 and 3.12 define it inside enablerlcompleter.
    name = getattr(hook, "__qualname__", "")
    return name == "register_readline" or name.startswith("enablerlcompleter.")
