"""Reading commands beside a running server read the checkpoint it publishes, never the live folder.

A real ``ungass-kg serve`` holds the store; the commands run as real subprocesses, while
writes arrive over HTTP. See store/checkpoints.py and README ("Beside a running server").
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from .cli import run_process
from .conftest import ROOT, LiveServer, serving_copy

TOKEN = "beside-token"
GRAPH = "https://w3id.org/ungass-kg/graph/load/beside-test"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"


def write(server: LiveServer, i: int) -> None:
    r = requests.post(server.url + "/sparql", timeout=60, headers={"Authorization": f"Bearer {TOKEN}"},
                      data={"update": f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:x:{i}> <urn:x:n> {i} }} }}"})
    assert r.status_code == 200, r.text


@pytest.fixture(scope="module")
def server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("beside"),
                      {"UNGASS_KG_WRITE_TOKEN": TOKEN, "UNGASS_KG_QUERY_WORKERS": "1"}) as s:
        yield s


def test_reading_commands_work_beside_the_server_and_say_what_they_read(server: LiveServer,
                                                                        tmp_path: Path) -> None:
    write(server, 0)
    for args in (["stats"], ["graphs"], ["query", "--format", "csv", "-e", COUNT], ["figure", "figure-1"],
                 ["export", "-o", str(tmp_path / "dump.trig")], ["template", "-o", str(tmp_path / "t.xlsx")],
                 ["validate", str(ROOT / "data" / "examples" / "unodc-2023-valid.csv")], ["submissions"]):
        r = run_process(*args, store=server.store_path)
        assert r.returncode == 0, (args, r.stderr)
        assert "Traceback" not in r.stderr
        assert "reading the checkpoint that 'ungass-kg serve'" in r.stderr, (args, r.stderr)
        assert "the store's current data" in r.stderr, (args, r.stderr)
    assert GRAPH.encode() in (tmp_path / "dump.trig").read_bytes()  # the server's write is in what was read


def test_while_writes_are_in_flight_a_reader_is_at_most_one_write_behind(server: LiveServer) -> None:
    before = int(run_process("query", "--format", "csv", "-e", COUNT, store=server.store_path).stdout.split()[-1])
    done: list[int] = []
    stop = threading.Event()

    def writer() -> None:
        i = 1000
        while not stop.is_set():
            write(server, i)
            done.append(i)
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        seen = []
        for _ in range(4):
            started_after = len(done)
            r = run_process("query", "--format", "csv", "-e", COUNT, store=server.store_path)
            finished_by = len(done)
            assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
            n = int(r.stdout.split()[-1]) - before
            # What it read: every write completed before it started, but the one in flight
            # (then it says so), and nothing the server had not written by the time it ended.
            assert started_after - 1 <= n <= finished_by + 1, (started_after, n, finished_by, r.stderr)
            if n < started_after:
                assert "one write behind" in r.stderr, r.stderr
            seen.append(n)
    finally:
        stop.set()
        t.join()
    assert len(done) >= 4 and seen == sorted(seen)  # writes really were in flight, and reads moved with them


def test_a_writing_command_says_in_one_line_what_to_do(server: LiveServer, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    r = run_process("load", str(extra), store=server.store_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use" in lines[0] and f"pid {server.process.pid}" in lines[0], r.stderr
    assert server.url in lines[0] and "write token" in lines[0]
