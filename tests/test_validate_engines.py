"""The fast path gives pySHACL's report: every example and a randomised corpus, result for result.

The fast path is compiled SHACL Core (validate/core.py) and SHACL-SPARQL set-at-a-time
(validate/sparql.py) on Oxigraph; the reference is plain pySHACL (``advanced=True``: every
shape, the ``sh:sparql`` rules included, as any SHACL engine would run them) over the same data
graph. Both must give the same focus nodes, paths, values, source shapes, components,
severities and messages. This also shows the duplicate rules of ``shapes/activity-sparql.ttl``
run in plain pySHACL.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from ungass_kg.ingest import columns_from_shapes, read_submission
from ungass_kg.namespaces import SH, UNG
from ungass_kg.store import EmbeddedStore, SelectResult
from ungass_kg.validate import registers_for, validate_bytes
from ungass_kg.validate.engine import raw_results
from ungass_kg.validate.partition import parts
from ungass_kg.validate.shapes import activity_shapes
from ungass_kg.validate.sparql import Stats

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
SPARQL = str(SH.SPARQLConstraintComponent)


def _both(data: bytes, name: str, store: EmbeddedStore) -> tuple[Counter, Counter, Stats]:
    registers = registers_for(store)
    _kind, mapped = read_submission(data, name, columns_from_shapes(activity_shapes()), registers, prefix="t")
    stats = Stats()
    fast = Counter(r.key() for r in raw_results(mapped, registers, store, stats=stats))
    reference = Counter(r.key() for r in raw_results(mapped, registers, store, reference=True))
    return fast, reference, stats


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".csv", ".xlsx")))
def test_every_example_gives_pyshacls_results(bundled_store: EmbeddedStore, name: str) -> None:
    fast, reference, stats = _both((EXAMPLES / name).read_bytes(), name, bundled_store)
    assert fast == reference
    assert stats.per_node == 0 and stats.set_at_a_time == 6  # every rule ran once for all activities
    if "invalid" in name:
        assert len(fast) > 20


def _rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO((EXAMPLES / "unodc-2023-valid.csv").read_text(encoding="utf-8-sig"))))
    return rows[0], [r for r in rows[1:] if any(r)]


def _stored_title(store: EmbeddedStore) -> str:
    res = store.query("PREFIX ung: <https://w3id.org/ungass-kg/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
                      "SELECT ?t WHERE { GRAPH ?g { ?a ung:leadEntity <https://w3id.org/ungass-kg/id/entity/unodc> ; "
                      "ung:reportingYear 2023 ; dct:title ?t } } ORDER BY ?t LIMIT 1")
    assert isinstance(res, SelectResult) and res.rows
    return str(res.rows[0]["t"])


# (column, value) faults; "{stored}" is the title of an activity already in the store
FAULTS = [
    ("Title", ""), ("Title", "ab"), ("Title", "{stored}"), ("Title", "{STORED}"), ("Lead entity", "UNDOC"),
    ("Lead entity", ""), ("Lead entity", "UNODC; WHO"), ("Lead entity", "WHO"), ("Chapters", ""),
    ("Chapters", "VIII"), ("Chapters", "I; IX"), ("Participating entities", "UNHRC"), ("Participating entities", ""),
    ("Reach", ""), ("Reach", "Everywhere"), ("Reach", "Country"), ("Reach", "Regional"), ("Reach", "Global; Country"),
    ("Countries and regions", "Atlantis"), ("Countries and regions", ""), ("Reporting year", "2016"),
    ("Reporting year", "last year"), ("Reporting year", "2023-03-15"), ("Reporting year", "2099"),
    ("Reporting year", ""), ("Reporting year", "2023.5"), ("Programme", "NOPE"), ("Programme", ""),
    ("Quantities", "-5 people trained"), ("Quantities", "4.5 people trained"), ("Quantities", "many people trained"),
    ("Quantities", "12"), ("Quantities", "12 unicorns"), ("Activity types", "Juggling"), ("Thematic focuses", "Cats"),
    ("Other partners", "Acme Inc"), ("Description", ""), ("Partner note", "a; b"),
]


def _corpus(seed: int, n: int, stored: str) -> bytes:
    rnd = random.Random(seed)
    header, base = _rows()
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    titles: list[str] = []
    for i in range(n):
        row = list(base[rnd.randrange(len(base))])
        row[header.index("Title")] = f"Synthetic activity {seed}-{i}"
        for _ in range(rnd.choice((0, 0, 1, 1, 2, 3))):
            col, value = rnd.choice(FAULTS)
            if col in header:
                row[header.index(col)] = value.replace("{stored}", stored).replace("{STORED}", stored.upper())
        if titles and rnd.random() < 0.1:  # the same activity twice in the file, in another case
            row[header.index("Title")] = rnd.choice(titles).swapcase()
        titles.append(row[header.index("Title")])
        w.writerow(row)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("seed", range(4))
def test_a_random_corpus_gives_pyshacls_results(bundled_store: EmbeddedStore, seed: int) -> None:
    data = _corpus(seed, 60, _stored_title(bundled_store))
    fast, reference, stats = _both(data, f"random-{seed}.csv", bundled_store)
    assert fast == reference
    assert stats.per_node == 0
    assert sum(fast.values()) > 10  # the faults were found, not just agreed on


def _csv(rows: list[dict[str, str]]) -> bytes:
    header, base = _rows()
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for r in rows:
        row = list(base[0])
        for k, v in r.items():
            row[header.index(k)] = v
        w.writerow(row)
    return out.getvalue().encode("utf-8")


def test_duplicates_in_the_file_and_in_the_store(bundled_store: EmbeddedStore) -> None:
    """One normalisation for both rules (SPARQL LCASE): case differs, letters do not."""
    stored = _stored_title(bundled_store)
    data = _csv([{"Title": "Drug checking services"}, {"Title": "DRUG CHECKING SERVICES"},
                 {"Title": "STRASSE project"}, {"Title": "Straße project"}, {"Title": stored.upper()}])
    report = validate_bytes(data, "dups.csv", bundled_store)
    by_rule = {(r.row, r.rule): r for r in report.results if r.rule.startswith("duplicate")}
    # rows 2 and 3 duplicate each other (a Violation) and are not "already stored"
    assert set(by_rule) == {(2, "duplicate-in-submission"), (3, "duplicate-in-submission"),
                            (6, "duplicate-in-store")}
    assert by_rule[(6, "duplicate-in-store")].severity == "Warning"
    assert (by_rule[(6, "duplicate-in-store")].suggestion or "").startswith("already stored as https://w3id.org/")
    fast, reference, _ = _both(data, "dups.csv", bundled_store)
    assert fast == reference
    assert sum(n for k, n in fast.items() if str(k[6]) == SPARQL) == 3


@pytest.mark.parametrize("seed", range(3))
def test_validating_in_parts_gives_the_same_results(bundled_store: EmbeddedStore, seed: int) -> None:
    """Parts of 7 activities (the file has 60): duplicates across the parts' boundaries still found."""
    data = _corpus(seed, 60, _stored_title(bundled_store))
    registers = registers_for(bundled_store)
    _kind, mapped = read_submission(data, "parts.csv", columns_from_shapes(activity_shapes()), registers, prefix="t")
    stats = Stats()
    parts = Counter(r.key() for r in raw_results(mapped, registers, bundled_store, stats=stats, part_rows=7))
    whole = Counter(r.key() for r in raw_results(mapped, registers, bundled_store, part_rows=10_000))
    assert parts == whole
    assert stats.set_at_a_time >= 6 * 8  # it did run in parts (60 activities, 7 a part)
    rules = {str(k[7]).rsplit("#", 1)[-1] for k in parts if k[7] is not None}
    assert {"duplicate-in-submission", "duplicate-in-store"} <= rules


def test_titles_equal_in_lower_case_share_a_part_and_rdf_input_is_whole() -> None:
    a, b, q = URIRef("http://example.org/a"), URIRef("http://example.org/b"), BNode()
    t = URIRef("http://purl.org/dc/terms/title")
    owners = {a: a, b: b, q: a}
    typed = [(a, RDF.type, UNG.Activity), (b, RDF.type, UNG.Activity), (a, UNG.statedQuantity, q),
             (q, RDF.value, Literal(1))]
    split = parts([*typed, (a, t, Literal("Straße X")), (b, t, Literal("STRASSE x"))], owners, [], size=1)
    assert split is not None and len(split) == 2  # LCASE keeps ß: two titles
    assert (q, RDF.value, Literal(1)) in split[0]  # a quantity goes with its activity
    same = parts([*typed, (a, t, Literal("Drug checking")), (b, t, Literal("DRUG CHECKING"))], owners, [], size=1)
    assert same is not None and len(same) == 1
    assert parts(typed, {}, [], size=1) is None  # RDF input: no owners known
