"""Ending the process once a command has finished, without freeing its result object by object.

Validating 20,000 rows leaves a report of about 400,000 Python objects (the mapped triples,
the cell of every value); freeing them one by one when the command returns took 0.45 s, 7%
of the run, for nothing: the process ends anyway. A command that holds such a result calls
:func:`skip_teardown`; the entry point then flushes stdout and stderr and ends the process
(``os._exit``) once click has closed the command's context (and with it the store). Commands
run in-process (click's test runner, the web app) are unaffected: only :func:`ungass_kg.cli.main`
reads the flag.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

_skip = False


def skip_teardown() -> None:
    global _skip
    _skip = True


def finish(code: int) -> None:
    """End the process now when the command asked for it; else return (the caller exits)."""
    if _skip:
        _exit(code)


def _exit(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be written
            stream.flush()
    os._exit(code)
