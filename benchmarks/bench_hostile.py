"""Refusal time and server memory for each hostile upload (the figures in docs/reliability.md).

Starts ``ungass-kg serve`` on a free loopback port over a fresh store, sends every attack of
tests/hostile_files.py to ``POST /validate`` one after another, and prints, per attack, the
status, the seconds until the answer and the peak resident memory of the server's process
tree (sampled every 50 ms) while it was handled; then the same for valid workbooks of 1,000
and 10,000 rows, the largest legitimate uploads measured::

    uv run python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_submissions import as_xlsx, rows  # noqa: E402
from server_memory import PeakRss, served, tree_rss_kb  # noqa: E402

from tests import hostile_files as hf  # noqa: E402
from tests.test_hostile_input import ATTACKS  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "kb"
        subprocess.run([sys.executable, "-m", "ungass_kg", "--store", str(store), "init"], check=True,
                       capture_output=True, cwd=ROOT)
        env = {k: v for k, v in os.environ.items() if not k.startswith("UNGASS_KG_")}
        with served(store, env) as (url, server):
            print(f"server tree at rest: {tree_rss_kb(server.pid) // 1024} MB")
            print("| upload | size | status | seconds | peak server tree |")
            print("|---|---:|---:|---:|---:|")
            cases = [(name, filename, build()) for name, filename, build, _, _ in ATTACKS]
            cases += [("valid, 1,000 rows", "r1000.xlsx", as_xlsx(rows(1_000))),
                      ("valid, 10,000 rows", "r10000.xlsx", as_xlsx(rows(10_000))),
                      ("valid example", "valid.xlsx", hf.VALID_XLSX.read_bytes())]
            for name, filename, data in cases:
                with PeakRss(server.pid) as peak:
                    t = time.perf_counter()
                    r = requests.post(url + "/validate", files={"file": (filename, io.BytesIO(data))}, timeout=600)
                    dt = time.perf_counter() - t
                print(f"| {name} | {len(data):,} B | {r.status_code} | {dt:.2f} | {peak.kb // 1024} MB |")


if __name__ == "__main__":
    main()
