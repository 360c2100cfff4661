"""The six official languages: negotiation, headers, labels per language, catalogs that cannot drift.

A real server on the bundled store; the catalogs are read with Babel as the app reads them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from babel.messages.pofile import read_po

from ungass_kg import i18n

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "data" / "examples" / "unodc-2023-invalid.xlsx"
VALID = ROOT / "data" / "examples" / "unodc-2023-valid.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OTHERS = [x for x in i18n.LANGUAGES if x != "en"]
# one page of each page type (a page of each is crawled in each language); the validation report
# and the round board are crawled on a server of their own (a round open, a file posted)
LOCALISED = [
    "/", "/id/area/250", "/id/area/004", "/id/", "/id/entity/", "/id/entity/unodc", "/id/chapter/1",
    "/id/activity/aircop-2023", "/activities", "/activities?chapter=1&reach=country&q=prevention",
    "/activities?interagency=true&page=2", "/figures/", "/figures/figure-1", "/figures/figure-2?entity=who",
    "/figures/figure-6", "/figures/figure-1/embed", "/queries", "/queries/figure-3", "/sparql", "/validate",
    "/rounds", "/catalog", "/dumps/", "/note/2023", "/shapes", "/ontology",
]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
# names that stay as they are in every language (products, standards, formats, the project, key names)
KEEP = re.compile(r"\b(ungass-kg|UNGASS|SPARQL|IRI|DCAT-AP|DCAT|VoID|HTML|Turtle|JSON-LD|N-Triples|RDF/XML|SHACL|"
                  r"OWL|UNODC|XLSX|CSV|JSON|UN|M49|ISO|TriG|Vega-Lite|OpenAPI|SHA-256|SVG|PNG|API|HTTP|ID|Ctrl|"
                  r"Enter|xlsx|Word|Markdown|docx|md)\b")


def get(server, path: str, **headers: str) -> requests.Response:
    r = requests.get(server.url + path, headers={"Accept": "text/html", **headers}, timeout=60)
    assert r.status_code == 200, (path, r.status_code)
    return r


def html_attrs(text: str) -> dict[str, str]:
    m = re.search(r"<html([^>]*)>", text)
    assert m
    return dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))


# ---------------------------------------------------------------- negotiation (no server)
@pytest.mark.parametrize(("query", "header", "expected"), [
    (None, None, "en"), (None, "fr-FR,fr;q=0.9,en;q=0.5", "fr"), (None, "de, ru;q=0.4, es;q=0.8", "es"),
    (None, "zh-Hans-CN", "zh"), (None, "en;q=0, ar", "ar"), ("ar", "fr", "ar"), ("xx", "ru", "ru"),
    (None, "fr;q=abc, es;q=0.1", "es"),
])
def test_negotiation(query, header, expected) -> None:
    assert i18n.negotiate(query, header) == expected


# ---------------------------------------------------------------- catalogs
def catalog(lang: str):
    with i18n.po_path(lang).open("rb") as f:
        return read_po(f)


def template_ids() -> set[str | tuple[str, ...]]:
    with (i18n.LOCALE / "messages.pot").open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", OTHERS)
def test_every_catalog_is_complete_not_fuzzy_and_keeps_placeholders(lang: str) -> None:
    cat = catalog(lang)
    ids = {m.id for m in cat if m.id}
    assert template_ids() - ids == set(), f"{lang}: entries missing (run pybabel update, then translate)"
    for m in cat:
        if not m.id:
            continue
        assert not m.fuzzy, f"{lang}: {m.id!r} is fuzzy"
        # a plural entry: every form the language has is written and keeps the placeholders
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        assert len(strings) == (cat.num_plurals if isinstance(m.id, tuple) else 1), (lang, m.id)
        for text in strings:
            assert text, f"{lang}: {m.id!r} has no translation"
            assert sorted(PLACEHOLDER.findall(ids[-1])) == sorted(PLACEHOLDER.findall(text)), (lang, m.id, text)
    header = i18n.po_path(lang).read_text(encoding="utf-8").split("msgid", 1)[0]
    assert "team's work" in header and "reviewed by UN translators" in header


def test_the_template_holds_every_marked_string(tmp_path: Path) -> None:
    """Extract again: a string marked in the code or a page but absent from messages.pot fails."""
    from babel.messages.frontend import CommandLineInterface

    out = tmp_path / "fresh.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_",
                                "--no-location", "-o", str(out), str(ROOT)])
    with out.open("rb") as f:
        fresh = {m.id for m in read_po(f) if m.id}
    assert fresh == template_ids(), "run the extract command in docs/languages.md"


# ---------------------------------------------------------------- pages
def test_arabic_home_is_rtl_with_arabic_text(live_server) -> None:
    r = get(live_server, "/?lang=ar")
    assert html_attrs(r.text) == {"lang": "ar", "dir": "rtl"}
    assert "عمل منظومة الأمم المتحدة" in r.text
    assert r.headers["content-language"] == "ar"
    assert "accept-language" in r.headers["vary"].lower()


def test_accept_language_chooses_and_lang_parameter_overrides(live_server) -> None:
    r = get(live_server, "/id/area/250", **{"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert r.headers["content-language"] == "fr" and "<h1>France</h1>" in r.text
    assert "accept-language" in r.headers["vary"].lower() and "accept" in r.headers["vary"].lower()
    assert "Toutes les assertions" in r.text and html_attrs(r.text)["lang"] == "fr"
    r = get(live_server, "/id/area/250?lang=ru", **{"Accept-Language": "fr"})
    assert r.headers["content-language"] == "ru" and "<h1>Франция</h1>" in r.text
    assert "<h1>أفغانستان</h1>" in get(live_server, "/id/area/004?lang=ar").text
    assert "<h1>中国</h1>" in get(live_server, "/id/area/156?lang=zh").text
    assert get(live_server, "/id/area/250").headers["content-language"] == "en"


def test_cached_pages_are_kept_apart_by_language(live_server) -> None:
    fr = get(live_server, "/id/area/276?lang=fr")
    de = get(live_server, "/id/area/276?lang=es")
    assert "<h1>Allemagne</h1>" in fr.text and "<h1>Alemania</h1>" in de.text
    assert fr.headers["etag"] != de.headers["etag"]
    assert "<h1>Allemagne</h1>" in get(live_server, "/id/area/276?lang=fr").text


def test_official_names_without_a_source_stay_english_and_are_marked(live_server) -> None:
    # chapter titles have no translation from a source: shown in English, marked lang="en"
    r = get(live_server, "/id/chapter/1?lang=fr")
    assert re.search(r'<h1 lang="en">[^<]+</h1>', r.text)
    home = get(live_server, "/?lang=zh").text
    assert re.search(r'<ol class="chapters">\s*<li><a href="[^"]+" lang="en">', home)


def test_language_switch_keeps_the_rest_of_the_url(live_server) -> None:
    r = get(live_server, "/id/area/250?format=html&lang=fr")
    links = dict(re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang', r.text))
    assert {v: k for k, v in links.items()} == {
        t: f"/id/area/250?format=html&amp;lang={t}" for t in i18n.LANGUAGES}


class _Text(HTMLParser):
    """Text a reader sees as interface: outside code, scripts and elements marked another language."""

    # <title> repeats the page's <h1> (checked there, where a name inside it can be marked)
    SKIP = frozenset({"code", "pre", "script", "style", "textarea", "title"})

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang, self.stack, self.out = lang, [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "meta", "link", "img", "input", "hr", "source", "wbr"):
            return
        a = dict(attrs)
        skip = (tag in self.SKIP or a.get("translate") == "no"
                or (a.get("lang") not in (None, self.lang) and tag != "html"))
        self.stack.append((tag, skip or (bool(self.stack) and self.stack[-1][1])))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1][1]):
            self.out.append(data.strip())


def untranslated(html: str, lang: str) -> list[str]:
    """The interface text of a page left in English: in Arabic, Chinese and Russian any Latin word
    outside code, IRIs and elements marked another language; in French and Spanish (the same
    script as English) any text that is a catalog entry in its English form."""
    parser = _Text(lang)
    parser.feed(html)
    if lang in ("ar", "ru", "zh"):
        return [t for t in parser.out if re.search(r"[A-Za-z]{2,}", KEEP.sub("", t))]
    cat = catalog(lang)
    english = {m.id for m in cat if isinstance(m.id, str) and m.id and m.string != m.id and len(m.id) > 3}
    english |= {f for m in cat if isinstance(m.id, tuple) for f in m.id if "%" not in f}
    return [t for t in parser.out if t in english]


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("path", LOCALISED)
def test_no_untranslated_interface_text(live_server, lang: str, path: str) -> None:
    """Each page type in each language: no interface text left in English."""
    sep = "&" if "?" in path else "?"
    r = get(live_server, f"{path}{sep}lang={lang}")
    assert html_attrs(r.text) == {"lang": lang, "dir": i18n.direction(lang)}, path
    assert r.headers["content-language"] == lang, path
    assert untranslated(r.text, lang) == [], f"{path} in {lang}: untranslated {untranslated(r.text, lang)[:10]}"


def test_the_untranslated_check_sees_english_text() -> None:
    """The crawl's check is not blind: an English sentence in a page fails it in every language."""
    page = '<html lang="{0}"><body><p>Check another file</p><p lang="en">Official name</p></body></html>'
    for lang in OTHERS:
        assert untranslated(page.format(lang), lang) == ["Check another file"], lang


# ---------------------------------------------------------------- report and round board (a round open)
def post_report(server, lang: str, fmt: str | None = None, **headers: str) -> requests.Response:
    params = {"lang": lang} if lang else {}
    if fmt:
        params["format"] = fmt
    with INVALID.open("rb") as fh:
        return requests.post(server.url + "/validate", params=params, files={"file": (INVALID.name, fh, XLSX)},
                             headers={"Accept": "text/html", **headers}, timeout=300)


@pytest.mark.parametrize("lang", OTHERS)
def test_the_round_board_and_the_report_page_in_each_language(round_server, lang: str) -> None:
    board = get(round_server, f"/rounds/2023?lang={lang}")
    assert html_attrs(board.text)["dir"] == i18n.direction(lang)
    assert untranslated(board.text, lang) == [], untranslated(board.text, lang)[:10]
    _ = i18n.gettext_for(lang)
    assert _("received with violations") in board.text and _("accepted") in board.text
    report = post_report(round_server, lang)
    assert report.status_code == 200 and report.headers["content-language"] == lang
    assert html_attrs(report.text) == {"lang": lang, "dir": i18n.direction(lang)}
    assert untranslated(report.text, lang) == [], untranslated(report.text, lang)[:10]
    assert _("Summary by rule") in report.text
    # the suggestion in the page's language, the suggested value isolated as typed
    assert _("did you mean %(value)s?", value='<bdi translate="no">UNODC</bdi>') in report.text


def test_http_reports_in_the_requests_language_keep_every_cell(round_server) -> None:
    """JSON, CSV, text-free HTML download: French messages and suggestions, English keys and cells."""
    import csv
    import io

    en = post_report(round_server, "", "json").json()
    fr = post_report(round_server, "", "json", **{"Accept-Language": "fr-FR,fr;q=0.9"}).json()
    assert set(fr) == set(en) and fr["counts"] == en["counts"]
    keys = ("severity", "rule", "row", "column", "value", "suggestion", "cell")
    assert [{k: r[k] for k in keys} for r in fr["results"]] == [{k: r[k] for k in keys} for r in en["results"]]
    undoc = next(r for r in fr["results"] if r["value"] == "UNDOC")
    assert undoc["suggestion"] == "did you mean UNODC?"  # the machine field as the engine gives it
    assert "vouliez-vous dire UNODC ?" in undoc["message"] and "did you mean" not in undoc["message"]
    rows = list(csv.reader(io.StringIO(post_report(round_server, "es", "csv").text)))
    english_rows = list(csv.reader(io.StringIO(post_report(round_server, "", "csv").text)))
    assert rows[0] == english_rows[0]  # the CSV's header row is a machine key: unchanged
    col = rows[0].index("message")
    assert all(a[col] != b[col] for a, b in zip(rows[1:], english_rows[1:], strict=True))
    html_fr = post_report(round_server, "fr", "html", Accept="application/json").text
    assert '<html lang="fr"' in html_fr and "Résumé par règle" in html_fr


# ---------------------------------------------------------------- validation messages


@pytest.fixture(scope="module")
def english_report(bundled_store):
    from ungass_kg.validate import validate_bytes

    return validate_bytes(INVALID.read_bytes(), INVALID.name, bundled_store)


@pytest.mark.parametrize("lang", OTHERS)
def test_validation_messages_in_each_language_keep_every_cell(english_report, lang: str) -> None:
    from ungass_kg.validate.messages import SUGGESTIONS, localised

    en = english_report.to_json()
    other = localised(english_report, lang).to_json()
    keys = ("severity", "rule", "sheet", "row", "column", "value", "suggestion", "cell", "component")
    assert [{k: r[k] for k in keys} for r in other["results"]] == [{k: r[k] for k in keys} for r in en["results"]]
    assert set(other) == set(en) and other["counts"] == en["counts"]
    pairs = list(zip(en["results"], other["results"], strict=True))
    assert all(a["message"] != b["message"] for a, b in pairs), lang
    by_cell = {"merged-cells", "formula", "formula-without-value"}  # these name the cell, not the column
    for a, b in pairs:  # the result's own variables are in the message
        # the suggestion is translated around the values it suggests (UNODC, the year 2023)
        parts = next((m.groupdict() for p, _t in SUGGESTIONS if (m := p.fullmatch(a["suggestion"] or ""))), {})
        for v in parts.values():
            assert v in b["message"], (lang, "suggestion", v, b["message"])
        wanted = {"suggestion": None if parts else a["suggestion"],
                  "row": a["row"] if a["row"] and a["row"] > 1 else None,
                  "cell": a["cell"] if a["rule"] in by_cell else None,
                  "column": a["column"] if a["rule"] not in by_cell | {"duplicate-in-submission"} else None,
                  "value": a["value"] if a["rule"] not in {"merged-cells", "duplicate-in-submission"} else None}
        for var, v in wanted.items():
            if v:
                assert str(v) in b["message"], (lang, var, b["message"])
    if lang in ("ar", "ru", "zh"):
        assert all(re.search(r"[\u0600-\u06FF\u0400-\u04FF\u4e00-\u9fff]", b["message"]) for b in other["results"])


def test_validate_lang_fr_on_the_command_line(bundled_store_path: Path, tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess
    import sys

    store = tmp_path / "kb"
    shutil.copytree(bundled_store_path, store)
    run = [sys.executable, "-m", "ungass_kg", "--store", str(store), "validate", str(INVALID), "--format", "json"]
    en = subprocess.run(run, capture_output=True, text=True, timeout=300)
    fr = subprocess.run([*run, "--lang", "fr"], capture_output=True, text=True, timeout=300)
    assert en.returncode == fr.returncode == 1, fr.stderr
    e, f = json.loads(en.stdout)["results"], json.loads(fr.stdout)["results"]
    assert [(r["row"], r["rule"], r["suggestion"]) for r in e] == [(r["row"], r["rule"], r["suggestion"]) for r in f]
    row5 = next(r for r in f if r["row"] == 5)
    assert row5["message"].startswith("Ligne 5, colonne « Lead entity » : « UNDOC » ne figure pas")
    bad = subprocess.run([*run, "--lang", "de"], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# ---------------------------------------------------------------- template


def test_headers_in_every_language_name_one_column_each() -> None:
    from ungass_kg.ingest.columns import header_names, match_header
    from ungass_kg.template import template_columns

    cols = template_columns()
    seen: dict[str, str] = {}
    for c in cols:
        for name in header_names(c.header):
            assert seen.setdefault(name, c.header) == c.header, (name, c.header)
            assert match_header(name, cols) is c
    for lang in OTHERS:  # every header really is translated
        _ = i18n.gettext_for(lang)
        assert all(_(c.header) != c.header for c in cols if c.header not in ("Description", "Programme")), lang


@pytest.mark.parametrize("lang", ["fr", "ar", "zh"])
def test_a_template_in_another_language_reads_back_like_the_english_one(bundled_store, lang: str,
                                                                          tmp_path: Path) -> None:
    """The valid example with its headers as the template in ``lang`` writes them gives the same report."""
    import openpyxl

    from ungass_kg.template import build_xlsx
    from ungass_kg.validate import registers_for, validate_bytes

    written = tmp_path / "t.xlsx"
    written.write_bytes(build_xlsx(registers_for(bundled_store), lang=lang))
    template = openpyxl.load_workbook(written)
    assert template.properties.language == lang  # the template remembers its language
    localised_headers = {}
    _ = i18n.gettext_for(lang)
    for c in template["Activities"][1]:
        localised_headers[c.value] = c.value
    wb = openpyxl.load_workbook(VALID)
    ws = wb["Activities"] if "Activities" in wb.sheetnames else wb.worksheets[0]
    for c in ws[1]:
        if c.value:
            c.value = _(str(c.value))
            assert c.value in localised_headers, c.value
    wb.save(tmp_path / "filled.xlsx")
    english = validate_bytes(VALID.read_bytes(), VALID.name, bundled_store)
    other = validate_bytes((tmp_path / "filled.xlsx").read_bytes(), "filled.xlsx", bundled_store)
    assert english.conforms and other.conforms and other.activities == english.activities > 0
    assert other.result_keys() == english.result_keys()
    help_text = " ".join(str(c.value) for row in template["Help"].iter_rows() for c in row if c.value)
    if lang == "fr":
        assert " les " in help_text and " des " in help_text
    # every column's description (Help sheet, column D) is in the template's language
    from ungass_kg.template import template_columns

    english = {c.description for c in template_columns()}
    shown = [r[3].value for r in template["Help"].iter_rows(min_row=2, max_row=len(english) + 1)]
    assert shown and all(d and d not in english for d in shown), shown


# ---------------------------------------------------------------- submit and round on the command line
def test_submit_and_round_speak_the_chosen_language(bundled_store_path: Path, tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess
    import sys

    store = tmp_path / "kb"
    shutil.copytree(bundled_store_path, store)

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "ungass_kg", "--store", str(store), *args],
                              capture_output=True, text=True, timeout=300)
        done.stderr = " ".join(done.stderr.split())  # the terminal's line breaks aside
        return done

    opened = kg("round", "open", "2023", "--deadline", "2099-01-31", "--lang", "fr")
    assert opened.returncode == 0 and "Cycle de rapport 2023 ouvert : 23 entités" in opened.stderr, opened.stderr
    dry = kg("submit", str(INVALID), "--entity", "WHO", "--period", "2023", "--dry-run", "--lang", "fr")
    assert dry.returncode == 1 and "rien n'a été enregistré (--dry-run)" in dry.stderr
    assert "Ligne 5" in dry.stdout and "vouliez-vous dire UNODC ?" in dry.stdout and "did you mean" not in dry.stdout
    stored = kg("submit", str(VALID), "--entity", "UNODC", "--period", "2023", "--lang", "es")
    assert stored.returncode == 0 and "Presentación unodc-2023 guardada" in stored.stderr, stored.stderr
    board = kg("round", "status", "2023", "--lang", "ru")
    assert board.returncode == 0 and "статус" in board.stdout and "принято" in board.stdout
    assert "Принято: 1" in board.stderr
    as_json = [kg("round", "status", "2023", "--format", "json", *extra).stdout for extra in ((), ("--lang", "ru"))]
    assert json.loads(as_json[0]) == json.loads(as_json[1])  # machine output: the same in every language
    assert kg("round", "status", "2023", "--lang", "de").returncode == 2
