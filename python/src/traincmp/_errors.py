"""The exceptions of the traincmp package. A failed check is not one of them: it is in ``Result.gates``."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, List, Optional, Sequence


class TraincmpError(Exception):
    """traincmp could not compare the runs.

    ``message`` is the one line the tool printed (without its ``traincmp: error:`` prefix), ``exit_code`` its exit
    code (None when it did not run), ``stderr`` everything it printed on standard error, ``command`` the command
    line.
    """

    def __init__(self, message: str, exit_code: Optional[int] = None, stderr: str = "",
                 command: Optional[Sequence[str]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.stderr = stderr
        self.command: List[str] = list(command or [])


class InputError(TraincmpError):
    """Bad input or usage: a missing or unreadable log, a wrong option value (the tool's exit code 2)."""


class InternalError(TraincmpError):
    """A bug in traincmp (its exit code 70), or an exit the tool never makes on its own (killed by a signal)."""


class SchemaError(TraincmpError):
    """The JSON document is not a traincmp report this package can read."""


class SchemaVersionError(SchemaError):
    """The JSON report has a schema version this package does not read (a newer or older traincmp)."""

    def __init__(self, message: str, found: Any = None, supported: Optional[int] = None) -> None:
        super().__init__(message)
        self.found = found
        self.supported = supported


class BinaryNotFoundError(TraincmpError):
    """This installation carries no traincmp binary for this platform (and TRAINCMP_BINARY is not set)."""
