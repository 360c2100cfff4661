"""Counts of what the store holds (``ungass-kg stats``, the home page)."""

from __future__ import annotations

from .namespaces import sparql_prologue
from .store import SelectResult, Store

_COUNTS = {
    "activities": "?x a ung:Activity",
    "entities (register)": "?x a ung:Entity",
    "entities counted in the matrix": "?x a ung:MatrixEntity",
    "programmes": "?x a ung:Programme",
    "mandates": "?x a ung:Mandate",
    "coordination mechanisms": "?x a ung:CoordinationMechanism",
    "countries": "?x a ung:Country",
    "submissions": "?x a ung:Submission",
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
