"""Issue 11 on the web (real server on loopback): the round board, templates, HTML errors, the report page,
the dry-run diff and the integrity rules through the HTTP API."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import requests

from tests.cli import run_process
from tests.conftest import ROOT, LiveServer, start_server, stop_server

EXAMPLES = ROOT / "data" / "examples"
VALID_XLSX = EXAMPLES / "unodc-2023-valid.xlsx"
INVALID_XLSX = EXAMPLES / "unodc-2023-invalid.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOKEN = "round-token"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("round-http")
    shutil.copytree(bundled_store_path, base / "store")
    # the round is opened by the Secretariat on the command line, before the server starts
    r = run_process("round", "open", "2023", "--deadline", "2099-01-31", store=base / "store")
    assert r.returncode == 0, r.stderr
    s = start_server(base / "store", base / "server.log", {"UNGASS_KG_WRITE_TOKEN": TOKEN,
                                                            "UNGASS_KG_MAX_BODY": "2000000"})
    yield s
    stop_server(s)


def post(server: LiveServer, path: Path, entity: str, name: str | None = None, **fields: str) -> requests.Response:
    with path.open("rb") as fh:
        return requests.post(server.url + "/submissions", files={"file": (name or path.name, fh, XLSX)},
                             data={"entity": entity, "period": "2023", **fields},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)


def test_board_templates_and_integrity_over_http(server: LiveServer) -> None:
    assert post(server, VALID_XLSX, "UNODC").status_code == 201
    assert post(server, INVALID_XLSX, "WHO").status_code == 422
    # the same file as another entity: refused through the API too, naming the first submission
    dup = post(server, VALID_XLSX, "UNAIDS", name="renamed.xlsx")
    assert dup.status_code == 422
    rules = {r["rule"] for r in dup.json()["report"]["results"]}
    assert {"same-file", "duplicate-of-submission"} <= rules
    assert any("unodc-2023" in r["message"] for r in dup.json()["report"]["results"] if r["rule"] == "same-file")
    board = requests.get(server.url + "/rounds/2023.json", timeout=60).json()
    by = {r["entity"]: r for r in board}
    assert len(board) == 23 and by["UNODC"]["status"] == "accepted" and by["WHO"]["status"] == "violations"
    assert by["UNAIDS"]["status"] == "violations"  # a refused file counts as received
    assert sum(1 for r in board if r["status"] == "not-received") == 20
    # the CSV and the page say the same
    rows = list(csv.DictReader(io.StringIO(requests.get(server.url + "/rounds/2023.csv", timeout=60).text)))
    assert {r["entity"]: r["status"] for r in rows} == {r["entity"]: r["status"] for r in board}
    page = requests.get(server.url + "/rounds/2023", headers=BROWSER, timeout=60)
    assert page.headers["content-type"].startswith("text/html") and "site.css" in page.text
    assert "received with violations" in page.text and "/submissions/who-2023/attempts/" in page.text
    # the report of WHO's refused file, in the site's layout
    report = requests.get(server.url + by["WHO"]["report"], headers=BROWSER, timeout=60)
    assert report.status_code == 200 and "Summary by rule" in report.text and "Check another file" in report.text
    assert requests.get(server.url + by["WHO"]["report"], timeout=60).json()["counts"]["Violation"] == 26
    # home page and catalogue link the round
    assert "/rounds/2023" in requests.get(server.url + "/", timeout=60).text
    cat = requests.get(server.url + "/catalog", headers={"Accept": "text/turtle"}, timeout=60).text
    assert "round-2023" in cat and "rounds/2023.csv" in cat
    from rdflib import Graph

    from ungass_kg.present import dcat

    ok, results = dcat.check_dcat_ap(Graph().parse(data=cat, format="turtle"))
    assert ok, [m for sev, m in results if sev == "Violation"]
    assert not [m for sev, m in results if "round-2023" in m and ("theme" in m or sev == "Violation")]
    # versions
    assert post(server, VALID_XLSX, "UNODC").status_code == 409  # needs replace
    csv_bytes = (EXAMPLES / "unodc-2023-valid.csv").read_bytes()
    r = requests.post(server.url + "/submissions", files={"file": ("v2.csv", csv_bytes, "text/csv")},
                      data={"entity": "UNODC", "period": "2023", "replace": "true"},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
    assert r.status_code == 201, r.text
    versions = requests.get(server.url + "/submissions/unodc-2023/versions", timeout=60).json()["versions"]
    assert [(v["version"], v["current"], v["file"]) for v in versions] == [
        (1, False, "unodc-2023-valid.xlsx"), (2, True, "v2.csv")]
    assert versions[1]["revision_of"] == versions[0]["iri"]
    n = requests.get(server.url + "/sparql", timeout=60, params={"query": (
        "PREFIX ung: <https://w3id.org/ungass-kg/ontology#> SELECT (COUNT(DISTINCT ?a) AS ?n) "
        "{ GRAPH <https://w3id.org/ungass-kg/graph/submission/unodc-2023> { ?a a ung:Activity } }")}).json()
    assert n["results"]["bindings"][0]["n"]["value"] == "8"  # the figures see one version only


def test_templates_on_the_web(server: LiveServer, tmp_path: Path) -> None:
    x = requests.get(server.url + "/template.xlsx", timeout=60)
    assert x.status_code == 200 and x.content[:2] == b"PK" and x.headers["content-type"] == XLSX
    wb = openpyxl.load_workbook(io.BytesIO(x.content))
    assert "Activity ID" in [c.value for c in wb["Activities"][1]]
    c = requests.get(server.url + "/template.csv", timeout=60)
    assert c.text.splitlines()[0].startswith("Title,Description,Chapters")
    assert requests.get(server.url + "/template.xlsx?entity=WHO&prefill=2023", timeout=60).status_code == 401
    pre = requests.get(server.url + "/template.csv?entity=WHO&prefill=2023",
                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert pre.status_code == 200 and len(pre.text.splitlines()) == 8  # header + WHO's 7 note activities of 2023
    page = requests.get(server.url + "/validate", headers=BROWSER, timeout=60).text
    assert "/template.xlsx" in page and "/template.csv" in page
    # the dry run over HTTP: the pre-filled file changes nothing
    f = tmp_path / "who.csv"
    f.write_bytes(pre.content)
    dry = requests.post(server.url + "/submissions", files={"file": ("who.csv", f.read_bytes(), "text/csv")},
                        data={"entity": "WHO", "period": "2023", "dry_run": "true"},
                        headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300).json()
    assert (dry["new"], dry["changed"], dry["withdrawn"], dry["unchanged"]) == (0, 0, 0, 7)


def test_browser_errors_are_pages_in_the_layout(server: LiveServer) -> None:
    junk = requests.post(server.url + "/validate", headers=BROWSER, timeout=60,
                         files={"file": ("junk.xlsx", b"Title,Lead entity\nx,UNODC\n", XLSX)})
    assert junk.status_code == 400 and junk.headers["content-type"].startswith("text/html")
    assert "site.css" in junk.text and "junk.xlsx" in junk.text and "Check another file" in junk.text
    api = requests.post(server.url + "/validate", timeout=60, files={"file": ("junk.xlsx", b"nope", XLSX)})
    assert api.status_code == 400 and "junk.xlsx" in api.json()["detail"]
    big = requests.post(server.url + "/validate", headers=BROWSER, timeout=60,
                        files={"file": ("big.csv", b"x" * 2_100_000, "text/csv")})
    assert big.status_code == 413 and big.headers["content-type"].startswith("text/html") and "site.css" in big.text


def test_report_page_has_cells_summary_lookalikes_and_downloads(server: LiveServer) -> None:
    text = ("Title,Chapters,Lead entity,Participating entities,Reach,Reporting year,Programme\n"
            "Look-alike year,I,UNODC,UNODC,Global,2O23,\n"
            "Dotted acronym,I,U.N.O.D.C.,UNODC,Global,2023,\n"
            "Five digits,I,UNODC,UNODC,Global,20233,\n")
    r = requests.post(server.url + "/validate", headers=BROWSER, timeout=60,
                      files={"file": ("look.csv", text.encode(), "text/csv")})
    assert r.status_code == 200 and "site.css" in r.text and "Summary by rule" in r.text
    assert '<mark class="lookalike"' in r.text and "F2" in r.text  # the year's cell
    for kind in ("text/csv", "application/json", "text/html"):
        assert f"data:{kind};charset=utf-8;base64," in r.text
    doc = requests.post(server.url + "/validate", timeout=60,
                        files={"file": ("look.csv", text.encode(), "text/csv")}).json()
    by_row = {(x["row"], x["column"]): x for x in doc["results"]}
    assert by_row[(2, "Reporting year")]["cell"] == "F2"
    assert "type 2023" in (by_row[(2, "Reporting year")]["suggestion"] or "")
    assert "the letter O" in (by_row[(2, "Reporting year")]["suggestion"] or "")
    assert by_row[(3, "Lead entity")]["suggestion"] == "did you mean UNODC?"
    five = by_row[(4, "Reporting year")]["suggestion"] or ""
    assert "Excel" not in five and "four digits" in five
    assert {s["rule"] for s in doc["by_rule"]} >= {"year-integer", "lead-register"}
    assert all(x["severity"] != "Warning" or x["rule"] != "programme-present" for x in doc["results"])
    assert any(x["severity"] == "Info" and x["rule"] == "programme-present" for x in doc["results"])


def test_compare_on_the_web(server: LiveServer) -> None:
    head = "Title,Chapters,Lead entity,Participating entities,Reach,Reporting year\r\n"
    y1 = head + "Alpha training,I,UNODC,UNODC,Global,2021\r\nBeta seizure work,III,UNODC,UNODC,Global,2021\r\n"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = requests.post(server.url + "/submissions", files={"file": ("y1.csv", y1.encode(), "text/csv")},
                      data={"entity": "UNODC", "period": "2021"}, headers=auth, timeout=300)
    assert r.status_code == 201, r.text
    pre = requests.get(server.url + "/template.csv?entity=UNODC&prefill=2021", headers=auth, timeout=60).text
    rows = list(csv.DictReader(io.StringIO(pre)))
    alpha = next(x for x in rows if x["Title"] == "Alpha training")
    alpha["Reporting year"] = "2022"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(alpha), lineterminator="\r\n")
    w.writeheader()
    w.writerow(alpha)
    w.writerow({**{k: "" for k in alpha}, "Title": "Gamma prevention", "Chapters": "I", "Lead entity": "UNODC",
                "Participating entities": "UNODC", "Reach": "Global", "Reporting year": "2022"})
    r = requests.post(server.url + "/submissions", files={"file": ("y2.csv", buf.getvalue().encode(), "text/csv")},
                      data={"entity": "UNODC", "period": "2022"}, headers=auth, timeout=300)
    assert r.status_code == 201, r.text
    doc = requests.get(server.url + "/figures/figure-3/compare?period=2022&against=2021", timeout=120).json()
    by = {x["chapter"]: x for x in doc["cells"]}
    one = by["https://w3id.org/ungass-kg/id/chapter/1"]
    assert (one["activities"]["against"], one["activities"]["period"], one["activities"]["change"]) == (1, 2, 1)
    assert [a["title"] for a in one["entered"]] == ["Gamma prevention"] and one["left"] == []
    three = by["https://w3id.org/ungass-kg/id/chapter/3"]
    assert three["activities"]["change"] == -1 and [a["title"] for a in three["left"]] == ["Beta seizure work"]
    page = requests.get(server.url + "/figures/figure-3/compare?period=2022&against=2021", headers=BROWSER,
                        timeout=120)
    assert page.status_code == 200 and "<svg" in page.text and "Gamma prevention" in page.text
    bad = requests.get(server.url + "/figures/figure-3/compare?period=2022", headers=BROWSER, timeout=60)
    assert bad.status_code == 400 and "site.css" in bad.text


def test_browser_upload_shows_the_diff_and_stores_only_on_confirmation(server: LiveServer) -> None:
    import html as html_lib
    import re

    head = "Title,Chapters,Lead entity,Participating entities,Reach,Reporting year\r\n"
    body = head + "Delta outreach,I,UNODC,UNODC,Global,2020\r\n"
    form = {"entity": "UNODC", "period": "2020", "dry_run": "true", "token": TOKEN}
    wrong = requests.post(server.url + "/submissions", headers=BROWSER, timeout=300,
                          files={"file": ("d.csv", body.encode(), "text/csv")}, data={**form, "token": "nope"})
    assert wrong.status_code == 403
    page = requests.post(server.url + "/submissions", headers=BROWSER, timeout=300,
                         files={"file": ("d.csv", body.encode(), "text/csv")}, data=form)
    assert page.status_code == 200 and "What storing it would change" in page.text and "1 new" in page.text
    assert "site.css" in page.text and "Store it as UNODC 2020" in page.text
    graphs = requests.get(server.url + "/submissions", timeout=60).json()["submissions"]
    assert "unodc-2020" not in {s["id"] for s in graphs}  # nothing stored by the dry run
    fields = {m.group(1): html_lib.unescape(m.group(2))
              for m in re.finditer(r'<input type="hidden" name="([a-z_0-9]+)" value="([^"]*)">', page.text)}
    assert set(fields) >= {"entity", "period", "token", "filename", "file_b64"} and "dry_run" not in fields
    stored = requests.post(server.url + "/submissions", headers=BROWSER, timeout=300, data=fields)
    assert stored.status_code == 201 and "Stored submission unodc-2020" in stored.text
    graphs = requests.get(server.url + "/submissions", timeout=60).json()["submissions"]
    rec = next(s for s in graphs if s["id"] == "unodc-2020")
    import hashlib

    assert rec["sha256"] == hashlib.sha256(body.encode()).hexdigest() and rec["filename"] == "d.csv"
