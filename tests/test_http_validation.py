"""Validation and submissions over HTTP (real server): the CLI's report, formats, the write token."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF

from tests.cli import run
from tests.conftest import ROOT, LiveServer, serving_copy

EXAMPLES = ROOT / "data" / "examples"
VALID_CSV = EXAMPLES / "unodc-2023-valid.csv"
VALID_XLSX = EXAMPLES / "unodc-2023-valid.xlsx"
INVALID_XLSX = EXAMPLES / "unodc-2023-invalid.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SH = Namespace("http://www.w3.org/ns/shacl#")
TOKEN = "submit-token"
SUBMISSION_GRAPH = "https://w3id.org/ungass-kg/graph/submission/unodc-2023"


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """Blank-node labels differ from run to run; everything else must be identical."""
    for r in report["results"]:
        if str(r.get("focus_node") or "").startswith("_:"):
            r["focus_node"] = "_:"
    return report


def cli_report(store: Path, file: Path) -> dict[str, Any]:
    out = run("validate", file, "--format", "json", store=store)
    assert out.returncode in (0, 1), out.stderr
    return comparable(json.loads(out.stdout))


@pytest.fixture(scope="module")
def cli_store(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("cli-validate") / "store"
    shutil.copytree(bundled_store_path, copy)
    return copy


def post_file(server: LiveServer, path: Path, media_type: str, **kw: object) -> requests.Response:
    with path.open("rb") as fh:
        return requests.post(server.url + "/validate", files={"file": (path.name, fh, media_type)},
                             timeout=300, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("file,media_type", [(VALID_CSV, "text/csv"), (INVALID_XLSX, XLSX)])
def test_report_is_the_command_lines(live_server: LiveServer, cli_store: Path, file: Path, media_type: str) -> None:
    r = post_file(live_server, file, media_type, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    assert comparable(r.json()) == cli_report(cli_store, file)
    assert r.headers["X-Conforms"] == ("true" if r.json()["conforms"] else "false")


def test_invalid_file_names_rows_and_columns(live_server: LiveServer) -> None:
    report = post_file(live_server, INVALID_XLSX, XLSX).json()
    assert report["conforms"] is False and report["counts"]["Violation"] > 0
    located = [x for x in report["results"] if x["severity"] == "Violation" and x["row"] and x["column"]]
    assert located, "violations in a spreadsheet name their row and column"


def test_raw_body_gives_the_same_report(live_server: LiveServer) -> None:
    multipart = post_file(live_server, VALID_CSV, "text/csv").json()
    raw = requests.post(live_server.url + "/validate", params={"filename": VALID_CSV.name},
                        data=VALID_CSV.read_bytes(), headers={"Content-Type": "text/csv"}, timeout=300)
    assert raw.status_code == 200 and comparable(raw.json()) == comparable(multipart)


def test_report_formats_by_accept(live_server: LiveServer) -> None:
    html = post_file(live_server, INVALID_XLSX, XLSX, headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "does not conform" in html.text
    csv_ = post_file(live_server, INVALID_XLSX, XLSX, headers={"Accept": "text/csv"})
    assert csv_.text.splitlines()[0].startswith("severity,sheet,row,column")
    ttl = post_file(live_server, INVALID_XLSX, XLSX, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.text, format="turtle")
    report = next(g.subjects(RDF.type, SH.ValidationReport))
    assert (report, SH.conforms, Literal(False)) in g
    assert len(list(g.objects(report, SH.result))) == len(post_file(live_server, INVALID_XLSX, XLSX).json()["results"])


def test_unreadable_files_are_400_naming_the_file(live_server: LiveServer) -> None:
    r = requests.post(live_server.url + "/validate", files={"file": ("broken.ttl", b"@prefix broken", "text/turtle")},
                      timeout=60)
    assert r.status_code == 400 and "broken.ttl" in r.json()["detail"]
    r = requests.post(live_server.url + "/validate", data=b"\x00\x01",
                      headers={"Content-Type": "application/octet-stream"}, timeout=60)
    assert r.status_code == 415
    r = requests.post(live_server.url + "/validate", files={"other": ("x.csv", b"a,b", "text/csv")}, timeout=60)
    assert r.status_code == 400 and "'file'" in r.json()["detail"]


# --- submissions: a server of their own, since they write ---------------------------------------

@pytest.fixture(scope="module")
def writable(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("submissions-http"),
                      {"UNGASS_KG_WRITE_TOKEN": TOKEN}) as s:
        yield s


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def submit(server: LiveServer, path: Path, media_type: str, headers: dict[str, str], **fields: str
           ) -> requests.Response:
    with path.open("rb") as fh:
        return requests.post(server.url + "/submissions", files={"file": (path.name, fh, media_type)},
                             data={"entity": "UNODC", "period": "2023", **fields}, headers=headers, timeout=300)


def graph_exists(server: LiveServer) -> bool:
    r = requests.get(server.url + "/sparql", params={"query": f"ASK {{ GRAPH <{SUBMISSION_GRAPH}> {{ ?s ?p ?o }} }}"},
                     timeout=60)
    return bool(r.json()["boolean"])


def test_submission_lifecycle(writable: LiveServer) -> None:
    listing = requests.get(writable.url + "/submissions", timeout=60)
    assert listing.status_code == 200 and listing.json()["submissions"] == []
    etag = listing.headers["ETag"]

    assert submit(writable, VALID_CSV, "text/csv", {}).status_code == 401
    assert submit(writable, VALID_CSV, "text/csv", auth("wrong")).status_code == 403
    assert not graph_exists(writable)

    r = submit(writable, VALID_CSV, "text/csv", auth())
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == "/submissions/unodc-2023"
    assert r.json()["id"] == "unodc-2023" and r.json()["activities"] > 0
    assert graph_exists(writable)

    listing = requests.get(writable.url + "/submissions", headers={"If-None-Match": etag}, timeout=60)
    assert listing.status_code == 200  # the store changed, so the old ETag no longer matches
    [rec] = listing.json()["submissions"]
    assert rec["filename"] == VALID_CSV.name and len(rec["sha256"]) == 64 and rec["received"]
    assert "original" not in rec  # a server path is not shown

    again = submit(writable, VALID_CSV, "text/csv", auth())
    assert again.status_code == 409
    replaced = submit(writable, VALID_XLSX, XLSX, auth(), replace="true")
    assert replaced.status_code == 201 and replaced.json()["replaced"] is True

    assert requests.delete(writable.url + "/submissions/unodc-2023", timeout=60).status_code == 401
    gone = requests.delete(writable.url + "/submissions/unodc-2023", headers=auth(), timeout=60)
    assert gone.status_code == 204 and not graph_exists(writable)
    assert requests.delete(writable.url + "/submissions/unodc-2023", headers=auth(), timeout=60).status_code == 404


def test_rejected_submission_stores_no_activity(writable: LiveServer) -> None:
    # issue 11: the refused file is recorded as received (graph/submissions, its report's graph);
    # nothing else changes
    outside = ("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } "
               "FILTER (?g != <https://w3id.org/ungass-kg/graph/submissions> "
               "&& !STRSTARTS(STR(?g), 'https://w3id.org/ungass-kg/graph/report/')) }")
    before = requests.get(writable.url + "/sparql", params={"query": outside}, timeout=60).json()
    r = submit(writable, INVALID_XLSX, XLSX, auth())
    assert r.status_code == 422
    body = r.json()
    assert body["report"]["conforms"] is False and body["report"]["counts"]["Violation"] > 0
    after = requests.get(writable.url + "/sparql", params={"query": outside}, timeout=60).json()
    assert after == before
    attempts = requests.get(writable.url + "/sparql", timeout=60, params={"query": (
        "PREFIX ung: <https://w3id.org/ungass-kg/ontology#> ASK { ?a a ung:SubmissionAttempt }")}).json()
    assert attempts["boolean"] is True


def test_submission_needs_entity_and_period(writable: LiveServer) -> None:
    with VALID_CSV.open("rb") as fh:
        r = requests.post(writable.url + "/submissions", files={"file": (VALID_CSV.name, fh, "text/csv")},
                          headers=auth(), timeout=60)
    assert r.status_code == 400 and "entity" in r.json()["detail"]
