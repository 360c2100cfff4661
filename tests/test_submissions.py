"""submit / list / delete on a real on-disk Oxigraph store built from the bundled data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from ungass_kg.errors import InputError
from ungass_kg.namespaces import ID, SUBMISSIONS_GRAPH, UNG, sparql_prologue, submission_graph
from ungass_kg.store import EmbeddedStore, GraphResult, SelectResult
from ungass_kg.submissions import (
    SubmissionExists,
    SubmissionRejected,
    delete_submission,
    list_submissions,
    submit,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
VALID = (EXAMPLES / "unodc-2023-valid.xlsx").read_bytes()
INVALID = (EXAMPLES / "unodc-2023-invalid.xlsx").read_bytes()
GRAPH = str(submission_graph("unodc", 2023))


@pytest.fixture
def store(writable_store: EmbeddedStore) -> EmbeddedStore:
    return writable_store  # the bundled knowledge base, this test's own copy (conftest)


def _snapshot(store: EmbeddedStore) -> list[tuple[str, int]]:
    return store.graphs()


def test_submit_stores_graph_and_prov(store: EmbeddedStore, tmp_path: Path) -> None:
    rec = submit(store, VALID, "unodc-2023-valid.xlsx", "unodc", 2023, replace=False)
    assert (rec.id, rec.graph, rec.acronym, rec.period, rec.activities) == ("unodc-2023", GRAPH, "UNODC", 2023, 8)
    assert rec.sha256 == hashlib.sha256(VALID).hexdigest() and not rec.replaced
    # the activities, each reported in the submission
    res = store.query(sparql_prologue() + f"""SELECT (COUNT(?a) AS ?n) WHERE {{
        GRAPH <{GRAPH}> {{ ?a a ung:Activity ; ung:reportedIn <{ID['submission/unodc-2023']}> ;
                            ung:leadEntity ?l ; ung:participant ?l }} }}""")
    assert isinstance(res, SelectResult) and int(str(res.rows[0]["n"])) == 8
    # PROV: who, when, which file, its checksum, the validation outcome
    prov = store.query(sparql_prologue() + f"""PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?who ?when ?file ?sha ?ok WHERE {{ GRAPH <{SUBMISSIONS_GRAPH}> {{
          ?s a ung:Submission ; prov:wasAttributedTo ?who ; prov:generatedAtTime ?when ; prov:wasDerivedFrom ?f ;
             prov:wasGeneratedBy/prov:generated ?rep .
          ?f dct:title ?file ; spdx:checksum/spdx:checksumValue ?sha .
          ?rep a sh:ValidationReport ; sh:conforms ?ok }} }}""")
    assert isinstance(prov, SelectResult) and len(prov.rows) == 1
    row = prov.rows[0]
    assert row["who"] == ID["entity/unodc"] and str(row["file"]) == "unodc-2023-valid.xlsx"
    assert str(row["sha"]) == rec.sha256 and str(row["ok"]) == "true" and str(row["when"]) == rec.received
    # the original bytes are kept by checksum in the store folder
    assert store.path is not None
    kept = store.path / "originals" / f"{rec.sha256}.xlsx"
    assert kept.read_bytes() == VALID
    # listed
    [listed] = list_submissions(store)
    assert (listed.id, listed.acronym, listed.activities, listed.sha256, listed.filename) == (
        "unodc-2023", "UNODC", 8, rec.sha256, "unodc-2023-valid.xlsx")
    assert listed.warnings == rec.warnings > 0


def test_second_submit_without_replace_is_refused_and_changes_nothing(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    before, version = _snapshot(store), store.version()
    with pytest.raises(SubmissionExists, match="--replace"):
        submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    assert _snapshot(store) == before and store.version() == version


def test_replace_swaps_the_submission_atomically(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    csv_bytes = (EXAMPLES / "unodc-2023-valid.csv").read_bytes()
    rec = submit(store, csv_bytes, "unodc-2023-valid.csv", "UNODC", 2023, replace=True)
    assert rec.replaced and rec.activities == 8
    # no duplicate-in-store warnings against the graph being replaced
    subs = list_submissions(store)
    assert [(s.id, s.filename, s.sha256) for s in subs] == [("unodc-2023", "unodc-2023-valid.csv", rec.sha256)]
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{SUBMISSIONS_GRAPH}> {{ ?s ?p ?o }} }}")
    assert isinstance(res, GraphResult)
    assert len(list(res.graph.subjects(RDF.type, UNG.Submission))) == 1


def test_violations_store_no_activity_but_record_the_attempt(store: EmbeddedStore) -> None:
    # issue 11: a refused file counts as received, so its attempt and report are recorded (PROV);
    # every other graph, and so every activity, stays as it was
    before = dict(_snapshot(store))
    with pytest.raises(SubmissionRejected) as e:
        submit(store, INVALID, "unodc-2023-invalid.xlsx", "UNODC", 2023)
    assert e.value.report.violations == 26 and "nothing was stored" in str(e.value)
    assert e.value.exit_code == 1 and e.value.http_status == 422
    after = dict(_snapshot(store))
    changed = {g for g in after if after[g] != before.get(g)}
    assert str(SUBMISSIONS_GRAPH) in changed and GRAPH not in after
    assert all(g == str(SUBMISSIONS_GRAPH) or "/graph/report/unodc-2023/" in g for g in changed), changed
    assert list_submissions(store) == []
    res = store.query(sparql_prologue() + f"""PREFIX ungsh: <https://w3id.org/ungass-kg/shapes#>
        SELECT ?n WHERE {{ GRAPH <{SUBMISSIONS_GRAPH}> {{ ?att a ung:SubmissionAttempt ; prov:generated ?rep .
        ?rep sh:conforms false ; ungsh:violationCount ?n }} }}""")
    assert isinstance(res, SelectResult) and [int(str(r["n"])) for r in res.rows] == [26]


@pytest.mark.parametrize("entity,period,needle", [
    ("UNDOC", 2023, "did you mean UNODC?"),
    ("UNODC", 2016, "outside 2017"),
])
def test_bad_entity_or_period(store: EmbeddedStore, entity: str, period: int, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        submit(store, VALID, "unodc-2023-valid.xlsx", entity, period)
    assert list_submissions(store) == []


def test_delete_submission(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    assert delete_submission(store, "unodc-2023") is True
    assert GRAPH not in store.graph_names() and list_submissions(store) == []
    assert delete_submission(store, "unodc-2023") is False


def test_two_periods_keep_separate_graphs(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    # the same activities reported for 2022: their own file, with 2022 as the reporting year
    csv_2022 = (EXAMPLES / "unodc-2023-valid.csv").read_text(encoding="utf-8").replace(",2023,", ",2022,")
    submit(store, csv_2022.encode(), "unodc-2022.csv", "UNODC", 2022)
    assert [s.id for s in list_submissions(store)] == ["unodc-2022", "unodc-2023"]
    assert delete_submission(store, "unodc-2022")
    assert [s.id for s in list_submissions(store)] == ["unodc-2023"]
