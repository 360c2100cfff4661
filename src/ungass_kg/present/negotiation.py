"""The one content negotiator: the ``Accept`` header (RFC 9110: q-values, specificity, ``q=0``
excludes) with a ``format`` parameter or a file extension as override (``formats.choose``).
Every route negotiates through :func:`choose`; a 406 names the offered types
(:func:`not_acceptable`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import media
from .media import GRAPH_TYPES, RESULT_TYPES

# The SPARQL endpoint's offers, aliases clients send and ``format=`` names: all from the registry.
ALIASES = media.aliases()
RESULT_FORMAT_NAMES = media.format_names(RESULT_TYPES)
GRAPH_FORMAT_NAMES = media.format_names(GRAPH_TYPES)


@dataclass(frozen=True)
class MediaRange:
    type: str  # "text/turtle", "text/*" or "*/*"
    q: float
    order: int

    def matches(self, offer: str) -> bool:
        if self.type == "*/*":
            return True
        if self.type.endswith("/*"):
            return offer.split("/", 1)[0] == self.type[:-2]
        return self.type == offer

    @property
    def specificity(self) -> int:
        return 0 if self.type == "*/*" else 1 if self.type.endswith("/*") else 2


def parse_accept(header: str | None) -> list[MediaRange]:
    """Media ranges of an Accept header; an absent or empty header accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*/*", 1.0, 0)]
    out = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mtype = fields[0].lower()
        if not mtype:
            continue
        if "/" not in mtype:
            mtype = "*/*" if mtype == "*" else mtype + "/*"
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append(MediaRange(mtype, q, i))
    return out


def choose(offers: Sequence[str], accept: str | None) -> str | None:
    """The offer the client prefers most (first offer on a tie), ``None`` when none is acceptable."""
    ranges = parse_accept(accept)
    best: tuple[float, float, float, float] | None = None
    choice = None
    for idx, offer in enumerate(offers):
        names = [offer] + [a for a, targets in ALIASES.items() if offer in targets]
        # The most specific range that matches decides the offer's quality (RFC 9110 12.5.1).
        score: tuple[float, float, float, float] | None = None
        for r in ranges:
            for name in names:
                # An alias counts only when named exactly: "text/*" must not pick JSON via text/javascript.
                if r.matches(name) and (name == offer or r.specificity == 2):
                    exact = 1 if name == offer else 0
                    cand = (r.specificity, exact, r.q, -r.order)
                    if score is None or cand[:2] > score[:2]:
                        score = cand
        if score is None or score[2] <= 0:
            continue
        key = (score[2], score[0], -idx, score[1])
        if best is None or key > best:
            best, choice = key, offer
    return choice


def from_format(values: Sequence[str], graph: bool) -> str | None:
    """The media type a ``format`` parameter asks for (a short name or a media type)."""
    names = GRAPH_FORMAT_NAMES if graph else RESULT_FORMAT_NAMES
    offers = GRAPH_TYPES if graph else RESULT_TYPES
    for raw in values:
        v = raw.strip().lower()
        if v in names:
            return names[v]
        if v in offers:
            return v
        for alias in ALIASES.get(v, ()):
            if alias in offers:
                return alias
    return None


def not_acceptable(offers: Sequence[str]) -> str:
    """The one-line body of a 406: what could have been served."""
    return "none of the offered types fits Accept; offered: " + ", ".join(offers)
