"""Bulk writes (``load`` on the embedded store) are all-or-nothing: a kill -9 at any moment of
a load leaves the old or the new store, and an interrupted switch comes back as the old store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from ungass_kg import synthetic
from ungass_kg.store import swap
from ungass_kg.store.embedded import EmbeddedStore

from .cli import run

TARGET = "https://example.org/graph/bulk"
KEPT = "https://example.org/graph/kept"
OLD = (b"<https://example.org/a> <https://example.org/p> \"old\" .\n"
       b"<https://example.org/b> <https://example.org/p> \"old\" .\n")
KEPT_NT = b"<https://example.org/k> <https://example.org/p> _:x .\n_:x <https://example.org/p> \"kept\" .\n"


def _count(store: EmbeddedStore, graph: str) -> int:
    res = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(res.rows[0]["n"])  # type: ignore[union-attr]


def _old_store(path: Path) -> str:
    s = EmbeddedStore(path)
    s.apply({TARGET: OLD, KEPT: KEPT_NT})
    v = s.version()
    s.close()
    return v


def _state(path: Path) -> tuple[int, int, str, list[str]]:
    s = EmbeddedStore(path)
    try:
        return _count(s, TARGET), _count(s, KEPT), s.version(), sorted(p.name for p in path.parent.glob(".*"))
    finally:
        s.close()


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    f = tmp_path_factory.mktemp("synth") / "synth.nt"
    f.write_bytes(synthetic.generate(5000, seed=1))
    n = sum(1 for _ in ox.parse(path=str(f), format=ox.RdfFormat.N_TRIPLES))
    return f, n


def _load_cmd(store: Path, f: Path) -> list[str]:
    return [sys.executable, "-m", "ungass_kg", "--store", str(store), "load", str(f), "--graph", TARGET]


def test_load_replaces_the_graph_and_keeps_the_others(tmp_path: Path, synth: tuple[Path, int]) -> None:
    f, n = synth
    store = tmp_path / "kb"
    old_version = _old_store(store)
    res = run("load", f, "--graph", TARGET, store=store)
    assert res.returncode == 0, res.stderr
    assert f"{n:,}" in res.stdout or str(n) in res.stdout
    target, kept, version, hidden = _state(store)
    assert (target, kept) == (n, 2)
    assert version != old_version
    assert hidden == []  # no staging or previous folder left beside the store
    s = EmbeddedStore(store)
    try:  # the kept graph's blank node is still one node shared by its two triples
        assert bool(s.query(f'ASK {{ GRAPH <{KEPT}> {{ <https://example.org/k> ?p ?b . ?b ?q "kept" }} }}').value)  # type: ignore[union-attr]
    finally:
        s.close()


def test_a_bad_second_file_leaves_the_store_as_it_was(tmp_path: Path, synth: tuple[Path, int]) -> None:
    f, _ = synth
    store = tmp_path / "kb"
    old_version = _old_store(store)
    bad = tmp_path / "bad.nt"
    bad.write_text('<https://example.org/a> <https://example.org/p> "x" .\n<oops> .\n')
    res = run("load", f, bad, "--graph", TARGET, store=store)
    assert res.returncode == 2
    assert "bad.nt" in res.stderr and "Traceback" not in res.stderr
    assert _state(store) == (2, 2, old_version, [])


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_store(tmp_path: Path, synth: tuple[Path, int]) -> None:
    f, n = synth
    store = tmp_path / "kb"
    # how long a whole load takes here, so the kills fall across all of it
    _old_store(store)
    t0 = time.monotonic()
    subprocess.run(_load_cmd(store, f), check=True, capture_output=True)
    whole = time.monotonic() - t0
    seen = set()
    for fraction in (0.05, 0.2, 0.4, 0.55, 0.7, 0.8, 0.9, 0.97):
        for p in tmp_path.iterdir():
            if p.name != "synth.nt":
                subprocess.run(["rm", "-rf", str(p)], check=True)
        old_version = _old_store(store)
        proc = subprocess.Popen(_load_cmd(store, f), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        target, kept, version, hidden = _state(store)
        assert kept == 2
        assert (target, version == old_version) in ((2, True), (n, False)), (fraction, target, version)
        assert hidden == []  # opening settled what the kill left
        seen.add(target)
    assert 2 in seen  # the kills did fall in the middle of loads


def test_a_kill_between_the_two_renames_brings_the_old_store_back(tmp_path: Path) -> None:
    store = tmp_path / "kb"
    old_version = _old_store(store)
    # the state the switch leaves after its first rename: the live folder moved aside,
    # a complete staging folder not yet renamed
    os.replace(store, tmp_path / ".kb.previous-0123456789ab")
    staging = tmp_path / ".kb.staging-0123456789ab"
    s = EmbeddedStore(staging)
    s.apply({TARGET: b"<https://example.org/n> <https://example.org/p> \"new\" .\n"})
    s.close()
    assert not store.exists()
    assert _state(store) == (2, 2, old_version, [])


def test_load_on_a_store_in_memory_is_one_transaction() -> None:
    s = EmbeddedStore(None)
    s.apply({TARGET: OLD, KEPT: KEPT_NT})
    g = ox.NamedNode(TARGET)
    counts = s.bulk_replace([ox.Quad(ox.NamedNode("https://example.org/z"), ox.NamedNode("https://example.org/p"),
                                     ox.Literal("new"), g)])
    assert counts == {TARGET: 1}
    assert (_count(s, TARGET), _count(s, KEPT)) == (1, 2)


def test_a_new_graph_is_written_over_a_backup_of_the_store(tmp_path: Path, synth: tuple[Path, int],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # small pieces, so the file is read by the loader on several threads as a big one is
    monkeypatch.setattr(swap, "PIECE", 64 * 1024)
    f, n = synth
    store = tmp_path / "kb"
    s = EmbeddedStore(store)
    s.apply({KEPT: KEPT_NT})
    assert swap.from_backup(s.oxigraph, [TARGET])  # nothing to remove: the staging store is a backup
    s.close()
    res = run("load", f, "--graph", TARGET, store=store)
    assert res.returncode == 0, res.stderr
    target, kept, _, hidden = _state(store)
    assert (target, kept, hidden) == (n, 2, [])
    s = EmbeddedStore(store)
    try:  # the kept graph came through the backup as it was, its blank node shared
        assert bool(s.query(f'ASK {{ GRAPH <{KEPT}> {{ <https://example.org/k> ?p ?b . ?b ?q "kept" }} }}').value)  # type: ignore[union-attr]
    finally:
        s.close()


def test_a_small_graph_replaced_beside_a_big_one_is_removed_from_a_backup(tmp_path: Path) -> None:
    store = tmp_path / "kb"
    s = EmbeddedStore(store)
    big = b"".join(b'<https://example.org/s%d> <https://example.org/p> "%d" .\n' % (i, i) for i in range(50))
    s.apply({TARGET: OLD, KEPT: big})
    assert swap.from_backup(s.oxigraph, [TARGET])  # 2 triples to remove, 50 kept
    assert not swap.from_backup(s.oxigraph, [KEPT])  # 50 to remove, 2 kept: a copy costs less
    assert not swap.from_backup(s.oxigraph, None)  # graphs not known beforehand
    new = [ox.Quad(ox.NamedNode("https://example.org/z"), ox.NamedNode("https://example.org/p"), ox.Literal("new"),
                   ox.NamedNode(TARGET))]
    assert s.bulk_replace(new, graphs=[TARGET]) == {TARGET: 1}
    assert (_count(s, TARGET), _count(s, KEPT)) == (1, 50)
    assert not bool(s.query(f'ASK {{ GRAPH <{TARGET}> {{ ?x ?p "old" }} }}').value)  # type: ignore[union-attr]
    with pytest.raises(ValueError):  # a quad for a graph the write did not name: nothing written
        s.bulk_replace([ox.Quad(new[0].subject, new[0].predicate, new[0].object, ox.NamedNode(KEPT))],
                       graphs=[TARGET])
    assert (_count(s, TARGET), _count(s, KEPT)) == (1, 50)
    s.close()
    assert sorted(p.name for p in tmp_path.glob(".*")) == []


def test_a_syntax_error_deep_in_a_big_file_names_its_line(tmp_path: Path, synth: tuple[Path, int],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swap, "PIECE", 64 * 1024)
    f, _ = synth
    lines = f.read_bytes().splitlines(keepends=True)
    bad = tmp_path / "bad.nt"
    bad.write_bytes(b"".join(lines[:3000]) + b"<https://example.org/x> <oops> .\n" + b"".join(lines[3000:]))
    store = tmp_path / "kb"
    old_version = _old_store(store)
    res = run("load", bad, "--graph", TARGET, store=store)
    assert res.returncode == 2
    assert "bad.nt: line 3001" in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert _state(store) == (2, 2, old_version, [])
