"""Build the store from the bundled knowledge base (what ``ungass-kg init`` does)."""

from __future__ import annotations

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
    return counts


def ensure_built(store: Store, notify: Callable[[str], None]) -> bool:
    """Build an empty embedded store from the bundled data; ``True`` when it did."""
    if store.kind != "embedded" or not store.is_empty():
        return False
    notify("The store is empty: building it from the bundled knowledge base (as 'ungass-kg init' does)...")
    counts = build(store)
    notify(f"Built: {sum(counts.values())} triples in {len(counts)} graphs.")
    return True
