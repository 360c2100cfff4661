"""The draft as data: blocks of runs, each number a traced value (what every renderer reads).

A paragraph is a list of runs: plain text, a :class:`Num` (a number read from one saved-query
result cell, or a sum of cells), an entity mention, a chapter name, or a link. Renderers turn
the same blocks into Markdown, HTML and DOCX, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Num:
    """A number as the draft writes it, and where it comes from.

    ``rows`` are indexes into the query's result rows (one cell, or several that are summed);
    ``value`` is the unrounded value; ``text`` is exactly what the draft prints.
    """

    text: str
    value: float
    query: str
    params: tuple[tuple[str, str], ...]
    rows: tuple[int, ...]
    column: str
    unit: str = ""  # "per cent" for shares, "" for counts

    @property
    def param_dict(self) -> dict[str, str]:
        return dict(self.params)

    def trace(self) -> dict[str, object]:
        return {"text": self.text, "value": self.value, "query": self.query, "params": self.param_dict,
                "row": self.rows[0] if len(self.rows) == 1 else list(self.rows), "column": self.column,
                "aggregate": "sum" if len(self.rows) != 1 else None}


@dataclass(frozen=True)
class Em:
    """Text in italics (the note italicises chapter references such as *Chapter I*)."""

    text: str


@dataclass(frozen=True)
class Lit:
    """Text taken from the data as it is (a title, a name, a label): printed plain, never parsed."""

    text: str


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    italic: bool = False


Run = str | Num | Em | Lit | Link


@dataclass
class Para:
    """A numbered paragraph; ``note_paras`` are the 2024 note's paragraphs it corresponds to."""

    runs: list[Run]
    note_paras: tuple[int, ...] = ()
    number: int = 0


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class FigureBlock:
    number: int
    title: str
    source: str
    query: str
    params: tuple[tuple[str, str], ...]
    png: bytes = field(repr=False, default=b"")


Block = Para | Heading | FigureBlock


@dataclass
class Draft:
    period: int
    against: int | None
    blocks: list[Block]

    def paragraphs(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    def figures(self) -> list[FigureBlock]:
        return [b for b in self.blocks if isinstance(b, FigureBlock)]

    def numbers(self) -> list[tuple[Para, Num]]:
        return [(p, r) for p in self.paragraphs() for r in p.runs if isinstance(r, Num)]

    def trace(self) -> list[dict[str, object]]:
        """One object per number, in reading order (what ``--trace`` writes)."""
        out = []
        for p, n in self.numbers():
            out.append({**n.trace(), "paragraph": p.number, "note_paragraphs": list(p.note_paras)})
        return out


__all__ = ["Block", "Draft", "Em", "FigureBlock", "Heading", "Link", "Lit", "Num", "Para", "Run"]
