"""What a query worker's in-memory copy of the store costs (``UNGASS_KG_WORKER_MEMORY_QUADS``):
resident memory per quad, the time to make the copy, and the saved figure queries from the copy
beside the same queries from disk, at several sizes, in one run.

    uv run python benchmarks/bench_worker_copy.py --n 10000 100000

Each size gets an on-disk store (the bundled graphs and N synthetic activities, as the
acceptance check builds it, written by
``load``'s bulk path); a fresh child process opens it read-only as a worker does, measures its
RSS, copies it into memory as ``web/workers.py`` does and measures again (the difference over
the quads is the cost per quad), then times every figure query from the copy and from disk.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from ungass_kg import bootstrap, queries, synthetic
from ungass_kg.store import EmbeddedStore

GRAPH = "urn:bench:synthetic"


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def child(folder: str) -> None:
    """In a fresh process: the worker's copy and the queries (prints one JSON line)."""
    disk = EmbeddedStore(Path(folder), read_only=True)
    before = _rss_kb()
    t = time.perf_counter()
    mem = EmbeddedStore(None)
    mem.oxigraph.extend(disk.oxigraph.quads_for_pattern(None, None, None, None))
    copy_s = time.perf_counter() - t
    after = _rss_kb()
    quads = len(mem.oxigraph)
    figures = [q for q in queries.catalog() if q.group == "figures"]
    times: dict[str, dict[str, float]] = {"memory": {}, "disk": {}}
    for _ in range(2):  # the faster of two runs each, interleaved
        for label, store in (("memory", mem), ("disk", disk)):
            for q in figures:
                t = time.perf_counter()
                queries.run(store, q)
                d = time.perf_counter() - t
                times[label][q.name] = min(d, times[label].get(q.name, d))
    print(json.dumps({"quads": quads, "rss_before_kb": before, "rss_after_kb": after, "copy_s": copy_s,
                      "memory_s": sum(times["memory"].values()), "disk_s": sum(times["disk"].values()),
                      "per_query": times}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child)
        return
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("| activities | quads | RSS of the copy | bytes per quad | copy time | 9 figure queries: from memory "
          "| from disk |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.n:
            d = Path(tmp) / f"kb-{n}"
            s = EmbeddedStore(d)
            bootstrap.build(s)
            f = Path(tmp) / f"synth-{n}.nt"
            f.write_bytes(synthetic.generate(n, 0))  # the bundled register names the entities
            s.bulk_replace(iter(()), [(f, ox.RdfFormat.N_TRIPLES, GRAPH)], graphs=[GRAPH])
            s.close()
            out = subprocess.run([sys.executable, __file__, "--child", str(d)], check=True,
                                 capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            delta = (r["rss_after_kb"] - r["rss_before_kb"]) * 1024
            print(f"| {n:,} | {r['quads']:,} | {delta / 2**20:,.0f} MB | {delta / r['quads']:.0f} | "
                  f"{r['copy_s']:.1f} s | {r['memory_s']:.2f} s | {r['disk_s']:.2f} s |", flush=True)
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
