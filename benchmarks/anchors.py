"""The anchor servers the benchmarks measure beside ungass-kg, on the same data: Virtuoso 7
(started as the tests start it, tests/virtuoso.py) and Oxigraph's own server (PyPI ``oxigraph``
in a throwaway ``uv run --no-project`` environment, never a project dependency).

Both get the whole dataset of an ungass-kg store: Virtuoso through its bulk loader
(``ld_dir`` + ``rdf_loader_run`` over an N-Quads export), the Oxigraph server a backup of the
store's folder (``Store.backup``, the same files). Both answer over the union of the graphs
when a query names no dataset, as ungass-kg does.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import virtuoso  # noqa: E402  (the tests' own start-up, not a copy of it)
from tests.waiting import stop_process  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def export_nquads(store: ox.Store, out: Path) -> Path:
    with out.open("wb") as f:
        store.dump(f, format=ox.RdfFormat.N_QUADS)
    return out


NO_QUERY_LIMITS = {"MaxQueryCostEstimationTime = 400": "MaxQueryCostEstimationTime = 0",
                   "MaxQueryExecutionTime = 60": "MaxQueryExecutionTime = 0"}


@contextmanager
def virtuoso_with(nquads: Path, folder: Path, *, limits: bool = True) -> Iterator[tuple[virtuoso.Virtuoso, float]]:
    """A Virtuoso 7 holding ``nquads``, and the seconds its bulk loader took (load + checkpoint).
    ``limits=False``: without the tests' query cost-estimate and time limits (0 = none), which
    refuse or cut the figure queries at 100,000 activities and more; all else as the tests."""
    if not virtuoso.available():
        raise SystemExit("Virtuoso (virtuoso-t, isql-vt) is not installed")
    ini = virtuoso.INI
    if not limits:
        for old, new in NO_QUERY_LIMITS.items():
            assert old in ini, old
            ini = ini.replace(old, new)
    saved, virtuoso.INI = virtuoso.INI, ini
    try:
        v = virtuoso.start(folder, free_port(), free_port())
    finally:
        virtuoso.INI = saved
    try:
        shutil.copy(nquads, folder / "data.nq")  # DirsAllowed is the database folder
        t = time.perf_counter()
        # isql directly: Virtuoso.isql's 60 s limit is too short for a million activities
        subprocess.run(["isql-vt", f"127.0.0.1:{v.sql_port}", "dba", "dba",
                        "exec=ld_dir('.', 'data.nq', 'urn:ungass-kg:bench:unused'); rdf_loader_run(); checkpoint;"],
                       capture_output=True, text=True, timeout=3600, check=True)
        took = time.perf_counter() - t
        errors = v.isql("SELECT ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in errors:
            raise SystemExit(f"Virtuoso's bulk loader failed: {errors}")
        yield v, took
    finally:
        v.stop()


def _oxigraph_binary() -> str:
    out = subprocess.run(["uv", "run", "--no-project", "--with", "oxigraph", "python", "-c",
                          "import shutil; print(shutil.which('oxigraph'))"],
                         capture_output=True, text=True, check=True, cwd="/")
    return out.stdout.strip().splitlines()[-1]


def backup(store: ox.Store, location: Path) -> Path:
    """The store's folder as another store the Oxigraph server can open (hard links)."""
    store.backup(str(location))
    return location


@contextmanager
def oxigraph_server(location: Path, folder: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``oxigraph serve`` over the store at ``location``: (its SPARQL endpoint, the process)."""
    port = free_port()
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=(folder / "oxigraph-server.log").open("wb"), stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/query", proc
    finally:
        stop_process(proc)
