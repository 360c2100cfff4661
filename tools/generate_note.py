"""Generate data/reference/note-2024.ttl from data/source/inter-agency-note-2024.md.

The 2024 note is our primary source: every numbered paragraph and footnote becomes a
resource that data can cite (``dct:source``), with the paragraph's own text as ``rdf:value``.
The markdown is a conversion of the PDF, so paragraphs and footnotes are interrupted by page
breaks ("---"), footnotes, figures and tables; text after an interruption continues the most
recent paragraph or footnote that did not end a sentence.

Usage: uv run python tools/generate_note.py [OUTPUT]   (default: data/reference/note-2024.ttl)
"""

from __future__ import annotations

import calendar
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source" / "inter-agency-note-2024.md"
OUTPUT = ROOT / "data" / "reference" / "note-2024.ttl"
SLUG = "inter-agency-note-2024"
EXPECTED_PARAGRAPHS = 68
EXPECTED_FOOTNOTES = 16

PARA_START = re.compile(r"^(\d{1,3})\.\s+(.*)$", re.S)
FOOTNOTE_START = re.compile(r"^<sup>(\d{1,3})</sup>\s+(.*)$", re.S)
SUP = re.compile(r"<sup>(\d{1,3})</sup>")
# A part that ends like this has finished its last sentence (possibly after a closing quote).
ENDED = re.compile(r"[.:;!?][”\"’')\]]*$")
MONTHS = list(calendar.month_name)[1:]


@dataclass
class Part:
    kind: str  # "para" or "footnote"
    number: int
    chunks: list[str] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return " ".join(self.chunks)

    @property
    def is_open(self) -> bool:
        return not ENDED.search(SUP.sub("", self.raw).rstrip())


@dataclass
class Note:
    title: str
    alternative: str
    date: str  # ISO date
    parts: list[Part]


def blocks(text: str) -> list[str]:
    """Blank-line separated blocks, whitespace-trimmed, empty ones dropped."""
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def is_debris(block: str) -> bool:
    """Page-break markers, headings, figure captions and tables: not paragraph text."""
    return (
        block == "---"
        or block.startswith("#")
        or block.startswith("Figure ")
        or "\t" in block
        or (block.startswith("**") and block.endswith("**"))
    )


def clean(text: str) -> str:
    """Markdown of the conversion to plain text (footnote markers are kept as links instead)."""
    text = SUP.sub("", text)
    text = re.sub(r"<<(https?://[^>]+)>>", r"<\1>", text)
    text = text.replace("\\*", "*").replace("**", "")
    text = re.sub(r"(?<![\w*])\*([^*]+)\*(?![\w*])", r"\1", text)  # *emphasis*
    return re.sub(r"\s+", " ", text).strip()


def parse_cover(head: str, source: Path) -> tuple[str, str, str]:
    date = re.search(r"^(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})$", head, re.M)
    title = re.search(r"\*\*(Inter-agency [^*]+)\*\*\*\*(Note by the Secretariat [^*\\]+)", head)
    if not date or not title:
        raise SystemExit(f"{source}: cannot find the note's date and title on its cover page")
    day, month, year = int(date[1]), MONTHS.index(date[2]) + 1, int(date[3])
    return title[1].strip(), title[2].strip(), f"{year:04d}-{month:02d}-{day:02d}"


def parse(source: Path) -> Note:
    text = source.read_text(encoding="utf-8")
    first = re.search(r"^1\.\s", text, re.M)
    if not first:
        raise SystemExit(f"{source}: no numbered paragraph 1")
    title, alternative, date = parse_cover(text[: first.start()], source)
    parts: list[Part] = []
    for block in blocks(text[first.start():]):
        if is_debris(block) or block.startswith("\\*"):  # "\*" marks the unnumbered cover footnotes
            continue
        m = PARA_START.match(block) or FOOTNOTE_START.match(block)
        if m:
            kind = "para" if m.re is PARA_START else "footnote"
            parts.append(Part(kind, int(m[1]), [m[2]]))
            continue
        # Continuation after an interruption: the latest part still in mid-sentence.
        open_parts = [p for p in parts if p.is_open]
        if not open_parts:
            raise SystemExit(f"{source}: text with no paragraph to continue: {block[:60]!r}")
        open_parts[-1].chunks.append(block)
    check(parts, source)
    return Note(title, alternative, date, parts)


def check(parts: list[Part], source: Path) -> None:
    for kind, expected in (("para", EXPECTED_PARAGRAPHS), ("footnote", EXPECTED_FOOTNOTES)):
        numbers = [p.number for p in parts if p.kind == kind]
        if numbers != list(range(1, expected + 1)):
            raise SystemExit(f"{source}: {kind} numbers are not 1..{expected}: {numbers}")
    still_open = [f"{p.kind} {p.number}" for p in parts if p.is_open]
    if still_open:
        raise SystemExit(f"{source}: unfinished text in {', '.join(still_open)}")


def literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def turtle(note: Note) -> str:
    doc = f"<document/{SLUG}>"
    out = [
        "# GENERATED by tools/generate_note.py from data/source/inter-agency-note-2024.md: do not edit.",
        "@base <https://w3id.org/ungass-kg/id/> .",
        "@prefix ung: <https://w3id.org/ungass-kg/ontology#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"{doc} a ung:SourceDocument ;",
        f"    dct:title {literal(note.title)}@en ;",
        f"    dct:alternative {literal(note.alternative)}@en ;",
        f'    dct:date "{note.date}"^^xsd:date ;',
        '    dct:language "en" ;',
        "    rdfs:comment " + literal(
            "Prepared for the Commission on Narcotic Drugs, sixty-seventh session (Vienna, 14-22 March 2024), "
            "item 7 of the provisional agenda; the cover page says the document has not been edited."
        ) + "@en .",
        "",
    ]
    for p in note.parts:
        text = p.raw
        iri = f"<document/{SLUG}/{p.kind}/{p.number}>"
        cls, number_prop = ("ung:Paragraph", "ung:paragraphNumber") if p.kind == "para" else (
            "ung:Footnote", "ung:footnoteNumber")
        lines = [f"{iri} a {cls} ;", f"    {number_prop} {p.number} ;", f"    dct:isPartOf {doc} ;"]
        refs = sorted({int(n) for n in SUP.findall(text)})
        if refs:
            targets = ", ".join(f"<document/{SLUG}/footnote/{n}>" for n in refs)
            lines.append(f"    dct:references {targets} ;")
        lines.append(f"    rdf:value {literal(clean(text))}@en .")
        out += [*lines, ""]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    target.write_text(turtle(parse(SOURCE)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
