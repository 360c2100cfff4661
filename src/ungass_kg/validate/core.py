"""SHACL Core compiled to SPARQL: one query per shape and component over all focus nodes.

pySHACL walks rdflib's in-memory store node by node; 10,000 activities cost seconds per
shape. A property shape with its own targets, an IRI path and only the components below
becomes one Oxigraph query per component, answering exactly what pySHACL answers: the same
focus nodes, value nodes, paths, source shapes, components, severities and messages (the
shape's ``sh:message``). A shape the compiler cannot take whole (another component, a complex
path, a shape reached through ``sh:property`` or ``sh:node``, no ``sh:message``) stays in the
shapes graph that :func:`split` leaves for pySHACL, so the engine stays complete.

``sh:datatype`` takes an ill-typed literal ("abc"^^xsd:integer) as a violation; Oxigraph
keeps such a literal with its datatype, so the caller sends ``sh:datatype`` to pySHACL when
the data holds one (:func:`split`'s ``ill_typed``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..namespaces import SH
from ..store.terms import to_rdflib
from .results import RawResult
from .shapes import UNGSH
from .sparql import shapes_of, target_pattern

# parameter -> component
COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent, SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent, SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
}
# what a shape may carry besides its constraints (anything else sends it to pySHACL)
_DESCRIPTIVE = {RDF.type, SH.path, SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf,
                SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
                RDFS.label, RDFS.comment}
_RANGE = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}


@dataclass(frozen=True)
class Check:
    """One compiled (shape, component): its query binds ?this and, where a value is reported, ?v."""

    shape: Node
    path: URIRef
    component: URIRef
    severity: URIRef
    message: str
    query: str
    reports_value: bool
    bound: tuple[URIRef, Node] | None = None  # (sh:minInclusive etc., its value) for range checks
    pattern: str | None = None  # sh:pattern, matched in Python
    # checks with the same key run as one query over all their paths (see :func:`_fused`):
    # (kind, focus pattern, maxCount), and the constant the kind needs (sh:class's class)
    fuse: tuple[str, str, int] | None = None
    fuse_term: str = ""


def _compilable(g: Graph, shape: Node, require_message: bool) -> bool:
    path = g.value(shape, SH.path)
    if not isinstance(path, URIRef) or (None, SH.node, shape) in g:
        return False
    if (shape, SH.flags, None) in g:
        return False  # regular-expression flags: pySHACL's
    for parent in g.subjects(SH.property, shape):  # checked on the focus nodes of a top-level node shape
        if g.value(parent, SH.path) is not None or any(g.subjects(None, parent)):
            return False
    messages = list(g.objects(shape, SH.message))
    if len(messages) > 1 or (require_message and not messages):
        return False
    for p in set(g.predicates(shape, None)):
        if p in COMPONENTS:
            if len(list(g.objects(shape, p))) != 1:
                return False
        elif p not in _DESCRIPTIVE and not str(p).startswith(str(UNGSH)):
            return False
    pattern = target_pattern(g, shape)
    return pattern.exact and pattern.pattern is not None


def _int(node: Node) -> int:
    return int(node) if isinstance(node, Literal) else 0


def _term(node: Node) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else node.n3()


def _checks(g: Graph, shape: Node) -> Iterator[Check]:
    path = g.value(shape, SH.path)
    assert isinstance(path, URIRef)
    focus = target_pattern(g, shape).pattern
    assert focus is not None  # _compilable: an exact target pattern
    sev = g.value(shape, SH.severity)
    severity = sev if isinstance(sev, URIRef) else SH.Violation
    message = str(g.value(shape, SH.message) or "")
    p = f"<{path}>"
    for param, component in COMPONENTS.items():
        arg = g.value(shape, param)
        if arg is None:
            continue
        values = f"{{ {focus} ?this {p} ?v . }}"
        if param == SH.pattern:
            # every value is fetched and matched by Python's re, as pySHACL matches (no second regex dialect)
            q = f"SELECT DISTINCT ?this ?v WHERE {values}"
            yield Check(shape, path, component, severity, message, q, True, pattern=str(arg))
            continue
        fuse: tuple[str, str, int] | None = None
        if param == SH.minCount and _int(arg) == 1:
            q = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} ?v }} }}"
            fuse = ("minCount1", focus, 0)
        elif param == SH.minCount:
            q = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {_int(arg)})")
        elif param == SH.maxCount:
            q = f"SELECT ?this WHERE {values} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {_int(arg)})"
            fuse = ("maxCount", focus, _int(arg))
        elif param == SH["class"]:
            # MINUS, not FILTER NOT EXISTS: the instances of the class are found once and the values
            # anti-joined with them (Oxigraph ran NOT EXISTS once per value: 4-5x slower at 20,000
            # rows). The same answer: the removed part binds only ?v, which every solution binds.
            q = (f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v . "
                 f"MINUS {{ ?v <{RDF.type}>/<{RDFS.subClassOf}>* {_term(arg)} }} }}")
            fuse = ("class", focus, 0) if isinstance(arg, URIRef) else None  # VALUES cannot hold a blank node
        elif param == SH.datatype:
            q = (f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v . "
                 f"FILTER (!isLiteral(?v) || datatype(?v) != {_term(arg)}) }}")
        elif param == SH.minLength and _int(arg) == 0:
            continue  # pySHACL: a minimum length of zero always passes, blank nodes too
        elif param in (SH.minLength, SH.maxLength):
            op = "<" if param == SH.minLength else ">"
            q = (f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v . "
                 f"FILTER (isBlank(?v) || STRLEN(STR(?v)) {op} {_int(arg)}) }}")
        else:
            # numbers are compared here; any other value is a candidate that pySHACL's own
            # comparison decides (rdflib orders unlike literals by rules SPARQL does not have)
            q = (f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v . "
                 f"FILTER (!isNumeric(?v) || !COALESCE(?v {_RANGE[param]} {_term(arg)}, false)) }}")
            yield Check(shape, path, component, severity, message, q, True, (param, arg))
            continue
        yield Check(shape, path, component, severity, message, q, param not in (SH.minCount, SH.maxCount),
                    fuse=fuse, fuse_term=_term(arg) if param == SH["class"] else "")


def split(shapes: Graph, *, ill_typed: bool = False, require_message: bool = True) -> tuple[list[Check], Graph]:
    """The compiled checks, and the shapes graph left for pySHACL (empty of shapes when all compiled)."""
    checks: list[Check] = []
    compiled: set[Node] = set()
    for shape in shapes_of(shapes):
        if (shape, SH.sparql, None) in shapes:
            continue  # SHACL-SPARQL runs in .sparql; its Core constraints, if any, stay with pySHACL
        if not _compilable(shapes, shape, require_message):
            continue
        if ill_typed and (shape, SH.datatype, None) in shapes:
            continue
        owners = [shape, *shapes.subjects(SH.property, shape)]
        if any(isinstance(v, Literal) and v.toPython() is True
               for o in owners for v in shapes.objects(o, SH.deactivated)):
            compiled.add(shape)
            continue
        compiled.add(shape)
        checks.extend(_checks(shapes, shape))
    for shape in shapes_of(shapes):
        if all(p in _DESCRIPTIVE or p == SH.sparql or str(p).startswith(str(UNGSH))
               or (p == SH.property and all(o in compiled for o in shapes.objects(shape, SH.property)))
               for p in shapes.predicates(shape)):
            compiled.add(shape)  # nothing left for pySHACL to check on it
    rest = Graph()
    for t in shapes:
        if t[0] not in compiled and t[1] != SH.sparql and not (t[1] == SH.property and t[2] in compiled):
            rest.add(t)
    for pre, ns in shapes.namespaces():
        rest.bind(pre, ns)
    return checks, rest


def has_shapes(g: Graph) -> bool:
    return any(True for _ in shapes_of(g))


def _fused(kind: str, focus: str, n: int, group: list[Check]) -> str:
    """One query for checks of one kind over the same focus nodes: each check is a row of VALUES
    (?k its index, ?p its path, ?c its class) and the answer says which check (?k) a result is of.
    Each row's answer is the one query's answer for that check alone; the focus nodes are found
    once instead of once per path (at 20,000 rows, 1.6 s of queries became 1.2 s)."""
    if kind == "class":
        rows = " ".join(f"({k} <{c.path}> {c.fuse_term})" for k, c in enumerate(group))
        return (f"SELECT DISTINCT ?this ?k ?v WHERE {{ {focus} VALUES (?k ?p ?c) {{ {rows} }} ?this ?p ?v . "
                f"MINUS {{ ?v <{RDF.type}>/<{RDFS.subClassOf}>* ?c }} }}")
    rows = " ".join(f"({k} <{c.path}>)" for k, c in enumerate(group))
    if kind == "minCount1":
        return f"SELECT ?this ?k WHERE {{ {focus} VALUES (?k ?p) {{ {rows} }} FILTER NOT EXISTS {{ ?this ?p ?v }} }}"
    return (f"SELECT ?this ?k WHERE {{ {focus} VALUES (?k ?p) {{ {rows} }} ?this ?p ?v . }} "
            f"GROUP BY ?this ?k HAVING (COUNT(DISTINCT ?v) > {n})")


def run(checks: list[Check], data: ox.Store) -> list[RawResult]:
    per_check: list[list[RawResult]] = [[] for _ in checks]
    groups: dict[tuple[str, str, int], list[int]] = {}
    for i, c in enumerate(checks):
        if c.fuse is not None:
            groups.setdefault(c.fuse, []).append(i)
    groups = {key: idx for key, idx in groups.items() if len(idx) > 1}  # one alone runs faster as its own query
    fused = {i for idx in groups.values() for i in idx}
    for key, idx in groups.items():
        group = [checks[i] for i in idx]
        for sol in data.query(_fused(*key, group)):  # type: ignore[union-attr]
            k = idx[int(sol["k"].value)]
            c = checks[k]
            value = to_rdflib(sol["v"]) if c.reports_value else None
            per_check[k].append(RawResult(to_rdflib(sol["this"]), c.path, value, c.severity,
                                          c.message, c.shape, c.component))
    for i, c in enumerate(checks):
        if i in fused:
            continue
        for sol in data.query(c.query):  # type: ignore[union-attr]
            this = to_rdflib(sol["this"])
            value = to_rdflib(sol["v"]) if c.reports_value else None
            if c.bound is not None and not _numeric(value) and _range_ok(value, *c.bound):
                continue
            if c.pattern is not None and not isinstance(value, BNode) and re.search(c.pattern, str(value)):
                continue
            per_check[i].append(RawResult(this, c.path, value, c.severity, c.message, c.shape, c.component))
    # in the checks' order, as when each ran alone (later steps keep the first of equal results)
    return [r for results in per_check for r in results]


_NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
            "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
            "unsignedShort", "unsignedByte"}


def _numeric(v: Node | None) -> bool:
    return (isinstance(v, Literal) and v.datatype is not None and not v.ill_typed
            and str(v.datatype).startswith("http://www.w3.org/2001/XMLSchema#")
            and str(v.datatype).rsplit("#", 1)[1] in _NUMERIC)


def _range_ok(v: Node | None, param: URIRef, bound: Node) -> bool:
    """pySHACL's own decision for a value that is not a number (value_range_constraints.py)."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(v, Literal) or not isinstance(bound, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        cmp = compare_literal(v, bound)
    except (TypeError, NotImplementedError):
        return False
    return {SH.minInclusive: cmp >= 0, SH.maxInclusive: cmp <= 0, SH.minExclusive: cmp > 0,
            SH.maxExclusive: cmp < 0}[param]
