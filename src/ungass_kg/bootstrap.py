"""Build the store from the bundled knowledge base (what ``ungass-kg init`` does)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from . import paths
from .namespaces import NOTE_GRAPH, ONTOLOGY_GRAPH, PUBLISHED_GRAPH, REFERENCE_GRAPH, SHAPES_GRAPH
from .rdfio import read_graph
from .store import Store


@dataclass(frozen=True)
class BundledGraph:
    graph: str
    folder: Callable[[], Path]
    label: str


BUNDLED: tuple[BundledGraph, ...] = (
    BundledGraph(str(ONTOLOGY_GRAPH), paths.ontology_dir, "ontology"),
    BundledGraph(str(SHAPES_GRAPH), paths.shapes_dir, "SHACL shapes"),
    BundledGraph(str(REFERENCE_GRAPH), lambda: paths.data_dir() / "reference", "reference registers"),
    BundledGraph(str(NOTE_GRAPH), lambda: paths.data_dir() / "activities", "activities of the 2024 note"),
    BundledGraph(str(PUBLISHED_GRAPH), lambda: paths.data_dir() / "published", "numbers the note publishes"),
)


def bundled_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ttl") if p.is_file()) if folder.is_dir() else []


def bundled_graph(b: BundledGraph) -> Graph:
    g = Graph()
    for f in bundled_files(b.folder()):
        g += read_graph(f)
    return g


def build(store: Store, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Load every bundled graph, replacing what was there, in one transaction.

    Submissions are left alone, so ``init`` is idempotent and safe on a live store.
    """
    changes: dict[str, Graph | bytes | None] = {}
    counts: dict[str, int] = {}
    for b in BUNDLED:
        if progress:
            progress(b.label)
        g = bundled_graph(b)
        changes[b.graph] = g
        counts[b.graph] = len(g)
    store.apply(changes)
    _record_fingerprint(store)
    return counts


FINGERPRINT_FILE = "ungass-kg.bundle"


def bundle_fingerprint() -> str:
    """A digest of every bundled file: changes when an upgrade brings new data."""
    h = hashlib.sha256()
    for b in BUNDLED:
        folder = b.folder()
        for f in bundled_files(folder):
            h.update(f.relative_to(folder).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _fingerprint_path(store: Store) -> Path | None:
    path = getattr(store, "path", None)
    return path / FINGERPRINT_FILE if store.kind == "embedded" and isinstance(path, Path) else None


def _record_fingerprint(store: Store) -> None:
    target = _fingerprint_path(store)
    if target is not None:
        target.write_text(bundle_fingerprint())


def ensure_built(store: Store, notify: Callable[[str], None]) -> bool:
    """Build an empty embedded store from the bundled data, or refresh the bundled graphs
    of a store built from an older bundle (submissions are kept); ``True`` when it did."""
    if store.kind != "embedded" or getattr(store, "read_only", False):
        return False
    if store.is_empty():
        notify("The store is empty: building it from the bundled knowledge base (as 'ungass-kg init' does)...")
    else:
        target = _fingerprint_path(store)
        if target is None or not target.is_file() or target.read_text().strip() == bundle_fingerprint():
            return False
        notify("The bundled knowledge base has changed since this store was built: reloading the ontology, "
               "shapes, registers and note activities (submissions are kept)...")
    counts = build(store)
    notify(f"Built: {sum(counts.values())} triples in {len(counts)} graphs.")
    return True
