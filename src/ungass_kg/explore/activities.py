"""Activities matching a :class:`~.filters.Filter`: counts per facet, a page of results, a table.

Each answer is one SPARQL query over the store; the text search (``search``) only narrows
the activities to a ``VALUES`` list first. The counts are those a SPARQL ``COUNT(DISTINCT ?a)``
gives for the same filter (tests/test_explore.py checks them against the saved queries and an
independent query).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from ..i18n import N_
from ..namespaces import ID, sparql_prologue
from ..store import SelectResult, Store
from . import search
from .filters import PAGE_SIZE, Filter

# Facets: key (also the URL parameter that selects a value), heading, property of the activity.
FACETS: tuple[tuple[str, str, str], ...] = (
    ("chapter", N_("Chapter"), "ung:chapter"),
    ("lead", N_("Lead entity"), "ung:leadEntity"),
    ("entity", N_("Participating entity"), "ung:participant"),
    ("area", N_("Country or region"), "ung:area"),
    ("year", N_("Reporting year"), "ung:reportingYear"),
    ("reach", N_("Reach"), "ung:reach"),
    ("focus", N_("Thematic focus"), "ung:thematicFocus"),
    ("programme", N_("Programme"), "ung:programme"),
    ("interagency", N_("Inter-agency"), ""),
)
FACET_HEADINGS = {k: h for k, h, _ in FACETS}


def _select(store: Store, q: str) -> list[dict[str, Node]]:
    res = store.query(sparql_prologue() + q)
    assert isinstance(res, SelectResult)
    return res.rows


def key_of(iri: str) -> str:
    """The key in a resource's address (``id/entity/who`` -> ``who``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _pattern(store: Store, f: Filter) -> str | None:
    """The filter as one flat group pattern about ``?a`` (``None``: the search matches nothing)."""
    pattern = f.pattern("?a")
    if f.q.strip():
        iris = search.search(store, f.q)
        if not iris:
            return None
        pattern = "VALUES ?a { " + " ".join(f"<{i}>" for i in iris) + " }\n  " + pattern
    return pattern


def matching(store: Store, f: Filter) -> str | None:
    """The pattern binding ``?a`` to every matching activity; ``None`` when the search matches nothing."""
    pattern = _pattern(store, f)
    if pattern is None:
        return None
    return f"{{ SELECT DISTINCT ?a WHERE {{\n  {pattern}\n}} }}"


# --- labels (registers change rarely: read once per store version) -------------------------
@dataclass
class _Labels:
    version: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)  # chapter numbers, for sorting
    kinds: dict[str, str] = field(default_factory=dict)  # country / region


_LABELS: dict[int, _Labels] = {}
_LOCK = threading.Lock()


def labels(store: Store) -> _Labels:
    version = store.version()
    with _LOCK:
        cached = _LABELS.get(id(store))
    if cached is not None and cached.version == version:
        return cached
    rows = _select(store, """SELECT ?x ?label ?acronym ?n ?kind WHERE {
      VALUES ?cls { ung:Chapter ung:Entity ung:MatrixEntity org:FormalOrganization ung:Area ung:Country
                    ung:Region ung:Reach ung:ThematicFocus ung:Programme ung:ActivityType ung:QuantityKind }
      ?x a ?cls .
      OPTIONAL { ?x skos:prefLabel ?label FILTER(LANG(?label) = "en" || LANG(?label) = "") }
      OPTIONAL { ?x ung:acronym ?acronym }
      OPTIONAL { ?x ung:chapterNumber ?n }
      OPTIONAL { ?x a ?kind VALUES ?kind { ung:Country ung:Region } } }""")
    out = _Labels(version)
    for r in rows:
        x = str(r["x"])
        acronym, label = r.get("acronym"), r.get("label")
        # Entities and programmes go by their acronym, as the note writes them.
        out.labels.setdefault(x, str(acronym or label or key_of(x)))
        if "n" in r:
            out.order[x] = int(str(r["n"]))
        if "kind" in r:
            out.kinds[x] = "country" if str(r["kind"]).endswith("Country") else "region"
    with _LOCK:
        _LABELS[id(store)] = out
    return out


def full_labels(store: Store) -> dict[str, str]:
    """Full names (``skos:prefLabel``) of chapters, entities, areas, ...; for tables."""
    rows = _select(store, """SELECT ?x ?label WHERE { ?x skos:prefLabel ?label
      FILTER(LANG(?label) = "en" || LANG(?label) = "") }""")
    return {str(r["x"]): str(r["label"]) for r in rows}


# --- facet counts ----------------------------------------------------------------------------
@dataclass
class FacetValue:
    value: str  # the URL parameter's value that selects it
    label: str
    count: int
    iri: str = ""
    note: str = ""  # e.g. 'region'


@dataclass
class Facet:
    key: str
    heading: str
    values: list[FacetValue]


_COUNTS: OrderedDict[tuple[int, str, tuple[tuple[str, str], ...]], tuple[int, list[Facet]]] = OrderedDict()
_COUNTS_KEPT = 256


def counts(store: Store, f: Filter) -> tuple[int, list[Facet]]:
    """Facet counts (see :func:`compute_counts`), kept per store version and filter: the pages of
    one filter, its sort orders and its downloads share them."""
    key = (id(store), store.version(),
           tuple(sorted((k, v) for k, v in f.params().items() if k not in ("page", "sort"))))
    with _LOCK:
        hit = _COUNTS.get(key)
        if hit is not None:
            _COUNTS.move_to_end(key)
            return hit
    answer = compute_counts(store, f)
    with _LOCK:
        _COUNTS[key] = answer
        while len(_COUNTS) > _COUNTS_KEPT:
            _COUNTS.popitem(last=False)
    return answer


def compute_counts(store: Store, f: Filter) -> tuple[int, list[Facet]]:
    """How many activities match, and for each facet value how many of them have it.

    One plain query per facet (the filter's pattern and the facet's triple in one group):
    Oxigraph joins those by hash; a single query with a UNION of facets after a sub-select
    was evaluated row by row (minutes at 10,000 activities).
    """
    pattern = _pattern(store, f)
    if pattern is None:
        return 0, [Facet(k, h, []) for k, h, _ in FACETS]
    rows: list[dict[str, Node]] = []
    total_rows = _select(store, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {pattern} }}")
    rows.append({"f": Literal("total"), "n": total_rows[0]["n"]} if total_rows else {"f": Literal("total"),
                                                                                     "n": Literal(0)})
    total_n = int(str(rows[0]["n"]))
    for key, _, prop in FACETS:
        if prop:
            q = f"SELECT ?v (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {pattern}\n  ?a {prop} ?v }} GROUP BY ?v"
            for r in _select(store, q):
                rows.append({"f": Literal(key), **r})
            continue
        # Inter-agency: two or more matrix entities take part (a grouping: an EXISTS per activity
        # was 3x slower); the others are the rest.
        joint = _select(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?a WHERE {{ {pattern}
  ?a ung:participant ?_p . ?_p a ung:MatrixEntity }} GROUP BY ?a HAVING (COUNT(DISTINCT ?_p) >= 2) }}""")
        yes = int(str(joint[0]["n"])) if joint else 0
        for flag, n in ((True, yes), (False, total_n - yes)):
            if n:
                rows.append({"f": Literal(key), "v": Literal(flag), "n": Literal(n)})
    lab = labels(store)
    total = 0
    by_key: dict[str, list[FacetValue]] = {k: [] for k, _, _ in FACETS}
    for r in rows:
        fk, n, v = str(r["f"]), int(str(r["n"])), r.get("v")
        if fk == "total":
            total = n
        elif v is None:
            continue
        elif fk == "year":
            by_key[fk].append(FacetValue(str(v), str(v), n))
        elif fk == "interagency":
            yes = isinstance(v, Literal) and v.toPython() is True
            by_key[fk].append(FacetValue("true" if yes else "false", N_("yes") if yes else N_("no"), n))
        else:
            iri = str(v)
            by_key[fk].append(FacetValue(key_of(iri), lab.labels.get(iri, key_of(iri)), n, iri,
                                         lab.kinds.get(iri, "")))
    facets = []
    for key, heading, _ in FACETS:
        vals = by_key[key]
        if key == "chapter":
            vals.sort(key=lambda x: lab.order.get(x.iri, 99))
        elif key == "year":
            vals.sort(key=lambda x: x.value, reverse=True)
        elif key == "interagency":
            vals.sort(key=lambda x: x.value != "true")
        else:
            vals.sort(key=lambda x: (-x.count, x.label.lower()))
        facets.append(Facet(key, heading, vals))
    return total, facets


def count(store: Store, f: Filter) -> int:
    m = _pattern(store, f)
    if m is None:
        return 0
    rows = _select(store, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {m} }}")
    return int(str(rows[0]["n"])) if rows else 0


# --- a page of results -------------------------------------------------------------------------
_ORDER = {"title": "LCASE(STR(?title)) ?a", "-title": "DESC(LCASE(STR(?title))) ?a",
          "year": "?year LCASE(STR(?title)) ?a", "-year": "DESC(?year) LCASE(STR(?title)) ?a"}


def page(store: Store, f: Filter, size: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """The activities on page ``f.page``: title, year, lead, chapters, reach, areas."""
    m = matching(store, f)
    if m is None:
        return []
    offset = (f.page - 1) * size
    rows = _select(store, f"""SELECT ?a (SAMPLE(?t) AS ?title) (MIN(?y) AS ?year) WHERE {{
  {m}
  OPTIONAL {{ ?a dct:title ?t }} OPTIONAL {{ ?a ung:reportingYear ?y }}
}} GROUP BY ?a ORDER BY {_ORDER[f.sort]} LIMIT {size} OFFSET {offset}""")
    items: list[dict[str, Any]] = [{"iri": str(r["a"]), "title": str(r.get("title") or key_of(str(r["a"]))),
              "year": str(r.get("year") or ""), "lead": [], "chapter": [], "reach": [], "area": [],
              "description": ""} for r in rows]
    if not items:
        return items
    values = " ".join(f"<{it['iri']}>" for it in items)
    details = _select(store, f"""SELECT ?a ?k ?v WHERE {{ VALUES ?a {{ {values} }}
  {{ ?a ung:leadEntity ?v BIND("lead" AS ?k) }} UNION {{ ?a ung:chapter ?v BIND("chapter" AS ?k) }}
  UNION {{ ?a ung:reach ?v BIND("reach" AS ?k) }} UNION {{ ?a ung:area ?v BIND("area" AS ?k) }}
  UNION {{ ?a dct:description ?v BIND("description" AS ?k) }} }}""")
    lab = labels(store)
    by_iri = {it["iri"]: it for it in items}
    for r in details:
        it, k, v = by_iri[str(r["a"])], str(r["k"]), r["v"]
        if k == "description":
            it["description"] = str(v)
        else:
            it[k].append({"iri": str(v), "label": lab.labels.get(str(v), key_of(str(v))), "key": key_of(str(v))})
    for it in items:
        it["chapter"].sort(key=lambda c: lab.order.get(c["iri"], 99))
        it["area"].sort(key=lambda c: c["label"])
    return items


def chapter_iri(n: str) -> str:
    return str(ID[f"chapter/{n}"])
