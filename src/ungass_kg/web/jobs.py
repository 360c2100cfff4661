"""Work that runs inside a query worker process: a SPARQL query, serialised, with a row cap.

Everything here takes the store as its first argument and returns plain picklable values,
so the same function runs in a worker (embedded store, killable at the deadline) or in a
thread of the server (remote store, whose own timeout applies). Nothing here imports the
web framework: workers start fast and stay small.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES
from ..store import EmbeddedStore, Store
from ..store.base import query_form

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
}
# Marks a truncated result inside an XML results document (a standard <link> in <head>).
TRUNCATED_LINK = "urn:ungass-kg:result-truncated"


@dataclass(frozen=True)
class SparqlAnswer:
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    media_type: str
    body: bytes
    truncated: bool = False


def _term_json(t: object) -> dict[str, object]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _term_json(t.subject),
            "predicate": _term_json(t.predicate),
            "object": _term_json(t.object),
        }}
    raise QueryError(f"cannot serialise the term {t!r}")


def solutions_json(variables: Sequence[str], rows: Iterable[ox.QuerySolution], truncated: bool) -> bytes:
    """SPARQL 1.1 JSON results; a truncated result also carries ``"truncated": true`` (ignored by clients)."""
    bindings = []
    for sol in rows:
        b = {}
        for v in variables:
            t = sol[v]
            if t is not None:
                b[v] = _term_json(t)
        bindings.append(b)
    doc: dict[str, object] = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    if truncated:
        doc["head"] = {"vars": list(variables), "link": [TRUNCATED_LINK]}
        doc["truncated"] = True
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _select(res: ox.QuerySolutions, media_type: str, max_rows: int) -> tuple[bytes, bool]:
    variables = [v.value for v in res.variables]
    rows = list(islice(res, max_rows + 1))
    truncated = len(rows) > max_rows
    if media_type == "application/sparql-results+json":
        return solutions_json(variables, rows[:max_rows], truncated), truncated
    # The other formats come from Oxigraph's own serialisers, fed with the capped rows
    # (as standard JSON: Oxigraph's reader refuses extra members).
    fmt = RESULT_FORMATS[media_type]
    body = solutions_json(variables, rows[:max_rows], False)
    out = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=fmt) or b""
    if truncated and fmt == ox.QueryResultsFormat.XML:
        out = out.replace(b"</head>", f'<link href="{TRUNCATED_LINK}"/></head>'.encode(), 1)
    return out, truncated


def _graph(triples: Iterable[ox.Triple], media_type: str, max_rows: int) -> tuple[bytes, bool]:
    kept = list(islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    fmt = GRAPH_FORMATS[media_type]
    items: list[ox.Triple] | list[ox.Quad] = kept[:max_rows]
    if fmt == ox.RdfFormat.TRIG:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in kept[:max_rows]]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(items, format=fmt, prefixes=prefixes) or b""
    return body, truncated


def _check_media_type(form: str, media_type: str) -> None:
    allowed = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    if media_type not in allowed:
        raise QueryError(f"cannot write {form} results as {media_type}")


def run_sparql(
    store: Store,
    query: str,
    media_type: str,
    default_graphs: list[str] | None,
    named_graphs: list[str] | None,
    max_rows: int,
    has_dataset: bool,
    base_iri: str | None = None,
) -> SparqlAnswer:
    """Run one protocol query and serialise at most ``max_rows`` rows (or triples).

    ``default_graphs`` / ``named_graphs`` are the protocol's dataset (``None``: not given);
    relative IRIs in the query resolve against ``base_iri``."""
    form = query_form(query) or "SELECT"
    _check_media_type(form, media_type)
    if isinstance(store, EmbeddedStore):
        return _run_oxigraph(store, query, form, media_type, default_graphs, named_graphs,
                             max_rows, has_dataset, base_iri)
    if base_iri:  # a BASE before the query's own prologue works on every SPARQL 1.1 store
        query = f"BASE <{base_iri}>\n{query}"
    # A remote store answers in a standard format; the cap is applied on what it returns.
    if form in ("CONSTRUCT", "DESCRIBE"):
        _, raw = store.query_raw(query, "application/n-triples", default_graphs=default_graphs,
                                 named_graphs=named_graphs)
        body, truncated = _graph(ox.parse(raw, format=ox.RdfFormat.N_TRIPLES), media_type, max_rows)
        return SparqlAnswer(form, media_type, body, truncated)
    _, raw = store.query_raw(query, "application/sparql-results+json", default_graphs=default_graphs,
                             named_graphs=named_graphs)
    parsed = ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return SparqlAnswer("ASK", media_type, parsed.serialize(format=RESULT_FORMATS[media_type]) or b"")
    body, truncated = _select(parsed, media_type, max_rows)
    return SparqlAnswer(form, media_type, body, truncated)


def _run_oxigraph(
    store: EmbeddedStore,
    query: str,
    form: str,
    media_type: str,
    default_graphs: list[str] | None,
    named_graphs: list[str] | None,
    max_rows: int,
    has_dataset: bool,
    base_iri: str | None = None,
) -> SparqlAnswer:
    # The store decides the dataset (union default graph unless one is named), as for every query.
    res = store.query_native(query, default_graphs=default_graphs, named_graphs=named_graphs,
                             base_iri=base_iri, dataset_given=has_dataset)
    try:  # serialising the answer runs the query lazily: its errors surface here
        if isinstance(res, ox.QueryBoolean):
            if form in ("CONSTRUCT", "DESCRIBE"):
                raise QueryError("an ASK query answers with a SPARQL results format")
            return SparqlAnswer("ASK", media_type, res.serialize(format=RESULT_FORMATS[media_type]) or b"")
        if isinstance(res, ox.QuerySolutions):
            body, truncated = _select(res, media_type, max_rows)
            return SparqlAnswer("SELECT", media_type, body, truncated)
        assert isinstance(res, ox.QueryTriples)  # CONSTRUCT / DESCRIBE: the only other kind
        body, truncated = _graph(res, media_type, max_rows)
        return SparqlAnswer(form, media_type, body, truncated)
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"query failed: {e}") from None
