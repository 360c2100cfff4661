"""``ungass-kg publish``: the static site, served by a plain web server (Python's http.server;
the ``site`` fixture, tests/static_site.py)."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCAT, SKOS

from tests.cli import run
from tests.conftest import free_port
from tests.static_site import Site, check_links, nginx_serving

SPDX_CHECKSUM = URIRef("http://spdx.org/rdf/terms#checksum")
SPDX_VALUE = URIRef("http://spdx.org/rdf/terms#checksumValue")


def test_site_has_a_page_and_four_rdf_files_per_resource(site: Site) -> None:
    pages = list(site.out.rglob("*.html"))
    turtle = list(site.out.rglob("*.ttl"))
    assert len(pages) >= 50 and len(turtle) >= 50
    entity = site.out / "id" / "entity"
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert (entity / f"unodc.{ext}").is_file()
    assert (entity / "unodc" / "index.html").is_file()
    for name in ("ungass-kg.ttl", "ungass-kg.nt.gz", "ungass-kg.trig", "ungass-kg.jsonld"):
        assert (site.out / "dumps" / name).stat().st_size > 0
    assert (site.out / ".well-known" / "void").is_file()
    assert "Wrote" in site.publish.stderr


def test_plain_web_server_serves_pages_at_the_resource_iris(site: Site) -> None:
    r = requests.get(site.url + "/id/entity/unodc", timeout=10)  # redirect to the folder, then index.html
    assert r.status_code == 200 and "United Nations Office on Drugs and Crime" in r.text
    r = requests.get(site.url + "/id/entity/unodc.ttl", timeout=10)
    g = Graph().parse(data=r.text, format="turtle")
    # The RDF keeps the canonical IRIs (one IRI per thing); only the pages link under the site's base.
    me = URIRef("https://w3id.org/ungass-kg/id/entity/unodc")
    assert g.value(me, SKOS.prefLabel) is not None
    assert (me, RDF.type, URIRef("https://w3id.org/ungass-kg/ontology#MatrixEntity")) in g
    assert site.url not in r.text


def test_every_link_on_the_main_pages_resolves(site: Site) -> None:
    checked = check_links(site, ("/", "/id/entity/unodc", "/id/activity/aircop-2023", "/id/chapter/1",
                                 "/figures/", "/figures/figure-2", "/catalog", "/ontology", "/dumps/"))
    assert len(checked) > 100


def test_static_catalogue_matches_the_files(site: Site) -> None:
    g = Graph().parse(site.out / "catalog.ttl", format="turtle")
    assert any(g.subjects(RDF.type, DCAT.Catalog)) and any(g.subjects(RDF.type, DCAT.DataService))
    for dist, url in g.subject_objects(DCAT.downloadURL):
        assert str(url).startswith(site.url + "/dumps/")
        body = requests.get(str(url), timeout=10).content
        assert int(g.value(dist, DCAT.byteSize)) == len(body)
        assert str(g.value(g.value(dist, SPDX_CHECKSUM), SPDX_VALUE)) == hashlib.sha256(body).hexdigest()
    nt = gzip.decompress((site.out / "dumps" / "ungass-kg.nt.gz").read_bytes())
    assert len(Graph().parse(data=nt, format="nt")) > 1000


def test_server_configuration_negotiates_every_rdf_type(site: Site) -> None:
    htaccess = (site.out / ".htaccess").read_text()
    nginx = (site.out / "nginx.conf").read_text()
    for media_type, ext in (("text/turtle", "ttl"), ("application/ld\\+json", "jsonld"),
                            ("application/n-triples", "nt"), ("application/rdf\\+xml", "rdf")):
        assert f"RewriteCond %{{HTTP_ACCEPT}} {media_type}" in htaccess
        assert f"RewriteRule ^(.+?)/?$ $1.{ext} [L]" in htaccess
        assert f" .{ext};" in nginx
    assert "Header merge Vary Accept" in htaccess and "add_header Vary Accept" in nginx
    assert "try_files $uri$ungass_kg_rdf $uri $uri/ =404;" in nginx
    assert f"root {site.out.resolve()};" in nginx


def test_bad_base_is_refused_in_one_line(tmp_path: Path, bundled_store_path: Path) -> None:
    shutil.copytree(bundled_store_path, tmp_path / "store")
    done = run("--store", tmp_path / "store", "publish", "--out", tmp_path / "site", "--base", "ftp://x/")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error:") and "--base" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "site").exists()


def test_refuses_a_folder_it_did_not_write(tmp_path: Path, bundled_store_path: Path) -> None:
    shutil.copytree(bundled_store_path, tmp_path / "store")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    done = run("--store", tmp_path / "store", "publish", "--out", tmp_path / "mine")
    assert done.returncode == 2 and "not empty" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["notes.txt"]


@pytest.fixture(scope="module")
def nginx(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The generated nginx configuration, running in a real nginx (Debian package nginx-light)."""
    with nginx_serving(site.out, tmp_path_factory.mktemp("nginx"), free_port()) as url:
        yield url


@pytest.mark.parametrize(("accept", "media_type"), [
    ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"), ("application/rdf+xml", "application/rdf+xml"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html")])
def test_nginx_negotiates_the_static_site(nginx: str, site: Site, accept: str, media_type: str) -> None:
    r = requests.get(nginx + "/id/entity/unodc", headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
    assert "accept" in r.headers.get("vary", "").lower()
    if media_type == "text/turtle":
        g = Graph().parse(data=r.text, format="turtle")
        assert g.value(URIRef("https://w3id.org/ungass-kg/id/entity/unodc"), SKOS.prefLabel) is not None
    if media_type == "text/html":
        assert "United Nations Office on Drugs and Crime" in r.text


def test_nginx_serves_void_and_a_404_page(nginx: str) -> None:
    r = requests.get(nginx + "/.well-known/void", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    Graph().parse(data=r.text, format="turtle")
    r = requests.get(nginx + "/id/entity/no-such-thing", timeout=10)
    assert r.status_code == 404 and "Not found" in r.text
