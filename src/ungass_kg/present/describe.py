"""What a resource is: the triples that describe it, read from the store.

The description of ``X`` (served at ``/id/...`` and written to the static site) is the triples
with ``X`` as subject in every graph, the labels of what it points to, the closure of its
blank nodes (e.g. stated quantities), and the links pointing at it (e.g. an entity's
activities) with the labels of their subjects: enough for a client to show it without a
second request.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from ..errors import InputError
from ..namespaces import PREFIXES, sparql_prologue
from ..store import AskResult, GraphResult, SelectResult, Store

# Properties that name a thing, best first (the page title takes the first one present).
LABEL_PROPERTIES = ("skos:prefLabel", "rdfs:label", "dct:title", "foaf:name", "ung:acronym", "skos:notation")
_LABELS = " ".join(LABEL_PROPERTIES)
INCOMING_LIMIT = 2000

_BAD_IRI_CHARS = set('<>"{}|^`\\ \n\t\r')


def is_safe_iri(iri: str) -> bool:
    # C0 and C1 controls cannot be in an IRI either (RFC 3987 2.2), nor in a SPARQL IRIREF.
    return bool(iri) and ":" in iri and not any(c in _BAD_IRI_CHARS or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F
                                                for c in iri)


def safe_iri(iri: str) -> str:
    """``<iri>`` for pasting into a query; refuses anything that could break out of it."""
    if not is_safe_iri(iri):
        raise InputError(f"not a resource IRI: {iri!r}")
    return f"<{iri}>"


def exists(store: Store, iri: str) -> bool:
    """A resource exists when the store says something about it."""
    safe_iri(iri)  # refuses what cannot be a resource IRI
    res = store.query("ASK { ?x ?p ?o }", bindings={"x": URIRef(iri)})
    return isinstance(res, AskResult) and res.value


def describe(store: Store, iri: str, *, incoming: bool = True) -> Graph:
    x = safe_iri(iri)
    parts = [f"""{{ {x} ?p ?o .
      OPTIONAL {{ ?o ?lp ?l . VALUES ?lp {{ {_LABELS} }} }}
      OPTIONAL {{ FILTER(isBlank(?o)) ?o ?bp ?bo .
                  OPTIONAL {{ ?bo ?blp ?bl . VALUES ?blp {{ {_LABELS} }} }} }} }}"""]
    # The IRI is pasted (checked) rather than bound: a binding would not reach inside the
    # sub-select, whose LIMIT must count only the links to this resource.
    template = f"{x} ?p ?o . ?o ?lp ?l . ?o ?bp ?bo . ?bo ?blp ?bl ."
    if incoming:
        parts.append(f"""{{ {{ SELECT ?s ?ip WHERE {{ ?s ?ip {x} FILTER(!isBlank(?s)) }} LIMIT {INCOMING_LIMIT} }}
      OPTIONAL {{ ?s ?slp ?sl . VALUES ?slp {{ {_LABELS} }} }} }}""")
        template += f" ?s ?ip {x} . ?s ?slp ?sl ."
    q = f"{sparql_prologue()}CONSTRUCT {{ {template} }}\nWHERE {{ " + " UNION ".join(parts) + " }"
    res = store.query(q)
    assert isinstance(res, GraphResult)
    g = res.graph
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    return g


def resources_under(store: Store, prefix: str) -> list[str]:
    """Every subject IRI that starts with ``prefix`` (the static site writes one page each)."""
    res = store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")
    assert isinstance(res, SelectResult)
    return sorted(str(r["s"]) for r in res.rows if str(r["s"]).startswith(prefix))


def types_of(store: Store, iri: str) -> set[str]:
    safe_iri(iri)
    res = store.query("SELECT DISTINCT ?t WHERE { ?x a ?t }", bindings={"x": URIRef(iri)})
    assert isinstance(res, SelectResult)
    return {str(r["t"]) for r in res.rows}

