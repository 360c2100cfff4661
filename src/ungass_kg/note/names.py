"""How the draft names things: entities as the note writes them, chapters by footnote 1.

An entity is written with its full name and acronym at its first mention, by its acronym
after (the note's convention, para 13). Chapters are "Chapter I" (in italics) with the short
name footnote 1 of the note defines ("demand reduction"); section VIII's headings are the
chapters' full titles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import sparql_prologue
from ..store import SelectResult, Store
from .model import Em, Lit, Run

_ENTITIES = """
SELECT ?e ?acronym ?name WHERE {
  VALUES ?type { ung:Entity ung:MatrixEntity }
  ?e a ?type .
  OPTIONAL { ?e ung:acronym ?acronym }
  OPTIONAL { ?e skos:prefLabel ?name FILTER (LANGMATCHES(LANG(?name), "en") || LANG(?name) = "") }
}
"""
_CHAPTERS = """
SELECT ?c ?n ?notation ?label ?title WHERE {
  ?c a ung:Chapter ; ung:chapterNumber ?n .
  OPTIONAL { ?c skos:notation ?notation }
  OPTIONAL { ?c skos:prefLabel ?label FILTER (LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
  OPTIONAL { ?c dct:title ?title FILTER (LANGMATCHES(LANG(?title), "en") || LANG(?title) = "") }
} ORDER BY ?n
"""
_PREFIX = "operational recommendations on "


@dataclass
class Chapter:
    number: int
    notation: str
    label: str  # "Demand reduction"
    title: str  # full title

    @property
    def short(self) -> str:
        """Footnote 1's short name: "demand reduction"."""
        return self.label[:1].lower() + self.label[1:] if self.label else f"chapter {self.notation}"

    @property
    def heading(self) -> str:
        """Section VIII's heading: the full title without "Operational recommendations on"."""
        t = self.title or self.label
        if t.lower().startswith(_PREFIX):
            t = t[len(_PREFIX):]
        return t[:1].upper() + t[1:]

    def ref(self) -> list[Run]:
        """*Chapter I* (demand reduction)."""
        return [Em(f"Chapter {self.notation}"), " (", Lit(self.short), ")"]


@dataclass
class Names:
    entities: dict[str, tuple[str, str]]  # IRI -> (acronym, full name)
    chapters: dict[int, Chapter]
    mentioned: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, store: Store) -> Names:
        ents: dict[str, tuple[str, str]] = {}
        res = store.query(sparql_prologue() + _ENTITIES)
        assert isinstance(res, SelectResult)
        for r in res.rows:
            iri = str(r["e"])
            acr = str(r.get("acronym") or "")
            name = str(r.get("name") or "")
            old = ents.get(iri, ("", ""))
            ents[iri] = (acr or old[0], name or old[1])
        chs: dict[int, Chapter] = {}
        res = store.query(sparql_prologue() + _CHAPTERS)
        assert isinstance(res, SelectResult)
        for r in res.rows:
            n = int(str(r["n"]))
            if n not in chs:
                chs[n] = Chapter(n, str(r.get("notation") or n), str(r.get("label") or ""),
                                 str(r.get("title") or ""))
        return cls(ents, chs)

    def acronym(self, iri: str) -> str:
        acr, name = self.entities.get(iri, ("", ""))
        return acr or name or iri.rstrip("/").rsplit("/", 1)[-1]

    def entity(self, iri: str) -> Lit:
        """Full name and acronym the first time, the acronym after."""
        acr, name = self.entities.get(iri, ("", ""))
        if iri in self.mentioned or not name or not acr or name == acr:
            self.mentioned.add(iri)
            return Lit(self.acronym(iri))
        self.mentioned.add(iri)
        return Lit(f"{name} ({acr})")

    def entities_runs(self, iris: list[str]) -> list[Run]:
        return join_runs([[self.entity(i)] for i in iris])

    def chapter(self, number: int) -> Chapter:
        return self.chapters.get(number) or Chapter(number, str(number), "", "")


def join(items: list[str]) -> str:
    """"A", "A and B", "A, B and C" (the note's lists have no serial comma)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def join_runs(parts: list[list[Run]]) -> list[Run]:
    out: list[Run] = []
    for i, p in enumerate(parts):
        if i:
            out.append(" and " if i == len(parts) - 1 else ", ")
        out.extend(p)
    return out


__all__ = ["Chapter", "Names", "join", "join_runs"]
