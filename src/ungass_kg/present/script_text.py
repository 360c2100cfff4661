"""The words the pages' scripts show (status lines, counts, messages), in the page's language.

The scripts (static/query.js, static/search.js) are the same file for every language; the page
gives its script these strings in a ``<script type="application/json">`` block rendered through
the catalogs (Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``, so the block cannot end
early or become markup). A count is shown with the catalog's plural form for it: the block holds
each form, the form's index for each n in 0..199 and the index for a million. These decide every
count in the six languages: their plural rules look at thresholds under 100, at ``n % 100`` (so
n >= 200 has the form of 100 + n % 100) and, in French and Spanish, at ``n % 1000000 == 0``.
"""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..i18n import N_


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural entry for the catalog (Babel extracts ``ngettext`` calls); the page picks the form."""
    return singular, plural


PLURAL_SPAN = 200  # see the module's docstring
MILLION = 1_000_000


def plural_index(lang: str, n: int) -> int:
    """The plural form the catalog of ``lang`` uses for ``n``."""
    rule = getattr(i18n.translations(lang), "plural", None)  # English (NullTranslations): two forms
    return int(rule(n)) if rule else int(n != 1)


def plural_indexes(lang: str) -> list[int]:
    """The form of each n in 0..199."""
    return [plural_index(lang, n) for n in range(PLURAL_SPAN)]


def plural_forms(lang: str, singular: str, plural: str) -> list[str]:
    """The forms of one plural entry in ``lang``, by form index."""
    t = i18n.translations(lang)
    forms: dict[int, str] = {}
    for n in [*range(PLURAL_SPAN), MILLION]:
        forms.setdefault(plural_index(lang, n), t.ngettext(singular, plural, n))
    return [forms[i] for i in range(len(forms))]


def _words(lang: str, words: dict[str, str], counts: dict[str, tuple[str, str]]) -> dict[str, Any]:
    _ = i18n.gettext_for(lang)
    out: dict[str, Any] = {key: _(text) for key, text in words.items()}
    out.update({key: plural_forms(lang, s, p) for key, (s, p) in counts.items()})
    out["plural"] = plural_indexes(lang)
    out["million"] = plural_index(lang, MILLION)
    out["lang"] = lang
    return out


QUERY_WORDS = {
    "running": N_("Running…"),
    "done": N_("Done in %(ms)s ms"),
    "rows_in": N_("%(rows)s in %(ms)s ms"),
    "complete": N_("complete"),
    "error": N_("Error %(status)s (%(ms)s ms)"),
    "refused": N_("The endpoint's answer:"),
    "not_sent": N_("The query could not be sent: %(error)s"),
    "true": N_("Answer: true"),
    "false": N_("Answer: false"),
    "permalink": N_("permalink"),
}
QUERY_COUNTS = {
    "rows": ngettext("%(n)s row", "%(n)s rows"),
    "cut": ngettext("cut at the row cap of %(n)s row: add LIMIT/OFFSET or download",
                        "cut at the row cap of %(n)s rows: add LIMIT/OFFSET or download"),
}


def query_texts(lang: str) -> dict[str, Any]:
    """The query page's script's words (static/query.js)."""
    return _words(lang, QUERY_WORDS, QUERY_COUNTS)


SEARCH_WORDS = {
    "matching": N_("matching “%(q)s”"),
    "lead": N_("lead"),
    "failed": N_("The search index could not be loaded."),
}
SEARCH_COUNTS = {"activities": ngettext("%(n)s activity", "%(n)s activities")}


def search_texts(lang: str) -> dict[str, Any]:
    """The static site's search script's words (static/search.js)."""
    return _words(lang, SEARCH_WORDS, SEARCH_COUNTS)
