"""What a relocated Python (the self-contained bundle, scripts/make_bundle.py) cannot show as the
installed python3 does, for the command-line fuzzer's --relocated comparison.

Its standard library lies elsewhere: each side's own standard-library directory and zip entry
become <stdlib> and <stdlib-zip> in its output, as each binary's path becomes <exe>. And some cases
are about the installation itself, not the command line; those are counted as not applying, each
with its reason:
- -v and -X importtime (and PYTHONVERBOSE, PYTHONPROFILEIMPORTTIME) list every module imported and
  where from, and the installed python3's site imports what its system added (Debian's .pth files:
  the apport hook, certifi, the distutils hack), which a bundle leaves out by design;
- `-m site` prints the installation's site directories;
- a program that prints sys.path or sys.prefix shows the system's dist-packages directories.
"""
import os
import subprocess

from support.differential import TIMEOUT_SECONDS
from support.environment import clean_environment

_PROBE = ("import os, sys, sysconfig; print(sysconfig.get_paths()['stdlib']); "
          "print(os.path.join(sys.prefix, sys.platlibdir, "
          "f'python{sys.version_info[0]}{sys.version_info[1]}.zip'))")


def installation_paths(binary):
    """[(path, placeholder)] of the binary's installation, longest path first."""
    lines = subprocess.run([binary, "-I", "-c", _PROBE], env=clean_environment(),
                           stdout=subprocess.PIPE, text=True, check=True,
                           timeout=TIMEOUT_SECONDS).stdout.splitlines()
    pairs = [(lines[1], "<stdlib-zip>"), (os.path.realpath(lines[0]), "<stdlib>"),
             (lines[0], "<stdlib>")]
    return sorted(set(pairs), key=lambda pair: len(pair[0]), reverse=True)


def replace_paths(text, paths):
    for path, placeholder in paths:
        text = text.replace(path, placeholder)
    return text


def _interpreter_options(args):
    """(short option letters, -X values, the program's -c text or -m module) of a command line,
    read as python's getopt reads it."""
    letters, xoptions, program = [], [], None
    arguments = iter(args)
    for arg in arguments:
        if arg == "--" or arg == "-" or not arg.startswith("-"):
            break
        if arg.startswith("--"):
            if arg == "--check-hash-based-pycs":  # python's one long option with a value
                next(arguments, None)
            continue
        cluster = arg[1:]
        for position, letter in enumerate(cluster):
            rest = cluster[position + 1:]
            if letter in "cmWX":
                value = rest if rest else next(arguments, "")
                if letter == "X":
                    xoptions.append(value)
                elif letter in "cm":
                    program = (letter, value)
                break
            letters.append(letter)
        if program is not None:
            break
    return letters, xoptions, program


def not_applicable(case):
    """Why the case cannot compare a relocated Python with the installed one, or None."""
    letters, xoptions, program = _interpreter_options(case.args)
    if "v" in letters or case.env.get("PYTHONVERBOSE"):
        return "-v lists the imports of the installation's site"
    if any(value.split("=")[0] == "importtime" for value in xoptions) or \
            case.env.get("PYTHONPROFILEIMPORTTIME"):
        return "-X importtime lists the imports of the installation's site"
    if program == ("m", "site"):
        return "-m site prints the installation's site directories"
    texts = [program[1] if program and program[0] == "c" else "", case.stdin or ""]
    if any("sys.path," in text or "sys.prefix" in text for text in texts):
        return "the program prints sys.path or sys.prefix"
    return None
