"""Peak memory of validating large legitimate uploads: what the upload caps are sized from.

For each row count, builds the CSV the performance acceptance check builds (the valid
example's rows repeated, " no. N" appended to each title), then measures

- ``ungass-kg validate FILE --format json`` (CLI): seconds and peak RSS of the process;
- ``POST /validate`` on ``ungass-kg serve``: seconds and the peak RSS of the server's process
  tree (sampled every 50 ms) while the upload is handled, and the tree at rest before.

The caps are raised for the run (by environment variables) so that nothing is refused::

    uv run python benchmarks/bench_upload_memory.py 10000 20000 50000
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from server_memory import PeakRss, served, tree_rss_kb  # noqa: E402

RAISED = {"UNGASS_KG_MAX_UPLOAD_ROWS": "1000000", "UNGASS_KG_MAX_ROWS": "1000000",
          "UNGASS_KG_MAX_TRIPLES": "50000000", "UNGASS_KG_MAX_CELLS": "50000000",
          "UNGASS_KG_MAX_BODY": "1000000000"}


def acceptance_csv(n: int) -> bytes:
    text = (ROOT / "data/examples/unodc-2023-valid.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip().lower() for c in rows[0]]
    t = next(i for i, c in enumerate(header) if "title" in c)
    body = [r for r in rows[1:] if len(r) > t and r[t].strip()]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(rows[0])
    for i in range(n):
        r = list(body[i % len(body)])
        r[t] = f"{r[t]} no. {i}"
        w.writerow(r)
    return out.getvalue().encode("utf-8")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 20_000, 50_000]
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNGASS_KG_")} | RAISED
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "kb"
        subprocess.run([sys.executable, "-m", "ungass_kg", "--store", str(store), "init"], check=True,
                       capture_output=True, cwd=ROOT, env=env)
        files = {}
        for n in sizes:
            files[n] = Path(tmp) / f"rows-{n}.csv"
            files[n].write_bytes(acceptance_csv(n))
        print(f"load average at start: {os.getloadavg()}")
        print("| rows | CLI seconds | CLI peak RSS |")
        print("|---:|---:|---:|")
        for n in sizes:
            t = time.perf_counter()
            p = subprocess.Popen([sys.executable, "-m", "ungass_kg", "--store", str(store), "validate",
                                  str(files[n]), "--format", "json"], cwd=ROOT, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _pid, _status, usage = os.wait4(p.pid, 0)
            print(f"| {n:,} | {time.perf_counter() - t:.1f} | {usage.ru_maxrss // 1024} MB |", flush=True)

        with served(store, env) as (url, server):
            print(f"\nserver tree at rest: {tree_rss_kb(server.pid) // 1024} MB")
            print("| rows | status | seconds | peak server tree |")
            print("|---:|---:|---:|---:|")
            for n in sizes:
                with PeakRss(server.pid) as peak:
                    t = time.perf_counter()
                    r = requests.post(url + "/validate", files={"file": (files[n].name, files[n].read_bytes())},
                                      headers={"Accept": "application/json"}, timeout=1200)
                    dt = time.perf_counter() - t
                print(f"| {n:,} | {r.status_code} | {dt:.1f} | {peak.kb // 1024} MB |", flush=True)
            print(f"load average at end: {os.getloadavg()}")

if __name__ == "__main__":
    main()
