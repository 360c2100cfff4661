"""Synthetic matrix activities for benchmarks and independent-count tests.

The rows are random but shaped like the matrix (chapter skew from the note's
paras 22-24, UNODC leading most activities, a quarter of them inter-agency), and
they are kept as plain Python data so a test can count over them without SPARQL.
Nothing here is a fact: the activities are clearly marked as synthetic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import RDF, SKOS, XSD

from .namespaces import ID, UNG

DCT_TITLE = "http://purl.org/dc/terms/title"

# The 23 entities of Figure 1 (keys per docs/conventions.md) with the acronym as the note writes it.
MATRIX_ENTITIES: dict[str, str] = {
    "dppa": "DPPA", "dpko": "DPKO", "icao": "ICAO", "ilo": "ILO", "imo": "IMO", "incb": "INCB",
    "interpol": "INTERPOL", "iom": "IOM", "ohchr": "OHCHR", "unaids": "UNAIDS", "undesa": "UNDESA",
    "undp": "UNDP", "unesco": "UNESCO", "unfpa": "UNFPA", "un-habitat": "UN-Habitat", "unhcr": "UNHCR",
    "unicef": "UNICEF", "unido": "UNIDO", "unodc": "UNODC", "un-women": "UN-Women", "upu": "UPU",
    "wco": "WCO", "who": "WHO",
}
# The note's short chapter labels (footnote 1), notation I..VII.
CHAPTER_LABELS: dict[int, str] = {
    1: "Demand reduction", 2: "Availability and access", 3: "Supply reduction", 4: "Human rights",
    5: "Trends and challenges", 6: "International cooperation", 7: "Alternative development",
}
NOTATIONS = ("I", "II", "III", "IV", "V", "VI", "VII")
REACHES = ("global", "regional", "country")
YEARS = tuple(range(2017, 2024))

# Realistic skew: chapter shares of paras 22-24 (I taken as the remainder, 42).
_CHAPTER_WEIGHTS = (42, 4, 19, 13, 13, 4, 5)
_ENTITY_KEYS = tuple(MATRIX_ENTITIES)
_LEAD_WEIGHTS = tuple({"unodc": 60, "who": 12, "unaids": 4}.get(k, 1) for k in _ENTITY_KEYS)
_REACH_WEIGHTS = (40, 20, 40)
# Areas (M49 codes, docs/conventions.md): countries for country activities, regions for regional ones.
COUNTRIES = ("004", "076", "170", "356", "360", "398", "566", "710")
REGIONS = ("014", "143", "419")


@dataclass(frozen=True)
class Row:
    """One synthetic activity, as plain data (what a matrix row says)."""

    key: str
    chapters: tuple[int, ...]
    lead: str
    participants: tuple[str, ...]  # always includes the lead
    reach: str
    year: int
    areas: tuple[str, ...] = ()  # M49 codes: one or two countries, or one region; none for global

    @property
    def iri(self) -> str:
        return str(ID[f"activity/{self.key}"])


def generate_rows(n: int, seed: int = 0) -> list[Row]:
    """``n`` reproducible random activities (same ``seed``, same rows)."""
    rnd = random.Random(seed)
    # Areas come from a stream of their own, so the other columns stay what they were before areas.
    geo = random.Random(seed + 7919)
    rows: list[Row] = []
    for i in range(n):
        first = rnd.choices(range(1, 8), _CHAPTER_WEIGHTS)[0]
        chapters = {first}
        if rnd.random() < 0.15:  # cross-cutting activities recorded under a second chapter
            chapters.add(rnd.choices(range(1, 8), _CHAPTER_WEIGHTS)[0])
        lead = rnd.choices(_ENTITY_KEYS, _LEAD_WEIGHTS)[0]
        participants = {lead}
        if rnd.random() < 0.25:
            participants.update(rnd.sample(_ENTITY_KEYS, rnd.randint(1, 3)))
        reach = rnd.choices(REACHES, _REACH_WEIGHTS)[0]
        year = rnd.choice(YEARS)
        areas: tuple[str, ...] = ()
        if reach == "country":
            areas = tuple(sorted(geo.sample(COUNTRIES, geo.randint(1, 2))))
        elif reach == "regional":
            areas = (geo.choice(REGIONS),)
        rows.append(Row(
            key=f"synthetic-{seed}-{i:06d}",
            chapters=tuple(sorted(chapters)),
            lead=lead,
            participants=tuple(sorted(participants)),
            reach=reach,
            year=year,
            areas=areas,
        ))
    return rows


def _iri(t: str) -> str:
    return f"<{t}>"


def register_ntriples() -> bytes:
    """The 23 matrix entities, the seven chapters and the reaches, enough for a store holding only synthetic data."""
    lines: list[str] = []
    for key, acronym in MATRIX_ENTITIES.items():
        e = _iri(ID[f"entity/{key}"])
        lines.append(f"{e} {_iri(RDF.type)} {_iri(UNG.MatrixEntity)} .")
        lines.append(f"{e} {_iri(RDF.type)} {_iri(UNG.Entity)} .")
        lines.append(f"{e} {_iri(UNG.acronym)} {Literal(acronym).n3()} .")
    for n, label in CHAPTER_LABELS.items():
        c = _iri(ID[f"chapter/{n}"])
        lines.append(f"{c} {_iri(RDF.type)} {_iri(UNG.Chapter)} .")
        lines.append(f"{c} {_iri(UNG.chapterNumber)} {Literal(n, datatype=XSD.integer).n3()} .")
        lines.append(f"{c} {_iri(SKOS.notation)} {Literal(NOTATIONS[n - 1]).n3()} .")
        lines.append(f"{c} {_iri(SKOS.prefLabel)} {Literal(label, lang='en').n3()} .")
    for reach in REACHES:
        r = _iri(ID[f"reach/{reach}"])
        lines.append(f"{r} {_iri(RDF.type)} {_iri(UNG.Reach)} .")
        lines.append(f"{r} {_iri(SKOS.prefLabel)} {Literal(reach.capitalize(), lang='en').n3()} .")
    for codes, cls in ((COUNTRIES, UNG.Country), (REGIONS, UNG.Region)):
        for code in codes:
            x = _iri(ID[f"area/{code}"])
            lines.append(f"{x} {_iri(RDF.type)} {_iri(cls)} .")
            lines.append(f"{x} {_iri(UNG.m49Code)} {Literal(code).n3()} .")
    return ("\n".join(lines) + "\n").encode()


def rows_to_ntriples(rows: list[Row], *, include_register: bool = False) -> bytes:
    """N-Triples of the rows (about 8 triples each), optionally with the register."""
    a, title = _iri(RDF.type), _iri(DCT_TITLE)
    chapter, lead, part = _iri(UNG.chapter), _iri(UNG.leadEntity), _iri(UNG.participant)
    reach, year, activity = _iri(UNG.reach), _iri(UNG.reportingYear), _iri(UNG.Activity)
    area = _iri(UNG.area)
    xsd_int = XSD.integer
    out: list[str] = []
    for r in rows:
        s = _iri(r.iri)
        out.append(f"{s} {a} {activity} .")
        out.append(f'{s} {title} "Synthetic activity {r.key}" .')
        out.extend(f"{s} {chapter} <{ID}chapter/{c}> ." for c in r.chapters)
        out.append(f"{s} {lead} <{ID}entity/{r.lead}> .")
        out.extend(f"{s} {part} <{ID}entity/{p}> ." for p in r.participants)
        out.append(f"{s} {reach} <{ID}reach/{r.reach}> .")
        out.append(f'{s} {year} "{r.year}"^^<{xsd_int}> .')
        out.extend(f"{s} {area} <{ID}area/{c}> ." for c in r.areas)
    body = ("\n".join(out) + "\n").encode()
    return register_ntriples() + body if include_register else body


def generate(n: int, seed: int = 0, *, include_register: bool = False) -> bytes:
    """N-Triples of ``n`` random activities (see :func:`generate_rows`)."""
    return rows_to_ntriples(generate_rows(n, seed), include_register=include_register)


__all__ = ["CHAPTER_LABELS", "MATRIX_ENTITIES", "Row", "generate", "generate_rows",
           "register_ntriples", "rows_to_ntriples"]
