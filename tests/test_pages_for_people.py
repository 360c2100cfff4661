"""HTML where people look: saved queries as pages for browsers (JSON for API clients), styled
error pages, API docs served by the app itself, no duplicate OpenAPI operation IDs."""

from __future__ import annotations

import warnings

import requests

from tests.conftest import LiveServer
from ungass_kg.config import Settings
from ungass_kg.store import EmbeddedStore
from ungass_kg.web.app import create_app

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_saved_query_is_a_page_for_browsers_and_json_for_clients(live_server: LiveServer) -> None:
    page = requests.get(live_server.url + "/queries/figure-1", params={"chapter": "2"}, headers=BROWSER, timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "<form" in page.text and 'option value="2" selected' in page.text
    assert "/queries/figure-1.csv?chapter=2" in page.text and "/queries/figure-1.json?chapter=2" in page.text
    api = requests.get(live_server.url + "/queries/figure-1", params={"chapter": "2"}, timeout=30)
    assert api.headers["content-type"].startswith("application/json")
    assert {r["chapterNumber"] for r in api.json()["rows"]} == {2}
    bad = requests.get(live_server.url + "/queries/figure-1", params={"chapter": "9"}, headers=BROWSER, timeout=30)
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"] and "chapter" in bad.text


def test_catalog_page_links_every_query(live_server: LiveServer) -> None:
    page = requests.get(live_server.url + "/queries", headers=BROWSER, timeout=30).text
    listed = requests.get(live_server.url + "/queries", timeout=30).json()["queries"]
    assert 'href="/static/site.css"' in page or "static/site.css" in page
    for q in listed:
        assert f"/queries/{q['name']}\"" in page


def test_errors_are_pages_for_browsers_and_json_for_clients(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/no/such/page", headers=BROWSER, timeout=30)
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "site.css" in r.text
    r = requests.get(live_server.url + "/no/such/page", timeout=30)
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    r = requests.get(live_server.url + "/activities.pdf", headers=BROWSER, timeout=30)
    assert r.status_code == 406 and "Not available in this format" in r.text
    assert requests.get(live_server.url + "/activities.pdf", timeout=30).json()["detail"].startswith("/activities.pdf")


def test_api_docs_need_no_cdn(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/docs", timeout=30)
    assert r.status_code == 200
    assert "cdn." not in r.text and "//fastapi.tiangolo.com" not in r.text and "https://" not in r.text
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        a = requests.get(live_server.url + asset, timeout=30)
        assert a.status_code == 200 and len(a.content) > 10_000
    assert requests.get(live_server.url + "/docs/assets/..%2Fcore.py", timeout=30).status_code == 404


def test_no_duplicate_operation_ids(fresh_store: EmbeddedStore) -> None:
    app = create_app(Settings(query_workers=0), fresh_store)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spec = app.openapi()
    assert not [w for w in caught if "Duplicate Operation ID" in str(w.message)]
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values() if "operationId" in op]
    assert len(ids) == len(set(ids))
