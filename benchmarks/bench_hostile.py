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
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_submissions import as_xlsx, rows  # noqa: E402

from tests import hostile_files as hf  # noqa: E402
from tests.test_hostile_input import ATTACKS  # noqa: E402


def tree_rss_kb(root: int) -> int:
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout.split()
    table = [tuple(map(int, out[i:i + 3])) for i in range(0, len(out), 3)]
    total, todo, seen = 0, [root], set()
    while todo:
        p = todo.pop()
        for pid, ppid, rss in table:
            if (pid == p or ppid == p) and pid not in seen:
                seen.add(pid)
                total += rss
                if pid != p:
                    todo.append(pid)
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "kb"
        subprocess.run([sys.executable, "-m", "ungass_kg", "--store", str(store), "init"], check=True,
                       capture_output=True, cwd=ROOT)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("UNGASS_KG_")}
        server = subprocess.Popen([sys.executable, "-m", "ungass_kg", "--store", str(store), "serve", "--host",
                                   "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    requests.get(url + "/health", timeout=2)
                    break
                except requests.RequestException:
                    time.sleep(0.5)
            time.sleep(2)
            print(f"server tree at rest: {tree_rss_kb(server.pid) // 1024} MB")
            print("| upload | size | status | seconds | peak server tree |")
            print("|---|---:|---:|---:|---:|")
            cases = [(name, filename, build()) for name, filename, build, _, _ in ATTACKS]
            cases += [("valid, 1,000 rows", "r1000.xlsx", as_xlsx(rows(1_000))),
                      ("valid, 10,000 rows", "r10000.xlsx", as_xlsx(rows(10_000))),
                      ("valid example", "valid.xlsx", hf.VALID_XLSX.read_bytes())]
            for name, filename, data in cases:
                peak, stop = [0], [False]

                def watch(peak: list[int] = peak, stop: list[bool] = stop) -> None:
                    while not stop[0]:
                        peak[0] = max(peak[0], tree_rss_kb(server.pid))
                        time.sleep(0.05)

                w = threading.Thread(target=watch)
                w.start()
                t = time.perf_counter()
                r = requests.post(url + "/validate", files={"file": (filename, io.BytesIO(data))}, timeout=600)
                dt = time.perf_counter() - t
                stop[0] = True
                w.join()
                print(f"| {name} | {len(data):,} B | {r.status_code} | {dt:.2f} | {peak[0] // 1024} MB |")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
