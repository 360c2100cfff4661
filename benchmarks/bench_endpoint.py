"""Benchmark: ``ungass-kg serve`` vs rdflib-endpoint on the same synthetic data, 8 concurrent clients.

Not a test: it prints a markdown table (requests/s, p50, p99) for

- a chapter count and an entity-by-chapter count through ``/sparql`` (answer cache bypassed
  with ``Cache-Control: no-cache``, so every request runs the query), on both servers;
- the same chapter count answered from the answer cache (same query, same store version);
- the saved figure ``/queries/figure-1`` with the answer cache bypassed and with it.

Both servers hold the bundled knowledge base plus N synthetic activities
(``ungass_kg.synthetic``). rdflib-endpoint runs in a throwaway environment
(``uv run --no-project --with rdflib-endpoint``), never as a project dependency.

    uv run python benchmarks/bench_endpoint.py                # 10,000 activities, 10 s per row
    uv run python benchmarks/bench_endpoint.py --activities 2000 --seconds 5 --skip-rdflib
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from ungass_kg import bootstrap, synthetic
from ungass_kg.namespaces import sparql_prologue
from ungass_kg.store import EmbeddedStore

CHAPTER_COUNT = """PREFIX ung: <https://w3id.org/ungass-kg/ontology#>
SELECT ?chapter (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ung:Activity ; ung:chapter ?chapter } GROUP BY ?chapter"""
ENTITY_BY_CHAPTER = """PREFIX ung: <https://w3id.org/ungass-kg/ontology#>
SELECT ?entity ?chapter (COUNT(DISTINCT ?a) AS ?n)
WHERE { ?a a ung:Activity ; ung:participant ?entity ; ung:chapter ?chapter } GROUP BY ?entity ?chapter"""
SAVED = "/queries/figure-1"

RDFLIB_SERVER = """
import sys, uvicorn
from rdflib import Graph
from rdflib_endpoint import SparqlEndpoint
g = Graph()
g.parse(sys.argv[1], format="nt")
app = SparqlEndpoint(graph=g, path="/sparql")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    parsed = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited while starting: {url}")
        try:
            c = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
            c.request("GET", parsed.path + "?" + parsed.query, headers={"Accept": "application/sparql-results+json"})
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server did not answer in {timeout:.0f} s: {url}")


def build_data(n: int, folder: Path) -> tuple[Path, Path]:
    """An Oxigraph store (bundled data + n activities) and the same triples as one N-Triples file."""
    store_path = folder / "store"
    store = EmbeddedStore(store_path)
    bootstrap.build(store)
    activities = synthetic.generate(n)
    store.apply({"https://w3id.org/ungass-kg/graph/synthetic": activities})
    nt = folder / "all.nt"
    with nt.open("wb") as out:
        res = store.query_raw("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
        out.write(res[1])
    check = store.query(sparql_prologue() + "SELECT (COUNT(*) AS ?n) WHERE { ?a a ung:Activity }")
    print(f"data: {check.rows[0]['n']} activities, {nt.stat().st_size / 1e6:.1f} MB N-Triples",  # type: ignore[union-attr]
          file=sys.stderr)
    store.close()
    return store_path, nt


def _client(url: str, headers: dict[str, str], seconds: float, start: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    parsed = urllib.parse.urlsplit(url)
    target = parsed.path + ("?" + parsed.query if parsed.query else "")
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
    lat: list[float] = []
    errors = 0
    while time.time() < start:
        time.sleep(0.001)
    end = start + seconds
    while time.time() < end:
        t = time.perf_counter()
        try:
            conn.request("GET", target, headers=headers)
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except OSError:
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        lat.append(time.perf_counter() - t)
        errors += 0 if ok else 1
    out.put((lat, errors))


def load(url: str, headers: dict[str, str], clients: int, seconds: float) -> dict[str, float]:
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    start = time.time() + 1.0
    procs = [mp.Process(target=_client, args=(url, headers, seconds, start, q)) for _ in range(clients)]
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    lat = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)
    if not lat:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "n": 0, "errors": errors}
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    # Requests still running at the end are not counted: rate = completed / wall time.
    return {"rps": len(lat) / seconds, "p50": statistics.median(lat), "p99": p99, "n": len(lat), "errors": errors}


def sparql_url(base: str, query: str) -> str:
    return base + "/sparql?" + urllib.parse.urlencode({"query": query})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--activities", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--skip-rdflib", action="store_true", help="measure ungass-kg only")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-endpoint-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        store_path, nt = build_data(args.activities, tmp)
        ours_port = free_port()
        ours = f"http://127.0.0.1:{ours_port}"
        env = {**os.environ, "UNGASS_KG_QUERY_TIMEOUT": "60"}
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "ungass_kg", "--store", str(store_path), "serve", "--port", str(ours_port)],
            env=env, stdout=(tmp / "ours.log").open("wb"), stderr=subprocess.STDOUT))
        theirs = None
        if not args.skip_rdflib:
            their_port = free_port()
            theirs = f"http://127.0.0.1:{their_port}"
            script = tmp / "rdflib_server.py"
            script.write_text(RDFLIB_SERVER)
            procs.append(subprocess.Popen(
                ["uv", "run", "--no-project", "--with", "rdflib-endpoint", "--with", "uvicorn", "python",
                 str(script), str(nt), str(their_port)],
                stdout=(tmp / "rdflib.log").open("wb"), stderr=subprocess.STDOUT, cwd=tmp))
        wait_for(sparql_url(ours, "ASK {}"), procs[0])
        if theirs:
            wait_for(sparql_url(theirs, "ASK {}"), procs[1])

        json_h = {"Accept": "application/sparql-results+json"}
        fresh = {**json_h, "Cache-Control": "no-cache"}
        rows: list[tuple[str, str, dict[str, float]]] = []
        for label, query in (("chapter count", CHAPTER_COUNT), ("entity-by-chapter count", ENTITY_BY_CHAPTER)):
            for server, base, headers in (("ungass-kg", ours, fresh), ("rdflib-endpoint", theirs, json_h)):
                if base is None:
                    continue
                print(f"measuring {label} on {server} ...", file=sys.stderr)
                rows.append((f"{label} via /sparql", server, load(sparql_url(base, query), headers,
                                                                  args.clients, args.seconds)))
        print("measuring the chapter count from the answer cache ...", file=sys.stderr)
        rows.append(("chapter count via /sparql, cached", "ungass-kg",
                     load(sparql_url(ours, CHAPTER_COUNT), json_h, args.clients, args.seconds)))
        fig = {"Accept": "application/json"}
        print("measuring the saved figure ...", file=sys.stderr)
        rows.append(("saved figure-1, cache bypassed", "ungass-kg",
                     load(ours + SAVED, {**fig, "Cache-Control": "no-cache"}, args.clients, args.seconds)))
        rows.append(("saved figure-1, cached", "ungass-kg", load(ours + SAVED, fig, args.clients, args.seconds)))

        print(f"\n{args.activities:,} synthetic activities (+ bundled data), {args.clients} concurrent clients, "
              f"{args.seconds:g} s per row, {os.cpu_count()} CPUs\n")
        print("| request | server | requests/s | p50 ms | p99 ms | errors |")
        print("|---|---|---:|---:|---:|---:|")
        for label, server, r in rows:
            print(f"| {label} | {server} | {r['rps']:.1f} | {r['p50'] * 1000:.1f} | {r['p99'] * 1000:.1f} "
                  f"| {int(r['errors'])} |")
        by = {(label, server): r["rps"] for label, server, r in rows}
        for label in ("chapter count via /sparql", "entity-by-chapter count via /sparql"):
            if (label, "rdflib-endpoint") in by and by[(label, "rdflib-endpoint")] > 0:
                print(f"\n{label}: {by[(label, 'ungass-kg')] / by[(label, 'rdflib-endpoint')]:.0f}x rdflib-endpoint",
                      end="")
        print()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
