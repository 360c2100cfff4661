"""Reconcile the computed figures with the numbers the note publishes.

The published numbers live in the store (graph/published, from data/published) as Data
Cube observations; each data set names the saved query it corresponds to. For every
published observation this finds the computed value of the same dimensions and reports
the difference (per-cent points for shares, places for ranks).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from . import queries
from .figures import year_params
from .figures.cube import expand
from .namespaces import QB, UNG, sparql_prologue
from .store import SelectResult, Store

RANK = URIRef(UNG.rank)

_OBSERVATIONS = sparql_prologue() + """
SELECT ?ds ?query ?obs ?measure ?value ?approx ?stated ?comparator ?rankedBy ?rankedAmong
       (GROUP_CONCAT(DISTINCT STR(?src); separator=" ") AS ?sources)
WHERE {
  ?obs qb:dataSet ?ds .
  ?ds ung:savedQuery ?query ; qb:structure/qb:component/qb:measure ?measure .
  ?obs ?measure ?value .
  OPTIONAL { ?obs ung:isApproximate ?approx }
  OPTIONAL { ?obs ung:statedAs ?stated }
  OPTIONAL { ?obs ung:comparator ?comparator }
  OPTIONAL { ?obs ung:rankedBy ?rankedBy }
  OPTIONAL { ?obs ung:rankedAmong ?rankedAmong }
  OPTIONAL { ?obs dct:source ?src }
}
GROUP BY ?ds ?query ?obs ?measure ?value ?approx ?stated ?comparator ?rankedBy ?rankedAmong
ORDER BY ?query ?obs
"""
_DIMENSIONS = sparql_prologue() + """
SELECT ?obs ?dim ?value WHERE {
  ?obs qb:dataSet ?ds . ?ds ung:savedQuery ?query ; qb:structure/qb:component/qb:dimension ?dim .
  ?obs ?dim ?value .
}
"""
_GROUPS = sparql_prologue() + """
SELECT ?group ?label ?remainder ?member ?after WHERE {
  ?group a ung:EntityGroup .
  OPTIONAL { ?group rdfs:label ?label }
  OPTIONAL { ?group ung:isRemainder ?remainder }
  OPTIONAL { ?group ung:groupMember ?member }
  OPTIONAL { ?group ung:remainderAfter ?after }
}
"""
_LABELS = sparql_prologue() + """
SELECT ?x ?notation ?label WHERE {
  ?x a ?type . VALUES ?type { ung:Chapter ung:Entity ung:MatrixEntity ung:Reach }
  OPTIONAL { ?x skos:notation ?notation }
  OPTIONAL { ?x ung:acronym ?acronym }
  OPTIONAL { ?x skos:prefLabel ?pref FILTER (LANGMATCHES(LANG(?pref), "en")) }
  BIND (COALESCE(?acronym, ?pref) AS ?label)
}
"""


@dataclass
class Line:
    """One published number beside its computed value."""

    query: str
    paragraphs: str
    what: str
    measure: str
    published: float
    computed: float | None
    difference: float | None
    approximate: bool = False
    stated: str = ""
    unit: str = "points"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Group:
    label: str = ""
    remainder: bool = False
    members: set[str] = field(default_factory=set)
    after: set[str] = field(default_factory=set)


def _select(store: Store, text: str) -> SelectResult:
    res = store.query(text)
    assert isinstance(res, SelectResult)
    return res


def _num(t: Node | None) -> float | None:
    if t is None:
        return None
    if isinstance(t, Literal):
        v = t.toPython()
        if isinstance(v, bool):
            return 1.0 if v else 0.0
        try:
            return float(v)
        except (TypeError, ValueError):
            return None
    return None


def _short(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


class _Computed:
    """A saved query's rows keyed by their dimension values (component IRI -> term)."""

    def __init__(self, q: queries.SavedQuery, result: SelectResult) -> None:
        self.q = q
        self.dims = {str(expand(c.component)): c.name for c in q.columns if c.role == "dimension"}
        self.measures = {str(expand(c.component)): c.name for c in q.columns if c.role == "measure"}
        self.rows = result.rows

    def matching(self, fixed: dict[str, Node]) -> list[dict[str, Node]]:
        cols = {self.dims[d]: v for d, v in fixed.items() if d in self.dims}
        return [r for r in self.rows if all(r.get(c) == v for c, v in cols.items())]


def _labels(store: Store) -> dict[str, str]:
    out = {}
    for r in _select(store, _LABELS).rows:
        x = str(r["x"])
        label = str(r.get("label", "") or _short(x))
        out[x] = f"{r['notation']} {label}" if "notation" in r and "/chapter/" in x else label
    return out


def _describe(dims: dict[str, Node], labels: dict[str, str], groups: dict[str, Group]) -> str:
    parts = []
    for d, v in sorted(dims.items(), key=lambda kv: kv[0]):
        s = str(v)
        if s in groups:
            parts.append(groups[s].label or _short(s))
        elif isinstance(v, Literal):
            name = _short(d).split("#")[-1]
            parts.append(("inter-agency" if v.toPython() else "all activities")
                         if name in ("refInterAgency", "refInterAgencyOnly") else str(v))
        else:
            parts.append(labels.get(s, _short(s)))
    return " · ".join(parts) or "overall"


def reconcile(store: Store, year_from: int | None = None, year_to: int | None = None) -> list[Line]:
    """Every published number beside the value the saved queries compute now."""
    dims_of: dict[str, dict[str, Node]] = defaultdict(dict)
    for r in _select(store, _DIMENSIONS).rows:
        dims_of[str(r["obs"])][str(r["dim"])] = r["value"]
    groups: dict[str, Group] = {}
    for r in _select(store, _GROUPS).rows:
        g = groups.setdefault(str(r["group"]), Group())
        g.label = str(r.get("label", g.label) or g.label)
        g.remainder = g.remainder or bool(_num(r.get("remainder")))
        if "member" in r:
            g.members.add(str(r["member"]))
        if "after" in r:
            g.after.add(str(r["after"]))
    labels = _labels(store)
    computed: dict[str, _Computed] = {}
    lines: list[Line] = []
    for r in _select(store, _OBSERVATIONS).rows:
        name = str(r["query"])
        if name not in computed:
            q = queries.get(name)
            computed[name] = _Computed(q, queries.run(store, q, year_params(q, year_from, year_to)))
        comp = computed[name]
        dims = dims_of.get(str(r["obs"]), {})
        measure = str(r["measure"])
        published = _num(r["value"]) or 0.0
        value = _value(comp, dims, measure, r, groups)
        diff = None if value is None else value - published
        if diff is not None and "comparator" in r and str(r["comparator"]) == "over" and value is not None \
                and value > published:
            diff = 0.0  # "over half": any value above the bound agrees
        unit = "places" if measure == str(RANK) else "points"
        lines.append(Line(
            query=name,
            paragraphs=", ".join(_short(s) for s in str(r.get("sources", "")).split()),
            what=_describe(dims, labels, groups), measure=_short(measure).split("#")[-1],
            published=published, computed=value, difference=diff,
            approximate=bool(_num(r.get("approx"))), stated=str(r.get("stated", "")), unit=unit))
    lines.sort(key=lambda ln: (int(ln.paragraphs.split(",")[0]) if ln.paragraphs[:1].isdigit() else 999, ln.query))
    return lines


def _value(comp: _Computed, dims: dict[str, Node], measure: str, r: dict[str, Node],
           groups: dict[str, Group]) -> float | None:
    if measure == str(RANK) and measure not in comp.measures:
        return _rank(comp, dims, str(r.get("rankedBy", "")), str(r.get("rankedAmong", "")))
    col = comp.measures.get(measure)
    if col is None:
        return None
    group_dim = next(((d, str(v)) for d, v in dims.items() if str(v) in groups), None)
    if group_dim is None:
        rows = comp.matching(dims)
        return (_num(rows[0].get(col)) or 0.0) if rows else 0.0
    d, g = group_dim
    fixed = {k: v for k, v in dims.items() if k != d}
    col_d = comp.dims.get(d)
    grp = groups[g]
    total = 0.0
    for row in comp.matching(fixed):
        member = str(row.get(col_d or "", ""))
        inside = member not in grp.after if grp.remainder else member in grp.members
        if inside:
            total += _num(row.get(col)) or 0.0
    return total


def _rank(comp: _Computed, dims: dict[str, Node], ranked_by: str, among: str) -> float | None:
    col = comp.measures.get(ranked_by)
    if col is None:
        return None
    fixed = {k: v for k, v in dims.items() if k != among}
    rows = comp.matching(fixed)
    target = comp.matching(dims)
    mine = (_num(target[0].get(col)) or 0.0) if target else 0.0  # no row: nothing counted, a value of 0
    return float(1 + sum(1 for row in rows if (_num(row.get(col)) or 0.0) > mine))


def exceeding(lines: Iterable[Line], tolerance: float) -> list[Line]:
    return [ln for ln in lines if ln.difference is not None and abs(ln.difference) > tolerance]


__all__ = ["Line", "exceeding", "reconcile"]

_ = (RDF, RDFS, SKOS, QB)  # namespaces used in the query texts through the prologue
