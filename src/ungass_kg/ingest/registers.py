"""The reference registers as look-up tables: names and codes -> IRIs, with "did you mean".

Everything here is read from the ``graph/reference`` graph of the store (plus the
ontology's ``rdfs:subClassOf`` triples, so that ``sh:class ung:Entity`` also accepts a
``ung:MatrixEntity``), never from hard-coded lists: the template's drop-downs, the name
matching and the SHACL data graph all follow the registers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from ..namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH, UNG, sparql_prologue
from ..store import GraphResult, SelectResult, Store

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def normalise(text: str) -> str:
    """Case-, accent-, dash- and space-insensitive key for matching names."""
    t = text.translate(_DASHES)
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.casefold()
    return re.sub(r"\s+", " ", t).strip()


def _osa(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions ("UNDOC" -> "UNODC" is one edit)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@dataclass
class Register:
    """One controlled list: what a cell may contain, and the IRI each form stands for."""

    name: str  # e.g. "Entities"; also the column header of the "Lists" sheet
    choices: list[tuple[str, URIRef]] = field(default_factory=list)  # drop-down label, IRI (ordered)
    keys: dict[str, URIRef] = field(default_factory=dict)  # normalised form -> IRI
    labels: dict[URIRef, str] = field(default_factory=dict)  # IRI -> preferred display form
    _suggested: dict[str, str | None] = field(default_factory=dict, repr=False)
    _looked_up: dict[str, URIRef | None] = field(default_factory=dict, repr=False)

    def add(self, iri: URIRef, display: str, *forms: str) -> None:
        self._looked_up.clear()
        if iri not in self.labels:
            self.labels[iri] = display
            self.choices.append((display, iri))
        for f in (display, *forms):
            if f and f.strip():
                self.keys.setdefault(normalise(f), iri)

    def lookup(self, text: str) -> URIRef | None:
        # a file repeats its entities, chapters and countries on every row: normalise each text once
        try:
            return self._looked_up[text]
        except KeyError:
            pass
        key = normalise(text)
        hit = self.keys.get(key)
        if hit is None and key.startswith("the "):  # "the Philippines", as the note writes it
            hit = self.keys.get(key[4:])
        if len(self._looked_up) < 100_000:  # bounded: a hostile file of distinct tokens gains nothing
            self._looked_up[text] = hit
        return hit

    def suggest(self, text: str) -> str | None:
        """The closest known form, as the register writes it; ``None`` when nothing is close."""
        key = normalise(text)
        if key not in self._suggested:  # a file repeats its typos: compare each one once
            self._suggested[key] = self._closest(key)
        return self._suggested[key]

    def _closest(self, key: str) -> str | None:
        if not key:
            return None
        bare = re.sub(r"[\W_]+", "", key)  # "u.n.o.d.c." -> "unodc": dots and spaces are not typos
        if bare != key and bare in self.keys:
            return self.labels[self.keys[bare]]
        best: tuple[float, str] | None = None
        for form, iri in self.keys.items():
            dist = _osa(key, form) if abs(len(form) - len(key)) <= 3 else 99
            # short forms (acronyms, codes) tolerate one edit, longer names about one in four
            allowed = 1 if len(key) <= 6 else max(2, len(key) // 4)
            if dist <= allowed:
                score = dist / max(len(key), 1)
                if best is None or score < best[0]:
                    best = (score, self.labels[iri])
            elif len(key) >= 4 and form.startswith(key) and (best is None or best[0] > 0.5):
                best = (0.5, self.labels[iri])
        return best[1] if best else None


# which register an activity property refers to
_REGISTER_OF: dict[URIRef, str] = {
    UNG.leadEntity: "entities", UNG.participant: "entities", UNG.otherPartner: "entities",
    UNG.chapter: "chapters", UNG.reach: "reach", UNG.area: "areas", UNG.programme: "programmes",
    UNG.activityType: "activity_types", UNG.thematicFocus: "focuses", UNG.quantityKind: "quantity_kinds",
}


@dataclass
class Registers:
    """All registers an activity row refers to, plus the graph pySHACL checks classes in."""

    entities: Register
    chapters: Register
    reach: Register
    areas: Register
    programmes: Register
    activity_types: Register
    focuses: Register
    quantity_kinds: Register
    graph: Graph  # types of the register entries + class hierarchy: the SHACL data graph's fixed part
    countries: set[URIRef] = field(default_factory=set)

    def for_path(self, path: URIRef) -> Register | None:
        name = _REGISTER_OF.get(path)
        return getattr(self, name) if name else None

    def entity_key(self, iri: URIRef) -> str:
        """``id/entity/unodc`` -> ``unodc`` (the key used in submission IRIs)."""
        return str(iri).rstrip("/").rsplit("/", 1)[-1]


_TERMS = sparql_prologue() + f"""
SELECT ?s ?type ?p ?o WHERE {{
  GRAPH <{REFERENCE_GRAPH}> {{ ?s a ?type . OPTIONAL {{ ?s ?p ?o .
    FILTER (?p IN (skos:prefLabel, skos:altLabel, skos:notation, ung:acronym, ung:chapterNumber,
                   ung:m49Code, ung:iso3166Alpha2, ung:iso3166Alpha3)) }} }}
}}"""

_SUBCLASSES = sparql_prologue() + f"""
CONSTRUCT {{ ?a rdfs:subClassOf ?b }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?a rdfs:subClassOf ?b }} }}"""

_REFERENCE = f"CONSTRUCT {{ ?s a ?o }} WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?s a ?o }} }}"


def _superclasses(graph: Graph) -> dict[URIRef, set[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = {}
    for a, b in graph.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            direct.setdefault(a, set()).add(b)
    closed: dict[URIRef, set[URIRef]] = {}
    for c in direct:
        seen, todo = set(), [c]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closed[c] = seen
    return closed


def load_registers(store: Store) -> Registers:
    """Read every register from the store in three queries."""
    ref_res = store.query(_REFERENCE)
    sub_res = store.query(_SUBCLASSES)
    graph = Graph()
    if isinstance(ref_res, GraphResult):
        graph += ref_res.graph  # sh:class only looks at types: labels stay out of pySHACL's data graph
    if isinstance(sub_res, GraphResult):
        graph += sub_res.graph
    supers = _superclasses(graph)
    res = store.query(_TERMS)
    assert isinstance(res, SelectResult)
    # collect per resource: its classes and its naming properties
    types: dict[URIRef, set[URIRef]] = {}
    props: dict[URIRef, dict[str, list[str]]] = {}
    for row in res.rows:
        s, t = row["s"], row["type"]
        if not isinstance(s, URIRef) or not isinstance(t, URIRef):
            continue
        types.setdefault(s, set()).update({t, *supers.get(t, ())})
        p, o = row.get("p"), row.get("o")
        # names in other languages (areas.ttl has six) are for pages, not for matching cells
        if p is not None and isinstance(o, Literal) and o.language in (None, "en"):
            values = props.setdefault(s, {}).setdefault(str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1], [])
            if str(o) not in values:
                values.append(str(o))
    return _build(types, props, graph)


def _first(props: dict[str, list[str]], *names: str) -> str:
    for n in names:
        if props.get(n):
            return sorted(props[n])[0]
    return ""


def _build(types: dict[URIRef, set[URIRef]], props: dict[URIRef, dict[str, list[str]]], graph: Graph) -> Registers:
    regs = Registers(
        entities=Register("Entities"), chapters=Register("Chapters"), reach=Register("Reach"),
        areas=Register("Countries and regions"), programmes=Register("Programmes"),
        activity_types=Register("Activity types"), focuses=Register("Thematic focuses"),
        quantity_kinds=Register("Quantity kinds"), graph=graph,
    )

    def of(cls: URIRef) -> list[URIRef]:
        return [s for s, ts in types.items() if cls in ts]

    for s in sorted(of(UNG.Entity), key=lambda s: normalise(_first(props.get(s, {}), "acronym", "prefLabel"))):
        p = props.get(s, {})
        regs.entities.add(s, _first(p, "acronym", "prefLabel"), *p.get("prefLabel", []), *p.get("altLabel", []))

    def chapter_no(s: URIRef) -> int:
        n = _first(props.get(s, {}), "chapterNumber")
        return int(n) if n.isdigit() else 99

    for s in sorted(of(UNG.Chapter), key=chapter_no):
        p = props.get(s, {})
        notation, label, n = _first(p, "notation"), _first(p, "prefLabel"), chapter_no(s)
        display = f"{notation} - {label}" if notation and label else notation or label
        forms = [notation, label, f"chapter {notation}", f"{notation}: {label}", f"{notation} {label}"]
        if n != 99:
            forms += [str(n), f"chapter {n}"]
        regs.chapters.add(s, display, *forms, *p.get("altLabel", []))

    for cls, reg, by_code in ((UNG.Reach, regs.reach, False), (UNG.ActivityType, regs.activity_types, False),
                              (UNG.ThematicFocus, regs.focuses, False), (UNG.QuantityKind, regs.quantity_kinds, False),
                              (UNG.Programme, regs.programmes, True)):
        for s in sorted(of(cls), key=lambda s: normalise(_first(props.get(s, {}), "prefLabel"))):
            p = props.get(s, {})
            label = _first(p, "prefLabel")
            display = _first(p, "acronym") if by_code and p.get("acronym") else label
            slug = str(s).rstrip("/").rsplit("/", 1)[-1]
            reg.add(s, display or slug, label, slug, slug.replace("-", " "), *p.get("notation", []),
                    *p.get("acronym", []), *p.get("altLabel", []))

    # countries first (what most cells hold), then regions, each alphabetically
    countries = of(UNG.Country)
    regs.countries = set(countries)
    regions = [s for s in of(UNG.Area) if s not in regs.countries]
    for group in (countries, regions):
        for s in sorted(group, key=lambda s: normalise(_first(props.get(s, {}), "prefLabel"))):
            p = props.get(s, {})
            regs.areas.add(s, _first(p, "prefLabel") or str(s).rsplit("/", 1)[-1], *p.get("altLabel", []),
                           *p.get("m49Code", []), *p.get("iso3166Alpha2", []), *p.get("iso3166Alpha3", []))
    return regs


__all__ = ["Register", "Registers", "load_registers", "normalise"]
