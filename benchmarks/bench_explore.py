"""Time /activities' work (facet counts, a page of results, the text search) at scale.

    uv run python benchmarks/bench_explore.py                 # 100,000 synthetic activities, on disk
    uv run python benchmarks/bench_explore.py --n 10000 --repeat 5 --memory

The synthetic activities (``ungass_kg.synthetic``) join the bundled note activities in one
store. Each case runs ``--repeat`` times (after one warm-up that also builds the text index of
the store version); the table shows the median and the fastest run of facet counts + one
page, the same work the HTML page does (rendering aside). The report is benchmarks/explore.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from ungass_kg import bootstrap, synthetic
from ungass_kg.explore import activities, filters, search
from ungass_kg.store import EmbeddedStore

CASES: tuple[dict[str, str], ...] = (
    {}, {"chapter": "1"}, {"entity": "who"}, {"q": "prevention"}, {"chapter": "1", "q": "prevention"},
    {"q": "synthetic activity 000042"}, {"q": "synthetic"}, {"reach": "country", "interagency": "true"},
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--memory", action="store_true", help="an in-memory store (default: on disk)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(None if args.memory else Path(tmp) / "store")
        bootstrap.build(store)
        t = time.perf_counter()
        store.apply({"https://w3id.org/ungass-kg/graph/bench-synthetic": synthetic.generate(args.n, seed=1)})
        print(f"loaded {args.n:,} synthetic activities in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        search.index(store)
        print(f"text index of the store version: {time.perf_counter() - t:.2f} s (once per store version)")
        print("\n| filter | matching | facets + page, median ms | fastest ms | of which search ms |")
        print("|---|---:|---:|---:|---:|")
        for params in CASES:
            f = filters.parse(params)
            activities.counts(store, f)  # warm-up
            runs, searches = [], []
            total = 0
            for _ in range(args.repeat):
                t = time.perf_counter()
                total, _ = activities.counts(store, f)
                activities.page(store, f)
                runs.append(time.perf_counter() - t)
                if f.q:
                    t = time.perf_counter()
                    search.search(store, f.q)
                    searches.append(time.perf_counter() - t)
            label = "&".join(f"{k}={v}" for k, v in params.items()) or "(none)"
            s = f"{1000 * statistics.median(searches):.0f}" if searches else "-"
            print(f"| `{label}` | {total:,} | {1000 * statistics.median(runs):.0f} | {1000 * min(runs):.0f} | {s} |")
        store.close()


if __name__ == "__main__":
    main()
