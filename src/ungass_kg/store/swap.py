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

The cost is a copy of the graphs that are kept, at bulk-loader speed (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Iterable
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


def staging_folder(path: Path) -> Path:
    folder = path.parent / f".{path.name}.{STAGING}-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    return folder


Native = tuple[Path, ox.RdfFormat, str]  # a file of triples without blank nodes, read by the loader itself


def fill(staging: ox.Store, live: ox.Store, new: Iterable[ox.Quad], native: Iterable[Native] = ()) -> dict[str, int]:
    """Bulk-load ``new`` and the ``native`` files into ``staging``, then copy every graph of
    ``live`` that they do not replace; returns the new graphs with their triple counts."""
    counts: dict[str, int] = {}
    for path, fmt, graph in native:
        staging.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph))
        res = staging.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert isinstance(res, ox.QuerySolutions)
        counts[graph] = int(next(res)["n"].value)

    def counted() -> Iterable[ox.Quad]:
        for q in new:
            g = q.graph_name
            key = g.value if isinstance(g, ox.NamedNode) else ""
            counts[key] = counts.get(key, 0) + 1
            yield q

    staging.bulk_extend(counted())
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
