"""Ending a command's own process without collecting or freeing what it built.

Validating 20,000 rows builds about a million Python objects (the mapped triples, the cell of
every value, the report), all alive until the process ends. Two costs bought nothing there:
the cyclic collector's first pass once validation turned it back on walked every object made
while it was paused (0.3 s), and freeing them one by one at the end took 0.45 s; together 13%
of the run. A command like that calls :func:`short_lived`: when it runs in a process of its own
(the ``ungass-kg`` entry point says so with :func:`own_process`), the collector stays off and the
entry point ends the process with ``os._exit`` once click has closed the command's context (and
with it the store), after flushing stdout and stderr. Run in-process (click's test runner, the
web app), a command is unaffected.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import NoReturn

_own = False
_skip = False


def own_process() -> None:
    """The command about to run has the process to itself (the entry point, not a test runner)."""
    global _own
    _own = True


def short_lived() -> None:
    """No cyclic collection, no freeing object by object: the process ends when the command does."""
    global _skip
    if _own:
        gc.disable()
        _skip = True


def finish(code: int) -> None:
    """End the process now if the command was short-lived; else return (the caller exits)."""
    if _skip:
        _exit(code)


def _exit(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be written
            stream.flush()
    os._exit(code)
