"""Pages for people: home, resource pages by kind, lists, figures, validation and query forms.

The ``*_html`` functions take a store and a :class:`~.rendering.Site` and return HTML, so the
live server (``web.pages``) and ``ungass-kg publish`` render exactly the same pages.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from rdflib import URIRef

from .. import i18n, statistics
from ..namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH
from ..store import Store
from . import dcat, figures_view, formats, views
from . import describe as desc
from .dumps import Dump
from .ontology_doc import named_graph, ontology_doc, shapes_doc
from .rendering import Site, render

N_ = i18n.N_
KIND_LABELS = {
    "activity": N_("Activity"), "chapter": N_("Chapter"), "entity": N_("Entity"),
    "mechanism": N_("Coordination mechanism"), "programme": N_("Programme"), "mandate": N_("Mandate"),
    "area": N_("Country or region"), "paragraph": N_("Paragraph of a source document"),
    "resource": N_("Resource"),
}


# --- resource pages ----------------------------------------------------------------------
def alternates_for(site: Site, iri: str) -> list[dict[str, str]]:
    public = site.bm.to_public(iri)
    out = [{"url": site.bm.href(iri), "media_type": "text/html", "label": "HTML"}]
    for rep in formats.RDF_REPRESENTATIONS:
        out.append({"url": f"{site.bm.href(iri)}.{rep.extension}" if site.live else
                    f"{site.bm.links}{public[len(site.bm.public):]}.{rep.extension}",
                    "media_type": rep.media_type, "label": rep.label})
    return out


def resource_html(store: Store, iri: str, site: Site) -> str | None:
    """The page of one resource; ``None`` when the store knows nothing about it."""
    g = desc.describe(store, iri)
    x = URIRef(iri)
    if (x, None, None) not in g:
        return None
    plabels = views.property_labels(store)
    types = {str(t) for t in g.objects(x, URIRef(views.RDF.type))}
    kind = views.kind_of(types)
    # The page names the resource by its canonical IRI, as every RDF representation does.
    title, title_lang = views.title_in(g, x, site.lang)
    ctx: dict[str, Any] = {
        "title": title, "title_lang": title_lang,
        "iri": iri, "kind": kind,
        "kind_label": KIND_LABELS.get(kind, N_("Resource")), "alternates": alternates_for(site, iri),
        "statements": views.statements(g, x, plabels), "incoming": [], "sources": [],
        "activities": [], "participants": [], "members": [], "paragraph_text": "",
    }
    # The activity lists below replace the long 'referenced by' lists where a page has them.
    incoming = views.incoming(g, x, plabels)
    safe = desc.safe_iri(iri)
    template = "generic.html"
    if kind == "entity":
        template = "entity.html"
        ctx.update(chapters=views.entity_chapters(store, iri), partners=views.entity_partners(store, iri),
                   memberships=views.entity_memberships(store, iri),
                   programmes=views.entity_programmes(store, iri),
                   activities=views.activities_by_chapter_year(store, f"?a ung:participant|ung:leadEntity {safe} ."))
        incoming = [st for st in incoming if st.prop_iri not in (str(views.UNG.participant),
                                                                  str(views.UNG.leadEntity))]
    elif kind == "chapter":
        template = "chapter.html"
        ctx.update(participants=views.participants_count(store, f"?a ung:chapter {safe} ."),
                   activities=views.activities_by_chapter_year(store, f"?a ung:chapter {safe} ."),
                   sources=views.sources(store, iri))
        incoming = [st for st in incoming if st.prop_iri != str(views.UNG.chapter)]
    elif kind == "activity":
        template = "activity.html"
        ctx.update(quantities=views.stated_quantities(store, iri), sources=views.sources(store, iri))
    else:
        ctx["sources"] = views.sources(store, iri)
        if kind == "mechanism":
            ctx["members"] = views.mechanism_members(store, iri)
        if kind in ("programme", "mandate", "area"):
            prop = {"programme": "ung:programme", "mandate": "ung:programme/ung:mandate|ung:mandate",
                    "area": "ung:area"}[kind]
            pattern = f"?a {prop} {safe} ."
            ctx["activities"] = views.activities_by_chapter_year(store, pattern)
            ctx["participants"] = views.participants_count(store, pattern)
        if kind == "paragraph":
            ctx["paragraph_text"] = next((str(o) for o in g.objects(x, URIRef(views.RDF.value))), "")
    ctx["incoming"] = incoming
    ctx["explore"], ctx["area_map"] = _explore_and_map(store, iri, kind, site)
    return render(template, site, **ctx)


def _explore_and_map(store: Store, iri: str, kind: str, site: Site) -> tuple[dict[str, Any] | None,
                                                                              dict[str, Any] | None]:
    """The faceted panel (live site: its links open /activities) and the map, for the pages of an
    entity, a chapter or an area: the same filters as /activities with this resource's fixed."""
    if kind not in ("entity", "chapter", "area"):
        return None, None
    from ..explore import filters
    from ..queries.params import ParamError
    from .explore_view import panel

    key = iri.rstrip("/").rsplit("/", 1)[-1]
    explore = None
    if site.live:
        base = site.page("activities")
        keep = {"lang": site.lang} if site.lang != i18n.DEFAULT else {}
        try:
            f = filters.parse({kind: key})
        except ParamError:
            f = None
        if f is not None:
            explore = panel(store, f, lambda p: base + ("?" + urlencode({**p, **keep}) if p or keep else ""))
            explore["compact"] = True
            if explore["total"] == 0:
                explore = None
    area_map = None
    if kind in ("entity", "chapter"):
        try:
            area_map = figures_view.area_map(store, {kind: key}, site.lang)
        except ParamError:  # an entity the matrix does not count: the map's query does not take it
            area_map = None
    return explore, area_map


def not_found_html(site: Site, what: str) -> str:
    return render("not_found.html", site, title=i18n.gettext_for(site.lang)(N_("Not found")), what=what)


def error_html(site: Site, title: str, message: str) -> str:
    """A page for a request the site cannot answer as asked (a bad parameter, no such format);
    ``title`` is a catalog entry (shown in the page's language), ``message`` the error itself."""
    return render("error.html", site, title=i18n.gettext_for(site.lang)(title), message=message)


def list_html(store: Store, key: str, site: Site) -> str | None:
    """A folder of resources (``/id/entity/``); ``/id/`` lists the folders."""
    if key == "":
        tr = i18n.gettext_for(site.lang)
        # the folders' names are interface text (translated), not data: "local" leaves them unmarked
        folders = [{"iri": f"{site.bm.canonical}id/{k}/", "label": tr(title), "note": "", "local": True}
                   for k, title, _ in views.LISTS]
        return render("list.html", site, title=tr(N_("Resources")), items=folders)
    for k, title, cls in views.LISTS:
        if k == key:
            return render("list.html", site, title=i18n.gettext_for(site.lang)(title),
                          items=views.list_members(store, cls))
    return None


# --- home, figures, forms ------------------------------------------------------------------
def home_html(store: Store, site: Site) -> str:
    counts = statistics.counts(store)
    chapters = views.list_members(store, str(views.UNG.Chapter))
    from ..rounds import list_rounds

    _ = i18n.gettext_for(site.lang)
    return render("home.html", site, title=_("The UN system's work on the world drug problem"),
                  counts=counts, chapters=chapters, figures=figures_view.figure_list(),
                  rounds=list_rounds(store) if site.live else [],
                  lists=views.LISTS, example=DEFAULT_QUERY)


def figures_index_html(site: Site) -> str:
    return render("figures.html", site, title=i18n.gettext_for(site.lang)(N_("Figures")),
                  figures=figure_list_or_empty())


def figure_list_or_empty() -> list[dict[str, str]]:
    return figures_view.figure_list()


def figure_html(store: Store, name: str, site: Site, params: dict[str, str] | None = None,
                embed: bool = False) -> str | None:
    """A figure's page; ``params`` filter it (the saved query's own parameters), ``embed`` is the
    page without the site's header and footer, for partners' sites."""
    fig = figures_view.figure(store, name, params, site.lang)
    if fig is None:
        return None
    qs = urlencode(fig["params"])
    return render("figure_embed.html" if embed else "figure.html", site, title=fig["title"], title_lang="en", fig=fig,
                  qs=("?" + qs) if qs else "")


DEFAULT_QUERY = """PREFIX ung: <https://w3id.org/ungass-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?chapter ?label (COUNT(?activity) AS ?activities) WHERE {
  ?chapter a ung:Chapter ; skos:prefLabel ?label .
  OPTIONAL { ?activity ung:chapter ?chapter }
} GROUP BY ?chapter ?label ORDER BY ?chapter"""


def query_html(site: Site, example: str = "", query: str = "") -> str:
    """The query page; ``example`` preselects a saved query by name, ``query`` (a permalink)
    fills in the query text and runs it."""
    import json

    from ..namespaces import PREFIXES

    examples = figures_view.saved_queries()
    chosen = next((e for e in examples if e["name"] == example), None)
    text = query or (chosen["query"] if chosen else DEFAULT_QUERY)
    return render("query.html", site, title=i18n.gettext_for(site.lang)(N_("Query the knowledge base")),
                  examples=examples,
                  selected=chosen["name"] if chosen else "", default=text, autorun=bool(query),
                  prefixes=json.dumps(PREFIXES), prefix_names=list(PREFIXES))


def validate_html(site: Site) -> str:
    return render("validate.html", site, title=i18n.gettext_for(site.lang)(N_("Check a submission before you send it")))


# --- ontology, shapes, catalogue ----------------------------------------------------------
def ontology_html(store: Store, site: Site) -> str:
    doc = ontology_doc(named_graph(store, str(ONTOLOGY_GRAPH)))
    return render("ontology.html", site, title=doc.title, title_lang="en", doc=doc,
                  rdf=[(r.label, site.page(f"ontology.{r.extension}")) for r in formats.RDF_REPRESENTATIONS])


def shapes_html(store: Store, site: Site) -> str:
    shapes = shapes_doc(named_graph(store, str(SHAPES_GRAPH)))
    return render("shapes.html", site, title=i18n.gettext_for(site.lang)(N_("SHACL shapes")), shapes=shapes,
                  rdf=[(r.label, site.page(f"shapes.{r.extension}")) for r in formats.RDF_REPRESENTATIONS])


def catalog_html(store: Store, site: Site, dumps: list[Dump]) -> str:
    graphs = store.graphs()
    lo, hi = dcat.years(store)
    return render("catalog.html", site, title=i18n.gettext_for(site.lang)(N_("Data catalogue")),
                  dumps=dumps, graphs=graphs,
                  dataset_title=dcat.TITLE, description=dcat.DESCRIPTION, licence=str(dcat.licence(store)),
                  years=(lo, hi), total=sum(c for _, c in graphs),
                  rdf=[(r.label, site.page(f"catalog.{r.extension}")) for r in formats.RDF_REPRESENTATIONS])


def dumps_html(site: Site, dumps: list[Dump]) -> str:
    return render("dumps.html", site, title=i18n.gettext_for(site.lang)(N_("Downloads")), dumps=dumps)
