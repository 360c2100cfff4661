"""Keep RocksDB's info logs bounded.

RocksDB starts a new ``LOG`` at every open of a store folder and keeps the previous ones as
``LOG.old.<microseconds>``, up to a thousand by default; pyoxigraph does not expose the option
that bounds them. So every read-write open prunes them to the newest few.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

KEEP = 3


def prune(folder: Path, keep: int = KEEP) -> int:
    """Delete all but the ``keep`` newest ``LOG.old.*`` files in ``folder``; returns how many went."""
    try:
        old = sorted(folder.glob("LOG.old.*"), key=lambda p: p.name)  # the suffix is a timestamp
    except OSError:
        return 0
    gone = 0
    for p in old[: max(0, len(old) - keep)]:
        with contextlib.suppress(OSError):
            p.unlink()
            gone += 1
    return gone
