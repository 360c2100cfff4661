"""``ungass-kg doctor`` against real remote stores: Oxigraph's own server (PyPI ``oxigraph``, run in
a throwaway environment by ``uv run --no-project --with oxigraph``, never a project dependency)
and the Virtuoso the tests start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import virtuoso
from tests.cli import run_process
from tests.conftest import free_port
from tests.waiting import wait_until_answers


@dataclass
class OxigraphServer:
    url: str
    process: subprocess.Popen[bytes]

    def graphs(self) -> list[str]:
        q = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
        req = urllib.request.Request(f"{self.url}/query?{q}", headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return [b["g"]["value"] for b in json.loads(r.read())["results"]["bindings"]]


def _oxigraph(tmp: Path, *flags: str) -> Iterator[OxigraphServer]:
    uv = shutil.which("uv")
    if uv is None:
        if os.environ.get("CI"):
            pytest.fail("uv is needed to run Oxigraph's server in a throwaway environment")
        pytest.skip("uv is not installed")
    port = free_port()
    log = (tmp / "oxigraph.log").open("wb")
    proc = subprocess.Popen([uv, "run", "--no-project", "--with", "oxigraph", "oxigraph", "serve",
                             "--location", str(tmp / "data"), "--bind", f"127.0.0.1:{port}", *flags],
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
    url = f"http://127.0.0.1:{port}"
    # 180 s: the first run fetches the package
    wait_until_answers(url + "/query?query=ASK%7B%7D", proc, 180, (tmp / "oxigraph.log").read_text)
    yield OxigraphServer(url, proc)
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    yield from _oxigraph(tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="module")
def oxigraph_union(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    yield from _oxigraph(tmp_path_factory.mktemp("oxigraph-union"), "--union-default-graph")


def doctor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_process("doctor", "--timeout", "60", *args, env=env, timeout=600)


def lines(out: str) -> dict[str, str]:
    """check name -> its line ("ok", "warn", "FAIL", "skip" first)."""
    found = {}
    for line in out.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[0] in ("ok", "warn", "FAIL", "skip"):
            rest = parts[1] + " " + parts[2]
            for name in ("reach", "update", "authentication", "default graph", "describe", "graph store",
                         "row cap", "time limit"):
                if rest.startswith(name + " "):
                    found[name] = parts[0] + " " + rest[len(name):].strip()
    return found


def test_oxigraph_server_without_union_default_graph(oxigraph: OxigraphServer) -> None:
    done = doctor({"UNGASS_KG_ENDPOINT": oxigraph.url + "/query", "UNGASS_KG_UPDATE_ENDPOINT": oxigraph.url + "/update",
                   "UNGASS_KG_GSP_ENDPOINT": oxigraph.url + "/store"})
    assert done.returncode == 1, done.stdout + done.stderr
    found = lines(done.stdout)
    assert found["reach"].startswith("ok") and found["update"].startswith("ok")
    # Oxigraph's default graph is its own (empty) one: what breaks, and that FROM would work.
    assert found["default graph"].startswith("FAIL") and "not the union" in found["default graph"]
    assert "FROM works" in found["default graph"] and "--union-default-graph" in found["default graph"]
    assert found["describe"].startswith("warn")
    assert found["graph store"].startswith("ok")
    assert found["authentication"].startswith("warn") and "without credentials" in found["authentication"]
    assert found["row cap"].startswith("ok") and found["time limit"].startswith("ok")
    assert "Broken: default graph" in done.stdout and "Traceback" not in done.stderr
    assert oxigraph.graphs() == []  # the scratch graphs are gone


def test_oxigraph_server_with_union_default_graph(oxigraph_union: OxigraphServer) -> None:
    done = doctor({"UNGASS_KG_ENDPOINT": oxigraph_union.url + "/query",
                   "UNGASS_KG_UPDATE_ENDPOINT": oxigraph_union.url + "/update"})
    assert done.returncode == 0, done.stdout + done.stderr
    found = lines(done.stdout)
    assert found["default graph"].startswith("ok") and "union" in found["default graph"]
    assert found["describe"].startswith("ok")
    assert found["graph store"].startswith("skip") and "UNGASS_KG_GSP_ENDPOINT" in found["graph store"]
    assert oxigraph_union.graphs() == []


def test_no_write_sends_no_update(oxigraph: OxigraphServer) -> None:
    done = doctor({"UNGASS_KG_ENDPOINT": oxigraph.url + "/query"}, "--no-write")
    found = lines(done.stdout)
    assert done.returncode == 0, done.stdout
    assert found["update"].startswith("skip") and found["default graph"].startswith("skip")
    assert "authentication" not in found


@pytest.mark.virtuoso
def test_virtuoso(virtuoso_server: virtuoso.Virtuoso) -> None:
    done = doctor({"UNGASS_KG_ENDPOINT": virtuoso_server.endpoint,
                   "UNGASS_KG_GSP_ENDPOINT": virtuoso_server.gsp_endpoint})
    found = lines(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert found["default graph"].startswith("ok") and "union" in found["default graph"]
    assert found["update"].startswith("ok") and found["graph store"].startswith("ok")
    assert found["describe"].startswith("ok")
    # The test Virtuoso grants SPARQL Update to its anonymous user and caps results at 100,000 rows.
    assert found["authentication"].startswith("warn")
    assert found["row cap"].startswith("warn") and "100,000" in found["row cap"]
    # At its time limit Virtuoso answers 200 with what it had ("anytime"), flagged only by a header.
    assert found["time limit"].startswith("warn") and "partial answer" in found["time limit"]
    assert "S1TAT" in found["time limit"]


def test_an_unreachable_store_says_nothing_will_work() -> None:
    done = doctor({"UNGASS_KG_ENDPOINT": f"http://127.0.0.1:{free_port()}/sparql"})
    assert done.returncode == 1
    assert "FAIL" in done.stdout and "nothing will work" in done.stdout and "Traceback" not in done.stderr


def test_the_embedded_store_needs_no_probe(tmp_path: Path) -> None:
    done = doctor({"UNGASS_KG_STORE": str(tmp_path / "store")})
    assert done.returncode == 0 and "needs no probe" in done.stdout


@pytest.mark.virtuoso
def test_a_partial_answer_at_the_stores_time_limit_is_refused(virtuoso_server: virtuoso.Virtuoso) -> None:
    """Virtuoso's "anytime" answer (200 with what it found by its limit, marked by X-SQL-State) would
    make a count silently low: the remote store refuses it. The limit here is Virtuoso's
    per-request ``timeout`` (ms), given in the endpoint URL as a deployment may."""
    from ungass_kg.errors import QueryError
    from ungass_kg.store.remote import RemoteStore

    values = " ".join(str(i) for i in range(100))
    heavy = (f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
             f"VALUES ?c {{ {values} }} VALUES ?d {{ 1 2 3 4 5 }} }}")
    store = RemoteStore(virtuoso_server.endpoint + "?timeout=500")
    with pytest.raises(QueryError, match="partial answer"):
        store.query_raw(heavy, "application/sparql-results+json")
    # Through SPARQLWrapper the same limit comes back as an error or as a refused partial answer:
    # never as a count.
    with pytest.raises(QueryError, match=r"partial answer|killed"):
        store.query(heavy)
    assert store.query("ASK {}").value is True  # type: ignore[union-attr]
