"""Write N synthetic activities into a new graph of an on-disk store: the transaction path
(``EmbeddedStore.apply``, what ``load`` did before) beside the bulk path (``load`` now:
``stream_quads`` into ``bulk_replace``, a staging store switched in), in one run.

    uv run python benchmarks/bench_load.py --n 20000
    uv run python benchmarks/bench_load.py --n 100000 --bulk-only

Each path gets a fresh store holding the bundled graphs. Wall time and this process's CPU
time are printed, with the load average (the machine is shared: the ratio is what counts).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from ungass_kg import bootstrap, synthetic
from ungass_kg.loading import group_by_graph, native_source, parse_file, stream_quads
from ungass_kg.rdfio import triples_to_ntriples
from ungass_kg.store import EmbeddedStore

GRAPH = "https://w3id.org/ungass-kg/graph/bench-load"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _transaction(store: EmbeddedStore, f: Path) -> None:
    quads = parse_file(f, None)
    store.apply({g: triples_to_ntriples(t) for g, t in group_by_graph(quads, GRAPH, f).items()})


def _bulk(store: EmbeddedStore, f: Path) -> None:  # as `load` does it
    src = native_source(f, None, GRAPH)
    store.bulk_replace(iter(()) if src else stream_quads(f, None, GRAPH), [src] if src else [])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--bulk-only", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "synth.nt"
        f.write_bytes(synthetic.generate(a.n, seed=3))
        base = Path(tmp) / "base"
        s = EmbeddedStore(base)
        bootstrap.build(s)
        s.close()
        print(f"{a.n:,} activities, {f.stat().st_size / 1e6:.0f} MB N-Triples; load average {os.getloadavg()[0]:.1f}")
        paths = [("bulk (staging + switch)", _bulk)] + ([] if a.bulk_only else [("transaction (apply)", _transaction)])
        for label, fn in paths:
            d = Path(tmp) / label.split()[0]
            os.system(f"cp -r {base} {d}")
            store = EmbeddedStore(d)
            t0, c0 = time.perf_counter(), _cpu()
            fn(store, f)
            wall, cpu = time.perf_counter() - t0, _cpu() - c0
            store.close()
            print(f"| {label} | {wall:.1f} s | {cpu:.1f} s CPU | load average after {os.getloadavg()[0]:.1f} |")


if __name__ == "__main__":
    main()
