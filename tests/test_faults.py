"""I/O faults: a full disk and kill -9 in the middle of a write leave the old or the new state.

The full-disk tests mount a small tmpfs (root only: CI runs as root and must run them; on a
workstation without root they are skipped with the reason). The kill tests start the real
``ungass-kg load`` and ``submit`` and kill them with SIGKILL at several moments of their run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .cli import run_process

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "data" / "examples" / "unodc-2023-valid.xlsx"
SUB_GRAPH = "https://w3id.org/ungass-kg/graph/submission/unodc-2023"


def graphs(store: Path) -> dict[str, int]:
    r = run_process("graphs", store=store)
    assert r.returncode == 0, r.stderr
    out = {}
    for line in r.stdout.splitlines():
        cells = [c.strip() for c in line.strip("│|").split("│")]
        if len(cells) == 2 and cells[0].startswith("http") and cells[1].isdigit():
            out[cells[0]] = int(cells[1])
    assert out, r.stdout
    return out


def one_error_line(r: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in r.stderr and "panicked" not in r.stderr, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("error: ")]
    # one error line, last (a command may first say what it was about to do, as drop does)
    assert len(errors) == 1 and lines[-1] == errors[0], r.stderr
    return errors[0]


def big_ntriples(path: Path, n: int = 150_000) -> Path:
    with path.open("w") as f:
        for i in range(n):
            f.write(f'<https://example.org/s{i}> <https://example.org/p> "value {i}, padded to take room on disk" .\n')
    return path


# ------------------------------------------------------------------------------ full disk

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 48 MB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("the full-disk tests need root to mount a tmpfs, and CI must run them")
        pytest.skip("the full-disk tests need root (mount -t tmpfs); CI runs them as root")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mnt)], check=True)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk: Path, leave_kb: int = 0) -> Path:
    """Fill the disk, leaving about ``leave_kb`` KB free."""
    st = os.statvfs(disk)
    free_kb = st.f_bavail * st.f_frsize // 1024
    filler = disk / "filler"
    with filler.open("wb") as f:
        chunk = b"\0" * 1024 * 1024
        remaining = max(0, free_kb - leave_kb) * 1024
        try:
            while remaining > 0:
                remaining -= f.write(chunk[: min(len(chunk), remaining)])
        except OSError:  # the disk is full
            pass
    return filler


@pytest.fixture
def store_on_small_disk(small_disk: Path, bundled_store_path: Path) -> Path:
    store = small_disk / "kb"
    shutil.copytree(bundled_store_path, store)
    return store


def test_reading_commands_work_on_a_full_disk(store_on_small_disk: Path) -> None:
    before = graphs(store_on_small_disk)
    fill(store_on_small_disk.parent)
    assert graphs(store_on_small_disk) == before  # the store opens read-only
    r = run_process("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?a a ung:Activity }", "--format", "csv",
            store=store_on_small_disk)
    assert r.returncode == 0 and r.stdout.splitlines()[1].strip().isdigit(), r.stderr
    r = run_process("validate", str(VALID), store=store_on_small_disk)
    assert r.returncode == 0 and "conforms" in r.stdout, r.stderr


@pytest.mark.parametrize("command", ["load", "submit", "drop"])
def test_writing_commands_on_a_full_disk_say_so_and_change_nothing(store_on_small_disk: Path, tmp_path: Path,
                                                                   command: str) -> None:
    before = graphs(store_on_small_disk)
    extra = tmp_path / "extra.nt"
    extra.write_text('<https://example.org/a> <https://example.org/p> "x" .\n')
    args = {"load": ["load", str(extra), "--graph", "https://example.org/g"],
            "submit": ["submit", str(VALID), "--entity", "UNODC", "--period", "2023"],
            "drop": ["drop", "https://w3id.org/ungass-kg/graph/published", "--yes"]}[command]
    filler = fill(store_on_small_disk.parent)
    r = run_process(*args, store=store_on_small_disk)
    assert r.returncode == 2
    assert "full" in one_error_line(r)
    filler.unlink()
    assert graphs(store_on_small_disk) == before


def test_a_disk_that_fills_during_a_load_leaves_the_store_as_it_was(store_on_small_disk: Path,
                                                                     tmp_path: Path) -> None:
    before = graphs(store_on_small_disk)
    data = big_ntriples(tmp_path / "big.nt")  # ~13 MB of N-Triples, more than the room left
    filler = fill(store_on_small_disk.parent, leave_kb=3_000)
    r = run_process("load", str(data), "--graph", "https://example.org/big", store=store_on_small_disk)
    assert r.returncode == 2
    assert "full" in one_error_line(r)
    assert graphs(store_on_small_disk) == before  # still readable, and nothing half-written
    assert "https://example.org/big" not in graphs(store_on_small_disk)
    filler.unlink()
    # with room again the same store takes writes (the failed write's log is dropped on opening)
    small = tmp_path / "small.nt"
    small.write_text('<https://example.org/a> <https://example.org/p> "x" .\n')
    r = run_process("load", str(small), "--graph", "https://example.org/small", store=store_on_small_disk)
    assert r.returncode == 0, r.stderr
    assert graphs(store_on_small_disk)["https://example.org/small"] == 1


# ------------------------------------------------------------------------------ kill -9

def _kill_during(args: list[str], store: Path, delay: float) -> int | None:
    """Start the command, SIGKILL it after ``delay`` seconds; its exit code if it ended first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNGASS_KG_")}
    proc = subprocess.Popen([sys.executable, "-m", "ungass_kg", "--store", str(store), *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
        return proc.returncode
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return None


def _moments(args: list[str], store: Path) -> list[float]:
    """Moments spread over a whole run of the command (measured once on a copy)."""
    t = time.monotonic()
    r = run_process(*args, store=store)
    assert r.returncode == 0, r.stderr
    total = time.monotonic() - t
    return [total * f for f in (0.3, 0.6, 0.8, 0.9, 1.0)]


def test_kill_9_during_load_leaves_the_old_or_the_new_graph(bundled_store_path: Path, tmp_path: Path) -> None:
    data = big_ntriples(tmp_path / "big.nt", 100_000)
    args = ["load", str(data), "--graph", "https://example.org/big"]
    probe = tmp_path / "probe"
    shutil.copytree(bundled_store_path, probe)
    moments = _moments(args, probe)
    base = graphs(probe)
    base.pop("https://example.org/big")
    outcomes = set()
    for i, delay in enumerate(moments):
        store = tmp_path / f"kb{i}"
        shutil.copytree(bundled_store_path, store)
        _kill_during(args, store, delay)
        now = graphs(store)  # opens: the store is not corrupt
        big = now.pop("https://example.org/big", 0)
        assert now == base, f"killed after {delay:.2f}s: other graphs changed"
        assert big in (0, 100_000), f"killed after {delay:.2f}s: {big} of 100,000 triples"
        outcomes.add(big)
        assert not list(store.glob("*.tmp")), "a temporary file was left beside the store"
    assert 0 in outcomes  # some kills landed before the write


def test_kill_9_during_submit_leaves_no_half_submission(bundled_store_path: Path, tmp_path: Path) -> None:
    args = ["submit", str(VALID), "--entity", "UNODC", "--period", "2023"]
    probe = tmp_path / "probe"
    shutil.copytree(bundled_store_path, probe)
    moments = _moments(args, probe)
    full = graphs(probe)
    for i, delay in enumerate(moments):
        store = tmp_path / f"kb{i}"
        shutil.copytree(bundled_store_path, store)
        code = _kill_during(args, store, delay)
        now = graphs(store)
        listed = run_process("submissions", "--format", "json", store=store)
        assert listed.returncode == 0, listed.stderr
        stored = '"unodc-2023"' in listed.stdout
        if SUB_GRAPH in now:
            # the activities and their PROV record arrived together, complete
            assert now[SUB_GRAPH] == full[SUB_GRAPH] and stored, f"killed after {delay:.2f}s"
        else:
            assert not stored, f"killed after {delay:.2f}s: a PROV record without its activities"
        assert code in (None, 0)
        originals = store / "originals"
        assert not originals.exists() or not list(originals.glob("*.tmp")) or SUB_GRAPH not in now
        # a later submit of the same file works (a half-kept original does not block it)
        again = run_process(*args, "--replace", store=store) if SUB_GRAPH in now else run_process(*args, store=store)
        assert again.returncode == 0, again.stderr
