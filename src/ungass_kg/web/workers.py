"""A pool of query worker processes: the time limit that really stops the work.

Oxigraph cannot interrupt a running query from another thread, so each query runs in a
worker process. A query that passes its deadline has its worker killed (the CPU is freed at
once) and replaced in the background, while the other workers keep answering.

Writes happen in the server process through its read-write handle. Workers never open the
live store folder (RocksDB may delete files under a read-only reader while it compacts):
for each store version the server takes a checkpoint (``Store.backup``: hard links, a few
milliseconds) and workers open that, re-opening when a job carries a newer version.

Each worker's heap is capped (setting ``worker_memory_mb``; 0 = no cap), so a query that
tries to materialise a huge result dies alone instead of exhausting the machine.

A worker over a small store (up to ``worker_memory_quads`` quads; 0 turns it off) copies
the checkpoint into memory: Oxigraph answers joins several times
faster from memory than from its on-disk indexes (benchmarks/endpoint.md).

Jobs are ``"module:function"`` names called as ``function(store, *args)``; results and
:class:`~ungass_kg.errors.UserError` s travel back over a pipe.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import os
import queue
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import QueryTimeout, StoreError, UserError

_SPAWN = mp.get_context("spawn")  # never fork a threaded server
Snapshot = tuple[str, str]  # (store version, checkpoint folder)


def _resolve(name: str) -> Callable[..., Any]:
    module, _, func = name.partition(":")
    return getattr(importlib.import_module(module), func)


@dataclass(frozen=True)
class WorkerLimits:
    """What each worker is allowed: heap in MB (0 = no cap), store size copied into memory (0 = never)."""

    memory_mb: int
    memory_quads: int


def _open(folder: Path, limit: int) -> Any:
    """The checkpoint as a store: copied into memory when small enough, else read from disk."""
    from ..store import EmbeddedStore

    disk = EmbeddedStore(folder, read_only=True)
    if limit and len(disk.oxigraph) <= limit:
        mem = EmbeddedStore(None)
        mem.oxigraph.extend(disk.oxigraph.quads_for_pattern(None, None, None, None))
        disk.close()
        return mem
    return disk


def _limit_memory(mb: int) -> None:
    """Cap the worker's heap: a query that tries to hold the whole cartesian product dies alone."""
    limit = mb * 1024 * 1024
    if not limit:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time limit still applies
        pass


def _worker_main(conn: Connection, snapshot: Snapshot, limits: WorkerLimits) -> None:
    """Loop of one worker: (snapshot, job, args) in, ("ok", value) or ("user"/"error", ...) out."""
    _limit_memory(limits.memory_mb)
    store: Any = None
    opened = ""
    with contextlib.suppress(Exception):  # warm up before the first job; a failure shows on that job
        store, opened = _open(Path(snapshot[1]), limits.memory_quads), snapshot[0]
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if msg is None:
            return
        (version, folder), job, args = msg
        try:
            if store is None or version != opened:
                if store is not None:
                    store.close()
                store = None
                store, opened = _open(Path(folder), limits.memory_quads), version
            reply: tuple[Any, ...] = ("ok", _resolve(job)(store, *args))
        except UserError as e:
            reply = ("user", type(e).__name__, e.message, e.hint, e.http_status)
        except Exception as e:  # one bad job must not take the worker down
            reply = ("error", f"{type(e).__name__}: {e}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class Snapshots:
    """Checkpoints of the live store, one per version, in a private folder beside it."""

    KEEP = 3  # a worker may still be opening a recent one

    def __init__(self, store: Any) -> None:
        self.store = store
        self.root = Path(tempfile.mkdtemp(prefix=".ungass-kg-snapshots-", dir=store.path.parent))
        self._lock = threading.Lock()
        self._made: list[Snapshot] = []

    def current(self) -> Snapshot:
        version = self.store.version()
        with self._lock:
            if self._made and self._made[-1][0] == version:
                return self._made[-1]
            folder = self.root / uuid.uuid4().hex
            try:
                self.store.oxigraph.backup(str(folder))
            except OSError as e:
                raise StoreError(f"cannot snapshot the store for the query workers: {e}") from None
            self._made.append((version, str(folder)))
            while len(self._made) > self.KEEP:
                _, old = self._made.pop(0)
                shutil.rmtree(old, ignore_errors=True)
            return self._made[-1]

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class _Worker:
    def __init__(self, snapshot: Snapshot, limits: WorkerLimits) -> None:
        self.conn, child = _SPAWN.Pipe()
        self.process = _SPAWN.Process(target=_worker_main, args=(child, snapshot, limits), daemon=True,
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
    """``size`` worker processes answering from checkpoints of an embedded on-disk store."""

    def __init__(self, store: Any, size: int, *, memory_mb: int, memory_quads: int) -> None:
        self.limits = WorkerLimits(memory_mb, memory_quads)
        self.snapshots = Snapshots(store)
        self.size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        for _ in range(self.size):
            self._add()

    def _add(self) -> None:
        try:
            w = _Worker(self.snapshots.current(), self.limits)
        except UserError:
            return
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

    def run(self, job: str, args: tuple[Any, ...], timeout: float) -> Any:
        """Run ``job(store, *args)`` in a worker; :class:`QueryTimeout` past ``timeout`` seconds.

        Blocking: call it from a thread, never on the event loop.
        """
        deadline = time.monotonic() + timeout
        snapshot = self.snapshots.current()
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"every query worker stayed busy for the whole {timeout:g} s time limit",
                hint="try again shortly",
            ) from None
        try:
            w.conn.send((snapshot, job, args))
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(w)
                raise QueryTimeout(
                    f"the query was stopped at the {timeout:g} s time limit",
                    hint="add LIMIT, narrow the patterns, or use a saved query",
                )
            reply = w.conn.recv()
        except (EOFError, OSError):
            self._replace(w)
            raise StoreError("the query worker stopped: the query may have needed more memory than a "
                             "worker may use", hint="narrow the query, or add LIMIT") from None
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
        self.snapshots.close()


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
            return self.pool.run(job, args, self.timeout)
        return _resolve(job)(self.store, *args)

    async def arun(self, job: str, *args: Any) -> Any:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(lambda: self.run(job, *args))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
