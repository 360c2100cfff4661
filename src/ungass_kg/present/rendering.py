"""The HTML side shared by the server and the static site: one Jinja environment, one base map.

Autoescaping is on for every template (labels come from submitted data and may hold markup);
links go through :class:`~ungass_kg.present.iris.BaseMap` so the canonical base of the data
points at whichever host serves the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .. import __version__, i18n
from . import script_text
from .iris import BaseMap
from .views import short

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class Site:
    """Where a page is rendered: on the live server (forms work) or in the static site."""

    bm: BaseMap
    live: bool = True
    sparql_endpoint: str | None = None  # the query form's target; None in a static site without one
    nav: tuple[tuple[str, str], ...] = field(default=())
    lang: str = i18n.DEFAULT
    # the language switch: (tag, name in itself, this page's URL in that language); empty: no switch
    switch: tuple[tuple[str, str, str], ...] = field(default=())

    def page(self, rel: str) -> str:
        """Link to one of our pages; in the static site folders end in ``/`` (index.html)."""
        return self.bm.path(rel)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(("html", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["short"] = short
    # the scripts' words in the page's language (present.script_text), for a page's JSON block
    env.globals["query_texts"] = script_text.query_texts
    env.globals["search_texts"] = script_text.search_texts
    return env


N_ = i18n.N_


def nav_for(site_live: bool, has_endpoint: bool = False) -> tuple[tuple[str, str], ...]:
    items = [("", N_("Home")), ("id/chapter/", N_("Chapters")), ("id/entity/", N_("Entities")),
             ("activities" if site_live else "activities/", N_("Activities")), ("figures/", N_("Figures"))]
    if site_live or has_endpoint:
        items.append(("sparql", N_("Query")))
    if site_live:
        items.append(("validate", N_("Validate")))
    items += [("ontology", N_("Ontology")), ("catalog", N_("Data"))]
    return tuple(items)


def make_site(bm: BaseMap, *, live: bool = True, sparql_endpoint: str | None = None, lang: str = i18n.DEFAULT,
              switch: tuple[tuple[str, str, str], ...] = ()) -> Site:
    return Site(bm=bm, live=live, sparql_endpoint=sparql_endpoint, nav=nav_for(live, bool(sparql_endpoint)),
                lang=lang, switch=switch)


def safe_href(site: Site, iri: str) -> str:
    """The link for an IRI; only web and mail links are clickable (no ``javascript:`` from data)."""
    url = site.bm.href(iri)
    if url.startswith(("http://", "https://", "mailto:", "/", "#")):
        return url
    return "#unsupported-link"


def render(template: str, site: Site, **context: object) -> str:
    """Render a page template; ``site`` gives links, the navigation and what is live."""
    env = environment()
    lang = site.lang
    return env.get_template(template).render(site=site, href=lambda iri: safe_href(site, str(iri)),
                                             page=site.page, _=markup_gettext(lang), ngettext=markup_ngettext(lang),
                                             lang=lang, dir=i18n.direction(lang), en=english_mark(lang),
                                             data=lambda text, text_lang="en": data_mark(text, text_lang, lang),
                                             user=lambda text: user_mark(text, lang), **context)


def markup_gettext(lang: str) -> Callable[..., str | Markup]:
    """The templates' ``_``: with placeholders the translation is escaped and the values are
    escaped unless they are markup already (``data(name)``, ``user(text)`` keep their element)."""
    t = i18n.translations(lang)

    def _(message: str, **values: object) -> str | Markup:
        text = t.gettext(message)
        return escape(text) % values if values else text

    return _


def markup_ngettext(lang: str) -> Callable[..., str | Markup]:
    t = i18n.translations(lang)

    def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str | Markup:
        text = t.ngettext(singular, plural, count)
        return escape(text) % values if values else text

    return ngettext


def data_mark(text: object, text_lang: str, page_lang: str) -> Markup:
    """A name from the data inside translated text: marked with its language when the page has another."""
    if text_lang == page_lang:
        return escape(text)
    return Markup('<span lang="%s">%s</span>') % (text_lang, text)


def user_mark(text: object, page_lang: str) -> Markup:
    """Text someone typed (a search, a file name, an entity as given) inside translated text:
    isolated and left as it is (on an English page it is part of the sentence as typed)."""
    if page_lang == i18n.DEFAULT:
        return escape(text)
    return Markup('<bdi translate="no">%s</bdi>') % (text,)


def english_mark(lang: str) -> Markup:
    """`` lang="en"`` on an element holding English data (official names, labels without a
    translation) in a page of another language; nothing on an English page."""
    return Markup(' lang="en"' if lang != i18n.DEFAULT else "")
