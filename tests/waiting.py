"""The one wait-for-server loop of the tests (poll a URL until the process behind it answers),
and the one way to stop such a process."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Callable


def wait_until_answers(url: str, proc: subprocess.Popen[bytes], timeout: float,
                       log: Callable[[], str] = lambda: "") -> None:
    """Return once ``url`` answers 2xx/3xx; if ``proc`` exits or ``timeout`` seconds pass, kill it
    and raise :class:`RuntimeError` with the end of its ``log``."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited ({proc.returncode}): {log()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                raise RuntimeError(f"{url} did not answer within {timeout:g} s: {log()[-2000:]}") from None
            time.sleep(0.2)


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Ask ``proc`` to end (SIGTERM); kill it if it has not within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
