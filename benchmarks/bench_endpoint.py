"""Benchmark: ``ungass-kg serve`` beside Virtuoso 7 and Oxigraph's own server, on the same data,
8 concurrent clients, in one run.

Not a test: it prints markdown tables (requests/s, p50, p99; and each server's resident memory,
its process tree, idle and the peak under load) for

- a chapter count and an entity-by-chapter count through ``/sparql`` (ungass-kg's answer cache
  bypassed with ``Cache-Control: no-cache``, so every request runs the query), on every server;
- the same chapter count answered from the answer cache (same query, same store version);
- the saved figure ``/queries/figure-1`` with the answer cache bypassed and with it.

Every server holds the bundled knowledge base plus N synthetic activities
(``ungass_kg.synthetic``); the anchors are started as benchmarks/anchors.py says. With
``--rdflib``, rdflib-endpoint too, in a throwaway environment (``uv run --no-project --with
rdflib-endpoint``), never as a project dependency.

    uv run python benchmarks/bench_endpoint.py                     # 10,000 activities, 10 s per row
    uv run python benchmarks/bench_endpoint.py --activities 100000
    uv run python benchmarks/bench_endpoint.py --activities 2000 --seconds 5 --no-anchors
"""

from __future__ import annotations

import argparse
import contextlib
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

import anchors
import pyoxigraph as ox
from anchors import stop_process
from server_memory import PeakRss, tree_rss_kb

from ungass_kg import bootstrap, synthetic
from ungass_kg.namespaces import sparql_prologue
from ungass_kg.store import EmbeddedStore

SYNTHETIC = "https://w3id.org/ungass-kg/graph/synthetic"

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


def build_data(n: int, folder: Path) -> Path:
    """An Oxigraph store: the bundled knowledge base and n synthetic activities (load's bulk path)."""
    store_path = folder / "store"
    store = EmbeddedStore(store_path)
    bootstrap.build(store)
    nt = folder / "synthetic.nt"
    nt.write_bytes(synthetic.generate(n))
    store.bulk_replace(iter(()), [(nt, ox.RdfFormat.N_TRIPLES, SYNTHETIC)], graphs=[SYNTHETIC])
    check = store.query(sparql_prologue() + "SELECT (COUNT(*) AS ?n) WHERE { ?a a ung:Activity }")
    print(f"data: {check.rows[0]['n']} activities, {len(store.oxigraph):,} quads",  # type: ignore[union-attr]
          file=sys.stderr)
    store.close()
    return store_path


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f}"


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
    ap.add_argument("--no-anchors", action="store_true", help="measure ungass-kg only")
    ap.add_argument("--rdflib", action="store_true", help="also rdflib-endpoint (slow to load at 100k)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-endpoint-"))
    procs: list[subprocess.Popen[bytes]] = []
    with contextlib.ExitStack() as stack:
        try:
            store_path = build_data(args.activities, tmp)
            servers: dict[str, tuple[str, int]] = {}  # name -> (SPARQL endpoint, pid of the process tree)
            if not args.no_anchors:
                live = EmbeddedStore(store_path)
                nq = anchors.export_nquads(live.oxigraph, tmp / "all.nq")
                location = anchors.backup(live.oxigraph, tmp / "oxigraph-server")
                live.close()
                endpoint, oxi = stack.enter_context(anchors.oxigraph_server(location, tmp))
                servers["Oxigraph server"] = (endpoint, oxi.pid)
                v, took = stack.enter_context(anchors.virtuoso_with(nq, tmp / "virtuoso"))
                print(f"Virtuoso bulk load: {took:.1f} s", file=sys.stderr)
                servers["Virtuoso 7"] = (v.endpoint, v.process.pid)
            ours_port = anchors.free_port()
            ours = f"http://127.0.0.1:{ours_port}"
            env = {**os.environ, "UNGASS_KG_QUERY_TIMEOUT": "60"}
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "ungass_kg", "--store", str(store_path), "serve", "--port", str(ours_port)],
                env=env, stdout=(tmp / "ours.log").open("wb"), stderr=subprocess.STDOUT))
            servers = {"ungass-kg": (ours + "/sparql", procs[0].pid), **servers}
            if args.rdflib:
                nt = tmp / "all.nt"
                s = EmbeddedStore(store_path, read_only=True)
                nt.write_bytes(s.query_raw("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")[1])
                s.close()
                their_port = anchors.free_port()
                script = tmp / "rdflib_server.py"
                script.write_text(RDFLIB_SERVER)
                procs.append(subprocess.Popen(
                    ["uv", "run", "--no-project", "--with", "rdflib-endpoint", "--with", "uvicorn", "python",
                     str(script), str(nt), str(their_port)],
                    stdout=(tmp / "rdflib.log").open("wb"), stderr=subprocess.STDOUT, cwd=tmp))
                servers["rdflib-endpoint"] = (f"http://127.0.0.1:{their_port}/sparql", procs[-1].pid)
            for endpoint, _pid in servers.values():
                wait_for(endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"}), procs[0])
            time.sleep(3)  # the workers' copies made, the servers settled
            idle = {name: tree_rss_kb(pid) for name, (_e, pid) in servers.items()}
            peak = dict(idle)

            json_h = {"Accept": "application/sparql-results+json"}
            fresh = {**json_h, "Cache-Control": "no-cache"}
            rows: list[tuple[str, str, dict[str, float]]] = []

            def measure(label: str, server: str, url: str, headers: dict[str, str]) -> None:
                print(f"measuring {label} on {server} ...", file=sys.stderr)
                with PeakRss(servers[server][1]) as watch:
                    r = load(url, headers, args.clients, args.seconds)
                peak[server] = max(peak[server], watch.kb)
                rows.append((label, server, r))

            for label, query in (("chapter count via /sparql", CHAPTER_COUNT),
                                 ("entity-by-chapter count via /sparql", ENTITY_BY_CHAPTER)):
                for name, (endpoint, _pid) in servers.items():
                    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
                    measure(label, name, url, fresh if name == "ungass-kg" else json_h)
            measure("chapter count via /sparql, cached", "ungass-kg", sparql_url(ours, CHAPTER_COUNT), json_h)
            fig = {"Accept": "application/json"}
            measure("saved figure-1, cache bypassed", "ungass-kg", ours + SAVED, {**fig, "Cache-Control": "no-cache"})
            measure("saved figure-1, cached", "ungass-kg", ours + SAVED, fig)

            print(f"\n{args.activities:,} synthetic activities (+ bundled data), {args.clients} concurrent clients, "
                  f"{args.seconds:g} s per row, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
                  "at the end\n")
            print("| request | server | requests/s | p50 ms | p99 ms | errors |")
            print("|---|---|---:|---:|---:|---:|")
            for label, server, r in rows:
                print(f"| {label} | {server} | {r['rps']:.1f} | {r['p50'] * 1000:.1f} | {r['p99'] * 1000:.1f} "
                      f"| {int(r['errors'])} |")
            by = {(label, server): r["rps"] for label, server, r in rows}
            print()
            for label in ("chapter count via /sparql", "entity-by-chapter count via /sparql"):
                for anchor in servers:
                    if anchor != "ungass-kg" and by.get((label, anchor)):
                        print(f"- {label}: ungass-kg {by[(label, 'ungass-kg')] / by[(label, anchor)]:.2f}x {anchor}")
            if by.get(("chapter count via /sparql", "Virtuoso 7")):
                print(f"- cached chapter count: {by[('chapter count via /sparql, cached', 'ungass-kg')] / by[('chapter count via /sparql', 'Virtuoso 7')]:.1f}x "  # noqa: E501
                      "Virtuoso's uncached rate")
            print("\n| server | RSS idle, MB | RSS peak under load, MB |")
            print("|---|---:|---:|")
            for name in servers:
                print(f"| {name} (process tree) | {mb(idle[name])} | {mb(peak[name])} |")
        finally:
            for p in procs:
                stop_process(p)
            stack.close()
            if os.environ.get("BENCH_KEEP"):
                print(f"kept {tmp}", file=sys.stderr)
            else:
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
