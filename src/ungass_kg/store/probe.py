"""Probing a remote SPARQL store before trusting it (``ungass-kg doctor``).

Each check sends real requests to the configured endpoints and says, in plain words, what
of ungass-kg will work and what will break: the default graph (the union of the named graphs,
or a ``FROM`` / ``default-graph-uri`` fallback), SPARQL Update, the Graph Store Protocol,
result-row caps, what the store does at its time limit (an error, a silent partial answer,
or nothing), ``DESCRIBE``, and authentication. Writes go to one scratch graph with a random
name, dropped at the end; ``write=False`` sends no write at all.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["ok", "warn", "fail", "skip"]

ROW_PROBE = 200_000  # rows asked for by the row-cap probe (VALUES cross product, no data needed)
HEAVY_PROBE = 5_000_000  # combinations counted by the time-limit probe


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    message: str


@dataclass
class Answer:
    status: int  # 0: no answer (connection refused, timed out)
    headers: Mapping[str, str]
    body: bytes
    seconds: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def first_line(self) -> str:
        lines = [ln.strip() for ln in self.text().splitlines() if ln.strip()]
        return (lines[0] if lines else self.error or f"HTTP {self.status}")[:200]


@dataclass
class Probe:
    endpoint: str
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 20.0
    write: bool = True
    graph: str = field(default_factory=lambda: f"urn:ungass-kg:doctor:{uuid.uuid4().hex[:12]}")

    def __post_init__(self) -> None:
        self.update_endpoint = self.update_endpoint or self.endpoint
        pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in {self.endpoint, self.update_endpoint, self.gsp_endpoint}:
            if url and self.user:
                pm.add_password(None, url, self.user, self.password or "")
        self._auth = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(pm),
                                                 urllib.request.HTTPDigestAuthHandler(pm))
        self._anonymous = urllib.request.build_opener()

    # --- HTTP ----------------------------------------------------------------------
    def http(self, url: str, *, method: str = "GET", data: bytes | None = None,
             headers: Mapping[str, str] | None = None, timeout: float | None = None,
             anonymous: bool = False) -> Answer:
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        opener = self._anonymous if anonymous else self._auth
        t0 = time.monotonic()
        try:
            with opener.open(req, timeout=timeout or self.timeout) as resp:
                return Answer(resp.status, dict(resp.headers), resp.read(), time.monotonic() - t0)
        except urllib.error.HTTPError as e:
            return Answer(e.code, dict(e.headers or {}), e.read(), time.monotonic() - t0)
        except (urllib.error.URLError, OSError) as e:
            return Answer(0, {}, b"", time.monotonic() - t0, str(getattr(e, "reason", e)))

    def query(self, sparql: str, accept: str = "application/sparql-results+json", *,
              params: list[tuple[str, str]] | None = None, timeout: float | None = None) -> Answer:
        body = urllib.parse.urlencode([("query", sparql), *(params or [])]).encode()
        return self.http(self.endpoint, method="POST", data=body, timeout=timeout,
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})

    def update(self, sparql: str, *, anonymous: bool = False) -> Answer:
        assert self.update_endpoint is not None
        return self.http(self.update_endpoint, method="POST", anonymous=anonymous,
                         data=urllib.parse.urlencode({"update": sparql}).encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})

    def ask(self, sparql: str, *, params: list[tuple[str, str]] | None = None) -> bool | None:
        a = self.query(sparql, params=params)
        return _boolean(a) if a.ok else None

    # --- the checks ------------------------------------------------------------------
    def run(self) -> Iterator[Check]:
        reach = self.query("ASK {}")
        if reach.status in (401, 403):
            yield Check("reach", "fail", f"the store refuses queries (HTTP {reach.status}): nothing will work; "
                                         "set UNGASS_KG_USER and UNGASS_KG_PASSWORD")
            return
        if not reach.ok or _boolean(reach) is not True:
            why = reach.error or f"HTTP {reach.status}: {reach.first_line()}"
            yield Check("reach", "fail", f"no SPARQL answer from {self.endpoint} ({why}): nothing will work; "
                                         "check --endpoint and that the store is running")
            return
        server = reach.headers.get("Server", "")
        yield Check("reach", "ok", f"the store answers SPARQL queries ({reach.seconds * 1000:.0f} ms"
                                   + (f", server {server}" if server else "") + ")")
        try:
            wrote = False
            if self.write:
                update = self._check_update()
                yield update
                wrote = update.status == "ok"
                yield self._check_auth()
            else:
                yield Check("update", "skip", "not tried (--no-write): loading and submissions are unchecked")
            if wrote:
                yield from self._check_dataset()
                yield self._check_describe()
            else:
                yield Check("default graph", "skip", "needs a scratch graph to look for (Update did not work)")
                yield Check("describe", "skip", "needs a scratch graph to describe (Update did not work)")
            yield self._check_gsp()
            yield self._check_row_cap()
            yield self._check_time_limit()
        finally:  # the scratch graph goes, whatever happened
            if self.write:
                self.update(f"DROP SILENT GRAPH <{self.graph}>")

    def _triple(self) -> str:
        return f'<{self.graph}#s> <{self.graph}#p> "doctor"'

    def _check_update(self) -> Check:
        a = self.update(f"INSERT DATA {{ GRAPH <{self.graph}> {{ {self._triple()} }} }}")
        if a.status in (401, 403):
            return Check("update", "fail", f"the update endpoint refuses writes (HTTP {a.status}): init, load, "
                                           "submissions and the endpoint's writes will fail; set "
                                           "UNGASS_KG_USER / UNGASS_KG_PASSWORD or grant SPARQL Update")
        if not a.ok:
            return Check("update", "fail", f"SPARQL Update failed at {self.update_endpoint} "
                                           f"({a.error or f'HTTP {a.status}'}: {a.first_line()}): init, load "
                                           "and submissions will fail; set UNGASS_KG_UPDATE_ENDPOINT")
        if self.ask(f"ASK {{ GRAPH <{self.graph}> {{ {self._triple()} }} }}") is not True:
            return Check("update", "fail", "an update was accepted but the query endpoint does not see it: "
                                           "UNGASS_KG_UPDATE_ENDPOINT points at another store?")
        return Check("update", "ok", "SPARQL Update works: init, load and submissions can write")

    def _check_auth(self) -> Check:
        anonymous = self.update(f"INSERT DATA {{ GRAPH <{self.graph}> {{ {self._triple()} }} }}", anonymous=True)
        if anonymous.ok:
            return Check("authentication", "warn", "the update endpoint accepts writes without credentials: anyone "
                                                   "who can reach it can change the data; keep it off the network "
                                                   "or require a login")
        if self.user:
            return Check("authentication", "ok", f"writes need credentials (HTTP {anonymous.status} without "
                                                 "them) and the configured ones are accepted")
        return Check("authentication", "ok", f"writes without credentials are refused (HTTP {anonymous.status})")

    def _check_dataset(self) -> Iterator[Check]:
        plain = self.ask(f"ASK {{ {self._triple()} }}")
        if plain:
            yield Check("default graph", "ok", "the default graph is the union of the named graphs: the saved "
                                               "queries, figures and pages read the data as written")
            return
        from_ok = self.ask(f"ASK FROM <{self.graph}> {{ {self._triple()} }}")
        param_ok = self.ask(f"ASK {{ {self._triple()} }}", params=[("default-graph-uri", self.graph)])
        fallback = ("FROM works" if from_ok else "FROM does not work") + ", " + \
                   ("default-graph-uri works" if param_ok else "default-graph-uri does not work")
        yield Check("default graph", "fail", "the default graph is not the union of the named graphs: saved "
                                             "queries, figures, statistics and pages that read without GRAPH find "
                                             f"nothing ({fallback}); turn on the store's union default graph "
                                             "(Oxigraph: serve --union-default-graph; Fuseki: "
                                             "tdb2:unionDefaultGraph true)")

    def _check_describe(self) -> Check:
        q = f"DESCRIBE <{self.graph}#s>"
        a = self.query(q, "application/n-triples, text/turtle;q=0.9")
        if not a.ok:
            return Check("describe", "warn", f"DESCRIBE is refused (HTTP {a.status}: {a.first_line()}): "
                                             "'query' with DESCRIBE and DESCRIBE through /sparql fail")
        if f"{self.graph}#p" in a.text():
            return Check("describe", "ok", "DESCRIBE returns the resource's triples")
        pragma = self.query('define sql:describe-mode "CBD"\n' + q, "application/n-triples, text/turtle;q=0.9")
        if pragma.ok and f"{self.graph}#p" in pragma.text():
            return Check("describe", "ok", "DESCRIBE returns the triples with Virtuoso's describe-mode pragma, "
                                           "which ungass-kg adds for Virtuoso")
        return Check("describe", "warn", "DESCRIBE of a resource in a named graph returns nothing: DESCRIBE "
                                         "queries through /sparql and 'query' come back empty")

    def _check_gsp(self) -> Check:
        if not self.gsp_endpoint:
            return Check("graph store", "skip", "no UNGASS_KG_GSP_ENDPOINT: loads use SPARQL Update in chunks "
                                                "(slower for big graphs, otherwise the same)")
        if not self.write:
            return Check("graph store", "skip", "not tried (--no-write)")
        name = "graph-uri" if "sparql-graph-crud" in self.gsp_endpoint else "graph"
        url = f"{self.gsp_endpoint}?{urllib.parse.urlencode({name: self.graph + '-gsp'})}"
        nt = f"<{self.graph}#s> <{self.graph}#p> \"gsp\" .\n".encode()
        put = self.http(url, method="PUT", data=nt, headers={"Content-Type": "application/n-triples"})
        if not put.ok:
            return Check("graph store", "fail", f"Graph Store Protocol PUT failed (HTTP {put.status}: "
                                                f"{put.first_line()}): loads will fail; fix or unset "
                                                "UNGASS_KG_GSP_ENDPOINT")
        got = self.http(url, headers={"Accept": "application/n-triples, text/turtle;q=0.9"})
        self.http(url, method="DELETE")
        if not got.ok or '"gsp"' not in got.text():
            return Check("graph store", "fail", f"a graph PUT by the Graph Store Protocol cannot be read back "
                                                f"(HTTP {got.status}): loads through it are not trustworthy")
        return Check("graph store", "ok", "Graph Store Protocol PUT, GET and DELETE work: big loads go by PUT")

    def _check_row_cap(self) -> Check:
        values = " ".join(str(i) for i in range(100))
        q = (f"SELECT ?a WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
             f"VALUES ?c {{ {' '.join(str(i) for i in range(ROW_PROBE // 10_000))} }} }}")
        a = self.query(q, "text/tab-separated-values")
        if not a.ok:
            return Check("row cap", "warn", f"a {ROW_PROBE:,}-row SELECT failed ({a.error or f'HTTP {a.status}'}: "
                                            f"{a.first_line()}): exports and dumps of big graphs may fail")
        rows = max(0, len([ln for ln in a.text().splitlines() if ln.strip()]) - 1)
        if rows < ROW_PROBE:
            return Check("row cap", "warn", f"the store returns at most {rows:,} rows of a {ROW_PROBE:,}-row "
                                            "result, without an error: ungass-kg pages its exports and checks "
                                            "counts, but a saved query with more rows is cut silently")
        return Check("row cap", "ok", f"a {ROW_PROBE:,}-row result comes back whole")

    def _check_time_limit(self) -> Check:
        values = " ".join(str(i) for i in range(100))
        extra = " ".join(str(i) for i in range(HEAVY_PROBE // 1_000_000))
        q = (f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
             f"VALUES ?c {{ {values} }} VALUES ?d {{ {extra} }} }}")
        # ``timeout`` (ms) is Virtuoso's per-request limit; other stores ignore the parameter.
        a = self.query(q, params=[("timeout", "1000")], timeout=self.timeout)
        partial = {k: v[:80] for k, v in a.headers.items() if k.lower() in ("x-sql-state", "x-sql-message")}
        if a.status == 0:
            return Check("time limit", "warn", f"a long query got no answer within {self.timeout:.0f} s: the store "
                                               "has no time limit of its own below that, so a slow query holds it "
                                               "(the endpoint's UNGASS_KG_QUERY_TIMEOUT stops waiting, not the store)")
        if not a.ok:
            return Check("time limit", "ok", f"the store stops a long query with an error after {a.seconds:.1f} s "
                                             f"(HTTP {a.status}: {a.first_line()}): callers get a clear failure")
        count = _count(a)
        if partial or (count is not None and count != HEAVY_PROBE):
            detail = "; ".join(f"{k}: {v}" for k, v in partial.items()) or f"COUNT gave {count}"
            return Check("time limit", "warn", f"at its time limit the store returns a partial answer with status "
                                               f"200 ({detail}): ungass-kg refuses such answers with a one-line "
                                               "error, but other clients of this store get silently low counts; "
                                               "raise the limit (Virtuoso: MaxQueryExecutionTime) for long figures")
        return Check("time limit", "ok", f"a query over {HEAVY_PROBE:,} combinations finished whole in "
                                         f"{a.seconds:.1f} s (no partial answer)")


def _boolean(a: Answer) -> bool | None:
    try:
        doc = json.loads(a.body)
    except ValueError:
        return None
    if "boolean" in doc:
        return bool(doc["boolean"])
    rows = doc.get("results", {}).get("bindings", [])  # Virtuoso may answer ASK as a one-row table
    if rows:
        cells = list(rows[0].values())
        return bool(cells) and str(cells[0].get("value")) not in ("0", "false")
    return None


def _count(a: Answer) -> int | None:
    try:
        rows = json.loads(a.body)["results"]["bindings"]
        return int(rows[0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def run_probe(probe: Probe, report: Callable[[Check], None]) -> list[Check]:
    """Run every check, reporting each as it finishes; returns them all."""
    out = []
    for check in probe.run():
        report(check)
        out.append(check)
    return out
