"""The six official languages of the UN: which one a request wants, and the interface text in it.

Interface text lives in gettext catalogs (``locale/<lang>/LC_MESSAGES/messages.po``, managed with
Babel: see docs/languages.md); English is the source language. A catalog is compiled when it is
first needed, in memory (no ``.mo`` files to keep in step). Nothing is translated by a machine at
run time: a string missing from a catalog shows in English.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path

LANGUAGES = ("en", "ar", "es", "fr", "ru", "zh")  # BCP 47 tags, as the data's literals carry them
DEFAULT = "en"
RTL = frozenset({"ar"})
# each language named in itself (autonyms), for the language switch
NAMES = {"ar": "العربية", "en": "English", "es": "Español", "fr": "Français", "ru": "Русский", "zh": "中文"}
LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a string for the catalog where it is defined (Babel extracts ``N_``); it is
    translated where it is shown, with ``_``."""
    return message


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def supported(tag: str | None) -> str | None:
    """``fr-CA`` -> ``fr``, ``zh-Hans-CN`` -> ``zh``; ``None`` when not one of the six."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The supported language an ``Accept-Language`` header ranks highest (RFC 9110 12.5.4)."""
    best: tuple[float, int, str] | None = None
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        lang = supported(tag)
        if lang is None or q <= 0:
            continue
        cand = (-q, i, lang)  # higher q first, then the order the client wrote
        if best is None or cand < best:
            best = cand
    return best[2] if best else None


def negotiate(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` wins, then ``Accept-Language``, then English."""
    return supported(query_lang) or from_accept_language(accept_language) or DEFAULT


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` compiled with Babel; English (the source) translates to itself."""
    path = po_path(lang)
    if lang == DEFAULT or not path.is_file():
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # only where a catalog is read
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f)
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)  # a fuzzy entry is not a translation
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def gettext_for(lang: str) -> Callable[..., str]:
    """``_("Round %(p)s", p=2023)``: translate, then fill the named placeholders."""
    t = translations(lang)

    def _(message: str, **values: object) -> str:
        text = t.gettext(message)
        return text % values if values else text

    return _


def ngettext_for(lang: str) -> Callable[..., str]:
    """``ngettext("%(n)s activity", "%(n)s activities", n, n=n)``: the plural form ``lang``'s
    catalog gives for ``n`` (Arabic has six, Russian three, Chinese one), then the placeholders."""
    t = translations(lang)

    def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
        text = t.ngettext(singular, plural, count)
        return text % values if values else text

    return ngettext


__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "NAMES",
    "N_",
    "RTL",
    "direction",
    "from_accept_language",
    "gettext_for",
    "negotiate",
    "ngettext_for",
    "supported",
    "translations",
]
