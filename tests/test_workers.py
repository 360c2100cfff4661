"""The query workers under pressure: fair queueing, and nothing left behind after a crash.

A real server on loopback with two query workers; slow queries are cartesian products of
the whole store that can only end at the time limit. See docs/endpoint.md ("Queueing")
and docs/reliability.md ("Query workers").
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ungass_kg.store import EmbeddedStore
from ungass_kg.store.checkpoints import OWNER, PREFIX
from ungass_kg.web.jobs import run_sparql
from ungass_kg.web.workers import QueryPool, Saturated

from .conftest import LiveServer, serving_copy, start_server, stop_server

WORKERS = 2
TIMEOUT = 8
CHEAP = 3
NO_CACHE = {"Cache-Control": "no-cache", "Accept": "application/sparql-results+json"}


def slow_query(i: int) -> str:
    # Distinct texts, so the pool cannot recognise them as one known slow query.
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} LIMIT {i + 1}"


@pytest.fixture(scope="module")
def server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {"UNGASS_KG_QUERY_WORKERS": str(WORKERS), "UNGASS_KG_QUERY_TIMEOUT": str(TIMEOUT)}
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("workers"), env) as s:
        yield s


@pytest.mark.parametrize("slow_count", [WORKERS + 1, 2 * (WORKERS + 1)])
def test_cheap_queries_answer_while_slow_ones_hold_every_worker(server: LiveServer, slow_count: int) -> None:
    ep = server.url + "/sparql"
    events: list[str] = []
    slow: list[requests.Response] = []
    lock = threading.Lock()

    def run_slow(i: int) -> None:
        r = requests.get(ep, params={"query": slow_query(i)}, headers=NO_CACHE, timeout=120)
        with lock:
            slow.append(r)
            events.append("slow")

    threads = [threading.Thread(target=run_slow, args=(i,)) for i in range(slow_count)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # every general worker is taken, the rest wait
    cheap_seconds = []
    for k in range(CHEAP):
        t0 = time.monotonic()
        r = requests.get(ep, params={"query": f"ASK {{ ?s ?p {k} }}"}, headers=NO_CACHE, timeout=120)
        cheap_seconds.append(time.monotonic() - t0)
        assert r.status_code == 200 and r.json()["boolean"] in (True, False), r.text
        with lock:
            events.append("cheap")
    for t in threads:
        t.join()
    # Every cheap query was answered while all the slow ones were still running or waiting,
    # none of them waited out a time limit.
    assert events[:CHEAP] == ["cheap"] * CHEAP, (events, cheap_seconds)
    assert max(cheap_seconds) < TIMEOUT, cheap_seconds
    # The slow ones end at the limit: stopped (they ran), or refused having waited it out.
    assert all(r.status_code == 503 for r in slow), [r.text for r in slow]
    ran = [r for r in slow if "stopped at the" in r.text]
    waited = [r for r in slow if "stayed busy" in r.text]
    assert len(ran) + len(waited) == slow_count
    assert len(ran) >= WORKERS  # the general lane was used, not held back
    assert all(int(r.headers["Retry-After"]) >= 1 for r in waited)
    # And the service keeps answering afterwards (stopped workers were replaced).
    assert requests.get(ep, params={"query": "ASK {}"}, headers=NO_CACHE, timeout=60).json()["boolean"] is True


def test_a_full_queue_answers_503_with_retry_after_at_once(bundled_store_path: Path, tmp_path: Path) -> None:
    shutil.copytree(bundled_store_path, tmp_path / "store")
    store = EmbeddedStore(tmp_path / "store")
    pool = QueryPool(store, 1, memory_mb=1024, memory_quads=500_000, fast_lane=0, max_queue=1)
    job = run_sparql
    results: list[object] = []

    def run(i: int) -> None:
        try:
            results.append(pool.run(job, (slow_query(i), "application/sparql-results+json", None, None, 10, False),
                                    4, "client"))
        except Saturated as e:
            results.append(e)
        except Exception as e:
            results.append(e)

    try:
        wait_for(lambda: pool.status()["ready"] == pool.processes)  # warm: start-up is not the point here
        runner = threading.Thread(target=run, args=(0,))
        runner.start()
        wait_for(lambda: pool.status()["general"] == 1)  # the one general worker runs it
        waiter = threading.Thread(target=run, args=(1,))
        waiter.start()
        wait_for(lambda: pool.status()["waiting"] == 1)  # the queue (one place) is full now
        with pytest.raises(Saturated) as refused:
            pool.run(job, (slow_query(2), "application/sparql-results+json", None, None, 10, False), 4, "client")
        assert "saturated" in refused.value.message and int(refused.value.headers["Retry-After"]) >= 1
        assert len(results) == 0  # refused while the other two were still running or waiting
        runner.join()
        waiter.join()
    finally:
        pool.close()
        store.close()


def wait_for(condition: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.05)
    assert condition(), "the pool never reached the expected state"  # type: ignore[operator]


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _snapshot_folders(parent: Path) -> list[Path]:
    return sorted(parent.glob(PREFIX + "*"))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_kill_9_leaves_no_worker_and_the_next_start_clears_its_debris(bundled_store_path: Path,
                                                                      tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(bundled_store_path, store)
    # Debris that is not ours: another store's checkpoint folder, and one without an owner.
    foreign = tmp_path / f"{PREFIX}other-abc"
    (foreign / "x").mkdir(parents=True)
    (foreign / OWNER).write_text(json.dumps({"store": str(tmp_path / "other"), "pid": 1}))
    unowned = tmp_path / f"{PREFIX}legacy"
    unowned.mkdir()
    env = {"UNGASS_KG_QUERY_WORKERS": str(WORKERS), "UNGASS_KG_QUERY_TIMEOUT": "30"}
    for _ in range(2):  # two crashes pile up nothing
        s = start_server(store, tmp_path / "server.log", env)
        busy = threading.Thread(target=requests.get, args=(s.url + "/sparql",), daemon=True,
                                kwargs={"params": {"query": slow_query(0)}, "headers": NO_CACHE, "timeout": 60})
        busy.start()  # one worker is inside a query when the server dies
        time.sleep(1.5)
        kids = _descendants(s.process.pid)
        assert len(kids) >= WORKERS + 1
        os.kill(s.process.pid, signal.SIGKILL)
        s.process.wait()
        deadline = time.monotonic() + 10
        while any(_running(p) for p in kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [p for p in kids if _running(p)] == []
        assert len(_snapshot_folders(tmp_path)) == 3  # the dead server's, and the two not ours
    s = start_server(store, tmp_path / "server.log", env)
    try:
        assert requests.get(s.url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
        ours = [f for f in _snapshot_folders(tmp_path) if f not in (foreign, unowned)]
        assert len(ours) == 1 and foreign.is_dir() and unowned.is_dir()
    finally:
        stop_server(s)
    assert _snapshot_folders(tmp_path) == sorted([foreign, unowned])  # a clean stop leaves nothing of ours


def test_rocksdb_info_logs_stay_bounded(tmp_path: Path) -> None:
    for _ in range(8):
        EmbeddedStore(tmp_path / "store").close()
    logs = sorted(p.name for p in (tmp_path / "store").glob("LOG.old.*"))
    assert 0 < len(logs) <= 3, logs
