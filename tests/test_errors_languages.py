"""Error lines and the dry-run diff in the chosen language: the same facts (file, line, column, sizes),
a non-zero exit, no traceback; over HTTP the request's language, the same status."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import requests

from ungass_kg.errors import InputError

from .cli import run_process

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "data" / "examples" / "unodc-2023-valid.xlsx"


def digits(text: str) -> list[str]:
    """The numbers of a line, digit groups joined (``1 000`` and ``1,000`` are the same fact)."""
    return re.findall(r"\d+", re.sub(r"(?<=\d)[,\u202f\xa0.](?=\d{3})", "", text))


def one_line(stderr: str) -> str:
    return " ".join(stderr.split())


@pytest.fixture(scope="module")
def built(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built store of its own: on a fresh checkout the default one is empty, and building it
    prints a line of its own before the error these tests read."""
    copy = tmp_path_factory.mktemp("errors-languages") / "store"
    shutil.copytree(bundled_store_path, copy)
    return copy


def test_a_cell_over_the_cap_in_french_keeps_file_line_and_column(tmp_path: Path, built: Path) -> None:
    f = tmp_path / "long-cell.csv"
    f.write_text("Title,Description\nShort,This description is forty characters long\n", encoding="utf-8")
    env = {"UNGASS_KG_MAX_LITERAL": "12"}
    en = run_process("validate", f, env=env, store=built)
    fr = run_process("validate", f, "--lang", "fr", env=env, store=built)
    assert en.returncode == fr.returncode == 2
    assert "Traceback" not in en.stderr + fr.stderr
    assert one_line(en.stderr) == ("error: long-cell.csv: line 2, column 2: a cell of 41 characters, over the 12 "
                                   "this server accepts (shorten the text; a description needs a few paragraphs at "
                                   "most)")
    line = one_line(fr.stderr)
    assert line.startswith("erreur : long-cell.csv : ligne 2, colonne 2 : une cellule de 41 caractères, au-delà "
                           "des 12 que ce serveur accepte (raccourcissez le texte"), line
    assert digits(line) == digits(one_line(en.stderr))


def test_too_many_rows_in_french_groups_the_digits_the_french_way(tmp_path: Path, built: Path) -> None:
    f = tmp_path / "many.csv"
    f.write_text("Title\n" + "".join(f"Activity {i}\n" for i in range(1105)), encoding="utf-8")
    env = {"UNGASS_KG_MAX_UPLOAD_ROWS": "1000"}
    en, fr = (run_process("validate", f, *extra, env=env, store=built) for extra in ((), ("--lang", "fr")))
    assert en.returncode == fr.returncode == 2
    assert "more than 1,000 rows" in en.stderr
    assert "plus de 1\u202f000 lignes" in fr.stderr and "répartissez les activités" in fr.stderr, fr.stderr


def test_an_unreadable_csv_in_arabic(tmp_path: Path, built: Path) -> None:
    f = tmp_path / "latin1.csv"
    f.write_bytes(b"Title,Lead entity\nPrevention,UNODC\nR\xe9seau,WHO\n")
    ar = run_process("validate", f, "--lang", "ar", store=built)
    line = one_line(ar.stderr)
    assert ar.returncode == 2 and "Traceback" not in ar.stderr
    assert line.startswith("خطأ: latin1.csv: السطر 3: البايت 0xE9 ليس نصًا بترميز UTF-8"), line
    assert "CSV UTF-8" in line and "save the file" not in line and "is not UTF-8" not in line


def test_an_error_without_a_template_stays_english_in_every_language() -> None:
    e = InputError("x.ttl: line 3: bad syntax", hint="fix it")
    assert e.line("fr") == e.line("en") == str(e) == "x.ttl: line 3: bad syntax (fix it)"
    assert e.in_language("ar") is e


def test_submit_and_round_errors_in_the_chosen_language(bundled_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "kb"
    shutil.copytree(bundled_store_path, store)
    ru = run_process("submit", VALID, "--entity", "UNDOC", "--period", "2023", "--lang", "ru", store=store)
    assert ru.returncode == 2 and "Traceback" not in ru.stderr
    assert "ошибка: «UNDOC» не является структурой из реестра (возможно, имелось в виду UNODC?)" in one_line(
        ru.stderr), ru.stderr
    zh = run_process("round", "status", "2019", "--lang", "zh", store=store)
    assert zh.returncode == 2
    assert "错误：没有 2019 年的报告周期（请先开启：ungass-kg round open 2019 --deadline YYYY-MM-DD）" in one_line(
        zh.stderr), zh.stderr


def test_submit_dry_run_diff_in_spanish_keeps_ids_and_json(bundled_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "kb"
    shutil.copytree(bundled_store_path, store)
    args = ("submit", VALID, "--entity", "UNODC", "--period", "2023", "--dry-run")
    en, es = (run_process(*args, *extra, store=store) for extra in ((), ("--lang", "es")))
    assert en.returncode == es.returncode == 0
    diff_en = en.stdout[en.stdout.index("Against "):]
    diff_es = es.stdout[es.stdout.index("Frente a "):]
    head = diff_es.splitlines()[0]
    assert re.search(r"\d+ nuevas, \d+ modificadas, \d+ retiradas, \d+ sin cambios$", head), head
    assert digits(head) == digits(diff_en.splitlines()[0])
    assert "  + nueva" in diff_es and "  - retirada" in diff_es and "+ new" not in diff_es
    ids = [re.findall(r"^  [+~-] \S+\s+(\S+)", d, re.M) for d in (diff_en, diff_es)]
    assert ids[0] and ids[0] == ids[1]  # the same activities, in the same order
    js = [json.loads(run_process(*args, "--format", "json", *extra, store=store).stdout)
          for extra in ((), ("--lang", "es"))]
    assert {k: v for k, v in js[0].items() if k != "report"} == {k: v for k, v in js[1].items() if k != "report"}


def test_http_validate_and_submissions_errors_in_the_requests_language(live_server) -> None:
    bad = b"Title\nR\xe9seau\n"
    post = {"params": {"filename": "bad.csv"}, "data": bad, "timeout": 60}
    en = requests.post(live_server.url + "/validate", headers={"Content-Type": "text/csv"}, **post)
    fr = requests.post(live_server.url + "/validate", headers={"Content-Type": "text/csv",
                                                               "Accept-Language": "fr-FR,fr;q=0.9"}, **post)
    assert en.status_code == fr.status_code == 400
    assert en.json()["detail"] == ("bad.csv: line 2: byte 0xE9 is not UTF-8 text "
                                   "(save the file as 'CSV UTF-8 (comma delimited)')")
    assert fr.json()["detail"] == ("bad.csv : ligne 2 : l'octet 0xE9 n'est pas du texte UTF-8 "
                                   "(enregistrez le fichier au format « CSV UTF-8 (délimité par des virgules) »)")
    page = requests.post(live_server.url + "/validate", headers={"Content-Type": "text/csv", "Accept": "text/html",
                                                                 "Accept-Language": "en"},
                         params={"filename": "bad.csv", "lang": "fr"}, data=bad, timeout=60)
    assert page.status_code == 400 and "l&#39;octet 0xE9" in page.text.replace("'", "&#39;")
    sub = requests.post(live_server.url + "/submissions", headers={"Authorization": "Bearer test-token",
                                                                   "Accept-Language": "es"},
                        files={"file": ("a.csv", b"Title\nX\n", "text/csv")}, timeout=60)
    assert sub.status_code == 400
    assert sub.json()["detail"].startswith("una presentación necesita 'entity' y 'period'"), sub.json()
