"""The developer scripts of scripts/ that a test reads as modules (the packaging tests read the
manylinux policy and the ELF reader so), loaded from the paths on the test's command line.

A test never reaches into scripts/ by itself: CMake names each script it needs. The scripts
import one another by name, as they do when run from scripts/, so a script's own imports are
loaded first, and each loaded script joins sys.modules under its name.
"""
import importlib.util
import os
import sys


def load(path):
    """The script at `path`, imported as a module named after its file."""
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
