"""Finding the native traincmp binary the wheel carries, and handing the process over to it."""

from __future__ import annotations

import os
import signal
import stat
import sys

from ._errors import BinaryNotFoundError

# The console script imports this module alone: no typing, no pathlib, so that it starts in a few milliseconds.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import List, NoReturn, Optional, Sequence

#: Environment variable naming another traincmp binary to run (a build of your own, a `dotnet publish` folder).
BINARY_ENV = "TRAINCMP_BINARY"

_NAME = "traincmp.exe" if os.name == "nt" else "traincmp"


def binary_path() -> str:
    """The path of the traincmp binary: ``$TRAINCMP_BINARY`` when set, else the one inside this package.

    Raises :class:`BinaryNotFoundError` when there is none (a wheel for another platform, or a source checkout).
    """
    override = os.environ.get(BINARY_ENV)
    if override:
        if not os.path.isfile(override):
            raise BinaryNotFoundError(f"{BINARY_ENV}={override}: no such file")
        return override
    path = os.path.join(os.path.dirname(os.path.realpath(__file__)), "bin", _NAME)
    if not os.path.isfile(path):
        raise BinaryNotFoundError(
            f"this traincmp package carries no binary ({path} is missing): install the wheel for your platform, "
            f"or set {BINARY_ENV} to a traincmp binary")
    _ensure_executable(path)
    return path


def _ensure_executable(path: str) -> None:
    """An installer that dropped the wheel's executable bit (they should keep it) is forgiven once."""
    if os.name == "nt" or os.access(path, os.X_OK):
        return
    try:
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    except OSError:
        pass  # exec then fails with the OS's own message


def exec_binary(args: Sequence[str]) -> NoReturn:
    """Runs traincmp with ``args`` in place of this process.

    On POSIX the binary replaces the Python process (os.execv): same PID, so arguments, the exit code and every
    signal (Ctrl-C, SIGTERM from a CI runner, SIGPIPE) reach traincmp as if it had been started directly.
    Elsewhere it runs as a child and its exit code is returned as this process's.
    """
    try:
        path = binary_path()
    except BinaryNotFoundError as e:
        sys.stderr.write(f"traincmp: error: {e.message}\n")
        sys.exit(2)
    argv: List[str] = [path, *args]
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        # Python ignores SIGPIPE and SIGXFSZ, and ignored signals stay ignored across exec: give traincmp the
        # defaults a shell would have given it (as subprocess does with restore_signals=True).
        for name in ("SIGPIPE", "SIGXFSZ"):
            number: Optional[int] = getattr(signal, name, None)
            if number is not None:
                signal.signal(number, signal.SIG_DFL)
        try:
            os.execv(path, argv)
        except OSError as e:
            sys.stderr.write(f"traincmp: error: cannot run {path}: {e.strerror}\n")
            sys.exit(2)
    import subprocess

    with subprocess.Popen(argv) as child:
        while True:
            try:
                sys.exit(child.wait())
            except KeyboardInterrupt:
                continue  # the console sent Ctrl-C to traincmp too: wait for it to finish its outputs
