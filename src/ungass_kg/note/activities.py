"""Section VIII's material: the period's inter-agency activities and what each states.

Two queries of the draft's own (not figures, so not in the saved-query catalog): one row per
inter-agency activity of the period (two or more participating matrix entities, as the figures
count them) and one row per stated quantity. The period is bound in a VALUES block, never
pasted as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.namespace import XSD

from ..figures.table import Value
from ..figures.table import rows as typed_rows
from ..namespaces import sparql_prologue
from ..queries import Column
from ..store import SelectResult, Store
from .facts import Result

ACTIVITIES = """
SELECT ?activity ?title ?chapterNumber ?lead
       (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?participants)
       (GROUP_CONCAT(DISTINCT STR(?other); separator=" ") AS ?others)
       (SAMPLE(?pn) AS ?partnerNote)
       (GROUP_CONCAT(DISTINCT ?areaLabel; separator="|") AS ?areas)
       (GROUP_CONCAT(DISTINCT ?progLabel; separator="|") AS ?programmes)
WHERE {
  VALUES (?year) { (UNDEF) }
  ?activity a ung:Activity ; ung:reportingYear ?year ; dct:title ?title ; ung:leadEntity ?lead .
  { SELECT ?activity (MIN(?n) AS ?chapterNumber) WHERE {
      ?activity ung:chapter/ung:chapterNumber ?n } GROUP BY ?activity }
  { SELECT ?activity WHERE { ?activity ung:participant ?m . ?m a ung:MatrixEntity }
    GROUP BY ?activity HAVING (COUNT(DISTINCT ?m) >= 2) }
  ?activity ung:participant ?p .
  OPTIONAL { ?activity ung:otherPartner ?other }
  OPTIONAL { ?activity ung:partnerNote ?pn }
  OPTIONAL { ?activity ung:area/skos:prefLabel ?areaLabel FILTER (LANGMATCHES(LANG(?areaLabel), "en")) }
  OPTIONAL { ?activity ung:programme ?prog . ?prog skos:prefLabel ?progLabel
             FILTER (LANGMATCHES(LANG(?progLabel), "en")) }
}
GROUP BY ?activity ?title ?chapterNumber ?lead
ORDER BY ?chapterNumber ?title ?activity
"""
QUANTITIES = """
SELECT ?activity ?kind ?value ?approximate ?qualifier WHERE {
  VALUES (?year) { (UNDEF) }
  ?activity a ung:Activity ; ung:reportingYear ?year ; ung:statedQuantity ?q .
  ?q rdf:value ?value ; ung:quantityKind/skos:prefLabel ?kind .
  FILTER (LANGMATCHES(LANG(?kind), "en") || LANG(?kind) = "")
  OPTIONAL { ?q ung:approximate ?approximate }
  OPTIONAL { ?q ung:qualifier ?qualifier }
}
ORDER BY ?activity ?kind ?value
"""
TEXTS = {"note-activities": ACTIVITIES, "note-quantities": QUANTITIES}
_COLUMNS = {
    "note-activities": (("activity", "iri"), ("title", "string"), ("chapterNumber", "integer"), ("lead", "iri"),
                        ("participants", "string"), ("others", "string"), ("partnerNote", "string"),
                        ("areas", "string"), ("programmes", "string")),
    "note-quantities": (("activity", "iri"), ("kind", "string"), ("value", "integer"),
                        ("approximate", "boolean"), ("qualifier", "string")),
}


def bound_text(name: str, period: int) -> str:
    """The query with the period bound (what the HTML links to the SPARQL endpoint with)."""
    year = Literal(int(period), datatype=XSD.integer).n3()
    return sparql_prologue() + TEXTS[name].replace("VALUES (?year) { (UNDEF) }", f"VALUES (?year) {{ ({year}) }}")


def run(store: Store, name: str, period: int) -> Result:
    res = store.query(bound_text(name, period))
    assert isinstance(res, SelectResult)
    cols = tuple(Column(n, t, "", "", "") for n, t in _COLUMNS[name])
    return Result(name, (("period", str(period)),), typed_rows(res, cols))


@dataclass
class Activity:
    row: int
    iri: str
    title: str
    chapter: int
    lead: str
    participants: list[str]
    others: list[str]
    partner_note: str
    areas: list[str]
    programmes: list[str]
    quantities: list[int] = field(default_factory=list)  # row indexes in the quantities result


def _split(v: Value, sep: str) -> list[str]:
    return sorted(x for x in str(v or "").split(sep) if x)


def activities(store: Store, period: int) -> tuple[list[Activity], Result, Result]:
    acts = run(store, "note-activities", period)
    qty = run(store, "note-quantities", period)
    out = []
    for i, r in enumerate(acts.rows):
        out.append(Activity(
            row=i, iri=str(r["activity"]), title=str(r["title"]), chapter=int(r["chapterNumber"] or 0),
            lead=str(r["lead"]), participants=_split(r["participants"], " "), others=_split(r["others"], " "),
            partner_note=str(r["partnerNote"] or ""), areas=_split(r["areas"], "|"),
            programmes=_split(r["programmes"], "|"),
            quantities=[k for k, q in enumerate(qty.rows) if q["activity"] == r["activity"]]))
    return out, acts, qty


__all__ = ["ACTIVITIES", "QUANTITIES", "TEXTS", "Activity", "activities", "bound_text", "run"]
