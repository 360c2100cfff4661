"""Reporting rounds: who owes a submission for a period, by when, and what each one sent.

Public API (used by ``ungass-kg round`` and ``/rounds/{period}``)::

    from ungass_kg.rounds import open_round, close_round, round_status
    open_round(store, 2024, deadline=date(2025, 1, 31), entities=None)  # default roster: ung:MatrixEntity
    close_round(store, 2024)
    round_status(store, 2024)   # RoundStatus: .rows (one BoardRow per roster entity), .to_json()

A round is an ``ung:ReportingRound`` (a ``prov:Activity``) in ``graph/rounds``: ``dct:temporal``
the period, ``ung:deadline``, ``ung:rosterEntity`` per entity, ``prov:startedAtTime`` and, once
closed, ``prov:endedAtTime``. The board is computed from the PROV records of
``graph/submissions`` (every received file is an ``ung:SubmissionAttempt``, stored or refused),
never from file names: an entity's status is that of the last file it sent for the period.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from . import cells
from .errors import InputError, UserError
from .i18n import N_
from .namespaces import GRAPH, ID, REFERENCE_GRAPH, SUBMISSIONS_GRAPH, UNG, attempt_path, sparql_prologue
from .store import GraphResult, SelectResult, Store

ROUNDS_GRAPH = URIRef(GRAPH["rounds"])
PROV_NS = "http://www.w3.org/ns/prov#"
DCT_NS = "http://purl.org/dc/terms/"
STATUSES = ("not-received", "violations", "accepted")


class RoundExists(UserError):
    exit_code = 1
    http_status = 409


class NoRound(UserError):
    http_status = 404


def round_iri(period: int) -> URIRef:
    return URIRef(ID[f"round/{period}"])


@dataclass
class BoardRow:
    entity: str  # acronym
    entity_iri: str
    status: str  # not-received | violations | accepted
    late: bool
    violations: int | None
    warnings: int | None
    received: str | None  # ISO 8601 UTC of the last file received
    file: str | None
    sha256: str | None
    report: str | None  # path of the last file's validation report
    submission: str | None  # id of the stored submission, if any
    attempts: int = 0


@dataclass
class RoundStatus:
    period: int
    deadline: str
    opened: str
    closed: str | None
    roster: int
    rows: list[BoardRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for r in self.rows:
            out[r.status] += 1
        out["late"] = sum(1 for r in self.rows if r.late)
        return out

    def to_json(self) -> list[dict]:
        """The board as the issue fixes it: one object per roster entity."""
        return [{k: v for k, v in asdict(r).items() if k != "entity_iri"} | {"entity_iri": r.entity_iri}
                for r in self.rows]

    def header(self) -> dict:
        return {"period": self.period, "deadline": self.deadline, "opened": self.opened, "closed": self.closed,
                "roster": self.roster, "counts": self.counts()}


def _matrix_entities(store: Store) -> list[URIRef]:
    res = store.query(sparql_prologue()
                      + f"SELECT ?e WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?e a ung:MatrixEntity }} }}")
    assert isinstance(res, SelectResult)
    return [e for r in res.rows if isinstance(e := r.get("e"), URIRef)]


def _round_graph(store: Store) -> Graph:
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ROUNDS_GRAPH}> {{ ?s ?p ?o }} }}")
    return res.graph if isinstance(res, GraphResult) else Graph()


def _check_period(period: int) -> int:
    if not 2017 <= int(period) <= dt.date.today().year + 1:
        raise InputError(N_("period %(period)s is outside %(first)s..%(last)s"),
                         hint=N_("give the reporting year, e.g. %(example)s"),
                         values={"period": period, "first": 2017, "last": dt.date.today().year + 1, "example": 2024})
    return int(period)


def open_round(store: Store, period: int, deadline: dt.date, entities: list[str] | None = None) -> RoundStatus:
    """Open the round of ``period``; ``entities`` (acronyms) default to the 23 matrix entities."""
    from .validate import registers_for

    period = _check_period(period)
    rounds = _round_graph(store)
    node = round_iri(period)
    if (node, RDF.type, UNG.ReportingRound) in rounds:
        raise RoundExists(N_("the round of %(period)s is already open"),
                          hint=N_("see 'ungass-kg round status %(period)s'"), values={"period": period})
    regs = registers_for(store)
    if entities:
        roster = []
        for name in entities:
            iri = regs.entities.lookup(name)
            if iri is None:
                close = regs.entities.suggest(name)
                raise InputError(N_("'%(name)s' is not an entity of the register"),
                                 hint=N_("did you mean %(close)s?") if close else
                                 N_("give acronyms, e.g. UNODC,WHO"), values={"name": name, "close": close})
            roster.append(iri)
    else:
        roster = _matrix_entities(store)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    g = rounds
    g.add((node, RDF.type, UNG.ReportingRound))
    g.add((node, RDF.type, URIRef(PROV_NS + "Activity")))
    g.add((node, URIRef(DCT_NS + "identifier"), Literal(str(period))))
    g.add((node, URIRef(DCT_NS + "title"), Literal(f"Reporting round {period}")))
    g.add((node, URIRef(DCT_NS + "temporal"), Literal(str(period), datatype=XSD.gYear)))
    g.add((node, UNG.deadline, Literal(deadline.isoformat(), datatype=XSD.date)))
    g.add((node, URIRef(PROV_NS + "startedAtTime"), Literal(now.isoformat(), datatype=XSD.dateTime)))
    for e in dict.fromkeys(roster):
        g.add((node, UNG.rosterEntity, e))
    store.apply({str(ROUNDS_GRAPH): g})
    return round_status(store, period)


def close_round(store: Store, period: int) -> RoundStatus:
    rounds = _round_graph(store)
    node = round_iri(period)
    if (node, RDF.type, UNG.ReportingRound) not in rounds:
        raise NoRound(N_("no round for %(period)s"),
                      hint=N_("open it: ungass-kg round open %(period)s --deadline YYYY-MM-DD"),
                      values={"period": period})
    ended = URIRef(PROV_NS + "endedAtTime")
    if rounds.value(node, ended) is None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        rounds.add((node, ended, Literal(now.isoformat(), datatype=XSD.dateTime)))
        store.apply({str(ROUNDS_GRAPH): rounds})
    return round_status(store, period)


def list_rounds(store: Store) -> list[int]:
    res = store.query(sparql_prologue() + f"""SELECT ?p WHERE {{ GRAPH <{ROUNDS_GRAPH}> {{
        ?r a ung:ReportingRound ; dct:temporal ?p }} }} ORDER BY DESC(?p)""")
    assert isinstance(res, SelectResult)
    return [int(str(r["p"])) for r in res.rows]


_ROUND = sparql_prologue() + """
SELECT ?deadline ?opened ?closed ?e ?acronym WHERE {
  GRAPH <%s> { ?r a ung:ReportingRound ; dct:temporal ?period ; ung:deadline ?deadline ;
                  prov:startedAtTime ?opened ; ung:rosterEntity ?e . OPTIONAL { ?r prov:endedAtTime ?closed } }
  FILTER (STR(?period) = "%d")
  OPTIONAL { GRAPH <%s> { ?e ung:acronym ?acronym } }
}"""

# every received file of the period, from the PROV records (never from file names)
_ATTEMPTS = sparql_prologue() + """
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX ungsh: <https://w3id.org/ungass-kg/shapes#>
SELECT ?att ?e ?when ?file ?sha ?conforms ?violations ?warnings ?sub WHERE {
  GRAPH <%s> {
    ?att a ung:SubmissionAttempt ; prov:wasAssociatedWith ?e ; dct:temporal ?period ; prov:endedAtTime ?when ;
         prov:used ?f ; prov:generated ?rep .
    ?f dct:title ?file ; spdx:checksum/spdx:checksumValue ?sha .
    ?rep a sh:ValidationReport ; sh:conforms ?conforms .
    OPTIONAL { ?rep ungsh:violationCount ?violations }
    OPTIONAL { ?rep ungsh:warningCount ?warnings }
    OPTIONAL { ?att prov:generated ?sub . ?sub a ung:Submission }
  }
  FILTER (STR(?period) = "%d")
}"""


def round_status(store: Store, period: int) -> RoundStatus:
    res = store.query(_ROUND % (ROUNDS_GRAPH, int(period), REFERENCE_GRAPH))
    assert isinstance(res, SelectResult)
    if not res.rows:
        raise NoRound(N_("no round for %(period)s"),
                      hint=N_("open it: ungass-kg round open %(period)s --deadline YYYY-MM-DD"),
                      values={"period": period})
    first = res.rows[0]
    deadline = dt.date.fromisoformat(str(first["deadline"]))
    roster = {str(r["e"]): str(r.get("acronym") or str(r["e"]).rsplit("/", 1)[-1].upper()) for r in res.rows}
    att = store.query(_ATTEMPTS % (SUBMISSIONS_GRAPH, int(period)))
    assert isinstance(att, SelectResult)
    by_entity: dict[str, list[dict]] = {}
    for r in att.rows:
        by_entity.setdefault(str(r["e"]), []).append(r)
    today = dt.datetime.now(dt.UTC).date()
    closed = str(first["closed"]) if first.get("closed") is not None else None
    rows = []
    for iri, acronym in sorted(roster.items(), key=lambda kv: kv[1].casefold()):
        seen = sorted(by_entity.get(iri, []), key=lambda r: (str(r["when"]), str(r["att"])))
        if not seen:
            rows.append(BoardRow(acronym, iri, "not-received", today > deadline, None, None, None, None, None,
                                 None, None, 0))
            continue
        last = seen[-1]
        received = str(last["when"])
        ok = str(last["conforms"]) == "true"
        stored = next((str(r["sub"]) for r in reversed(seen) if r.get("sub") is not None), None)
        rows.append(BoardRow(
            entity=acronym, entity_iri=iri, status="accepted" if ok else "violations",
            late=dt.datetime.fromisoformat(received.replace("Z", "+00:00")).date() > deadline,
            violations=int(str(last.get("violations") or 0)), warnings=int(str(last.get("warnings") or 0)),
            received=received, file=str(last["file"]), sha256=str(last["sha"]),
            report=attempt_path(str(last["att"])),
            submission=stored.rsplit("/", 1)[-1] if stored else None, attempts=len(seen)))
    return RoundStatus(period=int(period), deadline=deadline.isoformat(), opened=str(first["opened"]),
                       closed=closed, roster=len(roster), rows=rows)


BOARD_COLUMNS = ("entity", "status", "late", "violations", "warnings", "received", "file", "sha256", "report")


def board_csv(rows: list[dict]) -> str:
    """The board as CSV (one row per roster entity), cells neutralised against spreadsheet formulas."""
    buf = io.StringIO()
    w = cells.Writer(buf, lineterminator="\r\n")
    w.writerow(BOARD_COLUMNS)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in BOARD_COLUMNS])
    return buf.getvalue()


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)  # cells.Writer neutralises what starts like a formula
