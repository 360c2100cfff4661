"""How load time, figure time and memory grow with the number of activities, on the embedded
store and on Virtuoso 7, in one run (docs/scaling.md).

    uv run python benchmarks/bench_scaling.py --n 10000 100000 1000000

For each size: N synthetic activities (with the register) as N-Triples; the embedded store
gets them through ``load``'s bulk path in a child process (wall time, its CPU time and peak
RSS; size on disk after), then the nine figure queries run once each on it (a cold store
opened fresh, then a second time warm); Virtuoso 7 (started as the tests start it) gets the
same file through its bulk loader (``ld_dir``, ``rdf_loader_run``, ``checkpoint``) and runs
the same queries the same way; its RSS is read after the queries.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anchors
from server_memory import tree_rss_kb

from ungass_kg import queries, synthetic
from ungass_kg.errors import QueryError
from ungass_kg.store import EmbeddedStore
from ungass_kg.store.base import Store
from ungass_kg.store.remote import RemoteStore

GRAPH = "urn:bench:synthetic"


def _peak_kb() -> int:
    """This process's peak RSS (VmHWM starts again at exec; ru_maxrss would carry the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _figures(store: Store) -> tuple[float, float, int]:
    """Seconds for the figure queries, cold and then warm; the rows of the last run."""
    qs = [q for q in queries.catalog() if q.group == "figures"]
    out, rows = [], 0
    for _ in range(2):
        t = time.perf_counter()
        rows = sum(len(queries.run(store, q).rows) for q in qs)
        out.append(time.perf_counter() - t)
    return out[0], out[1], rows


def child_load(folder: str, nt: str) -> None:
    """In a fresh process, as ``ungass-kg load`` does it: prints wall, CPU and peak RSS."""
    import pyoxigraph as ox

    t = time.perf_counter()
    s = EmbeddedStore(Path(folder))
    s.bulk_replace(iter(()), [(Path(nt), ox.RdfFormat.N_TRIPLES, GRAPH)], graphs=[GRAPH])
    s.close()
    r = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"wall": time.perf_counter() - t, "cpu": r.ru_utime + r.ru_stime, "rss_kb": _peak_kb()}))


def child_figures(folder: str) -> None:
    s = EmbeddedStore(Path(folder), read_only=True)
    cold, warm, rows = _figures(s)
    print(json.dumps({"cold": cold, "warm": warm, "rows": rows, "rss_kb": _peak_kb()}))


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--no-virtuoso", action="store_true")
    ap.add_argument("--no-embedded", action="store_true")
    ap.add_argument("--virtuoso-unlimited", action="store_true",
                    help="Virtuoso without the tests' query cost-estimate and time limits")
    ap.add_argument("--child-load", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--child-figures", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child_load:
        child_load(*a.child_load)
        return
    if a.child_figures:
        child_figures(a.child_figures)
        return
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    print("| activities | triples | engine | load | load CPU | on disk | figures cold | figures warm | peak RSS |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        for n in a.n:
            nt = Path(tmp) / f"synth-{n}.nt"
            nt.write_bytes(synthetic.generate(n, 0, include_register=True))
            triples = sum(1 for line in nt.open("rb") if line.strip())
            d = Path(tmp) / f"kb-{n}"
            fig = {"rows": -1}
            if not a.no_embedded:
                ld = _child("--child-load", str(d), str(nt))
                fig = _child("--child-figures", str(d))
                print(f"| {n:,} | {triples:,} | embedded (Oxigraph on disk) | {ld['wall']:.1f} s | "
                      f"{ld['cpu']:.1f} s | {_du(d) / 2**20:,.0f} MB | {fig['cold']:.1f} s | {fig['warm']:.1f} s | "
                      f"load {ld['rss_kb'] / 1024:,.0f} MB, queries {fig['rss_kb'] / 1024:,.0f} MB |", flush=True)
                shutil.rmtree(d)
            if a.no_virtuoso:
                continue
            vd = Path(tmp) / f"virtuoso-{n}"
            nq = Path(tmp) / "data.nq"
            # the loader reads the graph from a quads file: the triples with the graph added
            with nt.open("rb") as src, nq.open("wb") as out:
                for line in src:
                    if line.strip():
                        out.write(line.rstrip()[:-1] + b"<" + GRAPH.encode() + b"> .\n")
            with anchors.virtuoso_with(nq, vd, limits=not a.virtuoso_unlimited) as (v, took):
                try:
                    vfig: tuple[float, float, int] | None = _figures(RemoteStore(v.endpoint, timeout=900))
                except QueryError as e:  # its cost estimate or time limit (settings as the tests have them)
                    vfig, refused = None, str(e)
                rss = tree_rss_kb(v.process.pid)
                disk = _du(vd) - nq.stat().st_size
            times = f"{vfig[0]:.1f} s | {vfig[1]:.1f} s" if vfig else f"refused: {refused} | -"
            print(f"| {n:,} | {triples:,} | Virtuoso 7 | {took:.1f} s | (server) | {disk / 2**20:,.0f} MB | "
                  f"{times} | server {rss / 1024:,.0f} MB |", flush=True)
            if vfig and fig["rows"] >= 0 and vfig[2] != fig["rows"]:
                print(f"  (rows differ: embedded {fig['rows']}, Virtuoso {vfig[2]})")
            shutil.rmtree(vd, ignore_errors=True)
            nq.unlink()
            nt.unlink()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
