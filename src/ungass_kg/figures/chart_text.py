"""The charts' own words in the six languages: axis and legend titles, the "Figure N" heading,
"Other entities", the subtitle's parts, notes, and the font that has the script's glyphs.

A chart is built in English (``charts``, ``maps``) and then translated here as a whole: every
string of the Vega-Lite spec that is one of the words below is replaced by its catalog entry, in
the titles, the data and the scales alike (so "Other entities" stays one segment with its grey).
The caption under "Figure N" is the note's own (an official text without a translation in our
sources) and stays English, as do the data's names (entities, chapters, countries' English labels).
"""

from __future__ import annotations

import re
from typing import Any

from .. import i18n
from ..i18n import N_

# Axis and legend titles: the saved queries' column meanings as the charts show them (a test
# fails when a chart shows a title that is not here, so a new or changed meaning is noticed).
WORDS = (
    N_("Activities"), N_("Participations"), N_("Inter-agency activities"), N_("Country"), N_("share"),
    N_("Other entities"), N_("No activities match."), N_("Regional activities (shown for their region)"),
    N_("Chapters with at least one of its activities"),
    N_("Chapters with at least one of its activities (all of them)"),
    N_("Matrix entities with at least one activity under the chapter"),
    N_("Per cent of all assignments (activity-chapter pairs)"), N_("Per cent of all inter-agency activities"),
    N_("Per cent of the chapter's activities"), N_("Per cent of the chapter's participations"),
    N_("yes"), N_("no"),
)
FIGURE = N_("Figure %(n)s")
TOO_SMALL = N_("Too small for this map's scale (in the table): %(areas)s")
_TOO_SMALL = re.compile(r"Too small for this map's scale \(in the table\): (?P<areas>.+)")
_FIGURE = re.compile(r"Figure (?P<n>\d+)")

# The subtitle's parts (figures.Figure.subtitle)
YEARS = N_("reporting years %(first)s–%(last)s")
ALL_YEARS = N_("all reporting years")
COMPUTED_BY = N_("computed by saved query %(name)s")
IN_NOTE = N_("note %(source)s")

# A font with the script's glyphs first (Debian fonts-noto-cjk, fonts-noto-core, fonts-kacst;
# .ci/run installs them), then the Latin one for names and numbers.
LATIN = "Helvetica, Arial, sans-serif"
FONTS = {"zh": "Noto Sans CJK SC, " + LATIN, "ar": "DejaVu Sans, " + LATIN}


def font_for(lang: str) -> str:
    return FONTS.get(lang, LATIN)


def localise(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """``spec`` with its words in ``lang`` and a font for its script (English: unchanged)."""
    if lang == i18n.DEFAULT:
        return spec
    _ = i18n.gettext_for(lang)
    words = {w: _(w) for w in WORDS}

    def tr(x: Any, key: str = "") -> Any:
        if isinstance(x, dict):
            return {k: tr(v, k) for k, v in x.items()}
        if isinstance(x, list):
            return [tr(v, key) for v in x]
        if isinstance(x, str) and key not in ("field", "$schema", "type", "url"):
            if x in words:
                return words[x]
            if m := _FIGURE.fullmatch(x):
                return _(FIGURE, n=m.group("n"))
            if m := _TOO_SMALL.fullmatch(x):
                return _(TOO_SMALL, areas=m.group("areas"))
        return x

    out: dict[str, Any] = tr(spec)
    config = dict(out.get("config") or {})
    config["font"] = font_for(lang)
    out["config"] = config
    if isinstance(out.get("title"), dict):
        out["title"] = {**out["title"], "font": font_for(lang), "subtitleFont": font_for(lang)}
    return out


def subtitle(lang: str, first: object, last: object, others: str, name: str, source: str) -> str:
    """The chart's subtitle: the years counted, the other filters, the saved query, the note's paragraphs."""
    _ = i18n.gettext_for(lang)
    years = _(YEARS, first=first or "…", last=last or "…") if first or last else _(ALL_YEARS)
    src = _(IN_NOTE, source=source) if source else ""
    return " · ".join(p for p in (years, others, _(COMPUTED_BY, name=name), src) if p)
