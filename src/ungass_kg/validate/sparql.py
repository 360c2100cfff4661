"""SHACL-SPARQL (SHACL sections 5 and 6) on Oxigraph, all focus nodes at once where that is exact.

A SPARQL-based constraint is defined per focus node: ``$this`` (and ``$value`` for ASK
validators) is pre-bound, as are ``$currentShape``, ``$shapesGraph`` and the parameters of a
constraint component. Run per node, 10,000 activities make 10,000 queries. Here each
constraint is run ONCE: the shape's targets are put at the start of the query's outer group
(``{ SELECT DISTINCT ?this WHERE { targets } }``) and Oxigraph joins them with the rest, while
the constants are pre-bound by Oxigraph's own substitution (SEP-0007, the same semantics).

That join gives the pre-bound answer only where ``$this`` is already bound when it is read:
in the outer group, in FILTER (NOT) EXISTS and OPTIONAL directly under it, in triple patterns
anywhere (a join on ``$this``), in a sub-select whose body does not use it. Anywhere else (a
FILTER inside a nested group or UNION branch, a sub-select over ``$this``, LIMIT or grouping in
the outer query) the constraint is run once per focus node with ``$this`` substituted, still
on Oxigraph. :class:`Stats` counts which way each constraint went.

Queries the spec forbids (MINUS, VALUES, SERVICE, ``AS`` a pre-bound variable, a sub-select
that does not project every pre-bound variable) raise :class:`ShapeError`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ..errors import UserError
from ..namespaces import SH
from ..sparql_text import token_spans
from ..store.terms import to_oxigraph, to_rdflib
from .results import RawResult

SPARQL_COMPONENT = SH.SPARQLConstraintComponent
_FORBIDDEN = ("MINUS", "VALUES", "SERVICE")
_MODIFIERS = ("LIMIT", "OFFSET", "GROUP", "HAVING", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT")
_RESULT_VARS = {"this", "value", "path", "message", "failure"}
SHAPES_GRAPH = ox.NamedNode("urn:x-ungass-kg:shapes-graph")


class ShapeError(UserError):
    """A SPARQL-based constraint that SHACL does not allow (the validation cannot run)."""


@dataclass
class Stats:
    """How each SPARQL-based constraint was run: once for all focus nodes, or once per node."""

    set_at_a_time: int = 0
    per_node: int = 0
    per_node_reasons: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ reading the shapes graph

def _types(g: Graph, node: Node) -> set[Node]:
    out: set[Node] = set()
    todo = list(g.objects(node, RDF.type))
    while todo:
        t = todo.pop()
        if t not in out:
            out.add(t)
            todo.extend(g.objects(t, RDFS.subClassOf))
    return out


def _true(g: Graph, node: Node, prop: URIRef) -> bool:
    return any(isinstance(v, Literal) and v.toPython() is True for v in g.objects(node, prop))


def prefixes(g: Graph, node: Node) -> str:
    """PREFIX declarations from ``sh:prefixes`` (following ``owl:imports`` inside the shapes graph)."""
    decl: dict[str, str] = {}
    seen: set[Node] = set()
    todo = list(g.objects(node, SH.prefixes))
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        for d in g.objects(p, SH.declare):
            pre, ns = g.value(d, SH.prefix), g.value(d, SH.namespace)
            if pre is not None and ns is not None:
                if decl.get(str(pre), str(ns)) != str(ns):
                    raise ShapeError(f"prefix '{pre}' declared twice with different namespaces")
                decl[str(pre)] = str(ns)
        todo.extend(g.objects(p, OWL.imports))
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(decl.items()))


def path_sparql(g: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax (for ``$PATH`` and value nodes)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if g.value(path, RDF.first) is not None:
        return "(" + "/".join(path_sparql(g, p) for p in Collection(g, path)) + ")"
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                      (SH.zeroOrOnePath, "{}?")):
        inner = g.value(path, prop)
        if inner is not None:
            return "(" + fmt.format(path_sparql(g, inner)) + ")"
    alt = g.value(path, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(path_sparql(g, p) for p in Collection(g, alt)) + ")"
    raise ShapeError(f"not a SHACL property path: {path}")


def _sparql_term(node: Node) -> str | None:
    """A constant in SPARQL syntax; None for blank nodes (which a query cannot name)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    return None


def shapes_of(g: Graph) -> list[Node]:
    found: set[Node] = set()
    for t in (SH.NodeShape, SH.PropertyShape):
        found.update(g.subjects(RDF.type, t))
    for p in (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.sparql):
        found.update(g.subjects(p, None))
    found.update(g.objects(None, SH.property))
    return sorted(found, key=str)


@dataclass(frozen=True)
class Focus:
    """Where a shape's focus nodes come from: a SPARQL group binding ``?this``, or None (no targets)."""

    pattern: str | None
    exact: bool = True  # False when a target cannot be written in SPARQL (a blank node)


def target_pattern(g: Graph, shape: Node) -> Focus:
    parts: list[str] = []
    exact = True
    nodes = [_sparql_term(n) for n in g.objects(shape, SH.targetNode)]
    if None in nodes:
        exact = False
    if any(nodes):
        parts.append("VALUES ?this { " + " ".join(n for n in nodes if n) + " }")
    classes = list(g.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g:
        classes.append(shape)
    for c in classes:
        term = _sparql_term(c)
        if term is None:
            exact = False
        else:
            parts.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {term} .")
    for p in g.objects(shape, SH.targetSubjectsOf):
        parts.append(f"?this <{p}> [] .")
    for p in g.objects(shape, SH.targetObjectsOf):
        parts.append(f"[] <{p}> ?this .")
    for parent in g.subjects(SH.property, shape):  # a property shape is checked on its parent's focus nodes
        if g.value(parent, SH.path) is None:
            inner = target_pattern(g, parent)
            exact = exact and inner.exact
            if inner.pattern:
                parts.append(inner.pattern)
    if not parts:
        return Focus(None, exact)
    return Focus("{ SELECT DISTINCT ?this WHERE { " + " UNION ".join("{ " + p + " }" for p in parts) + " } }", exact)


# ------------------------------------------------------------------ reading a query

@dataclass
class QueryShape:
    """What the analysis of one query found."""

    set_ok: bool
    reason: str
    where: int  # offset just after the outer group's '{'
    close: int  # offset of the outer group's '}'
    form: str  # SELECT or ASK
    head: str  # text before the query form keyword (PREFIX declarations)


def analyse(query: str, prebound: set[str], settable: set[str], label: str) -> QueryShape:
    """Refuse what SHACL forbids; say whether ``settable`` variables can be joined instead of pre-bound."""
    toks = list(token_spans(query))
    words = [t.upper() if k == "word" else "" for k, t, _ in toks]
    for w in _FORBIDDEN:
        if w in words:
            raise ShapeError(f"{label}: SHACL-SPARQL does not allow {w} in a constraint's query")
    for i, w in enumerate(words[:-1]):
        if w == "AS" and toks[i + 1][0] == "var" and toks[i + 1][1][1:] in prebound:
            raise ShapeError(f"{label}: the pre-bound variable {toks[i + 1][1]} cannot be assigned (AS)")
    form = next((w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), "")
    if form not in ("SELECT", "ASK"):
        raise ShapeError(f"{label}: a SHACL-SPARQL query is a SELECT or an ASK, not {form or 'this'}")
    head = query[:toks[words.index(form)][2]]
    # frames: (kind, sees_bindings, paren depth); kinds: outer, exists, optional, group, subquery, subbody
    frames: list[list] = []
    reasons: list[str] = []
    where = close = -1
    subqueries: list[dict] = []  # open sub-selects: projected vars, body uses, star, depth
    pending_select: dict | None = None
    outer_done = False
    for i, (kind, text, start) in enumerate(toks):
        w = words[i]
        if text == "{" and kind == "other":
            prev = words[i - 1] if i else ""
            nxt = words[i + 1] if i + 1 < len(toks) else ""
            if not frames:
                if outer_done:
                    raise ShapeError(f"{label}: unexpected group after the query")
                frames.append(["outer", True, 0])
                where = start + 1
                continue
            parent = frames[-1]
            if pending_select is not None:
                frames.append(["subbody", False, 0])
                pending_select["depth"] = len(frames)
                subqueries.append(pending_select)
                pending_select = None
            elif nxt == "SELECT":
                frames.append(["subquery", False, 0])
            elif prev == "EXISTS":
                frames.append(["exists", parent[1], 0])
            elif prev == "OPTIONAL":
                frames.append(["optional", parent[1] and parent[0] == "outer", 0])
            else:
                frames.append(["group", False, 0])
            continue
        if text == "}" and kind == "other":
            if not frames:
                raise ShapeError(f"{label}: unbalanced braces")
            f = frames.pop()
            if f[0] == "subbody":
                sub = subqueries[-1]
                sub["closed"] = True
            if f[0] == "subquery":
                sub = subqueries.pop()
                missing = sorted(v for v in prebound - {"currentShape", "shapesGraph"}
                                 if v not in sub["vars"] and not (sub["star"] and v in sub["scope"]))
                if missing:
                    raise ShapeError(f"{label}: a nested SELECT must project every pre-bound variable "
                                     f"(missing: {', '.join('$' + m for m in missing)})")
                if sub["uses"] & settable:
                    reasons.append("a nested SELECT reads $this")
            if not frames:
                close = start
                outer_done = True
            continue
        if not frames:
            continue
        f = frames[-1]
        if text == "(" and kind == "other":
            f[2] += 1
        elif text == ")" and kind == "other":
            f[2] -= 1
        if w == "SELECT" and f[0] == "subquery":
            pending_select = {"vars": set(), "star": False, "uses": set(), "scope": set()}
            continue
        if pending_select is not None:
            if kind == "var":
                pending_select["vars"].add(text[1:])
            elif text == "*":
                pending_select["star"] = True
            continue
        if outer_done:
            continue
        if len(frames) == 1 and w in _MODIFIERS:
            reasons.append(f"{w} in the outer query")
        if kind != "var":
            continue
        name = text[1:]
        in_expr = f[2] > 0
        for sub in subqueries:
            if not sub.get("closed") and len(frames) >= sub["depth"]:
                sub["uses"].add(name)
                if not in_expr:
                    sub["scope"].add(name)
                if i and words[i - 1] == "AS":
                    sub["scope"].add(name)
        if name in settable and not f[1] and in_expr:
            reasons.append(f"${name} is read in an expression inside a nested {f[0]}")
    if where < 0 or close < 0:
        raise ShapeError(f"{label}: no WHERE group")
    return QueryShape(not reasons, "; ".join(dict.fromkeys(reasons)), where, close, form, head)


def prepare(query: str, names: Iterable[str], bound: Iterable[str]) -> str:
    """Make Oxigraph's substitution usable for pre-binding: it only substitutes projected
    variables (so ``names`` are added to the outer projection, ``*`` spelt out) and its
    ``BOUND(?x)`` is false for a substituted ``?x`` (so that is written ``true``)."""
    toks = list(token_spans(query))
    bound = set(bound)
    edits: list[tuple[int, int, str]] = []
    for i in range(len(toks) - 3):
        k, t, start = toks[i]
        if (k == "word" and t.upper() == "BOUND" and toks[i + 1][1] == "(" and toks[i + 2][0] == "var"
                and toks[i + 2][1][1:] in bound and toks[i + 3][1] == ")"):
            edits.append((start, toks[i + 3][2] + 1, "(true)"))
    form = next((i for i, (k, t, _) in enumerate(toks) if k == "word" and t.upper() in ("SELECT", "ASK")), None)
    if form is not None and toks[form][1].upper() == "SELECT":
        j = form + 1
        if j < len(toks) and toks[j][1].upper() in ("DISTINCT", "REDUCED"):
            j += 1
        at = toks[j][2] if j < len(toks) else len(query)
        if j < len(toks) and toks[j][1] == "*":
            every = dict.fromkeys(t[1:] for k, t, _ in toks if k == "var")
            edits.append((at, at + 1, " ".join(f"?{v}" for v in every)))
            have = set(every)
        else:
            have = set()
            for k, t, _ in toks[j:]:
                if t == "{" or (k == "word" and t.upper() == "WHERE"):
                    break
                if k == "var":
                    have.add(t[1:])
        missing = [n for n in names if n not in have]
        if missing:
            edits.append((at, at, " ".join(f"?{n}" for n in missing) + " "))
    for start, end, text in sorted(edits, reverse=True):
        query = query[:start] + text + query[end:]
    return query


def _projects_this(query: str) -> bool:
    toks = list(token_spans(query))
    out = []
    for kind, text, _ in toks:
        if text == "{":
            break
        out.append((kind, text))
    return any(k == "var" and t[1:] == "this" for k, t in out) or any(t == "*" for _, t in out)


# ------------------------------------------------------------------ running

def _template(message: str, bindings: dict[str, Node]) -> str:
    def sub(m: re.Match[str]) -> str:
        v = bindings.get(m.group(1))
        return m.group(0) if v is None else str(v)
    return re.sub(r"\{[?$]([\w]+)\}", sub, message)


@dataclass
class Constraint:
    """One SPARQL-based constraint of one shape, ready to run."""

    shape: Node
    query: str  # full text, prefixes first, $PATH substituted
    kind: str  # select | ask
    component: URIRef
    constraint: Node | None  # the sh:SPARQLConstraint (sh:sourceConstraint)
    messages: list[Literal]
    severity: URIRef
    path: Node | None  # the shape's sh:path (property shapes)
    path_text: str | None
    constants: dict[str, Node]  # currentShape, shapesGraph, parameters
    label: str


@dataclass(frozen=True)
class _Plan:
    focus: Focus
    info: QueryShape
    subs: dict[ox.Variable, Any]
    consts: list[str]
    value_part: str
    reason: str  # why it runs per focus node ("" when once for all)
    query: str | None  # the one query for all focus nodes, when there is one


class SparqlValidator:
    """Runs the SPARQL-based constraints of a shapes graph over a data graph held in Oxigraph."""

    def __init__(self, shapes: Graph, data: ox.Store, *, shapes_graph: Node | None = None) -> None:
        self.shapes = shapes
        self.data = data
        self.stats = Stats()
        self.shapes_graph = shapes_graph if shapes_graph is not None else URIRef(SHAPES_GRAPH.value)
        # read from the shapes once, whatever data the validator runs over next (parts of a file)
        self._constraints: list[Constraint] | None = None
        self._plans: dict[int, tuple[Constraint, _Plan]] = {}

    def constraints(self) -> list[Constraint]:
        g = self.shapes
        out: list[Constraint] = []
        components = [c for c in set(g.subjects(RDF.type, None))
                      if SH.ConstraintComponent in _types(g, c) and not str(c).startswith(str(SH))]
        for shape in shapes_of(g):
            if _true(g, shape, SH.deactivated):
                continue
            severity = g.value(shape, SH.severity)
            severity = severity if isinstance(severity, URIRef) else SH.Violation
            path = g.value(shape, SH.path)
            path_text = path_sparql(g, path) if path is not None else None
            base = {"currentShape": shape, "shapesGraph": self.shapes_graph}
            for c in sorted(g.objects(shape, SH.sparql), key=str):
                if _true(g, c, SH.deactivated):
                    continue
                select = g.value(c, SH.select)
                if select is None:
                    raise ShapeError(f"{_name(shape)}: a sh:sparql constraint without sh:select")
                out.append(Constraint(
                    shape, prefixes(g, c) + _path_in(str(select), path_text, shape), "select", SPARQL_COMPONENT, c,
                    sorted(m for m in g.objects(c, SH.message) if isinstance(m, Literal)), severity, path, path_text,
                    base, f"{_name(shape)} (sh:sparql {_name(c)})"))
            for comp in sorted(components, key=str):
                out.extend(self._component(comp, shape, severity, path, path_text, base))
        return out

    def _component(self, comp: Node, shape: Node, severity: URIRef, path: Node | None, path_text: str | None,
                   base: dict[str, Node]) -> Iterator[Constraint]:
        g = self.shapes
        params: list[tuple[str, list[Node], bool]] = []
        for p in g.objects(comp, SH.parameter):
            ppath = g.value(p, SH.path)
            if not isinstance(ppath, URIRef):
                continue
            name = re.split(r"[#/]", str(ppath))[-1]
            params.append((name, sorted(g.objects(shape, ppath), key=str), _true(g, p, SH.optional)))
        if not params or any(not vals and not optional for _, vals, optional in params):
            return
        if path is not None:
            validator = g.value(comp, SH.propertyValidator) or g.value(comp, SH.validator)
        else:
            validator = g.value(comp, SH.nodeValidator) or g.value(comp, SH.validator)
        if validator is None:
            return
        ask, select = g.value(validator, SH.ask), g.value(validator, SH.select)
        vtypes = _types(g, validator)
        if ask is not None and (SH.SPARQLAskValidator in vtypes or select is None):
            kind, text = "ask", str(ask)
        elif select is not None:
            kind, text = "select", str(select)
        else:
            raise ShapeError(f"{_name(comp)}: a validator without sh:ask or sh:select")
        messages = sorted(m for m in g.objects(validator, SH.message) if isinstance(m, Literal)) or \
            sorted(m for m in g.objects(comp, SH.message) if isinstance(m, Literal))
        present = [(n, vals) for n, vals, _ in params if vals]
        for combo in itertools.product(*[vals for _, vals in present]):
            consts = dict(base)
            consts.update({n: v for (n, _), v in zip(present, combo, strict=True)})
            yield Constraint(shape, prefixes(g, validator) + _path_in(text, path_text, shape), kind, comp,  # type: ignore[arg-type]
                             None, messages, severity, path, path_text, consts,
                             f"{_name(shape)} ({_name(comp)})")

    def run(self, constraints: Iterable[Constraint] | None = None) -> list[RawResult]:
        out: list[RawResult] = []
        if constraints is None:
            if self._constraints is None:
                self._constraints = self.constraints()
            constraints = self._constraints
        for c in constraints:
            out.extend(self._run(c))
        return out

    def _plan(self, c: Constraint) -> _Plan:
        """What running ``c`` needs that does not depend on the data, made once per constraint."""
        hit = self._plans.get(id(c))
        if hit is not None and hit[0] is c:
            return hit[1]
        plan = self._make_plan(c)
        self._plans[id(c)] = (c, plan)
        return plan

    def _make_plan(self, c: Constraint) -> _Plan:
        g = self.shapes
        focus = target_pattern(g, c.shape)
        params = {k for k in c.constants if k not in ("currentShape", "shapesGraph")}
        prebound = {"this", "currentShape", "shapesGraph"} | params | ({"value"} if c.kind == "ask" else set())
        settable = {"this", "value"} if c.kind == "ask" else {"this"}
        info = analyse(c.query, prebound, settable, c.label)
        if (info.form == "ASK") != (c.kind == "ask"):
            raise ShapeError(f"{c.label}: a {c.kind.upper()} validator holds a {info.form} query")
        subs: dict[ox.Variable, Any] = {ox.Variable(k): to_oxigraph(v) for k, v in c.constants.items()}
        consts = list(c.constants)
        value_part = ("BIND (?this AS ?value)" if c.path_text is None
                      else f"?this {c.path_text} ?value .")
        reason = info.reason or ("" if focus.exact else "a target is a blank node")
        if c.kind == "select" and not _projects_this(c.query[len(info.head):]):
            reason = reason or "$this is not selected"
        query = None
        if not reason and focus.pattern is not None:
            if c.kind == "select":
                q = c.query[:info.where] + " " + focus.pattern + " " + c.query[info.where:]
            else:
                body = c.query[info.where:info.close]
                q = (info.head + "SELECT DISTINCT ?this ?value WHERE { " + focus.pattern + " " + value_part
                     + " FILTER NOT EXISTS { " + body + " } }")
            query = prepare(q, consts, consts)
        return _Plan(focus, info, subs, consts, value_part, reason, query)

    def _run(self, c: Constraint) -> list[RawResult]:
        plan = self._plan(c)
        focus, info, subs, consts, value_part, reason = (plan.focus, plan.info, plan.subs, plan.consts,
                                                         plan.value_part, plan.reason)
        if focus.pattern is None:
            return []
        if plan.query is not None:
            self.stats.set_at_a_time += 1
            return self._results(c, self.data.query(plan.query, substitutions=subs), None)
        self.stats.per_node += 1
        self.stats.per_node_reasons.append(f"{c.label}: {reason}")
        out: list[RawResult] = []
        if c.kind == "select":
            q = prepare(c.query, [*consts, "this"], [*consts, "this"])
            nodes = self.data.query("SELECT DISTINCT ?this WHERE { " + focus.pattern + " }")
            for sol in list(nodes):  # type: ignore[arg-type]
                this = sol["this"]
                out.extend(self._results(c, self.data.query(q, substitutions={**subs, ox.Variable("this"): this}),
                                         this))
        else:
            body = c.query[info.where:info.close]
            q = prepare(info.head + "SELECT * WHERE {" + body + "} LIMIT 1", [*consts, "this", "value"],
                        [*consts, "this", "value"])
            pairs = self.data.query("SELECT DISTINCT ?this ?value WHERE { " + focus.pattern + " " + value_part + " }")
            for sol in list(pairs):  # type: ignore[arg-type]
                this, value = sol["this"], sol["value"]
                hit = list(self.data.query(q, substitutions={**subs, ox.Variable("this"): this,  # type: ignore[arg-type]
                                                             ox.Variable("value"): value}))
                if not hit:
                    out.extend(self._results(c, [{"this": this, "value": value}], this))
        return out

    def _results(self, c: Constraint, solutions: object, this: object) -> list[RawResult]:
        names = [v.value for v in solutions.variables] if hasattr(solutions, "variables") else None
        out = []
        for sol in solutions:  # type: ignore[attr-defined]
            if names is None:
                row = {k: to_rdflib(v) for k, v in sol.items()}
            else:
                row = {n: to_rdflib(sol[n]) for n in names if sol[n] is not None}
            focus = row.get("this") or (to_rdflib(this) if this is not None else None)
            if focus is None:
                continue
            failure = row.get("failure")
            if isinstance(failure, Literal) and failure.toPython() is True:
                raise ShapeError(f"{c.label}: the query reported a failure for {focus}")
            bound_path = row.get("path")
            path = bound_path if isinstance(bound_path, URIRef) else c.path
            value = row.get("value")
            if value is None and c.path is None and c.kind == "select":
                value = focus
            msg = row.get("message")
            if msg is not None:
                message = str(msg)
            else:
                message = _template(str(c.messages[0]), {**c.constants, **row}) if c.messages else ""
            extra = tuple(sorted((k, v) for k, v in row.items() if k not in _RESULT_VARS))
            out.append(RawResult(focus, path, value, c.severity, message, c.shape, c.component,
                                 constraint=c.constraint, bindings=extra))
        return out


def _path_in(query: str, path_text: str | None, shape: Node) -> str:
    if "$PATH" not in query:
        return query
    if path_text is None:
        raise ShapeError(f"{_name(shape)}: $PATH in the query of a shape without sh:path")
    return query.replace("$PATH", path_text)


def _name(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def load_graph(store: ox.Store, graph: Graph, into: ox.NamedNode | None = None) -> None:
    """Copy an rdflib graph into Oxigraph, keeping blank node identity (shapes refer to them)."""
    g = into if into is not None else ox.DefaultGraph()
    store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g)  # type: ignore[arg-type]
                      for s, p, o in graph)
