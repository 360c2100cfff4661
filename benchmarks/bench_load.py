"""Write synthetic activities into a graph of an on-disk store through ``load``'s bulk path, the
staging store made two ways, in one run: a copy (an empty store, the new graph bulk-loaded,
every kept graph dumped and re-loaded: what ``load`` did before) and a backup (hard links to
the live store's files, the replaced graph removed, the new one bulk-loaded: ``load`` now when
the graphs are named beforehand). Optionally the transaction path (``apply``) beside them.

    uv run python benchmarks/bench_load.py --n 100000
    uv run python benchmarks/bench_load.py --n 10000 --kept 100000   # a store that already holds 100k
    uv run python benchmarks/bench_load.py --n 20000 --transaction

Each run gets a fresh copy of a store holding the bundled graphs (and ``--kept`` activities in
another graph). Wall time and this process's CPU time (all threads) are printed, with the load
average (the machine is shared: the ratio within one run is what counts).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ungass_kg import bootstrap, synthetic
from ungass_kg.loading import group_by_graph, native_source, parse_file, stream_quads
from ungass_kg.rdfio import triples_to_ntriples
from ungass_kg.store import EmbeddedStore

GRAPH = "https://w3id.org/ungass-kg/graph/bench-load"
KEPT = "https://w3id.org/ungass-kg/graph/bench-kept"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _transaction(store: EmbeddedStore, f: Path) -> None:
    quads = parse_file(f, None)
    store.apply({g: triples_to_ntriples(t) for g, t in group_by_graph(quads, GRAPH, f).items()})


def _bulk(named: bool) -> Callable[[EmbeddedStore, Path], None]:
    def run(store: EmbeddedStore, f: Path) -> None:  # as `load` does it
        src = native_source(f, None, GRAPH)
        store.bulk_replace(iter(()) if src else stream_quads(f, None, GRAPH), [src] if src else [],
                           graphs=[GRAPH] if named else None)
    return run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100000, help="activities written")
    ap.add_argument("--kept", type=int, default=0, help="activities the store already holds in another graph")
    ap.add_argument("--transaction", action="store_true", help="also the transaction path (slow)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "synth.nt"
        f.write_bytes(synthetic.generate(a.n, seed=3))
        base = Path(tmp) / "base"
        s = EmbeddedStore(base)
        bootstrap.build(s)
        if a.kept:
            k = Path(tmp) / "kept.nt"
            k.write_bytes(synthetic.generate(a.kept, seed=5))
            s.bulk_replace(iter(()), [(k, *native_source(k, None, KEPT)[1:])], graphs=[KEPT])  # type: ignore[index]
        s.close()
        print(f"{a.n:,} activities written ({f.stat().st_size / 1e6:.0f} MB N-Triples) into a store holding "
              f"the bundled graphs{f' and {a.kept:,} activities' if a.kept else ''}; "
              f"load average {os.getloadavg()[0]:.1f}")
        paths = [("bulk, staging from a backup", _bulk(True)), ("bulk, staging a copy", _bulk(False))]
        if a.transaction:
            paths.append(("transaction (apply)", _transaction))
        for i, (label, fn) in enumerate(paths):
            d = Path(tmp) / f"run{i}"
            shutil.copytree(base, d)
            store = EmbeddedStore(d)
            t0, c0 = time.perf_counter(), _cpu()
            fn(store, f)
            wall, cpu = time.perf_counter() - t0, _cpu() - c0
            store.close()
            shutil.rmtree(d)
            print(f"| {label} | {wall:.1f} s | {cpu:.1f} s CPU | load average after {os.getloadavg()[0]:.1f} |")


if __name__ == "__main__":
    main()
