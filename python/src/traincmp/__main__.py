"""``traincmp`` (the console script) and ``python -m traincmp``: the native binary, with the same arguments."""

from __future__ import annotations

import sys
from ._binary import exec_binary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn, Optional, Sequence


def main(argv: Optional[Sequence[str]] = None) -> NoReturn:
    """Replaces this process with traincmp (on POSIX), passing every argument as it is."""
    exec_binary(sys.argv[1:] if argv is None else list(argv))


if __name__ == "__main__":
    main()
