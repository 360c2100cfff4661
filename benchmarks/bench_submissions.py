"""Benchmark: a submission of 1,000 and 10,000 rows, time per phase (read, map, validate, store).

Not a test. Rows are the valid example's eight UNODC activities repeated with distinct
titles ("... (benchmark row N)"), written as XLSX and CSV. Phases:

- read: bytes -> cells (openpyxl / csv)
- map: cells -> rdflib graph with cell positions
- validate: pySHACL (SHACL Core) + the SHACL-SPARQL rules on Oxigraph + the store rule
- store: ``submit``'s single ``store.apply`` (submission graph + PROV) on an on-disk store
- end to end: ``submissions.submit`` (validate_bytes + store), as ``ungass-kg submit`` runs it

Run: ``uv run python benchmarks/bench_submissions.py [--anchor] [--csv] [ROWS ...]`` (default 1000
10000); ``--anchor`` also times plain pySHACL (every shape, the SPARQL rules per focus node) on the
same graph in the same run; ``--csv`` skips the XLSX files (openpyxl's reading dominates them).
The upload caps (``ungass_kg.limits``: 25,000 rows) are raised here so 50,000 rows can be measured.
"""

from __future__ import annotations

import csv
import io
import platform
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from make_examples import HEADER, valid_rows  # noqa: E402

from ungass_kg import bootstrap  # noqa: E402
from ungass_kg.ingest import columns_from_shapes  # noqa: E402
from ungass_kg.ingest.delimited import read_csv  # noqa: E402
from ungass_kg.ingest.mapping import RowMapper  # noqa: E402
from ungass_kg.ingest.xlsx import read_xlsx  # noqa: E402
from ungass_kg.limits import DEFAULT  # noqa: E402
from ungass_kg.store import EmbeddedStore  # noqa: E402
from ungass_kg.submissions import delete_submission, submit  # noqa: E402
from ungass_kg.validate import registers_for  # noqa: E402
from ungass_kg.validate.engine import check, raw_results  # noqa: E402
from ungass_kg.validate.shapes import activity_shapes  # noqa: E402


def rows(n: int) -> list[list[object]]:
    base = valid_rows()
    out = []
    ti = HEADER.index("Title")
    for i in range(n):
        r = list(base[i % len(base)])
        r[ti] = f"{r[ti]} (benchmark row {i + 2})"
        out.append(r)
    return out


def as_xlsx(data: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activities"
    ws.append(HEADER)
    for r in data:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def as_csv(data: list[list[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerows([["" if v is None else v for v in r] for r in data])
    return buf.getvalue().encode()


# room for 100,000 rows: the benchmark measures the cost per row past the server's caps
LIMITS = replace(DEFAULT, rows=100_000, cells=3_000_000, inflated=256 * 1024 * 1024)


def phases(store: EmbeddedStore, data: bytes, kind: str) -> dict[str, float]:
    regs = registers_for(store)
    columns = columns_from_shapes(activity_shapes())
    t0 = time.perf_counter()
    table = read_xlsx(data, "bench.xlsx", LIMITS) if kind == "xlsx" else read_csv(data, "bench.csv", LIMITS)
    t1 = time.perf_counter()
    mapped = RowMapper(columns, regs, "unodc-2023").map_table(table)
    t2 = time.perf_counter()
    results = check(mapped, regs, store)
    t3 = time.perf_counter()
    assert not [r for r in results if r.severity == "Violation"], results[:3]
    store.apply({"urn:x-bench:graph": mapped.graph})
    t4 = time.perf_counter()
    store.apply({"urn:x-bench:graph": None})
    return {"read": t1 - t0, "map": t2 - t1, "validate": t3 - t2, "store": t4 - t3}


def anchor(store: EmbeddedStore, data: bytes) -> float:
    """Plain pySHACL (every shape, SPARQL rules per focus node) over the same data graph: the anchor."""
    regs = registers_for(store)
    mapped = RowMapper(columns_from_shapes(activity_shapes()), regs, "unodc-2023").map_table(read_csv(data, "b.csv"))
    t0 = time.perf_counter()
    raw_results(mapped, regs, store, reference=True)
    return time.perf_counter() - t0


def end_to_end(store: EmbeddedStore, data: bytes, name: str) -> float:
    t0 = time.perf_counter()
    rec = submit(store, data, name, "UNODC", 2023, replace=False, max_bytes=1 << 30, limits=LIMITS)
    dt = time.perf_counter() - t0
    assert delete_submission(store, rec.id)
    return dt


def main() -> None:
    args = [a for a in sys.argv[1:] if a not in ("--anchor", "--csv")]
    sizes = [int(a) for a in args] or [1000, 10000]
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        bootstrap.build(store)
        registers_for(store)  # registers are cached per store version, as in a running server
        # warm up imports (pySHACL, openpyxl) once so the first size is not charged for them
        phases(store, as_csv(rows(8)), "csv")
        print(f"python {platform.python_version()}, {platform.machine()}, {platform.system()}")
        print("| rows | format | read | map | validate | store | sum | end to end (submit) |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            data = rows(n)
            kinds = [("csv", as_csv(data))] + ([] if "--csv" in sys.argv else [("xlsx", as_xlsx(data))])
            for kind, payload in kinds:
                p = phases(store, payload, kind)
                e2e = end_to_end(store, payload, f"bench.{kind}")
                print(f"| {n} | {kind} | {p['read']:.2f} | {p['map']:.2f} | {p['validate']:.2f} | "
                      f"{p['store']:.2f} | {sum(p.values()):.2f} | {e2e:.2f} |", flush=True)
            if "--anchor" in sys.argv:
                print(f"| {n} | csv | anchor: plain pySHACL validate | | {anchor(store, as_csv(data)):.2f} | | | |",
                      flush=True)
        store.close()


if __name__ == "__main__":
    main()
