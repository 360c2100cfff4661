"""The W3C Data Cube well-formedness checks IC-1..IC-21 (sparql/checks), run on Oxigraph.

Each check is an ASK query that is true when the constraint is violated. The graph is
first normalised (sparql/checks/normalize.ru) as the specification assumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .. import paths
from ..queries.header import parse_header
from ..store.base import graph_to_ntriples


@dataclass(frozen=True)
class Check:
    name: str
    title: str
    text: str
    template: str = ""  # a variable name ($p) to instantiate per parent-child property


@cache
def checks() -> tuple[Check, ...]:
    folder = paths.sparql_dir() / "checks"
    out = []
    for p in sorted(folder.glob("ic-*.rq")):
        text = p.read_text(encoding="utf-8")
        h = parse_header(text, p.stem)
        out.append(Check(p.stem, h.title, text, h.extra.get("template", "")))
    return tuple(out)


def _normalize_text() -> str:
    return Path(paths.sparql_dir() / "checks" / "normalize.ru").read_text(encoding="utf-8")


_PCP = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?p WHERE {
  { ?l a qb:HierarchicalCodeList ; qb:parentChildProperty ?p . FILTER (isIRI(?p)) }
  UNION
  { ?l a qb:HierarchicalCodeList ; qb:parentChildProperty ?i . ?i owl:inverseOf ?p . FILTER (isIRI(?p)) }
}"""


def violations(cube: Graph) -> list[str]:
    """The titles of the checks the cube fails (empty when it is well formed)."""
    # A private in-memory Oxigraph with the cube as its default graph (updates read that graph).
    store = ox.Store()
    store.load(graph_to_ntriples(cube), format=ox.RdfFormat.N_TRIPLES)
    store.update(_normalize_text())
    failed = []
    pcps: list[str] = []
    for c in checks():
        if c.template:
            if not pcps:
                pcps = [sol["p"].value for sol in store.query(_PCP)]  # type: ignore[union-attr]
            texts = [c.text.replace(f"${c.template}", URIRef(p).n3()) for p in pcps]
        else:
            texts = [c.text]
        if any(bool(store.query(t)) for t in texts):
            failed.append(c.title)
    return failed
