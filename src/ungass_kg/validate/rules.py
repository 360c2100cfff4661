"""The SHACL-SPARQL rules, each run ONCE for all focus nodes on Oxigraph.

pySHACL would run a ``sh:sparql`` query once per focus node (55 s for 10,000 activities,
see DESIGN.md). Here the shape's own ``sh:select`` runs once with ``$this`` left free
over the submitted graph, and the rule against the store (an activity already stored
with the same title, lead and year) is one query joining the submission's (lead, year)
pairs with the stored activities. Results are returned as raw SHACL results for
:mod:`.engine` to place in the same report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..namespaces import GRAPH, UNG, sparql_prologue
from ..store import EmbeddedStore, SelectResult, Store
from .shapes import UNGSH, SparqlRule

DCT_TITLE = URIRef("http://purl.org/dc/terms/title")


@dataclass(frozen=True)
class RawResult:
    focus: Node
    path: URIRef | None
    value: Node | None
    severity: URIRef
    message: str
    shape: URIRef
    component: URIRef
    note: str | None = None  # e.g. which stored activity it duplicates
    constraint: Node | None = None  # the sh:SPARQLConstraint, for SHACL-SPARQL results


SPARQL_COMPONENT = URIRef("http://www.w3.org/ns/shacl#SPARQLConstraintComponent")


def _prologue(select: str) -> str:
    return select if "PREFIX ung:" in select else sparql_prologue() + select


def run_on_submission(rules: Iterable[SparqlRule], data: Graph, reference: Graph | None = None) -> list[RawResult]:
    """Rules evaluated on the submitted graph (plus the registers), in an in-memory Oxigraph store."""
    todo = [r for r in rules if r.evaluated_on == UNGSH.SubmittedData]
    if not todo or len(data) == 0:
        return []
    mem = EmbeddedStore(None)
    mem.apply({"urn:x-ungass-kg:submission": data, "urn:x-ungass-kg:reference": reference or Graph()})
    out: list[RawResult] = []
    for rule in todo:
        res = mem.query(_prologue(rule.select))
        assert isinstance(res, SelectResult)
        for row in res.rows:
            focus = row.get("this")
            if focus is None:
                continue
            out.append(RawResult(focus, rule.path, row.get("value"), rule.severity, rule.message,
                                 rule.shape, SPARQL_COMPONENT, constraint=rule.constraint))
    mem.close()
    return out


_STORED = sparql_prologue() + """
SELECT ?other ?title ?lead ?year ?g WHERE {
  VALUES (?lead ?year) { %s }
  GRAPH ?g { ?other a ung:Activity ; ung:leadEntity ?lead ; ung:reportingYear ?year ; dct:title ?title . }
}"""


def normalised_title(title: str) -> str:
    """What two titles must share to describe the same activity: case and spacing aside."""
    return " ".join(title.casefold().split())


def run_against_store(rules: Iterable[SparqlRule], data: Graph, store: Store,
                      exclude_graphs: Iterable[str] = ()) -> list[RawResult]:
    """The store rules: one query for all activities, joined on their (lead, year) pairs.

    ``ungsh:StoredSubmissions`` rules look at the other submissions' graphs, ``ungsh:Store`` rules
    at every other graph; an activity with the same IRI (the same Activity ID) is an update, never
    a duplicate.
    """
    todo = [r for r in rules if r.evaluated_on in (UNGSH.Store, UNGSH.StoredSubmissions)]
    if not todo:
        return []
    keys: dict[tuple[Node, Node], list[tuple[Node, str, Node]]] = {}
    for act in data.subjects(RDF.type, UNG.Activity):
        lead, year, title = (data.value(act, UNG.leadEntity), data.value(act, UNG.reportingYear),
                             data.value(act, DCT_TITLE))
        if isinstance(lead, URIRef) and isinstance(year, Literal) and isinstance(title, Literal):
            keys.setdefault((lead, year), []).append((act, normalised_title(str(title)), title))
    if not keys:
        return []
    values = " ".join(f"(<{lead}> {year.n3()})" for lead, year in keys)
    res = store.query(_STORED % values)
    assert isinstance(res, SelectResult)
    excluded = set(exclude_graphs)
    in_submissions = str(GRAPH["submission/"])
    stored: dict[tuple[bool, Node, Node, str], tuple[Node, str]] = {}
    for row in res.rows:
        g = str(row.get("g"))
        if g in excluded:
            continue
        key = (g.startswith(in_submissions), row["lead"], row["year"], normalised_title(str(row["title"])))
        stored.setdefault(key, (row["other"], g))
    out = []
    for (lead, year), acts in keys.items():
        for act, folded, title in acts:
            for rule in todo:
                hit = stored.get((rule.evaluated_on == UNGSH.StoredSubmissions, lead, year, folded))
                if hit and hit[0] != act:
                    out.append(RawResult(act, rule.path, title, rule.severity, rule.message, rule.shape,
                                         SPARQL_COMPONENT, note=f"already stored as {hit[0]} (graph {hit[1]})",
                                         constraint=rule.constraint))
    return out
