"""Run the shapes over one data graph: compiled SHACL Core and SHACL-SPARQL on Oxigraph,
pySHACL for whatever the compiler does not take; one list of results.

The data graph (:func:`data_graph`) is the submitted graph, the registers (types and class
hierarchy) and the stored activities sharing a lead and year with a submitted one (as
``ungsh:StoredActivity`` nodes, see ``shapes/activity-sparql.ttl``), never the whole store.
It goes once into a scratch in-memory Oxigraph store, where :mod:`.core` runs one query per
shape and component and :mod:`.sparql` one query per SPARQL constraint for all focus nodes.
``reference=True`` runs plain pySHACL (``advanced=True``, every shape, SPARQL included) over
the same data graph instead: the tests compare both and require identical results.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..ingest.mapping import Mapped, Triple
from ..ingest.registers import Registers
from ..namespaces import SH, UNG, sparql_prologue
from ..store import SelectResult, Store
from ..store.terms import ntriples
from . import core, partition
from .report import Result
from .results import RawResult
from .shapes import UNGSH, activity_shapes
from .sparql import SHAPES_GRAPH, SparqlValidator, Stats, load_graph

DCT_TITLE = URIRef("http://purl.org/dc/terms/title")
_STORED = sparql_prologue() + """
SELECT ?other ?title ?lead ?year ?g WHERE {
  VALUES (?lead ?year) { %s }
  GRAPH ?g { ?other a ung:Activity ; ung:leadEntity ?lead ; ung:reportingYear ?year ; dct:title ?title . }
}"""


def stored_activities(data: Iterable[tuple[Node, Node, Node]], store: Store,
                      exclude_graphs: Iterable[str] = ()) -> list[tuple[Node, Node, Node]]:
    """The stored activities with a (lead, year) of the submission, as ``ungsh:StoredActivity`` nodes."""
    leads: dict[Node, Node] = {}
    years: dict[Node, Node] = {}
    acts: set[Node] = set()
    # one dict look-up per triple: comparing rdflib terms with == runs Python code each time
    # (a tenth of validating 20,000 rows went into this loop)
    watched: dict[Node, int] = {UNG.leadEntity: 0, UNG.reportingYear: 1, RDF.type: 2}
    activity = UNG.Activity
    for s, p, o in data:
        k = watched.get(p)
        if k is None:
            continue
        if k == 0 and isinstance(o, URIRef):
            leads[s] = o
        elif k == 1 and isinstance(o, Literal):
            years[s] = o
        elif k == 2 and o == activity:
            acts.add(s)
    keys = {(leads[a], years[a]) for a in acts if a in leads and a in years}
    if not keys:
        return []
    res = store.query(_STORED % " ".join(f"(<{lead}> {year.n3()})" for lead, year in sorted(keys)))
    assert isinstance(res, SelectResult)
    excluded = set(exclude_graphs)
    out: list[tuple[Node, Node, Node]] = []
    for i, row in enumerate(res.rows):
        if str(row.get("g")) in excluded:
            continue
        n = BNode(f"stored{i}")
        out += [(n, RDF.type, UNGSH.StoredActivity), (n, UNGSH.activity, row["other"]),
                (n, UNGSH.graph, URIRef(str(row["g"]))), (n, DCT_TITLE, row["title"]),
                (n, UNG.leadEntity, row["lead"]), (n, UNG.reportingYear, row["year"])]
    return out


def _pyshacl(data: Graph, shapes: Graph, advanced: bool) -> list[RawResult]:
    import pyshacl

    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=advanced, allow_warnings=True,
        abort_on_first=False, meta_shacl=False, debug=False)
    assert isinstance(report, Graph)
    out = []
    for res in report.subjects(RDF.type, SH.ValidationResult):
        out.append(RawResult(
            focus=report.value(res, SH.focusNode),  # type: ignore[arg-type]
            path=report.value(res, SH.resultPath),
            value=report.value(res, SH.value),
            severity=report.value(res, SH.resultSeverity) or SH.Violation,  # type: ignore[arg-type]
            message=str(report.value(res, SH.resultMessage) or ""),
            shape=report.value(res, SH.sourceShape),  # type: ignore[arg-type]
            component=report.value(res, SH.sourceConstraintComponent),  # type: ignore[arg-type]
            constraint=report.value(res, SH.sourceConstraint),
        ))
    return out


def validate_graph(triples: list[tuple[Node, Node, Node]], shapes: Graph, *, reference: bool = False,
                   stats: Stats | None = None, split: tuple[list[Triple], list[list[Triple]]] | None = None
                   ) -> list[RawResult]:
    """All results of ``shapes`` over the data graph ``triples`` (see the module docstring).

    ``split`` (the triples every part needs, the parts: :mod:`.partition`) runs the compiled
    checks part by part, each part in its own scratch store; pySHACL still sees ``triples``.
    """
    if reference:
        g = Graph()
        for t in triples:
            g.add(t)
        return _pyshacl(g, shapes, advanced=True)
    ill_typed = any(isinstance(o, Literal) and o.ill_typed for _s, _p, o in triples)
    checks, rest = core.split(shapes, ill_typed=ill_typed)
    shared, pieces = split if split is not None else ([], [triples])
    cache: dict[object, str] = {}
    common = ntriples(shared, cache)  # written once for all the parts, with the shapes
    shapes_store = ox.Store()
    load_graph(shapes_store, shapes, SHAPES_GRAPH)
    shape_quads = list(shapes_store)
    validator: SparqlValidator | None = None
    out: list[RawResult] = []
    for piece in pieces:
        mem = ox.Store()  # the previous part's store is freed here: one at a time in memory
        # parsed with the blank nodes' labels kept (the results name them): no slower than adding quads
        text = common + ntriples(piece, cache)
        mem.bulk_extend(ox.parse(text, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False, lenient=True))
        del text
        mem.bulk_extend(shape_quads)
        out += core.run(checks, mem)
        if validator is None:
            validator = SparqlValidator(shapes, mem)
        validator.data = mem
        out += validator.run()
    if stats is not None and validator is not None:
        stats.set_at_a_time += validator.stats.set_at_a_time
        stats.per_node += validator.stats.per_node
    if core.has_shapes(rest):
        g = Graph()
        for t in triples:
            g.add(t)
        out += _pyshacl(g, rest, advanced=False)
    return out


def raw_results(mapped: Mapped, registers: Registers, store: Store, *, exclude_graphs: tuple[str, ...] = (),
                reference: bool = False, stats: Stats | None = None,
                part_rows: int = partition.PART_ROWS) -> list[RawResult]:
    submitted = mapped.triples
    shapes = activity_shapes()
    shared = list(registers.graph)
    stored = stored_activities(submitted, store, exclude_graphs)
    triples = submitted + shared + stored
    pieces = (None if reference or not partition.shapes_allow(shapes)
              else partition.parts(submitted, mapped.positions.owners, stored, part_rows))
    return validate_graph(triples, shapes, reference=reference, stats=stats,
                          split=(shared, pieces) if pieces is not None else None)


_RANGE = {SH.MinInclusiveConstraintComponent, SH.MaxInclusiveConstraintComponent,
          SH.MinExclusiveConstraintComponent, SH.MaxExclusiveConstraintComponent}


def _local(iri: Node | None) -> str:
    s = str(iri or "")
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def check(mapped: Mapped, registers: Registers, store: Store, *, exclude_graphs: tuple[str, ...] = (),
          columns_by_path: dict[URIRef, str] | None = None, reference: bool = False) -> list[Result]:
    """All results for a mapped submission, placed at their cells."""
    shapes = activity_shapes()
    raw = raw_results(mapped, registers, store, exclude_graphs=exclude_graphs, reference=reference)
    # a value of the wrong type also fails its range (e.g. "last year" < 2017): report the type only
    mistyped = {(r.focus, r.path, r.value) for r in raw if r.component == SH.DatatypeConstraintComponent}
    raw = [r for r in raw if r.component not in _RANGE or (r.focus, r.path, r.value) not in mistyped]
    pos = mapped.positions
    headers = columns_by_path or {}
    out: list[Result] = []
    for r in raw:
        path = r.path if isinstance(r.path, URIRef) else None  # a complex path has no column
        if path is None and r.shape is not None:
            rp = shapes.value(r.shape, UNGSH.reportPath)
            path = rp if isinstance(rp, URIRef) else None
        if path in pos.missing_columns and r.component == SH.MinCountConstraintComponent:
            continue  # already reported once, at the header, as a missing column
        cell = pos.cell(r.focus, path)
        value: str | None = None
        hint = r.note
        b = dict(r.bindings)
        if hint is None and "other" in b and "graph" in b:
            hint = f"already stored as {b['other']} (graph {b['graph']})"
        if r.value is not None and r.value == r.focus:
            value = cell.text if cell is not None else None  # node-level shapes report the focus as value
        elif r.value is not None and path is not None:
            value = pos.tokens.get((r.focus, path, r.value), str(r.value))
            hint = pos.hints.get((r.focus, path, r.value)) or hint
        elif r.value is not None:
            value = str(r.value)
        elif cell is not None:
            value = cell.text
        if r.component == SH.MaxCountConstraintComponent and cell is not None:
            value = cell.text
        column = cell.column if cell is not None and cell.column else headers.get(path) if path else None
        severity = _local(r.severity)
        out.append(Result(
            severity=severity if severity in ("Violation", "Warning", "Info") else "Violation",
            message=r.message, rule=_local(r.constraint if r.constraint is not None else r.shape),
            sheet=cell.sheet if cell else None,
            row=cell.row if cell else None, column=column, value=value, suggestion=hint,
            focus_node=_n3(r.focus), path=str(path) if path else None,
            shape=_n3(r.shape), component=str(r.component) if r.component else None))
    return _dedupe(out)


def _n3(node: Node | None) -> str | None:
    if node is None:
        return None
    s = str(node)
    return s if isinstance(node, URIRef) else f"_:{s}"


def _dedupe(results: list[Result]) -> list[Result]:
    seen, out = set(), []
    for r in results:
        k = (r.row, r.column, r.rule, r.value, r.focus_node)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out
