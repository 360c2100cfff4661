"""``stats`` counts agree with a plain count over the bundled files."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

from ungass_kg import statistics
from ungass_kg.namespaces import UNG
from ungass_kg.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent


def bundled() -> Graph:
    g = Graph()
    for folder in ("ontology", "data/reference", "data/activities"):
        for f in sorted((ROOT / folder).rglob("*.ttl")):
            g.parse(f, format="turtle")
    return g


def members(g: Graph, cls: URIRef) -> set[URIRef]:
    classes = set(g.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in g.subjects(RDF.type, c) if isinstance(s, URIRef)}


def test_counts_include_subclasses(bundled_store: EmbeddedStore) -> None:
    g = bundled()
    counts = statistics.counts(bundled_store)
    assert counts["activities"] == len(members(g, UNG.Activity)) >= 40
    assert counts["entities (register)"] == len(members(g, UNG.Entity))
    assert counts["entities counted in the matrix"] == 23
    assert counts["entities (register)"] > 23  # partners are entities too
    assert counts["mandates"] == len(members(g, UNG.Mandate)) > 1  # resolutions, declarations, ...
    assert counts["programmes"] == len(members(g, UNG.Programme))
    assert counts["countries"] == len(set(g.subjects(RDF.type, UNG.Country))) > 190
