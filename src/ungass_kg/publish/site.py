"""``ungass-kg publish``: the static site, the same pages and data as the server, for any web server.

Written under a public base (``--base``): RDF files carry IRIs under that base, HTML pages
link by path (``/id/entity/unodc``) so they work on whichever host serves the folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from rdflib import Graph

from .. import i18n
from ..errors import InputError
from ..namespaces import BASE, ONTOLOGY_GRAPH, PREFIXES, SHAPES_GRAPH
from ..present import dcat, describe, figures_view, formats, pages, views
from ..present.dumps import write_dumps
from ..present.iris import BaseMap
from ..present.ontology_doc import named_graph
from ..present.rendering import STATIC, Site, make_site
from ..store import Store
from . import server_config


@dataclass
class SiteReport:
    out: Path
    resources: int = 0
    pages: int = 0
    rdf_files: int = 0
    figures: int = 0
    dumps: list[str] = field(default_factory=list)


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _rdf_files(stem: Path, g: Graph, extra_prefixes: dict[str, str] | None = None) -> int:
    # RDF keeps the canonical IRIs wherever the site is published (one IRI per thing); only the
    # pages' links are mapped onto the site's base.
    prefixes = {**PREFIXES, **(extra_prefixes or {})}
    for rep in formats.RDF_REPRESENTATIONS:
        _write(stem.with_name(stem.name + "." + rep.extension), formats.serialize(g, rep, prefixes))
    return len(formats.RDF_REPRESENTATIONS)


def check_out_dir(out: Path, force: bool) -> None:
    """Refuse to write into a non-empty folder that is not an earlier site (unless forced)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder", hint="give --out a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / ".ungass-kg-site").exists() and not force:
        raise InputError(f"{out}: the folder is not empty and was not written by 'ungass-kg publish'",
                         hint="choose an empty folder, or pass --force to write into it")


def parse_languages(text: str | None) -> tuple[str, ...]:
    """``fr,ar`` -> ``('en', 'fr', 'ar')``: English (the root of the site) and the languages asked for;
    ``all`` is the six."""
    if not text:
        return (i18n.DEFAULT,)
    asked = list(i18n.LANGUAGES) if text.strip().lower() == "all" else [t.strip() for t in text.split(",") if t.strip()]
    out = [i18n.DEFAULT]
    for tag in asked:
        lang = i18n.supported(tag)
        if lang is None or lang != tag.lower():
            raise InputError(f"--languages: {tag!r} is not one of the six languages",
                             hint="give some of " + ",".join(i18n.LANGUAGES) + ", or all")
        if lang not in out:
            out.append(lang)
    return tuple(out)


def language_folder(lang: str) -> str:
    """Where a language's pages are, under the site's root: English at the root, ``fr/`` ..."""
    return "" if lang == i18n.DEFAULT else lang + "/"


def publish_site(store: Store, out: Path, public_base: str, *, canonical: str = BASE,
                 sparql_endpoint: str | None = None, force: bool = False,
                 progress: Callable[[str], None] | None = None,
                 languages: tuple[str, ...] = (i18n.DEFAULT,)) -> SiteReport:
    """Write the static site into ``out``; returns what was written.

    English pages are at the root; each other language of ``languages`` has the same pages in
    its own folder (``fr/id/entity/unodc/``), linking to the one copy of the files at the root.
    """
    if not public_base.startswith(("http://", "https://")):
        raise InputError(f"--base {public_base!r} is not an http(s) URL", hint="e.g. --base https://example.org/kb/")
    check_out_dir(out, force)
    say = progress or (lambda _msg: None)
    out.mkdir(parents=True, exist_ok=True)
    for old in ("activities", "id", "figures", "ontology", "shapes", "catalog", "dumps", "static", ".well-known",
                "sparql", *(lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT)):
        shutil.rmtree(out / old, ignore_errors=True)
    _write(out / ".ungass-kg-site", "written by ungass-kg publish\n")
    bm = BaseMap.for_public(public_base, canonical, relative_links=True)
    report = SiteReport(out)
    languages = tuple(dict.fromkeys((i18n.DEFAULT, *languages)))

    for f in STATIC.iterdir():
        if f.is_file():
            _write(out / "static" / f.name, f.read_bytes())

    say("dumps")
    dumps = write_dumps(store, out / "dumps")
    report.dumps = [d.filename for d in dumps]

    say("resources")
    resources = []
    for iri in describe.resources_under(store, canonical + "id/"):
        rel = iri[len(canonical):]
        if not rel.strip("/") or any(part in ("", ".", "..") for part in rel.split("/")):
            continue  # an IRI that cannot be a file path is left to the server
        resources.append((iri, rel))

    for lang in languages:
        folder = language_folder(lang)
        lbm = replace(bm, page_prefix=folder)
        base_site = make_site(lbm, live=False, sparql_endpoint=sparql_endpoint, lang=lang)

        def site_for(rel: str, lang_bm: BaseMap = lbm, base_site: Site = base_site) -> Site:
            if len(languages) == 1:
                return base_site  # one language: no switch, the site as it always was
            target = rel.strip("/") + "/" if rel.strip("/") else ""
            return replace(base_site, switch=tuple(
                (tag, i18n.NAMES[tag], bm.links + language_folder(tag) + target) for tag in languages))

        def page(rel: str, render_with: Callable[[Site], str | None], folder: str = folder) -> bool:
            body = render_with(site_for(rel))
            if body is None:
                return False
            _write(out / folder / rel / "index.html" if rel else out / folder / "index.html", body)
            report.pages += 1
            return True

        page("dumps", lambda s: pages.dumps_html(s, dumps))
        say(f"resource pages ({lang})")
        for iri, rel in resources:
            if not page(rel, partial(pages.resource_html, store, iri)):
                continue
            if lang == i18n.DEFAULT:
                report.rdf_files += _rdf_files(out / rel, describe.describe(store, iri))
                report.resources += 1
        for key in ["", *(k for k, _title, _cls in views.LISTS)]:
            page(f"id/{key}".rstrip("/"), partial(pages.list_html, store, key))

        say(f"activities ({lang})")
        from .explore_pages import write_activity_pages

        def write(rel: str, body: str, folder: str = folder) -> None:
            _write(out / folder / rel / "index.html", body)

        report.pages += write_activity_pages(store, out / folder, base_site, write, site_for=site_for)

        say(f"pages ({lang})")
        page("", lambda s: pages.home_html(store, s))
        page("figures", pages.figures_index_html)
        for fig in figures_view.figure_list():
            if not page(f"figures/{fig['name']}", partial(pages.figure_html, store, fig["name"])):
                continue
            if lang == i18n.DEFAULT:
                built = figures_view.figure(store, fig["name"]) or {}
                files = built.get("files") or ({"csv": built["csv"].encode()} if built.get("csv") else {})
                for ext, data in files.items():
                    _write(out / "figures" / f"{fig['name']}.{ext}", data)
                report.figures += 1
        if sparql_endpoint:  # the query page only makes sense with a live endpoint to send queries to
            page("sparql", pages.query_html)
        page("ontology", lambda s: pages.ontology_html(store, s))
        page("shapes", lambda s: pages.shapes_html(store, s))
        page("catalog", lambda s: pages.catalog_html(store, s, dumps))
        _write(out / folder / "404.html", pages.not_found_html(site_for(""), "this address"))

    report.rdf_files += _rdf_files(out / "ontology", named_graph(store, str(ONTOLOGY_GRAPH)))
    report.rdf_files += _rdf_files(out / "shapes", named_graph(store, str(SHAPES_GRAPH)),
                                   {"ungsh": canonical + "shapes#"})
    extra = {"spdx": str(dcat.SPDX), "sd": str(dcat.SD)}
    report.rdf_files += _rdf_files(out / "catalog", dcat.build_catalog(store, dumps, canonical, bm.public),
                                   extra)
    void = formats.serialize(dcat.build_void(store, dumps, canonical, bm.public), formats.TURTLE,
                             {**PREFIXES, **extra})
    _write(out / ".well-known" / "void", void)
    _write(out / ".well-known" / "void.ttl", void)

    say("web-server configuration")
    _write(out / ".htaccess", server_config.htaccess(bm.links))
    _write(out / "nginx.conf", server_config.nginx(out.resolve(), bm.links))
    return report
