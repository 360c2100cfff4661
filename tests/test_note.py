"""The note draft: numbers traced to their query cells, sentences that follow the data, DOCX that opens."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
import zipfile
from pathlib import Path

import pytest

from ungass_kg import bootstrap, note, synthetic
from ungass_kg.note import docx, render
from ungass_kg.note.model import Draft, Link, Lit
from ungass_kg.store import EmbeddedStore

from .cli import run
from .conftest import LiveServer

IN_CI = bool(__import__("os").environ.get("CI"))
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def draft(bundled_store: EmbeddedStore) -> Draft:
    return note.write(bundled_store, 2023)


def numbers_in_markdown(draft: Draft, md: str) -> list[str]:
    """Every number a reader sees in the Markdown, minus structure (headings, paragraph numbers, figure
    captions, the periods named) and text quoted from the data as it is (titles, names, labels)."""
    literal = {r.text for p in draft.paragraphs() for r in p.runs if isinstance(r, Lit | Link)}
    found = []
    for line in md.splitlines():
        if line.startswith(("#", "**Figure", "![", "*Source")) or (line.startswith("**") and line.endswith("**")):
            continue
        text = re.sub(r"^\d+\. ", "", line)
        text = re.sub(r"\]\(<[^>]*>\)", "]", text)  # link targets (IRIs)
        text = re.sub(r"\(figure \d\)", "", text)  # references to the figures
        for lit in sorted(literal, key=len, reverse=True):
            text = text.replace(render._md_escape(lit), " ")
        years = {str(draft.period)} | ({str(draft.against)} if draft.against else set())
        found += [n for n in NUMBER.findall(text) if n not in years]
    return found


def test_every_number_in_the_markdown_is_its_traced_query_cell(draft: Draft, bundled_store: EmbeddedStore) -> None:
    md = render.markdown(draft)
    trace = draft.trace()
    assert len(trace) >= 20
    seen = numbers_in_markdown(draft, md)
    assert seen == [t["text"] for t in trace]  # nothing untraced, nothing traced that is not printed
    for t in trace:
        value = note.recompute(bundled_store, t)
        assert value == pytest.approx(t["value"]), t
        expect = note.facts.rounded(value) if "per cent" in _unit(draft, t) else round(value)
        assert t["text"].replace(",", "") == str(expect), t
        assert {"text", "query", "params", "row", "column", "value"} <= set(t)


def _unit(draft: Draft, t: dict[str, object]) -> str:
    for _, n in draft.numbers():
        if n.trace()["text"] == t["text"] and n.query == t["query"] and n.column == t["column"]:
            return n.unit
    return ""


def test_structure_headings_figures_and_numbering(draft: Draft) -> None:
    heads = [b.text for b in draft.blocks if isinstance(b, note.model.Heading) and b.level == 1]
    assert heads == list(note.SECTIONS.values())
    assert [f.number for f in draft.figures()] == [1, 2, 3, 4, 5, 6]
    assert all(f.png.startswith(b"\x89PNG") for f in draft.figures())
    nums = [p.number for p in draft.paragraphs()]
    assert nums == list(range(note.FIRST_PARAGRAPH, note.FIRST_PARAGRAPH + len(nums)))
    md = render.markdown(draft)
    # full name and acronym at first mention, the acronym alone after
    assert md.count("United Nations Office on Drugs and Crime (UNODC)") == 1
    first = md.index("United Nations Office on Drugs and Crime (UNODC)")
    assert md.index("UNODC") > first - len("United Nations Office on Drugs and Crime (")
    assert "*Chapter II* (availability and access)" in md  # footnote 1's short names
    assert "### Demand reduction and related measures" in md  # section VIII under the chapters' titles


def test_section_eight_states_only_what_an_activity_has(draft: Draft, bundled_store: EmbeddedStore) -> None:
    from ungass_kg.note import activities

    found, _, _ = activities.activities(bundled_store, 2023)
    paras = {str(r.href): p for p in draft.paragraphs() for r in p.runs if isinstance(r, Link)}
    assert set(paras) == {a.iri for a in found} and len(found) >= 20
    for a in found:
        text = "".join(getattr(r, "text", r) for r in paras[a.iri].runs)  # type: ignore[arg-type]
        assert ("It took place in" in text) == bool(a.areas)
        assert ("It is part of" in text) == bool(a.programmes)
        assert ("It reports" in text) == bool(a.quantities)
    html = render.html(draft)
    assert 'href="https://w3id.org/ungass-kg/id/activity/ccp-2023"' in html


def test_html_marks_each_number_with_its_query(draft: Draft) -> None:
    html = render.html(draft)
    marks = re.findall(r'<a class="n" href="([^"]+)"[^>]*data-query="([^"]+)"[^>]*data-row="([^"]+)"'
                       r'[^>]*data-column="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert [m[4] for m in marks] == [t["text"] for t in draft.trace()]
    assert any(m[0] == "/queries/figure-2?to=2023" and m[3] == "share" for m in marks)
    assert all(m[0].startswith(("/queries/", "/sparql?query=")) for m in marks)


def _store_with(tmp: Path, extra: bytes | None) -> EmbeddedStore:
    s = EmbeddedStore(tmp)
    bootstrap.build(s)
    if extra is not None:
        s.replace_graph("https://w3id.org/ungass-kg/graph/test-more", extra)
    return s


def test_adding_activities_changes_the_affected_sentences_only(tmp_path: Path) -> None:
    base = _store_with(tmp_path / "a", None)
    before = note.write(base, 2023)
    base.close()
    # Two single-entity UNODC activities of 2023 at country level under chapter VII (UNODC is there already):
    # chapter VII's shares (figure 2), the distribution (figure 3), the inter-agency split (figure 4) and the
    # reach (figure 6) move; the entity counts, coverage, leads, partnerships and section VIII do not.
    rows = [synthetic.Row(f"note-test-{i}", (7,), "unodc", ("unodc",), "country", 2023) for i in range(2)]
    more = _store_with(tmp_path / "b", synthetic.rows_to_ntriples(rows))
    after = note.write(more, 2023)
    more.close()
    pa = {p.number: _text(before, p) for p in before.paragraphs()}
    pb = {p.number: _text(after, p) for p in after.paragraphs()}
    assert pa.keys() == pb.keys()
    changed = {n for n in pa if pa[n] != pb[n]}
    by_start = {t.split(",")[0]: n for n, t in pa.items()}
    assert by_start["Under *Chapter VII* (alternative development)"] in changed
    assert any(t.startswith("Of all the activities recorded") and n in changed for n, t in pa.items())
    for c in ("I* (demand reduction)", "II* (availability and access)", "III* (supply reduction)",
              "IV* (human rights)", "V* (trends and challenges)", "VI* (international cooperation)"):
        assert by_start[f"Under *Chapter {c}"] not in changed
    steady = {"organisations-with-activity", "chapter-coverage-ranking", "organisations-per-chapter",
              "figure-4-leads", "figure-5", "note-quantities"}
    still = [p.number for p in before.paragraphs() if {n.query for n in _nums(p)} <= steady]
    assert len(still) > 20 and not changed & set(still)
    assert render.markdown(before) != render.markdown(after)


def _nums(p: note.model.Para) -> list[note.model.Num]:
    return [r for r in p.runs if isinstance(r, note.model.Num)]


def _text(d: Draft, p: note.model.Para) -> str:
    return render.markdown(Draft(d.period, d.against, [p])).split("\n", 2)[2].strip().split(". ", 1)[1]


def test_against_states_the_change(bundled_store: EmbeddedStore) -> None:
    d = note.write(bundled_store, 2023, 2022)
    md = render.markdown(d)
    assert re.search(r"\d+ per cent(?: each)? \((?:up|down) from \d+ per cent in 2022\)", md)
    assert "(none in 2022)" in md  # a chapter 2022 did not have yet
    for t in d.trace():  # the earlier period's numbers are traced as well
        assert note.recompute(bundled_store, t) == pytest.approx(t["value"])
    assert any(t["params"] == {"to": "2022"} for t in d.trace())


def test_an_empty_period_is_worded_not_zeroed(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graph("https://w3id.org/ungass-kg/graph/reference", synthetic.register_ntriples())
    d = note.write(fresh_store, 2023)
    md = render.markdown(d)
    assert "No United Nations entity or partner organization has reported an activity" in md
    assert "No inter-agency activity was reported for 2023." in md
    assert " 0 per cent" not in md and "0 entities" not in md
    assert len(d.figures()) == 6


def test_single_entity_and_tie_wording(fresh_store: EmbeddedStore) -> None:
    rows = [synthetic.Row("t-1", (1,), "unodc", ("unodc", "who"), "global", 2023),
            synthetic.Row("t-2", (1,), "who", ("unodc", "who"), "global", 2023),
            synthetic.Row("t-3", (2,), "who", ("who",), "country", 2023)]
    fresh_store.replace_graph("https://w3id.org/ungass-kg/graph/test",
                              synthetic.rows_to_ntriples(rows, include_register=True))
    md = render.markdown(note.write(fresh_store, 2023))
    assert "UNODC and WHO account for the largest shares" in md and "50 per cent each" in md  # a tie
    assert "*Chapter II* (availability and access), only WHO has reported activities" in md  # one entity
    assert "100 per cent" not in md.split("## V.")[0]
    assert "No activity has been reported under *Chapter III*" in md  # an empty chapter


def test_cli_writes_all_three_formats_and_the_trace(bundled_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(bundled_store_path, store)
    cmd = ["note", "--period", "2023"]
    for fmt in ("docx", "html", "md"):
        extra = ["--trace", str(tmp_path / "trace.json")] if fmt == "md" else []
        r = run(*cmd, "--format", fmt, "-o", tmp_path / f"note.{fmt}", *extra, store=store)
        assert r.returncode == 0, r.stderr
        assert "6 figures" in r.stderr
    z = zipfile.ZipFile(tmp_path / "note.docx")
    assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 6
    body = z.read("word/document.xml").decode()
    assert 'w:val="Heading1"' in body and "<w:numId " in body and 'SEQ Figure' in body and "TOC \\h" in body
    assert (tmp_path / "note-2023-figure-6.png").exists()
    trace = json.loads((tmp_path / "trace.json").read_text())
    md = (tmp_path / "note.md").read_text()
    assert len(trace) >= 20 and all(t["text"] in md for t in trace)
    bad = run(*cmd, "--against", "2023", "-o", tmp_path / "x.md", store=store)
    assert bad.returncode == 2 and "--against" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfimages")) and not IN_CI,
                    reason="LibreOffice and poppler-utils not installed")
def test_libreoffice_converts_the_docx_with_every_figure(draft: Draft, tmp_path: Path) -> None:
    (tmp_path / "note.docx").write_bytes(docx.docx(draft))
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                        "pdf", "--outdir", str(tmp_path), str(tmp_path / "note.docx")],
                       capture_output=True, text=True, timeout=240)
    assert r.returncode == 0 and (tmp_path / "note.pdf").exists(), r.stderr
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "note.pdf")], capture_output=True, text=True)
    images = [ln for ln in listing.stdout.splitlines()[2:] if ln.split()[2] == "image"]
    assert len(images) == 6
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "note.pdf"),
                    str(tmp_path / "page")], check=True)
    assert any(p.name.startswith("page") for p in tmp_path.iterdir())


def test_web_page_and_downloads(live_server: LiveServer) -> None:
    with urllib.request.urlopen(live_server.url + "/note/2023") as r:
        page = r.read().decode()
        assert r.headers["Content-Type"].startswith("text/html")
        etag = r.headers["ETag"]
    assert page.count("<figure") == 6 and 'class="n"' in page
    assert 'href="/queries/figure-2?to=2023"' in page  # links by path, on whichever host serves the page
    assert 'href="/id/activity/ccp-2023" data-iri="https://w3id.org/ungass-kg/id/activity/ccp-2023"' in page
    again = urllib.request.Request(live_server.url + "/note/2023", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as e304:
        urllib.request.urlopen(again)
    assert e304.value.code == 304
    with urllib.request.urlopen(live_server.url + "/note/2023.docx") as r:
        assert r.read(2) == b"PK"
    with urllib.request.urlopen(live_server.url + "/note/2023.md?against=2022") as r:
        md = r.read().decode()
    assert "## VIII. Recent inter-agency activities" in md and "in 2022)" in md
    with urllib.request.urlopen(live_server.url + "/note/2023/figure-3.png") as r:
        assert r.read(4) == b"\x89PNG"
    for bad in ("/note/20x3", "/note/1999", "/note/2023?against=2023", "/note/2023.md?against=2024"):
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(live_server.url + bad)
        assert e.value.code == 422
