"""The OpenAPI description tells the truth: schemathesis against a live server finds nothing.

Every operation is tried (with the write token), with a fixed seed and a bounded number of
examples; the run fails on any 5xx, a status or content type the description does not
declare, a body that breaks the declared schema, or an ``Allow`` that differs from the
documented methods. See web/openapi.py and docs/endpoint.md ("The API description").
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from .conftest import LiveServer, serving_copy

TOKEN = "openapi-token"
SEED = 20261201
EXAMPLES = 5
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance", "unsupported_method",
          "allow_header_conformance")


@pytest.fixture(scope="module")
def server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # A generous time limit: a chart rendered while the fuzzer keeps both workers busy must not
    # end as a 503 (the queueing itself is tested in test_workers.py).
    env = {"UNGASS_KG_WRITE_TOKEN": TOKEN, "UNGASS_KG_QUERY_TIMEOUT": "120", "UNGASS_KG_QUERY_WORKERS": "2"}
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("openapi"), env) as s:
        yield s


def test_schemathesis_finds_no_failure_in_any_operation(server: LiveServer, tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("schemathesis")
    if not cli.exists():
        pytest.fail("schemathesis is a dev dependency: run 'uv sync'")
    cmd = [str(cli), "run", server.url + "/openapi.json", "--checks", ",".join(CHECKS), "--seed", str(SEED),
           "--max-examples", str(EXAMPLES), "--workers", "1", "--header", f"Authorization: Bearer {TOKEN}",
           "--request-timeout", "150", "--report", "junit", "--report-dir", str(tmp_path / "report")]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=1800)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-6000:]
    assert "Selected:" in out and "No API operations found" not in out


def test_saved_query_parameters_refuse_repeats(server: LiveServer) -> None:
    for query in ("to=2020&to=2021", "entity=unodc&entity=who", "format=json&format=csv"):
        r = requests.get(f"{server.url}/queries/figure-1?{query}", timeout=60)
        assert r.status_code == 400, (query, r.text)
        name = query.split("=", 1)[0]
        assert f"parameter {name} is given 2 times" in r.json()["detail"]


def test_documented_methods_are_those_in_allow(server: LiveServer) -> None:
    doc = requests.get(server.url + "/openapi.json", timeout=60).json()
    checked = 0
    for path, ops in doc["paths"].items():
        if "{" in path:
            continue
        documented = {m.upper() for m in ops}
        r = requests.options(server.url + path, timeout=60)
        assert r.status_code == 204, path
        assert {m.strip() for m in r.headers["Allow"].split(",")} == documented, path
        if "get" in ops:
            assert "head" in ops, path
        checked += 1
    assert checked >= 10
    # Pages for people are left out on purpose, and said so.
    assert "/" in doc["x-excluded-paths"] and "/figures/{name}" in doc["x-excluded-paths"]
    assert "/validate" not in doc["x-excluded-paths"] and "get" in doc["paths"]["/validate"]
