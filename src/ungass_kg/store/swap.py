"""Bulk writes that stay all-or-nothing: build a whole new store folder beside the old one, then
swap the folders.

Oxigraph's bulk loader is several times faster than a transaction on big inputs, but it is
not transactional: a kill in the middle leaves part of the data. So it never writes into the
live folder. It writes a staging folder ``.<name>.staging-<id>`` beside it (the new graphs,
then every other graph copied from the live store), with the new version file inside. The
switch is two renames: live -> ``.<name>.previous-<id>``, staging -> live.
``restore_previous`` and ``remove_leftovers`` run around every read-write open and settle
whatever a kill left: no live folder but a previous one means the kill fell between the
renames, and the previous (old) state comes back; leftover staging and previous folders are
deleted. At any moment the store is the old or the new one.

The staging folder starts as one of two things, whichever costs less (benchmarks/load.md):

- a RocksDB backup of the live store (``Store.backup``: hard links to its immutable table
  files, milliseconds at any size), from which the graphs being replaced are removed before
  the new ones are bulk-loaded. This needs the graphs named before the quads are read, and
  costs the removal, which is a transaction (about twice a copy per quad): it is used when
  the replaced graphs hold less than half of what the store keeps;
- an empty store, into which the new graphs are bulk-loaded and then every other graph
  copied from the live one (dumped and bulk-loaded): the cost is the kept graphs.

N-Triples files are cut at line ends into pieces that the bulk loader reads on several
threads (it works one batch at a time, and one file under a million triples is one batch).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
import traceback
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

STAGING = "staging"
PREVIOUS = "previous"


def _siblings(path: Path, kind: str) -> list[Path]:
    try:
        return sorted(path.parent.glob(f".{path.name}.{kind}-*"))
    except OSError:
        return []


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def restore_previous(path: Path) -> None:
    """Before an open: a kill between the two renames left no live folder; the old store comes back whole."""
    previous = _siblings(path, PREVIOUS)
    if not path.exists() and previous:
        os.replace(previous[-1], path)
        _fsync_dir(path.parent)


def remove_leftovers(path: Path) -> None:
    """After an open that holds the store's lock (so no bulk write is under way): staging and
    previous folders a kill left behind."""
    for leftover in [*_siblings(path, STAGING), *_siblings(path, PREVIOUS)]:
        shutil.rmtree(leftover, ignore_errors=True)


def staging_folder(path: Path, *, create: bool = True) -> Path:
    """A fresh staging name beside ``path``; made empty unless a backup is to create it."""
    folder = path.parent / f".{path.name}.{STAGING}-{uuid.uuid4().hex[:12]}"
    if create:
        folder.mkdir(parents=True)
    return folder


Native = tuple[Path, ox.RdfFormat, str]  # a file of triples without blank nodes, read by the loader itself


PIECE = 32 * 1024 * 1024  # bytes of N-Triples per bulk-loader call (about 200,000 triples)
REMOVAL_COST = 2  # removing a quad in a transaction costs about two copies of one (benchmarks/load.md)


def _count(store: ox.Store, graph: str) -> int:
    res = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(res, ox.QuerySolutions)
    return int(next(res)["n"].value)


def from_backup(live: ox.Store, graphs: Collection[str] | None) -> bool:
    """Whether a staging store for writing ``graphs`` (None: not known beforehand) is best made
    from a backup of ``live``: when what the graphs hold now costs less to remove than the rest
    of the store costs to copy."""
    if graphs is None:
        return False
    held = [g for g in graphs if live.contains_named_graph(ox.NamedNode(g)) and _count(live, g)]
    if not held:
        return True
    replaced = sum(_count(live, g) for g in held)
    return REMOVAL_COST * replaced < len(live) - replaced


def _pieces(path: Path, size: int) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at a line end."""
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(size):
            buf = tail + chunk
            cut = buf.rfind(b"\n") + 1
            if cut == 0:
                tail = buf
                continue
            tail = buf[cut:]
            yield buf[:cut]
        if tail:
            yield tail


def _load_file(staging: ox.Store, path: Path, fmt: ox.RdfFormat, graph: str) -> None:
    target = ox.NamedNode(graph)
    if fmt != ox.RdfFormat.N_TRIPLES or path.stat().st_size <= PIECE:
        staging.bulk_load(path=str(path), format=fmt, to_graph=target)
        return
    # the loader releases the interpreter lock; at most two pieces wait per thread (memory)
    workers = max(2, min(4, os.cpu_count() or 2))
    slots = threading.BoundedSemaphore(2 * workers)

    def load(piece: bytes) -> None:
        try:
            staging.bulk_load(piece, format=fmt, to_graph=target)
        finally:
            slots.release()

    with ThreadPoolExecutor(workers) as pool:
        futures: list[Future[None]] = []
        for piece in _pieces(path, PIECE):
            slots.acquire()
            futures.append(pool.submit(load, piece))
            if any(f.done() and f.exception() for f in futures):
                break
        for f in futures:
            f.result()  # the first failure (a syntax error) is raised once all have stopped


def load_new(staging: ox.Store, new: Iterable[ox.Quad], native: Iterable[Native],
             accept: Callable[[str], bool] = lambda g: True) -> dict[str, int]:
    """Bulk-load ``new`` and the ``native`` files into ``staging``; returns the graphs written
    with their triple counts. A quad for a graph ``accept`` refuses stops the load."""
    counts: dict[str, int] = {}
    for path, fmt, graph in native:
        _load_file(staging, path, fmt, graph)
        counts[graph] = _count(staging, graph)

    def counted() -> Iterable[ox.Quad]:
        for q in new:
            g = q.graph_name
            key = g.value if isinstance(g, ox.NamedNode) else ""
            if not accept(key):
                raise ValueError(f"a quad for the graph <{key}>, which the write did not name")
            counts[key] = counts.get(key, 0) + 1
            yield q

    staging.bulk_extend(counted())
    return counts


def fill_over(staging: ox.Store, graphs: Collection[str], new: Iterable[ox.Quad],
              native: Iterable[Native] = ()) -> dict[str, int]:
    """``staging`` is a backup of the live store: the ``graphs`` are emptied in it, then ``new``
    and the ``native`` files (which go to those graphs only) are bulk-loaded."""
    for g in graphs:
        if staging.contains_named_graph(ox.NamedNode(g)):
            staging.remove_graph(ox.NamedNode(g))
    named = set(graphs)
    counts = load_new(staging, new, native, accept=named.__contains__)
    staging.flush()
    return counts


def fill(staging: ox.Store, live: ox.Store, new: Iterable[ox.Quad], native: Iterable[Native] = ()) -> dict[str, int]:
    """Bulk-load ``new`` and the ``native`` files into ``staging``, then copy every graph of
    ``live`` that they do not replace; returns the new graphs with their triple counts."""
    counts = load_new(staging, new, native)
    for g in live.named_graphs():
        if isinstance(g, ox.NamedNode) and g.value in counts:
            continue
        # N-Triples of one graph keep the store's blank node labels, so shared blank nodes stay shared
        data = live.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
        if data:
            staging.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=g)
    if "" not in counts:
        data = live.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        if data:
            staging.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    staging.flush()
    return counts


# RocksDB's own files, rebuilt by the bulk load; everything else in the folder is ours and moves along
_ROCKSDB = re.compile(r"^(\d+\.(sst|log|blob)|CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+)$")


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # same file system: no copy of the kept originals
    except OSError:
        shutil.copy2(src, dst)


def carry_files(live: Path, staging: Path, skip: Iterable[str]) -> None:
    """The project's own files of the live folder (bundle fingerprint, submitted originals) into staging."""
    skipped = set(skip)
    for entry in live.iterdir():
        if entry.name in skipped or _ROCKSDB.match(entry.name):
            continue
        if entry.is_dir():
            shutil.copytree(entry, staging / entry.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(staging / entry.name))


def release_frames(error: BaseException) -> None:
    """Drop the local variables of the finished frames an exception (and its causes) holds,
    keeping its traceback printable."""
    seen: set[int] = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        traceback.clear_frames(e.__traceback__)
        e = e.__cause__ or e.__context__


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def switch(path: Path, staging: Path) -> None:
    """Make the (closed, complete) ``staging`` folder the store at ``path``; the live store must be closed."""
    _fsync_dir(staging)
    previous = path.parent / f".{path.name}.{PREVIOUS}-{uuid.uuid4().hex[:12]}"
    os.replace(path, previous)
    try:
        os.replace(staging, path)
    except OSError:
        os.replace(previous, path)  # the old store stays
        raise
    _fsync_dir(path.parent)
    shutil.rmtree(previous, ignore_errors=True)
