"""A server on loopback and the memory of its process tree, for the upload benchmarks.

Shared by bench_hostile.py and bench_upload_memory.py: ``served`` starts ``ungass-kg serve``
over a store on a free port and waits until it answers; ``PeakRss`` samples the resident
memory of the server and its workers every 50 ms while a request is handled.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def tree_rss_kb(root: int) -> int:
    """Resident memory (KB) of process ``root`` and all its descendants, from ``ps``."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout.split()
    table = [tuple(map(int, out[i:i + 3])) for i in range(0, len(out), 3)]
    total, todo, seen = 0, [root], set()
    while todo:
        p = todo.pop()
        for pid, ppid, rss in table:
            if (pid == p or ppid == p) and pid not in seen:
                seen.add(pid)
                total += rss
                if pid != p:
                    todo.append(pid)
    return total


class PeakRss:
    """``with PeakRss(pid) as peak: ...``: ``peak.kb`` is the tree's highest RSS during the block."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every, self.kb = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.kb = max(self.kb, tree_rss_kb(self.pid))
            time.sleep(self.every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def served(store: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``ungass-kg serve`` over ``store`` on a free loopback port: (base URL, process), stopped after.

    Waits until ``/health`` answers, then two seconds more so the workers are up before measuring.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "ungass_kg", "--store", str(store), "serve", "--host",
                               "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                requests.get(url + "/health", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)
        time.sleep(2)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)
