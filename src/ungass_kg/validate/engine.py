"""Run the shapes: pySHACL for SHACL Core, :mod:`.rules` for SHACL-SPARQL; one report.

The SHACL data graph is the submitted graph plus the reference registers (and the class
hierarchy), never the whole store: that is what keeps 1,000 rows under two seconds.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..ingest.mapping import Mapped
from ..ingest.registers import Registers
from ..namespaces import SH, UNG
from ..store import Store
from .report import Result
from .rules import RawResult, run_against_store, run_on_submission
from .shapes import UNGSH, activity_shapes, core_graph, sparql_rules


def run_core(data: Graph, registers: Registers) -> list[RawResult]:
    import pyshacl

    # the registers are added to the submitted graph for the run and taken out again: copying a
    # 10,000-row graph costs more than validating it
    added = [t for t in registers.graph if t not in data]
    data.addN((s, p, o, data) for s, p, o in added)
    try:
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=core_graph(), inference="none", advanced=False, allow_warnings=True,
            abort_on_first=False, meta_shacl=False, debug=False)
    finally:
        for t in added:
            data.remove(t)
    assert isinstance(report, Graph)
    out = []
    for res in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(res, SH.resultPath)
        out.append(RawResult(
            focus=report.value(res, SH.focusNode),  # type: ignore[arg-type]
            path=path if isinstance(path, URIRef) else None,
            value=report.value(res, SH.value),
            severity=report.value(res, SH.resultSeverity) or SH.Violation,  # type: ignore[arg-type]
            message=str(report.value(res, SH.resultMessage) or ""),
            shape=report.value(res, SH.sourceShape),  # type: ignore[arg-type]
            component=report.value(res, SH.sourceConstraintComponent),  # type: ignore[arg-type]
        ))
    return out


_RANGE = {SH.MinInclusiveConstraintComponent, SH.MaxInclusiveConstraintComponent,
          SH.MinExclusiveConstraintComponent, SH.MaxExclusiveConstraintComponent}


def _local(iri: Node | None) -> str:
    s = str(iri or "")
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def check(mapped: Mapped, registers: Registers, store: Store, *, exclude_graphs: tuple[str, ...] = (),
          columns_by_path: dict[URIRef, str] | None = None) -> list[Result]:
    """All results for a mapped submission, placed at their cells."""
    shapes = activity_shapes()
    rules = sparql_rules(shapes)
    raw = run_core(mapped.graph, registers)
    # the rules on the submitted data only need to know which areas are countries
    countries = Graph()
    countries.addN((c, RDF.type, UNG.Country, countries) for c in registers.countries)
    raw += run_on_submission(rules, mapped.graph, countries)
    raw += run_against_store(rules, mapped.graph, store, exclude_graphs)
    # a value of the wrong type also fails its range (e.g. "last year" < 2017): report the type only
    mistyped = {(r.focus, r.path, r.value) for r in raw if r.component == SH.DatatypeConstraintComponent}
    raw = [r for r in raw if r.component not in _RANGE or (r.focus, r.path, r.value) not in mistyped]
    pos = mapped.positions
    headers = columns_by_path or {}
    out: list[Result] = []
    for r in raw:
        path = r.path
        if path is None and r.shape is not None:
            rp = shapes.value(r.shape, UNGSH.reportPath)
            path = rp if isinstance(rp, URIRef) else None
        if path in pos.missing_columns and r.component == SH.MinCountConstraintComponent:
            continue  # already reported once, at the header, as a missing column
        cell = pos.cell(r.focus, path)
        value: str | None = None
        hint = r.note
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
