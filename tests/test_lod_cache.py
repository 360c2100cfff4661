"""A resource's page is rendered once per store version, and a write shows at once."""

from __future__ import annotations

import requests
from rdflib import Graph

from tests.conftest import serving_copy

UNODC_ACTIVITY = """
@prefix ung: <https://w3id.org/ungass-kg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://w3id.org/ungass-kg/id/activity/cache-test> a ung:Activity ;
    dct:title "A freshly stored activity" ;
    ung:chapter <https://w3id.org/ungass-kg/id/chapter/1> ;
    ung:leadEntity <https://w3id.org/ungass-kg/id/entity/unodc> ;
    ung:participant <https://w3id.org/ungass-kg/id/entity/unodc> .
"""


def test_cached_pages_follow_writes(bundled_store_path, tmp_path) -> None:
    with serving_copy(bundled_store_path, tmp_path, {"UNGASS_KG_WRITE_TOKEN": "t"}) as server:
        url = server.url + "/id/entity/unodc"
        first = requests.get(url, headers={"Accept": "text/html"}, timeout=30)
        again = requests.get(url, headers={"Accept": "text/html"}, timeout=30)
        assert first.status_code == again.status_code == 200
        assert first.text == again.text and first.headers["ETag"] == again.headers["ETag"]
        assert "A freshly stored activity" not in first.text
        nt = Graph().parse(data=UNODC_ACTIVITY, format="turtle").serialize(format="nt")
        update = "INSERT DATA { GRAPH <https://example.org/g/cache> { " + nt + " } }"
        r = requests.post(server.url + "/sparql", data={"update": update},
                          headers={"Authorization": "Bearer t"}, timeout=30)
        assert r.status_code == 200, r.text
        after = requests.get(url, headers={"Accept": "text/html"}, timeout=30)
        assert after.headers["ETag"] != first.headers["ETag"]
        assert "A freshly stored activity" in after.text
