"""A pool of query worker processes: the time limit that really stops the work, and fair queueing.

Oxigraph cannot interrupt a running query from another thread, so each query runs in a
worker process. A query that passes its deadline has its worker killed (the CPU is freed at
once) and replaced in the background, while the other workers keep answering.

Writes happen in the server process through its read-write handle. Workers never open the
live store folder: they open the checkpoint the server takes of each store version
(:mod:`ungass_kg.store.checkpoints`), re-opening when a job carries a newer version.

Queueing (docs/endpoint.md, "Queueing"): ``size`` workers form the general lane, where any
query may run until the time limit; one more worker is the fast lane, where a query runs at
most ``fast_lane_seconds`` (setting; default 0.5 s). A query that outgrows the fast lane is
stopped there and goes back to the general queue in its place (or keeps running, as a
general query, when a general slot is free), and its text is remembered as slow, so slow
queries can never hold the fast lane. Waiting queries are taken round-robin by client, the
time waited counts against the time limit, and a full queue (or a wait that reaches the
limit) answers 503 with ``Retry-After``. A spare process stands by so a stopped worker is
replaced at once.

Workers die with the server whatever kills it: Linux ``PR_SET_PDEATHSIG`` (the kernel sends
SIGKILL when the spawning thread's process ends), a check of the parent right after that
(the server may have died first), and a thread that watches the parent elsewhere.

Each worker's heap is capped (setting ``worker_memory_mb``; 0 = no cap), so a query that
tries to materialise a huge result dies alone instead of exhausting the machine.

A worker over a small store (up to ``worker_memory_quads`` quads; 0 turns it off) copies
the checkpoint into memory: Oxigraph answers joins several times
faster from memory than from its on-disk indexes (benchmarks/endpoint.md).

Jobs are module-level functions (pickled by reference) called as ``job(store, *args)``; results and
:class:`~ungass_kg.errors.UserError` s travel back over a pipe.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import math
import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import QueryTimeout, StoreError, UserError
from ..store.checkpoints import Checkpoints, Snapshot, alive

# Never fork the threaded server itself: workers are forked from multiprocessing's fork
# server, a single-threaded process that has imported what a job needs, so a replacement
# worker is ready in tens of milliseconds instead of the second a fresh interpreter takes.
# Its first preload arms its death signal (deathsig.py).
_CTX = mp.get_context("forkserver")
_CTX.set_forkserver_preload(["ungass_kg.web.deathsig", "ungass_kg.web.jobs", "ungass_kg.web.saved_jobs",
                             "ungass_kg.queries", "ungass_kg.figures"])
_keeper: queue.Queue[threading.Event] | None = None
_keeper_lock = threading.Lock()


def _keep_fork_server() -> None:
    while True:
        done = _keeper_q().get()
        with contextlib.suppress(Exception):  # a failure shows when the worker starts
            from multiprocessing import forkserver

            forkserver.ensure_running()
        done.set()


def _keeper_q() -> queue.Queue[threading.Event]:
    global _keeper
    with _keeper_lock:
        if _keeper is None:
            _keeper = queue.Queue()
            threading.Thread(target=_keep_fork_server, daemon=True, name="ungass-kg-fork-server").start()
        return _keeper


def _ensure_fork_server() -> None:
    """Start (or restart) the fork server from one thread that lives as long as this process:
    the kernel's death signal follows the thread that started a process, not the process."""
    done = threading.Event()
    _keeper_q().put(done)
    done.wait(30)


Job = Callable[..., Any]  # a module-level function: job(store, *args)


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


def _die_with_parent(server: int) -> None:
    """End this worker when the server ends, even by SIGKILL.

    The worker's parent is the fork server, which dies with the server (deathsig.py); the
    death signal armed here then ends the worker. The server may have died before the signal
    was armed (checked once); where there is no death signal a thread watches the server
    (it runs between queries: a query holds the interpreter while it runs).
    """
    from .deathsig import arm

    arm()
    if not alive(server):
        os._exit(0)

    def watch() -> None:
        while alive(server):
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="ungass-kg-parent-watch").start()


def _worker_main(conn: Connection, snapshot: Snapshot, parent: int, limits: WorkerLimits) -> None:
    """Loop of one worker: ("ready") once warm; per job ("start") once its store is open, then
    ("ok", value) or ("user"/"error", ...)."""
    _die_with_parent(parent)
    _limit_memory(limits.memory_mb)
    store: Any = None
    opened = ""
    with contextlib.suppress(Exception):  # warm up before the first job; a failure shows on that job
        store, opened = _open(Path(snapshot[1]), limits.memory_quads), snapshot[0]
    try:
        conn.send(("ready",))
    except (OSError, ValueError):
        return
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
            conn.send(("start",))
            reply: tuple[Any, ...] = ("ok", job(store, *args))
        except UserError as e:
            reply = ("user", type(e).__name__, e.message, e.hint, e.http_status)
        except (OSError, ValueError):
            return  # the pipe is gone: the server ended
        except Exception as e:  # one bad job must not take the worker down
            reply = ("error", f"{type(e).__name__}: {e}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class Saturated(QueryTimeout):
    """No worker can take the query within its time limit (503 with ``Retry-After``)."""

    def __init__(self, message: str, *, retry_after: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.headers = {"Retry-After": str(retry_after)}


class _Worker:
    def __init__(self, snapshot: Snapshot, limits: WorkerLimits) -> None:
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_worker_main, args=(child, snapshot, os.getpid(), limits), daemon=True,
                                      name="ungass-kg-query")
        self.process.start()
        child.close()
        self.ready = False
        self.job: _Job | None = None


@dataclass(eq=False)
class _Job:
    seq: int
    job: Job
    args: tuple[Any, ...]
    client: str
    key: str
    arrived: float
    deadline: float
    snapshot: Snapshot
    lane: str = ""  # "", "general" or "fast"
    slice_end: float = math.inf
    started: float = 0.0  # when it last went to a worker
    evicted: bool = False
    reply: tuple[Any, ...] | None = None
    error: UserError | None = None
    done: threading.Event = field(default_factory=threading.Event)


def _rebuild_error(reply: tuple[Any, ...]) -> UserError:
    _, name, message, hint, status = reply
    cls = getattr(errors, name, None)
    err = cls(message, hint=hint) if isinstance(cls, type) and issubclass(cls, UserError) else UserError(message)
    err.http_status = status
    return err


class QueryPool:
    """``size`` general workers, one fast-lane worker and a spare, answering from checkpoints.

    One scheduler thread owns every worker: it hands out jobs, reads replies, and enforces
    time limits and lanes. One spawner thread starts and reaps processes (it lives as long as
    the pool, so the workers' death signal is tied to the server's life, not a passing thread).
    """

    SLOW_MEMORY = 512  # query fingerprints remembered as too slow for the fast lane

    def __init__(self, store: Any, size: int, *, memory_mb: int, memory_quads: int, fast_lane: float,
                 checkpoints: Checkpoints | None = None, max_queue: int | None = None) -> None:
        self.limits = WorkerLimits(memory_mb, memory_quads)
        self.snapshots = checkpoints or Checkpoints(store)
        self._own_snapshots = checkpoints is None
        self.size = max(1, size)
        self.fast_lane = fast_lane
        self.max_queue = max_queue if max_queue is not None else max(16, 8 * self.size)
        self.processes = self.size + 2  # general lane + fast lane + spare
        self._cond = threading.Condition()
        self._waiting: collections.OrderedDict[str, collections.deque[_Job]] = collections.OrderedDict()
        self._slow: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._workers: list[_Worker] = []
        self._starting = 0
        self._seq = 0
        self._closed = False
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._spawn_q: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, daemon=True, name="ungass-kg-spawner")
        self._scheduler = threading.Thread(target=self._schedule_loop, daemon=True, name="ungass-kg-scheduler")
        self._spawner.start()
        self._scheduler.start()
        for _ in range(self.processes):
            self._request_spawn()

    # --- processes (spawner thread) ------------------------------------------------------
    def _request_spawn(self) -> None:
        with self._cond:
            self._starting += 1
        self._spawn_q.put(("spawn", None))

    def _spawn_loop(self) -> None:
        while True:
            what, arg = self._spawn_q.get()
            if what == "stop":
                return
            if what == "reap":
                arg.process.kill()
                arg.process.join(timeout=5)
                with contextlib.suppress(OSError):
                    arg.conn.close()
                continue
            try:
                _ensure_fork_server()
                w = _Worker(self.snapshots.current(), self.limits)
            except (UserError, OSError):
                w = None
            with self._cond:
                self._starting -= 1
                if w is not None and self._closed:
                    self._spawn_q.put(("reap", w))
                elif w is not None:
                    self._workers.append(w)
            self._wake()
            if w is None:  # the checkpoint or the process failed: try again shortly
                time.sleep(1.0)
                if not self._closed:
                    self._request_spawn()

    def _retire(self, w: _Worker) -> None:
        """Kill a worker (its query ran too long, or it died) and start a replacement (lock held)."""
        if w in self._workers:
            self._workers.remove(w)
        self._spawn_q.put(("reap", w))
        if not self._closed:
            self._starting += 1
            self._spawn_q.put(("spawn", None))

    # --- queueing (request threads) -------------------------------------------------------
    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    def _fingerprint(self, job: Job, args: tuple[Any, ...]) -> str:
        name = f"{job.__module__}.{job.__qualname__}"
        return hashlib.blake2b(repr((name, args)).encode("utf-8", "replace"), digest_size=16).hexdigest()

    def _retry_after(self) -> int:
        """Seconds until a general worker is expected to be free (lock held)."""
        now = time.monotonic()
        ends = [w.job.deadline - now for w in self._workers if w.job is not None and w.job.lane == "general"]
        return max(1, math.ceil(min(ends))) if ends else 1

    def run(self, job: Job, args: tuple[Any, ...], timeout: float, client: str = "") -> Any:
        """Run ``job(store, *args)`` in a worker; :class:`QueryTimeout` past ``timeout`` seconds
        (counted from now: waiting for a worker uses up the same time).

        Blocking: call it from a thread, never on the event loop.
        """
        snapshot = self.snapshots.current()
        now = time.monotonic()
        with self._cond:
            if self._closed:
                raise StoreError("the query service is shutting down", hint="try again shortly")
            queued = sum(len(q) for q in self._waiting.values())
            if queued >= self.max_queue:
                raise Saturated(f"the query service is saturated ({queued} queries are waiting)",
                                retry_after=self._retry_after(), hint="try again after Retry-After seconds")
            self._seq += 1
            j = _Job(self._seq, job, args, client, self._fingerprint(job, args), now, now + timeout, snapshot)
            self._waiting.setdefault(client, collections.deque()).append(j)
        self._wake()
        j.done.wait(timeout + 30)  # the scheduler answers by the deadline; the margin covers a stall
        if j.error is not None:
            raise j.error
        reply = j.reply
        if reply is None:
            raise QueryTimeout(f"the query was stopped at the {timeout:g} s time limit")
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "user":
            raise _rebuild_error(reply)
        raise StoreError(f"the query failed inside the worker: {reply[1]}")

    # --- scheduling (scheduler thread) -----------------------------------------------------
    def _finish(self, j: _Job, reply: tuple[Any, ...] | None = None, error: UserError | None = None) -> None:
        j.reply, j.error = reply, error
        j.done.set()

    def _requeue(self, j: _Job) -> None:
        """Put a job back in its client's queue at its original place (by arrival)."""
        q = self._waiting.setdefault(j.client, collections.deque())
        i = next((k for k, other in enumerate(q) if other.seq > j.seq), len(q))
        q.insert(i, j)

    def _mark_slow(self, key: str) -> None:
        self._slow[key] = None
        self._slow.move_to_end(key)
        while len(self._slow) > self.SLOW_MEMORY:
            self._slow.popitem(last=False)

    def _next_general(self) -> _Job | None:
        """Round-robin over clients: the first client's oldest job, and that client goes last."""
        for client in list(self._waiting):
            q = self._waiting.pop(client)
            if q:
                j = q.popleft()
                if q:
                    self._waiting[client] = q  # re-inserted at the end: the next client goes first
                return j
        return None

    def _next_fast(self, now: float) -> _Job | None:
        """The newest recent job not known to be slow: later arrivals (likely cheap) never wait
        behind a burst of queued unknown queries, and a burst can hold the lane only briefly
        (a job is a candidate for one and a half fast-lane slices after it arrives, then waits
        for the general lane)."""
        best: _Job | None = None
        fresh = now - 1.5 * self.fast_lane
        for q in self._waiting.values():
            for j in q:
                if (not j.evicted and j.arrived > fresh and j.key not in self._slow
                        and (best is None or j.seq > best.seq)):
                    best = j
        if best is not None:
            q = self._waiting[best.client]
            q.remove(best)
            if not q:
                del self._waiting[best.client]
        return best

    def _dispatch(self, now: float) -> None:
        busy = [w for w in self._workers if w.job is not None]
        general = sum(1 for w in busy if w.job is not None and w.job.lane == "general")
        fast = sum(1 for w in busy if w.job is not None and w.job.lane == "fast")
        for w in list(self._workers):
            if not w.ready or w.job is not None or not self._waiting:
                continue
            if general < self.size:
                j, lane = self._next_general(), "general"
            elif fast == 0 and self.fast_lane > 0:
                j, lane = self._next_fast(now), "fast"
            else:
                break
            if j is None:
                break
            if j.deadline - now < 0.1:  # no time left to do anything: it expires as waited out
                self._requeue(j)
                break
            try:
                w.conn.send((j.snapshot, j.job, j.args))
            except (OSError, ValueError):
                self._requeue(j)
                self._retire(w)
                continue
            j.lane, j.slice_end, j.started = lane, math.inf, now
            w.job = j
            if lane == "general":
                general += 1
            else:
                fast += 1

    def _on_message(self, w: _Worker, now: float) -> None:
        try:
            msg = w.conn.recv()
        except (EOFError, OSError):
            j = w.job
            self._retire(w)
            if j is not None:
                self._finish(j, error=StoreError(
                    "the query worker stopped: the query may have needed more memory than a worker may use",
                    hint="narrow the query, or add LIMIT"))
            return
        if msg[0] == "ready":
            w.ready = True
        elif msg[0] == "start":
            if w.job is not None and w.job.lane == "fast":
                w.job.slice_end = now + self.fast_lane  # opening a newer checkpoint does not count
        elif w.job is not None:
            j, w.job = w.job, None
            self._finish(j, reply=msg)

    def _on_time(self, now: float) -> None:
        general = sum(1 for w in self._workers if w.job is not None and w.job.lane == "general")
        for w in list(self._workers):
            j = w.job
            if j is None:
                continue
            if now >= j.deadline:
                w.job = None
                self._retire(w)
                self._mark_slow(j.key)
                queued = j.started - j.arrived
                waited = f" (after {queued:.1f} s waiting for a worker)" if queued >= 0.5 else ""
                self._finish(j, error=QueryTimeout(
                    f"the query was stopped at the {j.deadline - j.arrived:g} s time limit{waited}",
                    hint="add LIMIT, narrow the patterns, or use a saved query"))
            elif j.lane == "fast" and now >= j.slice_end:
                self._mark_slow(j.key)
                if general < self.size:  # a general slot is free: keep the work done so far
                    j.lane = "general"
                    general += 1
                else:  # stop it here; it waits for a general worker in its place
                    w.job = None
                    self._retire(w)
                    j.evicted, j.lane = True, ""
                    self._requeue(j)
        for client in list(self._waiting):
            q = self._waiting[client]
            for j in [j for j in q if now >= j.deadline]:
                q.remove(j)
                self._finish(j, error=Saturated(
                    f"every query worker stayed busy for the whole {j.deadline - j.arrived:g} s time limit",
                    retry_after=self._retry_after(), hint="try again after Retry-After seconds"))
            if not q:
                del self._waiting[client]

    def _next_wakeup(self, now: float) -> float:
        times = [w.job.deadline for w in self._workers if w.job is not None]
        times += [w.job.slice_end for w in self._workers if w.job is not None and w.job.lane == "fast"]
        times += [j.deadline for q in self._waiting.values() for j in q]
        return max(0.0, min(times) - now) if times else 1.0

    def _schedule_loop(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                now = time.monotonic()
                self._on_time(now)
                self._dispatch(now)
                conns = {w.conn: w for w in self._workers}
                timeout = self._next_wakeup(now)
            try:
                ready = mpc.wait([*conns, self._wake_r], timeout=timeout)
            except (OSError, ValueError):  # a worker's pipe closed under the wait: look again
                ready = []
            with self._cond:
                now = time.monotonic()
                for c in ready:
                    if c == self._wake_r:
                        with contextlib.suppress(OSError):
                            os.read(self._wake_r, 4096)
                    elif isinstance(c, Connection) and conns[c] in self._workers:
                        self._on_message(conns[c], now)

    # --- state, for tests and docs ------------------------------------------------------------
    def status(self) -> dict[str, int]:
        with self._cond:
            lanes = collections.Counter(w.job.lane for w in self._workers if w.job is not None)
            return {"workers": len(self._workers), "ready": sum(w.ready for w in self._workers),
                    "general": lanes["general"], "fast": lanes["fast"],
                    "waiting": sum(len(q) for q in self._waiting.values())}

    def pids(self) -> list[int]:
        with self._cond:
            return [w.process.pid for w in self._workers if w.process.pid]

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
            waiting = [j for q in self._waiting.values() for j in q] + [w.job for w in workers if w.job]
            self._waiting.clear()
        self._wake()
        for j in waiting:
            self._finish(j, error=StoreError("the query service is shutting down", hint="try again shortly"))
        self._scheduler.join(timeout=5)
        for w in workers:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        for w in workers:
            w.process.join(timeout=2)
            self._spawn_q.put(("reap", w))
        self._spawn_q.put(("stop", None))
        self._spawner.join(timeout=10)
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self._own_snapshots:
            self.snapshots.close()


def default_size() -> int:
    """Enough workers that one runaway query never blocks the others."""
    return max(2, min(8, os.cpu_count() or 2))


class Runner:
    """Runs jobs against the server's store: in the pool when there is one, else in-thread.

    The pool exists for an on-disk embedded store. A remote store enforces its own timeout;
    an in-memory store (tests) cannot be shared with other processes, so it runs in-thread.
    """

    def __init__(self, store: Any, pool: QueryPool | None, timeout: float,
                 checkpoints: Checkpoints | None = None) -> None:
        self.store = store
        self.pool = pool
        self.timeout = timeout
        self.checkpoints = checkpoints

    def run(self, job: Job, *args: Any, client: str = "") -> Any:
        if self.pool is not None:
            return self.pool.run(job, args, self.timeout, client)
        return job(self.store, *args)

    async def arun(self, job: Job, *args: Any, client: str = "") -> Any:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(lambda: self.run(job, *args, client=client))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        if self.checkpoints is not None:
            self.checkpoints.close()
