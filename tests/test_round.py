"""Issue 11: the reporting round end to end, on a real on-disk Oxigraph store built from the bundled data.

Round board from the PROV records; duplicates, period mismatches and a second use of the same
file refused; stable Activity IDs; pre-filled templates that read back to the stored graph;
the diff before storing, matched by Activity ID.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from rdflib.compare import isomorphic, to_isomorphic

from ungass_kg.prefill import stored_activities, template_rows, template_view
from ungass_kg.rounds import NoRound, RoundExists, close_round, open_round, round_status
from ungass_kg.store import EmbeddedStore
from ungass_kg.submissions import SubmissionRejected, list_submissions, preview, submit
from ungass_kg.template import build_template, template_columns
from ungass_kg.validate import registers_for, validate_bytes

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
VALID = (EXAMPLES / "unodc-2023-valid.xlsx").read_bytes()
VALID_CSV = (EXAMPLES / "unodc-2023-valid.csv").read_text(encoding="utf-8")
INVALID = (EXAMPLES / "unodc-2023-invalid.xlsx").read_bytes()


@pytest.fixture
def store(writable_store: EmbeddedStore) -> EmbeddedStore:
    return writable_store  # the bundled knowledge base, this test's own copy (conftest)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _csv_text(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_board_from_prov_records(store: EmbeddedStore) -> None:
    deadline = dt.date.today() + dt.timedelta(days=30)
    status = open_round(store, 2023, deadline)
    assert status.roster == 23 and {r.status for r in status.rows} == {"not-received"}
    assert not any(r.late for r in status.rows)  # the deadline is still ahead
    with pytest.raises(RoundExists):
        open_round(store, 2023, deadline)
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    with pytest.raises(SubmissionRejected):
        submit(store, INVALID, "who-renamed.xlsx", "WHO", 2023)
    board = {r["entity"]: r for r in round_status(store, 2023).to_json()}
    assert board["UNODC"]["status"] == "accepted" and board["UNODC"]["warnings"] == 1  # 5 more are Info
    assert board["UNODC"]["violations"] == 0 and board["UNODC"]["submission"] == "unodc-2023"
    # the refused file counts as received, with its own report; the name of the file plays no part
    assert board["WHO"]["status"] == "violations" and board["WHO"]["violations"] == 26
    assert board["WHO"]["file"] == "who-renamed.xlsx" and board["WHO"]["report"].startswith("/submissions/who-2023/")
    assert len(board["WHO"]["sha256"]) == 64
    assert sum(1 for r in board.values() if r["status"] == "not-received") == 21
    closed = close_round(store, 2023)
    assert closed.closed is not None
    with pytest.raises(NoRound):
        round_status(store, 2022)


def test_a_late_file_is_late(store: EmbeddedStore) -> None:
    open_round(store, 2023, dt.date(2024, 1, 31), ["UNODC", "WHO"])
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    board = {r.entity: r for r in round_status(store, 2023).rows}
    assert list(board) == ["UNODC", "WHO"]
    assert board["UNODC"].late and board["UNODC"].status == "accepted"
    assert board["WHO"].late and board["WHO"].status == "not-received"


def test_the_same_file_as_another_entity_is_refused_naming_the_first(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    with pytest.raises(SubmissionRejected) as e:
        submit(store, VALID, "copy.xlsx", "UNAIDS", 2023)
    rules = {r.rule for r in e.value.report.results if r.severity == "Violation"}
    assert "same-file" in rules and "duplicate-of-submission" in rules
    same = next(r for r in e.value.report.results if r.rule == "same-file")
    assert "unodc-2023" in same.message
    assert [s.id for s in list_submissions(store)] == ["unodc-2023"]


def test_duplicates_of_another_submission_are_violations(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    # the same rows in another file (so not the same SHA-256): a Violation per row
    retyped = VALID_CSV.replace("\r\n", "\n").encode()
    with pytest.raises(SubmissionRejected) as e:
        submit(store, retyped, "again.csv", "UNAIDS", 2023)
    dup_rows = sorted(r.row for r in e.value.report.results if r.rule == "duplicate-of-submission")
    assert dup_rows == list(range(2, 10))


def test_a_row_of_another_year_is_a_violation_naming_the_row(store: EmbeddedStore) -> None:
    rows = _csv_rows(VALID_CSV)
    t = rows[0].index("Title")
    for r in rows[1:]:
        r[t] += " (second edition)"
    with pytest.raises(SubmissionRejected) as e:
        submit(store, _csv_text(rows), "period.csv", "UNODC", 2022)
    bad = [r for r in e.value.report.results if r.rule == "year-is-period"]
    assert sorted(r.row for r in bad) == list(range(2, 10))
    assert all(r.column == "Reporting year" and f"Row {r.row}" in r.message and "2022" in r.message for r in bad)
    assert list_submissions(store) == []


def _round_trip(store: EmbeddedStore, entity: str, period: int, fmt: str) -> tuple[int, bool]:
    regs = registers_for(store)
    stored = stored_activities(store, entity, period)
    rows = template_rows(stored.graph, regs)
    data = build_template(regs, fmt, rows)
    report = validate_bytes(data, f"pre.{fmt}", store, exclude_graphs=(stored.source,))
    assert report.data is not None
    back = template_view(report.data)
    return len(rows), isomorphic(to_isomorphic(back), to_isomorphic(stored.graph))


@pytest.mark.parametrize("entity", ["UNODC", "WHO", "OHCHR", "UPU", "UNHCR"])
def test_prefilled_template_of_bundled_data_reads_back_to_the_stored_graph(store: EmbeddedStore, entity: str) -> None:
    n, same = _round_trip(store, entity, 2023, "xlsx")
    assert n > 0 and same


def test_prefilled_template_with_every_column_filled_reads_back(store: EmbeddedStore) -> None:
    regs = registers_for(store)
    columns = template_columns()
    first = {r.name: r.choices[0][0] for r in (regs.chapters, regs.reach, regs.programmes, regs.activity_types,
                                                regs.focuses, regs.quantity_kinds)}
    row = {"Title": "Synthetic activity with every column", "Description": "Every column filled, once.",
           "Chapters": "I; IV", "Lead entity": "UNODC", "Participating entities": "UNODC; WHO; UNAIDS",
           "Other partners": "World Bank", "Partner note": "civil society organizations", "Reach": "Country",
           "Countries and regions": "Afghanistan; Colombia", "Reporting year": "2023",
           "Programme": first["Programmes"], "Activity types": first["Activity types"],
           "Thematic focuses": first["Thematic focuses"],
           "Quantities": f"120 {first['Quantity kinds']}; 7 {regs.quantity_kinds.choices[1][0]}",
           "Activity ID": ""}
    assert set(row) == {c.header for c in columns}
    text = _csv_text([[c.header for c in columns], [row[c.header] for c in columns]])
    rec = submit(store, text, "every-column.csv", "UNODC", 2023)
    assert rec.warnings == 0
    for fmt in ("xlsx", "csv"):
        n, same = _round_trip(store, "UNODC", 2023, fmt)
        assert n == 1 and same
    # every column made it into the store
    stored = stored_activities(store, "UNODC", 2023)
    [written] = template_rows(stored.graph, regs)
    assert all(written[h] not in (None, "") for h in row)


def test_dry_run_of_a_prefilled_template_changes_nothing(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    regs = registers_for(store)
    rows = template_rows(stored_activities(store, "UNODC", 2023).graph, regs)
    version = store.version()
    pv = preview(store, build_template(regs, "xlsx", rows), "pre.xlsx", "UNODC", 2023)
    assert pv.report.conforms and pv.diff.counts() == {"new": 0, "changed": 0, "withdrawn": 0, "unchanged": 8}
    assert store.version() == version


def test_diff_matches_by_activity_id_not_by_row(store: EmbeddedStore) -> None:
    submit(store, VALID, "unodc-2023-valid.xlsx", "UNODC", 2023)
    regs = registers_for(store)
    rows = template_rows(stored_activities(store, "UNODC", 2023).graph, regs)
    rows.reverse()  # another order: nothing moves
    ccp = next(r for r in rows if str(r["Title"]).startswith("Container Control"))
    ccp["Title"] = "Container Control Programme (corrected title)"
    ccp["Reach"] = "Regional"
    ccp["Countries and regions"] = "Afghanistan"
    gone = rows.pop(0)
    rows.append({"Title": "A new activity", "Chapters": "I", "Lead entity": "UNODC",
                 "Participating entities": "UNODC", "Reach": "Global", "Reporting year": 2023})
    pv = preview(store, build_template(regs, "csv", rows), "next.csv", "UNODC", 2023)
    assert pv.diff.counts() == {"new": 1, "changed": 1, "withdrawn": 1, "unchanged": 6}
    [changed] = pv.diff.changed
    assert changed.id == ccp["Activity ID"]  # the corrected title kept its identity
    assert changed.fields["Title"] == ("Container Control Programme (CCP)", ccp["Title"])
    assert changed.fields["Reach"] == ("Global", "Regional")
    assert [i for i, _ in pv.diff.withdrawn] == [gone["Activity ID"]]
    # stored for real: the corrected activity keeps its IRI
    rec = submit(store, build_template(regs, "csv", rows), "next.csv", "UNODC", 2023, replace=True)
    assert rec.version == 2
    again = {r["Activity ID"]: r for r in template_rows(stored_activities(store, "UNODC", 2023).graph, regs)}
    assert again[str(ccp["Activity ID"])]["Title"] == ccp["Title"]
