"""Benchmark: linked-data publishing over the bundled knowledge base plus N synthetic activities.

Not a test: prints a markdown table of how long it takes to

- describe one resource and write it as Turtle (the /id/ dereferencing work), averaged;
- render the HTML page of UNODC (the largest entity page) and of a chapter;
- build the four dumps (what /dumps/ and /catalog compute once per store version);
- build the DCAT catalogue and VoID;
- write the whole static site (``ungass-kg publish``).

    uv run python benchmarks/bench_publishing.py                     # 0 and 2,000 activities
    uv run python benchmarks/bench_publishing.py --activities 0 10000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ungass_kg import bootstrap, synthetic
from ungass_kg.namespaces import BASE
from ungass_kg.present import dcat, describe, formats, pages
from ungass_kg.present.dumps import write_dumps
from ungass_kg.present.iris import BaseMap
from ungass_kg.present.rendering import make_site
from ungass_kg.publish.site import publish_site
from ungass_kg.store import EmbeddedStore


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Median seconds of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def bench(n: int, work: Path) -> list[tuple[str, str]]:
    store = EmbeddedStore(work / f"store-{n}")
    bootstrap.build(store)
    if n:
        store.apply({BASE + "graph/synthetic": synthetic.generate(n, seed=1)})
    triples = sum(c for _, c in store.graphs())
    bm = BaseMap.for_public("http://localhost:8000/")
    site = make_site(bm)
    sample = describe.resources_under(store, BASE + "id/")[:200]

    def deref() -> None:
        for iri in sample:
            formats.serialize(bm.graph(describe.describe(store, iri)), formats.TURTLE, bm.prefixes())

    per_resource = timed(deref) / len(sample)
    unodc = timed(lambda: pages.resource_html(store, BASE + "id/entity/unodc", site), 3)
    chapter = timed(lambda: pages.resource_html(store, BASE + "id/chapter/1", site), 3)
    dump_dir = work / f"dumps-{n}"
    dumps_s = timed(lambda: write_dumps(store, dump_dir))
    dumps = write_dumps(store, dump_dir)
    catalog_s = timed(lambda: (dcat.build_catalog(store, dumps), dcat.build_void(store, dumps)), 3)
    site_dir = work / f"site-{n}"
    report = None

    def publish() -> None:
        nonlocal report
        report = publish_site(store, site_dir, "http://localhost:8080/", force=True)

    site_s = timed(publish)
    store.close()
    assert report is not None
    return [
        ("triples in the store", f"{triples:,}"),
        ("describe + Turtle, per resource (200 resources)", f"{per_resource * 1000:.1f} ms"),
        ("UNODC page (HTML)", f"{unodc * 1000:.0f} ms"),
        ("chapter I page (HTML)", f"{chapter * 1000:.0f} ms"),
        ("four dumps", f"{dumps_s:.2f} s ({sum(d.byte_size for d in dumps) / 1e6:.1f} MB)"),
        ("DCAT catalogue + VoID", f"{catalog_s * 1000:.0f} ms"),
        ("static site", f"{site_s:.1f} s ({report.pages} pages, {report.rdf_files} RDF files)"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--activities", type=int, nargs="+", default=[0, 2000])
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ungass-kg-bench-publish-"))
    try:
        results = {n: bench(n, work) for n in args.activities}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    labels = [label for label, _ in next(iter(results.values()))]
    print("| measure | " + " | ".join(f"bundled + {n:,} synthetic" for n in results) + " |")
    print("|---|" + "---|" * len(results))
    for i, label in enumerate(labels):
        print(f"| {label} | " + " | ".join(results[n][i][1] for n in results) + " |")


if __name__ == "__main__":
    main()
