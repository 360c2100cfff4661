"""Processes that die with their parent: Linux ``PR_SET_PDEATHSIG``.

The query workers are forked from multiprocessing's fork server, which the server starts.
The kernel sends SIGKILL to a process whose parent (the thread that started it) ends, once
the process has asked for it, so the chain server -> fork server -> worker falls together
whatever kills the server. The fork server runs no code of ours except the modules it
preloads: importing this module there arms the signal (and only there).
"""

from __future__ import annotations

import contextlib
import signal
import sys

_PR_SET_PDEATHSIG = 1


def arm() -> bool:
    """Ask for SIGKILL when the parent ends; False where the platform has no such thing."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    return False


def _in_fork_server() -> bool:
    return sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules and \
        sys.modules["__main__"].__dict__.get("main") is sys.modules["multiprocessing.forkserver"].main


if _in_fork_server():
    arm()
