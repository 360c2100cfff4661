"""Time every saved figure query on the bundled note activities and on synthetic activities.

    uv run python benchmarks/bench_figures.py               # bundled data + 100,000 synthetic
    uv run python benchmarks/bench_figures.py --n 10000 --repeat 5
    uv run python benchmarks/bench_figures.py --disk        # on-disk store (what the CLI uses)
    uv run python benchmarks/bench_figures.py --virtuoso    # on disk, and Virtuoso 7 beside it in the same run
    # before/after: the saved queries of an older revision next to the current ones
    git archive REV sparql | tar -x -C /tmp/before
    uv run python benchmarks/bench_figures.py --baseline /tmp/before/sparql

Each query runs ``--repeat`` times on an Oxigraph store (the embedded engine; in memory, or
on disk in a temporary folder with ``--disk``),
the runs of all queries interleaved so that load from other jobs spreads over all of them;
the table shows the median (and the fastest run), and the totals over the eight figure
queries and over all saved queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from ungass_kg import bootstrap, queries, synthetic
from ungass_kg.errors import QueryError
from ungass_kg.queries import SavedQuery
from ungass_kg.store import EmbeddedStore
from ungass_kg.store.base import Store
from ungass_kg.store.remote import RemoteStore

Times = dict[str, list[float]]
GRAPH = "urn:bench:synthetic"


def saved_queries(folder: Path | None) -> list[SavedQuery]:
    """The catalog, or the saved queries of another ``sparql`` folder (same layout)."""
    if folder is None:
        return queries.catalog()
    return [queries.load(p, group) for group in queries.GROUPS
            for p in sorted((folder / group).glob("*.rq"), key=lambda p: p.stem)]


def time_queries(store: EmbeddedStore, sets: dict[str, list[SavedQuery]], repeat: int) -> dict[str, Times]:
    out: dict[str, Times] = {label: {q.name: [] for q in qs} for label, qs in sets.items()}
    for _ in range(repeat):
        for label, qs in sets.items():
            for q in qs:
                t = time.perf_counter()
                queries.run(store, q)
                out[label][q.name].append(time.perf_counter() - t)
    return out


def time_stores(stores: dict[str, Store], qs: list[SavedQuery], repeat: int) -> tuple[dict[str, Times], list[str]]:
    """The same queries on several stores, interleaved; and the queries whose row counts differ
    between the stores (an engine that stopped early, or answers differently)."""
    out: dict[str, Times] = {label: {q.name: [] for q in qs} for label in stores}
    sizes: dict[str, set[int]] = {q.name: set() for q in qs}
    for _ in range(repeat):
        for q in qs:
            for label, store in stores.items():
                t = time.perf_counter()
                try:
                    res = queries.run(store, q)
                except QueryError as e:  # e.g. Virtuoso refusing by its cost estimate: shown, not timed
                    print(f"  {label} refused {q.name}: {e}")
                    continue
                out[label][q.name].append(time.perf_counter() - t)
                sizes[q.name].add(len(res.rows))
    return out, [name for name, n in sizes.items() if len(n) > 1]


def report(title: str, times: dict[str, Times]) -> None:
    labels = list(times)
    names = list(times[labels[-1]])
    print(f"\n{title}   (ms: median / fastest of the runs)")
    print(f"  {'query':32}" + "".join(f"{label:>22}" for label in labels))
    totals = {label: {"figures": [0.0, 0.0], "all": [0.0, 0.0]} for label in labels}
    for name in names:
        cells = []
        for label in labels:
            runs = times[label].get(name)
            if not runs:
                cells.append(f"{'-':>22}")
                continue
            med, best = statistics.median(runs), min(runs)
            cells.append(f"{med * 1000:12.1f} / {best * 1000:7.1f}")
            for key in ("all", "figures") if queries.get(name).group == "figures" else ("all",):
                totals[label][key][0] += med
                totals[label][key][1] += best
        print(f"  {name:32}" + "".join(cells))
    n_fig = sum(1 for name in names if queries.get(name).group == "figures")
    for key, text in (("figures", f"figure queries ({n_fig}), total"), ("all", f"all {len(names)} saved, total")):
        print(f"  {text:32}" + "".join(
            f"{totals[label][key][0] * 1000:12.1f} / {totals[label][key][1] * 1000:7.1f}" for label in labels))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="synthetic activities (default 100000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--baseline", type=Path, help="a sparql folder to time next to the current queries")
    ap.add_argument("--disk", action="store_true", help="on-disk stores (RocksDB) instead of in-memory ones")
    ap.add_argument("--virtuoso", action="store_true",
                    help="also run the same queries on Virtuoso 7 holding the same synthetic data (implies --disk)")
    args = ap.parse_args()
    args.disk = args.disk or args.virtuoso
    tmp = tempfile.TemporaryDirectory(prefix="bench-figures-") if args.disk else None

    def new_store(name: str) -> EmbeddedStore:
        return EmbeddedStore(Path(tmp.name) / name if tmp is not None else None)

    sets = {"current": saved_queries(None)}
    if args.baseline is not None:
        sets = {"baseline": saved_queries(args.baseline), **sets}

    bundled = new_store("bundled")
    bootstrap.build(bundled)
    report("Bundled knowledge base (the note's activities)", time_queries(bundled, sets, args.repeat))

    store = new_store("synthetic")
    t = time.perf_counter()
    data = synthetic.generate(args.n, args.seed, include_register=True)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    if tmp is not None:  # on disk through load's bulk path (a transaction takes minutes at 100k)
        f = Path(tmp.name) / "synthetic.nt"
        f.write_bytes(data)
        store.bulk_replace(iter(()), [(f, ox.RdfFormat.N_TRIPLES, GRAPH)], graphs=[GRAPH])
    else:
        store.apply({GRAPH: data})
    t_load = time.perf_counter() - t
    print(f"\n{args.n:,} synthetic activities: {len(data.splitlines()):,} triples; "
          f"generated in {t_gen:.1f} s, loaded in {t_load:.1f} s")
    if args.virtuoso and tmp is not None:
        import anchors

        dump = anchors.export_nquads(store.oxigraph, Path(tmp.name) / "synthetic.nq")
        with anchors.virtuoso_with(dump, Path(tmp.name) / "virtuoso") as (v, took):
            print(f"Virtuoso 7 bulk loader (ld_dir + rdf_loader_run + checkpoint): {took:.1f} s, "
                  f"load average {os.getloadavg()[0]:.1f}")
            stores: dict[str, Store] = {"ungass-kg (on disk)": store, "Virtuoso 7": RemoteStore(v.endpoint)}
            times, differ = time_stores(stores, sets["current"], args.repeat)
            report(f"{args.n:,} synthetic activities, the same queries on both; load average "
                   f"{os.getloadavg()[0]:.1f} after", times)
            if differ:
                print(f"  row counts differ between the engines for: {', '.join(differ)}")
    else:
        report(f"{args.n:,} synthetic activities", time_queries(store, sets, args.repeat))
    for s in (bundled, store):
        s.close()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
