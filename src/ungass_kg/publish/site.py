"""``ungass-kg publish``: the static site, the same pages and data as the server, for any web server.

Written under a public base (``--base``): RDF files carry IRIs under that base, HTML pages
link by path (``/id/entity/unodc``) so they work on whichever host serves the folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..errors import InputError
from ..namespaces import BASE, ONTOLOGY_GRAPH, PREFIXES, SHAPES_GRAPH
from ..present import dcat, describe, figures_view, formats, pages, views
from ..present.dumps import write_dumps
from ..present.iris import BaseMap
from ..present.ontology_doc import named_graph
from ..present.rendering import STATIC, make_site
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


def publish_site(store: Store, out: Path, public_base: str, *, canonical: str = BASE,
                 sparql_endpoint: str | None = None, force: bool = False,
                 progress: Callable[[str], None] | None = None) -> SiteReport:
    """Write the static site into ``out``; returns what was written."""
    if not public_base.startswith(("http://", "https://")):
        raise InputError(f"--base {public_base!r} is not an http(s) URL", hint="e.g. --base https://example.org/kb/")
    check_out_dir(out, force)
    say = progress or (lambda _msg: None)
    out.mkdir(parents=True, exist_ok=True)
    for old in ("activities", "id", "figures", "ontology", "shapes", "catalog", "dumps", "static", ".well-known",
                "sparql"):
        shutil.rmtree(out / old, ignore_errors=True)
    _write(out / ".ungass-kg-site", "written by ungass-kg publish\n")
    bm = BaseMap.for_public(public_base, canonical, relative_links=True)
    site = make_site(bm, live=False, sparql_endpoint=sparql_endpoint)
    report = SiteReport(out)

    def page(rel: str, body: str) -> None:
        _write(out / rel / "index.html" if rel else out / "index.html", body)
        report.pages += 1

    for f in STATIC.iterdir():
        if f.is_file():
            _write(out / "static" / f.name, f.read_bytes())

    say("dumps")
    dumps = write_dumps(store, out / "dumps")
    report.dumps = [d.filename for d in dumps]
    page("dumps", pages.dumps_html(site, dumps))

    say("resources")
    for iri in describe.resources_under(store, canonical + "id/"):
        rel = iri[len(canonical):]
        if not rel.strip("/") or any(part in ("", ".", "..") for part in rel.split("/")):
            continue  # an IRI that cannot be a file path is left to the server
        body = pages.resource_html(store, iri, site)
        if body is None:
            continue
        page(rel, body)
        report.rdf_files += _rdf_files(out / rel, describe.describe(store, iri))
        report.resources += 1
    for key in ["", *(k for k, _title, _cls in views.LISTS)]:
        body = pages.list_html(store, key, site)
        if body is not None:
            page(f"id/{key}".rstrip("/"), body)

    say("activities")
    from .explore_pages import write_activity_pages

    report.pages += write_activity_pages(store, out, site, lambda rel, body: _write(out / rel / "index.html", body))

    say("pages")
    page("", pages.home_html(store, site))
    page("figures", pages.figures_index_html(site))
    for fig in figures_view.figure_list():
        body = pages.figure_html(store, fig["name"], site)
        if body is None:
            continue
        page(f"figures/{fig['name']}", body)
        built = figures_view.figure(store, fig["name"]) or {}
        files = built.get("files") or ({"csv": built["csv"].encode()} if built.get("csv") else {})
        for ext, data in files.items():
            _write(out / "figures" / f"{fig['name']}.{ext}", data)
        report.figures += 1
    if sparql_endpoint:  # the query page only makes sense with a live endpoint to send queries to
        page("sparql", pages.query_html(site))
    page("ontology", pages.ontology_html(store, site))
    report.rdf_files += _rdf_files(out / "ontology", named_graph(store, str(ONTOLOGY_GRAPH)))
    page("shapes", pages.shapes_html(store, site))
    report.rdf_files += _rdf_files(out / "shapes", named_graph(store, str(SHAPES_GRAPH)),
                                   {"ungsh": canonical + "shapes#"})
    page("catalog", pages.catalog_html(store, site, dumps))
    extra = {"spdx": str(dcat.SPDX), "sd": str(dcat.SD)}
    report.rdf_files += _rdf_files(out / "catalog", dcat.build_catalog(store, dumps, canonical, bm.public),
                                   extra)
    void = formats.serialize(dcat.build_void(store, dumps, canonical, bm.public), formats.TURTLE,
                             {**PREFIXES, **extra})
    _write(out / ".well-known" / "void", void)
    _write(out / ".well-known" / "void.ttl", void)
    _write(out / "404.html", pages.not_found_html(site, "this address"))

    say("web-server configuration")
    _write(out / ".htaccess", server_config.htaccess(bm.links))
    _write(out / "nginx.conf", server_config.nginx(out.resolve(), bm.links))
    return report
