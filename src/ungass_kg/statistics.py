"""Counts of what the store holds (``ungass-kg stats``, the home page)."""

from __future__ import annotations

from .i18n import N_
from .namespaces import sparql_prologue
from .store import SelectResult, Store

# Subclasses count too (a MatrixEntity is an Entity, a Resolution a Mandate): the
# ontology graph is part of the union default graph, so the class path is resolved there.
_COUNTS = {
    N_("activities"): "?x a/rdfs:subClassOf* ung:Activity",
    N_("entities (register)"): "?x a/rdfs:subClassOf* ung:Entity",
    N_("entities counted in the matrix"): "?x a ung:MatrixEntity",
    N_("programmes"): "?x a/rdfs:subClassOf* ung:Programme",
    N_("mandates"): "?x a/rdfs:subClassOf* ung:Mandate",
    N_("coordination mechanisms"): "?x a/rdfs:subClassOf* ung:CoordinationMechanism",
    N_("countries"): "?x a ung:Country",
    N_("submissions"): "?x a/rdfs:subClassOf* ung:Submission",
}


def counts(store: Store) -> dict[str, int]:
    """Distinct resources of each kind, in one query."""
    selects = " ".join(f"(COUNT(DISTINCT ?x{i}) AS ?c{i})" for i in range(len(_COUNTS)))
    unions = " UNION ".join(
        "{ " + pattern.replace("?x", f"?x{i}") + " }" for i, pattern in enumerate(_COUNTS.values())
    )
    res = store.query(f"{sparql_prologue()}SELECT {selects} WHERE {{ {unions} }}")
    assert isinstance(res, SelectResult)
    row = res.rows[0] if res.rows else {}
    return {label: int(str(row.get(f"c{i}", 0))) for i, label in enumerate(_COUNTS)}
