"""A pool of query worker processes: the time limit that really stops the work.

Oxigraph cannot interrupt a running query from another thread, so each query runs in a
worker process holding a read-only handle on the embedded store. A query that passes its
deadline has its worker killed (the CPU is freed at once) and replaced in the background,
while the other workers keep answering. Writes happen in the server process through its
read-write handle; every job carries the store's version, and a worker re-opens its
read-only handle when the version changed (a read-only handle is a snapshot).

A worker over a small store (up to ``UNGASS_KG_WORKER_MEMORY_QUADS`` quads, default 500,000;
0 turns it off) copies it into memory on (re)opening: Oxigraph answers joins several times
faster from memory than from its on-disk indexes (benchmarks/endpoint.md), and the copy is
a consistent snapshot just like the read-only handle.

Jobs are ``"module:function"`` names called as ``function(store, *args)``; results and
:class:`~ungass_kg.errors.UserError` s travel back over a pipe.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import QueryTimeout, StoreError, UserError

_SPAWN = mp.get_context("spawn")  # never fork a threaded server


def _resolve(name: str) -> Callable[..., Any]:
    module, _, func = name.partition(":")
    return getattr(importlib.import_module(module), func)


def memory_copy_limit() -> int:
    raw = os.environ.get("UNGASS_KG_WORKER_MEMORY_QUADS", "")
    return int(raw) if raw.strip().isdigit() else 500_000


def _open(store_path: Path) -> Any:
    """A read-only snapshot of the store: in memory when small enough, else the on-disk handle."""
    from ..store import EmbeddedStore

    disk = EmbeddedStore(store_path, read_only=True)
    limit = memory_copy_limit()
    if limit and len(disk.oxigraph) <= limit:
        mem = EmbeddedStore(None)
        mem.oxigraph.extend(disk.oxigraph.quads_for_pattern(None, None, None, None))
        disk.close()
        return mem
    return disk


def _worker_main(conn: Connection, store_path: str, version: str | None) -> None:
    """Loop of one worker: (version, job, args) in, ("ok", value) or ("error", ...) out."""
    store: Any = None
    opened = None
    if version is not None:  # warm up before the first job arrives
        try:
            store, opened = _open(Path(store_path)), version
        except Exception:  # the first job reports what is wrong
            store = None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if msg is None:
            return
        version, job, args = msg
        try:
            if store is None or version != opened:
                if store is not None:
                    store.close()
                store = _open(Path(store_path))
                opened = version
            reply: tuple[Any, ...] = ("ok", _resolve(job)(store, *args))
        except UserError as e:
            reply = ("user", type(e).__name__, e.message, e.hint, e.http_status)
        except Exception as e:  # one bad job must not take the worker down
            reply = ("error", f"{type(e).__name__}: {e}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, store_path: Path, version: str | None) -> None:
        self.conn, child = _SPAWN.Pipe()
        self.process = _SPAWN.Process(target=_worker_main, args=(child, str(store_path), version), daemon=True,
                                      name="ungass-kg-query")
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _rebuild_error(reply: tuple[Any, ...]) -> UserError:
    _, name, message, hint, status = reply
    cls = getattr(errors, name, None)
    err = cls(message, hint=hint) if isinstance(cls, type) and issubclass(cls, UserError) else UserError(message)
    err.http_status = status
    return err


class QueryPool:
    """``size`` worker processes over the embedded store at ``store_path``."""

    def __init__(self, store_path: Path, size: int, version: Callable[[], str] | None = None) -> None:
        self.store_path = store_path
        self.version = version
        self.size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        for _ in range(self.size):
            self._add()

    def _add(self) -> None:
        w = _Worker(self.store_path, self.version() if self.version else None)
        with self._lock:
            if self._closed:
                w.kill()
                return
            self._all.add(w)
        self._idle.put(w)

    def _replace(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
        # Starting a process takes a moment: do it off the request's path.
        threading.Thread(target=self._add, daemon=True, name="ungass-kg-respawn").start()

    def run(self, job: str, args: tuple[Any, ...], version: str, timeout: float) -> Any:
        """Run ``job(store, *args)`` in a worker; :class:`QueryTimeout` past ``timeout`` seconds.

        Blocking: call it from a thread, never on the event loop.
        """
        deadline = time.monotonic() + timeout
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"every query worker stayed busy for the whole {timeout:g} s time limit",
                hint="try again shortly",
            ) from None
        try:
            w.conn.send((version, job, args))
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(w)
                raise QueryTimeout(
                    f"the query was stopped at the {timeout:g} s time limit",
                    hint="add LIMIT, narrow the patterns, or use a saved query",
                )
            reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise StoreError("the query worker stopped unexpectedly", hint="try again") from None
        self._idle.put(w)
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "user":
            raise _rebuild_error(reply)
        raise StoreError(f"the query failed inside the worker: {reply[1]}")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            with contextlib.suppress(OSError):
                w.conn.send(None)
        for w in workers:
            w.process.join(timeout=2)
            if w.process.is_alive():
                w.kill()


def default_size() -> int:
    """Enough workers that one runaway query never blocks the others."""
    return max(2, min(8, os.cpu_count() or 2))


class Runner:
    """Runs jobs against the server's store: in the pool when there is one, else in-thread.

    The pool exists for an on-disk embedded store. A remote store enforces its own timeout;
    an in-memory store (tests) cannot be shared with other processes, so it runs in-thread.
    """

    def __init__(self, store: Any, pool: QueryPool | None, timeout: float) -> None:
        self.store = store
        self.pool = pool
        self.timeout = timeout

    def run(self, job: str, *args: Any) -> Any:
        if self.pool is not None:
            return self.pool.run(job, args, self.store.version(), self.timeout)
        return _resolve(job)(self.store, *args)

    async def arun(self, job: str, *args: Any) -> Any:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(lambda: self.run(job, *args))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
