"""A remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, QLever, ...).

Queries go through SPARQLWrapper; writes through SPARQL 1.1 Update and, when a Graph
Store Protocol endpoint is configured, GSP ``PUT`` (faster for large graphs). Several
graphs are replaced atomically by first writing each into a staging graph and then
moving all of them in one Update request, which the store runs as one transaction;
a failure while staging drops the staging graphs and leaves the data as it was.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Mapping
from email.message import Message
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ..errors import QueryError, StoreError
from ..rdfio import triples_to_ntriples
from .base import (
    AskResult,
    DumpFormat,
    GraphContent,
    GraphResult,
    QueryResult,
    SelectResult,
    Store,
    check_graph_iri,
    graph_to_ntriples,
    parse_dump,
    query_form,
)

# Graphs a store keeps for itself (Virtuoso's system graphs); never listed, exported or dropped.
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "http://www.w3.org/2002/07/owl#",
)
STAGING_MARK = "#ungass-kg-staging-"
CHUNK_TRIPLES = 5000
PAGE_ROWS = 10_000
VERSION_TTL = 1.0  # seconds a computed version may be reused


def _is_system(graph: str) -> bool:
    return graph.startswith(SYSTEM_GRAPH_PREFIXES) or STAGING_MARK in graph


def _json_term(b: dict[str, str]) -> Node:
    kind = b["type"]
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    dt = b.get("datatype")
    if dt and dt != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(b["value"], datatype=URIRef(dt))
    return Literal(b["value"])


def _values_clause(bindings: Mapping[str, Node]) -> str:
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(v.n3() for v in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


class RemoteStore(Store):
    kind = "remote"

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, gsp_endpoint: str | None = None,
                 user: str | None = None, password: str | None = None, timeout: float = 60.0) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.gsp_endpoint = gsp_endpoint
        self.user, self.password = user, password
        self.timeout = timeout
        self._writes = 0
        self._version: tuple[float, str] | None = None
        self._server: str | None = None
        pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in {endpoint, self.update_endpoint, gsp_endpoint}:
            if url and user:
                pm.add_password(None, url, user, password or "")
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPBasicAuthHandler(pm), urllib.request.HTTPDigestAuthHandler(pm)
        )

    # --- HTTP ----------------------------------------------------------------------
    def _http(self, url: str, *, data: bytes | None = None, method: str = "GET",
              headers: Mapping[str, str] | None = None) -> bytes:
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                refuse_partial(resp.headers)
                return bytes(resp.read())
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip().splitlines()
            detail = next((line for line in body if line.strip()), e.reason)
            if e.code in (400, 422):
                raise QueryError(f"the store at {url} refused the request: {detail[:300]}") from None
            if e.code in (401, 403):
                raise StoreError(f"the store at {url} refused access (HTTP {e.code})",
                                 hint="set UNGASS_KG_USER and UNGASS_KG_PASSWORD") from None
            raise StoreError(f"the store at {url} failed (HTTP {e.code}): {detail[:300]}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}",
                             hint="check --endpoint and that the store is running") from None

    def _is_virtuoso(self) -> bool:
        if self._server is None:
            req = urllib.request.Request(self.endpoint + "?query=ASK%7B%7D", method="GET")
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    self._server = resp.headers.get("Server", "")
            except (urllib.error.URLError, OSError):
                self._server = ""
        return "virtuoso" in self._server.lower()

    def _post_update(self, update: str) -> None:
        self._http(self.update_endpoint, method="POST",
                   data=urllib.parse.urlencode({"update": update}).encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded"})

    def _wrapper(self) -> SPARQLWrapper:
        w = SPARQLWrapper(self.endpoint)
        w.setMethod(POST)
        w.setTimeout(int(self.timeout))
        if self.user:
            w.setCredentials(self.user, self.password or "")
        return w

    # --- reading -------------------------------------------------------------------
    def query(self, sparql: str, *, default_graphs: Iterable[str] | None = None,
              named_graphs: Iterable[str] | None = None,
              bindings: Mapping[str, Node] | None = None) -> QueryResult:
        form = query_form(sparql)
        if form is None:
            raise QueryError("malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        w = self._wrapper()
        if form == "DESCRIBE" and self._is_virtuoso():
            # Virtuoso describes nothing from the union default graph unless told how to.
            sparql = 'define sql:describe-mode "CBD"\n' + sparql
        w.setQuery(sparql + (_values_clause(bindings) if bindings else ""))
        for g in default_graphs or ():
            w.addDefaultGraph(g)
        for g in named_graphs or ():
            w.addNamedGraph(g)
        w.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        try:
            response = w.query().response
            refuse_partial(response.headers)
            raw = response.read()
        except SPARQLWrapperException as e:
            raise QueryError(f"the store refused the query: {_explain(e)}") from None
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {getattr(e, 'reason', e)}",
                             hint="check --endpoint and that the store is running") from None
        if form in ("CONSTRUCT", "DESCRIBE"):
            return GraphResult(Graph().parse(data=raw, format="turtle"))
        doc = json.loads(raw)
        if "boolean" in doc:
            return AskResult(bool(doc["boolean"]))
        rows = [{k: _json_term(v) for k, v in b.items()} for b in doc.get("results", {}).get("bindings", [])]
        if form == "ASK":  # Virtuoso answers ASK as a one-row table
            return AskResult(bool(rows) and str(next(iter(rows[0].values()), "0")) not in ("0", "false"))
        return SelectResult(list(doc.get("head", {}).get("vars", [])), rows)

    def query_raw(self, sparql: str, media_type: str, *, default_graphs: Iterable[str] | None = None,
                  named_graphs: Iterable[str] | None = None) -> tuple[str, bytes]:
        form = query_form(sparql) or "SELECT"
        if form == "ASK":
            res = self.query(sparql, default_graphs=default_graphs, named_graphs=named_graphs)
            assert isinstance(res, AskResult)
            return form, json.dumps({"head": {}, "boolean": res.value}).encode()
        params = [("query", sparql)]
        params += [("default-graph-uri", g) for g in default_graphs or ()]
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        body = self._http(self.endpoint, method="POST", data=urllib.parse.urlencode(params).encode(),
                          headers={"Accept": media_type, "Content-Type": "application/x-www-form-urlencoded"})
        return form, body

    def _select(self, sparql: str) -> list[dict[str, Node]]:
        res = self.query(sparql)
        assert isinstance(res, SelectResult)
        return res.rows

    def graphs(self) -> list[tuple[str, int]]:
        rows = self._select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        out = [(str(r["g"]), int(str(r["n"]))) for r in rows if not _is_system(str(r["g"]))]
        return sorted(out)

    def is_empty(self) -> bool:
        return not self.graphs()

    def version(self) -> str:
        now = time.monotonic()
        if self._version and now - self._version[0] < VERSION_TTL:
            return self._version[1]
        digest = hashlib.sha256(repr((self._writes, self.graphs())).encode()).hexdigest()[:16]
        self._version = (now, digest)
        return digest

    def _graph_triples(self, graph: str, expected: int) -> list[ox.Triple]:
        # Unordered pages: stores cap sorted result windows (Virtuoso: 10,000 rows), and the
        # count check below catches a store that silently truncates.
        triples: list[ox.Triple] = []
        while len(triples) < expected:
            q = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT {PAGE_ROWS} OFFSET {len(triples)}"
            rows = self._select(q)
            if not rows:
                break
            triples.extend(ox.Triple(_ox(r["s"]), _ox(r["p"]), _ox(r["o"])) for r in rows)  # type: ignore[arg-type]
        if len(triples) != expected:
            raise StoreError(f"export of {graph} is incomplete ({len(triples)} of {expected} triples)",
                             hint="raise the store's result row limit (Virtuoso: ResultSetMaxRows)")
        return triples

    def export(self, out: BinaryIO, fmt: DumpFormat = "trig") -> None:
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                 for g, n in self.graphs() for t in self._graph_triples(g, n)]
        rdf = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
        out.write(ox.serialize(quads, format=rdf) or b"")

    # --- writing -------------------------------------------------------------------
    def _stage(self, graph: str, nt: bytes) -> None:
        if self.gsp_endpoint:
            url = f"{self.gsp_endpoint}?{urllib.parse.urlencode({'graph': graph})}"
            if "sparql-graph-crud" in self.gsp_endpoint:  # Virtuoso names the parameter graph-uri
                url = f"{self.gsp_endpoint}?{urllib.parse.urlencode({'graph-uri': graph})}"
            self._http(url, method="PUT", data=nt, headers={"Content-Type": "application/n-triples"})
            return
        lines = [ln for ln in nt.decode("utf-8").splitlines() if ln.strip()]
        # Blank nodes keep their identity only within one request: send those triples together.
        plain = [ln for ln in lines if "_:" not in ln]
        with_bnodes = [ln for ln in lines if "_:" in ln]
        chunks = [plain[i : i + CHUNK_TRIPLES] for i in range(0, len(plain), CHUNK_TRIPLES)]
        if with_bnodes:
            chunks.append(with_bnodes)
        for chunk in chunks:
            self._post_update(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(chunk) + "\n} }")

    def apply(self, changes: Mapping[str, GraphContent]) -> None:
        token = uuid.uuid4().hex[:12]
        staged: dict[str, str] = {}
        try:
            for graph, content in changes.items():
                check_graph_iri(graph)
                if content is None:
                    continue
                nt = graph_to_ntriples(content) if isinstance(content, Graph) else content
                staging = f"{graph}{STAGING_MARK}{token}"
                staged[graph] = staging
                if nt.strip():
                    self._stage(staging, nt)
        except Exception:
            self._drop_quietly(staged.values())
            raise
        ops = []
        for graph in changes:
            ops.append(f"DROP SILENT GRAPH <{graph}>")
            if graph in staged:
                ops.append(f"ADD SILENT GRAPH <{staged[graph]}> TO <{graph}>")
                ops.append(f"DROP SILENT GRAPH <{staged[graph]}>")
        try:
            self._post_update(" ;\n".join(ops))
        except Exception:
            self._drop_quietly(staged.values())
            raise
        self._writes += 1
        self._version = None

    def _drop_quietly(self, graphs: Iterable[str]) -> None:
        for g in graphs:
            with contextlib.suppress(StoreError):
                self._post_update(f"DROP SILENT GRAPH <{g}>")

    def update(self, sparql_update: str, *, base_iri: str | None = None) -> None:
        # A BASE before the update's own prologue: its relative IRIs (and BASE) resolve against it.
        self._post_update(f"BASE <{base_iri}>\n{sparql_update}" if base_iri else sparql_update)
        self._writes += 1
        self._version = None

    def restore(self, data: bytes, fmt: DumpFormat) -> int:
        by_graph = parse_dump(data, fmt)
        changes: dict[str, GraphContent] = {g: None for g, _ in self.graphs()}
        for g, triples in by_graph.items():
            changes[g] = triples_to_ntriples(triples)
        self.apply(changes)
        return sum(len(t) for t in by_graph.values())


def refuse_partial(headers: Mapping[str, str] | Message) -> None:
    """Virtuoso answers a query stopped at its time limit with 200 and whatever it had found
    ("anytime" results), marked only by ``X-SQL-State: S1TAT``: a count would be silently low."""
    if (headers.get("X-SQL-State") or "").strip() == "S1TAT":
        raise QueryError("the store stopped the query at its time limit and returned a partial answer "
                         "(X-SQL-State S1TAT); ungass-kg does not use partial answers",
                         hint="narrow the query, or raise the store's limit (Virtuoso: MaxQueryExecutionTime)")


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    from .terms import to_oxigraph

    if isinstance(term, BNode):  # Virtuoso labels blank nodes nodeID://...; keep them distinct and stable
        return ox.BlankNode(base64.b32encode(str(term).encode()).decode().rstrip("=").lower())
    return to_oxigraph(term)


def _explain(e: Exception) -> str:
    """The store's own message from a SPARQLWrapper error (the line after 'Response:')."""
    text = str(e)
    if "Response:" in text:
        body = text.split("Response:", 1)[1].strip().removeprefix("b'").removeprefix('b"')
        first = body.replace("\\n", "\n").splitlines()[0] if body else ""
        if first.strip():
            return first.strip()[:300]
    return text.splitlines()[0][:300]
