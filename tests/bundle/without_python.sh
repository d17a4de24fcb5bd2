#!/bin/sh
# Runs a command where no Python is installed: in a mount namespace of its own, where the files of
# every installed Python are hidden, so that whatever the command finds, it found in itself.
#
#     sh tests/bundle/without_python.sh [--hide PATH]... [--bind SOURCE TARGET] [--offline] \
#         [--] COMMAND [ARG]...
#
# Hidden under an empty read-only tmpfs: /usr/lib/python3* (Debian's dist-packages among them),
# /usr/local/lib/python3*, /usr/share/python-wheels, pyenv's root ($PYENV_ROOT, or ~/.pyenv), and
# each directory given with --hide. Hidden under /dev/null (a bind mount over the file, or over
# the file a symlink names), which can be neither executed nor loaded: every python3* and python
# in /usr/bin, /usr/local/bin, /bin and the directories of PATH, every libpython3*, and each file
# given with --hide.
#
# --bind (once) mounts the directory SOURCE over the directory TARGET, after the hiding: a launcher
# script at TARGET/bin/pyhost can so enter the namespace and run the bundle under its own path.
# --offline makes a network namespace too, in which no interface is up.
#
# It needs root, unshare and mount (util-linux). The mounts are private (unshare's default):
# nothing outside the namespace sees them, and they end with its last process. It exits with 125
# when a mount fails, else with the command's status (the command replaces the shell).
set -u

fail() {
    echo "without_python: $*" >&2
    exit 125
}

if [ "${1-}" != --in-namespace ]; then
    # The options are read again inside; only --offline matters to unshare.
    network=
    for argument; do
        [ "$argument" = -- ] && break
        [ "$argument" = --offline ] && network=--net
    done
    exec unshare --mount --propagation private $network -- /bin/sh "$0" --in-namespace "$@"
fi
shift

hide() {
    # A path that does not exist, or that an earlier mount hid already, is left as it is.
    if [ -d "$1" ]; then
        mount -t tmpfs -o ro,size=4k,mode=755 pyhost-hidden "$1" || fail "cannot hide $1"
    elif [ -f "$1" ]; then
        mount --bind /dev/null "$1" || fail "cannot hide $1"
    fi
}

bind_source=
bind_target=
while [ $# -gt 0 ]; do
    case "$1" in
        --hide) [ $# -ge 2 ] || fail "--hide needs a path"; hide "$2"; shift 2 ;;
        --bind) [ $# -ge 3 ] || fail "--bind needs a source and a target"
                bind_source=$2; bind_target=$3; shift 3 ;;
        --offline) shift ;;
        --) shift; break ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || fail "no command to run"

# Directories first: pyenv's shims are then gone before PATH is searched.
hide "${PYENV_ROOT:-${HOME:-/nonexistent}/.pyenv}"
for directory in /usr/lib/python3* /usr/local/lib/python3* /usr/share/python-wheels; do
    hide "$directory"
done
old_ifs=$IFS
IFS=:
for directory in /usr/bin /usr/local/bin /bin $PATH; do
    IFS=$old_ifs
    for file in "$directory"/python3* "$directory"/python; do
        hide "$file"
    done
done
IFS=$old_ifs
for file in /usr/lib/libpython3* /usr/lib/*/libpython3* /usr/local/lib/libpython3*; do
    hide "$file"
done

if [ -n "$bind_source" ]; then
    mount --bind "$bind_source" "$bind_target" || fail "cannot mount $bind_source over $bind_target"
fi

exec "$@"
