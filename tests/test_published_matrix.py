"""The synthetic matrix built from the note's published numbers, and the draft written over it.

The generator's own checks (its figures give the published numbers within the note's rounding) and
the oracle test of the draft: over that matrix, the draft states the note's numbers in the paragraphs
that correspond to paras 15-33.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from ungass_kg import note, paths, published_matrix, reconcile
from ungass_kg.note import render
from ungass_kg.note.model import Draft
from ungass_kg.store import EmbeddedStore

PUBLISHED = "https://w3id.org/ungass-kg/graph/published"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("published-matrix") / "store")
    s.replace_graph("https://w3id.org/ungass-kg/graph/synthetic-published", published_matrix.ntriples())
    g = Graph()
    for f in sorted((paths.data_dir() / "published").glob("*.ttl")):
        g.parse(f, format="turtle")
    s.replace_graph(PUBLISHED, g)
    yield s
    s.close()


@pytest.fixture(scope="module")
def draft(store: EmbeddedStore) -> Draft:
    return note.write(store, 2023)


def test_rows_are_reproducible_and_well_formed() -> None:
    rows = published_matrix.build_rows()
    assert rows == published_matrix.build_rows()
    assert len(rows) == published_matrix.TOTAL
    assert all(r.lead in r.participants and len(set(r.participants)) == len(r.participants) for r in rows)
    assert all(len(r.chapters) == 1 for r in rows)  # assignments = activities, so figure 3 is exact
    sizes = Counter(r.chapters[0] for r in rows)
    assert sizes == published_matrix.chapter_sizes(published_matrix.read_published())


def test_every_published_number_holds_within_the_notes_rounding(store: EmbeddedStore) -> None:
    lines = reconcile.reconcile(store)
    assert len(lines) >= 40
    off = [ln for ln in lines if ln.difference is None or abs(ln.difference) > (0.5 if ln.unit == "points" else 0)]
    assert not off, [(ln.paragraphs, ln.what, ln.published, ln.computed) for ln in off]


def _trace_in(draft: Draft, para: int) -> list[dict[str, object]]:
    return [t for t in draft.trace() if para in t["note_paragraphs"]]  # type: ignore[operator]


def _text(draft: Draft, para: int) -> str:
    return "\n".join(render.markdown(Draft(draft.period, None, [p])) for p in draft.paragraphs()
                     if para in p.note_paras)


def test_the_draft_states_the_published_shares_where_the_note_does(store: EmbeddedStore, draft: Draft) -> None:
    checked = 0
    for ln in reconcile.reconcile(store):
        if ln.unit != "points" or ln.measure not in ("share", "entityCount"):
            continue
        para = int(ln.paragraphs.split(",")[0])
        if ln.stated and "over half" in ln.stated:
            assert "more than half (" in _text(draft, para)
            checked += 1
            continue
        texts = [t["text"] for t in _trace_in(draft, para) if t["query"] == ln.query]
        assert str(round(ln.published)) in texts, (para, ln.what, ln.published, texts)
        checked += 1
    assert checked >= 30


def test_the_draft_states_the_published_rankings(draft: Draft) -> None:
    p15 = _text(draft, 15)
    assert "UNODC is the only entity active under every chapter" in p15
    assert p15.index("followed by WHO (6 chapters)") < p15.index("then UNAIDS (5 chapters)")
    assert "The widest range of entities works under *Chapter I* (demand reduction): 13 entities" in _text(draft, 16)
    assert "The fewest report under *Chapter II* (availability and access): 3 entities" in _text(draft, 17)
    p28 = _text(draft, 28)
    assert p28.split(". ", 1)[1].startswith("*Chapter VI* (international cooperation) has the highest share")
    assert "followed by *Chapter I* (demand reduction) (60 per cent)" in p28
    assert "then *Chapter IV* (human rights) and *Chapter V* (trends and challenges) (50 per cent each)" in p28
    assert "The lowest share is under *Chapter VII* (alternative development): 11 per cent" in p28
    assert "at country level lead under *Chapter VII* (alternative development) (100 per cent)" in _text(draft, 33)
    assert "23 United Nations entities and partner organizations" in _text(draft, 12)


def test_the_command_line_writes_the_matrix(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "ungass_kg.published_matrix"], capture_output=True, check=True)
    assert out.stdout == published_matrix.ntriples()
    (tmp_path / "m.nt").write_bytes(out.stdout)
    assert len(Graph().parse(tmp_path / "m.nt", format="nt")) > 7 * published_matrix.TOTAL
