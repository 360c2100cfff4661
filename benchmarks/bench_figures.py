"""Time every saved figure query on the bundled note activities and on synthetic activities.

    uv run python benchmarks/bench_figures.py               # bundled data + 100,000 synthetic
    uv run python benchmarks/bench_figures.py --n 10000 --repeat 5

Each query runs ``--repeat`` times on an in-memory Oxigraph store (the embedded engine);
the table shows the median, and the total over the six figures and over all saved queries.
"""

from __future__ import annotations

import argparse
import statistics
import time

from ungass_kg import bootstrap, queries, synthetic
from ungass_kg.store import EmbeddedStore


def time_queries(store: EmbeddedStore, repeat: int) -> dict[str, float]:
    out = {}
    for q in queries.catalog():
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            queries.run(store, q)
            runs.append(time.perf_counter() - t)
        out[q.name] = statistics.median(runs)
    return out


def report(title: str, times: dict[str, float]) -> None:
    figs = sum(t for n, t in times.items() if queries.get(n).group == "figures")
    print(f"\n{title}")
    for name, t in times.items():
        print(f"  {name:32} {t * 1000:8.1f} ms")
    print(f"  {'figure queries (8), total':32} {figs * 1000:8.1f} ms")
    print(f"  {'all saved queries, total':32} {sum(times.values()) * 1000:8.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="synthetic activities (default 100000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    bundled = EmbeddedStore(None)
    bootstrap.build(bundled)
    report("Bundled knowledge base (the note's activities)", time_queries(bundled, args.repeat))

    store = EmbeddedStore(None)
    t = time.perf_counter()
    data = synthetic.generate(args.n, args.seed, include_register=True)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    store.apply({"urn:bench:synthetic": data})
    t_load = time.perf_counter() - t
    print(f"\n{args.n:,} synthetic activities: {len(data.splitlines()):,} triples; "
          f"generated in {t_gen:.1f} s, loaded in {t_load:.1f} s")
    report(f"{args.n:,} synthetic activities", time_queries(store, args.repeat))


if __name__ == "__main__":
    main()
