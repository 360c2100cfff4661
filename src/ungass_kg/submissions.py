"""Storing validated submissions: one named graph per entity and period, with PROV.

Public API (used by the CLI and by ``POST/GET/DELETE /submissions``)::

    from ungass_kg.submissions import submit, list_submissions, delete_submission
    rec = submit(store, data, "unodc-2023.xlsx", "UNODC", 2023, replace=False, originals_dir=None)
    list_submissions(store)        # [SubmissionRecord, ...]
    delete_submission(store, "unodc-2023")   # True if it existed

``submit`` validates first and stores nothing on any Violation
(:class:`SubmissionRejected`, carrying the report), nor when the entity and period were
already submitted and ``replace`` is false (:class:`SubmissionExists`). Otherwise the
activities become ``graph/submission/{entity}-{period}`` and the PROV record (reporting
entity, received time, file name, SHA-256 of the original bytes, validation outcome as an
``sh:ValidationReport`` with ``sh:conforms`` and ``ungsh:warningCount``) goes into ``graph/submissions``: both in ONE
``store.apply`` call, so a failure leaves the store as it was. The original file is kept
as ``{originals_dir}/{sha256}{suffix}`` (default ``<store folder>/originals``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path, PurePath

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .errors import InputError, UserError
from .namespaces import GRAPH, ID, SUBMISSIONS_GRAPH, UNG, sparql_prologue, submission_graph
from .store import GraphResult, SelectResult, Store
from .validate import DEFAULT_MAX_BYTES, ValidationReport, registers_for, validate_bytes

PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SH = Namespace("http://www.w3.org/ns/shacl#")
UNGSH = Namespace("https://w3id.org/ungass-kg/shapes#")
FIRST_PERIOD = 2017

_write_lock = threading.Lock()  # read-modify-write of graph/submissions within one process


class SubmissionExists(UserError):
    """The entity and period were already submitted and ``replace`` was not asked for."""

    exit_code = 1
    http_status = 409


class SubmissionRejected(UserError):
    """The file has violations: nothing was stored."""

    exit_code = 1
    http_status = 422

    def __init__(self, message: str, report: ValidationReport) -> None:
        super().__init__(message, hint="nothing was stored; fix the cells listed and submit again")
        self.report = report


@dataclass
class SubmissionRecord:
    id: str  # "unodc-2023"
    iri: str
    graph: str
    entity: str  # entity IRI
    acronym: str
    period: int
    received: str  # ISO 8601 UTC
    filename: str
    sha256: str
    activities: int
    warnings: int
    conforms: bool
    replaced: bool = False
    original: str | None = None  # path of the kept original file, when known

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def _entity(store: Store, entity: str) -> tuple[URIRef, str, str]:
    regs = registers_for(store)
    iri = regs.entities.lookup(entity)
    if iri is None:
        close = regs.entities.suggest(entity)
        raise InputError(f"'{entity}' is not an entity of the register",
                         hint=f"did you mean {close}?" if close else "give the acronym, e.g. UNODC")
    return iri, regs.entity_key(iri), regs.entities.labels.get(iri, entity)


def _period(period: int) -> int:
    this_year = dt.date.today().year
    if not FIRST_PERIOD <= int(period) <= this_year:
        raise InputError(f"period {period} is outside {FIRST_PERIOD}..{this_year}",
                         hint="give the reporting year, e.g. --period 2023")
    return int(period)


def submission_id(entity_key: str, period: int) -> str:
    return f"{entity_key}-{period}"


def _record_graph(store: Store) -> Graph:
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{SUBMISSIONS_GRAPH}> {{ ?s ?p ?o }} }}")
    return res.graph if isinstance(res, GraphResult) else Graph()


def _without(records: Graph, sub: URIRef) -> Graph:
    """The records graph minus everything about one submission (its nodes start with its IRI)."""
    out = Graph()
    prefix = str(sub)
    doomed: set[Node] = {s for s in records.subjects()
                         if isinstance(s, URIRef) and (str(s) == prefix or str(s).startswith(prefix + "/"))}
    todo = [o for s in doomed for o in records.objects(s) if isinstance(o, BNode)]
    while todo:  # blank nodes hanging off them (checksums, results)
        b = todo.pop()
        if b not in doomed:
            doomed.add(b)
            todo += [o for o in records.objects(b) if isinstance(o, BNode)]
    for t in records:
        if t[0] not in doomed:
            out.add(t)
    return out


def _prov(sub: URIRef, sid: str, entity: URIRef, period: int, filename: str, digest: str, size: int,
          received: dt.datetime, report: ValidationReport, fmt: str) -> Graph:
    g = Graph()
    file_node, ingest, validation = URIRef(f"{sub}/file"), URIRef(f"{sub}/ingest"), URIRef(f"{sub}/validation")
    when = Literal(received.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    g.add((sub, RDF.type, UNG.Submission))
    g.add((sub, RDF.type, PROV.Entity))
    g.add((sub, DCT.identifier, Literal(sid)))
    g.add((sub, PROV.wasAttributedTo, entity))
    g.add((sub, DCT.temporal, Literal(str(period), datatype=XSD.gYear)))
    g.add((sub, PROV.generatedAtTime, when))
    g.add((sub, PROV.wasDerivedFrom, file_node))
    g.add((sub, PROV.wasGeneratedBy, ingest))
    g.add((file_node, RDF.type, PROV.Entity))
    g.add((file_node, DCT.title, Literal(filename)))
    g.add((file_node, DCT["format"], Literal(fmt)))
    g.add((file_node, URIRef("http://www.w3.org/ns/dcat#byteSize"), Literal(size, datatype=XSD.nonNegativeInteger)))
    cs = BNode()
    g.add((file_node, SPDX.checksum, cs))
    g.add((cs, RDF.type, SPDX.Checksum))
    g.add((cs, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((cs, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    g.add((ingest, RDF.type, PROV.Activity))
    g.add((ingest, PROV.used, file_node))
    g.add((ingest, PROV.wasAssociatedWith, entity))
    g.add((ingest, PROV.endedAtTime, when))
    g.add((ingest, PROV.generated, validation))
    # the outcome and its counts; the accepted warnings themselves are not copied (6,900 triples
    # for 1,000 rows): re-validating the kept original file gives them back
    g.add((validation, RDF.type, SH.ValidationReport))
    g.add((validation, SH.conforms, Literal(report.conforms)))
    for severity, n in report.counts.items():
        g.add((validation, UNGSH[f"{severity.lower()}Count"], Literal(n, datatype=XSD.nonNegativeInteger)))
    g.add((validation, PROV.wasGeneratedBy, ingest))
    return g


def submit(store: Store, data: bytes, filename: str, entity: str, period: int, *, replace: bool = False,
           originals_dir: Path | None = None, max_bytes: int | None = None) -> SubmissionRecord:
    """Validate and store one submission atomically (see the module docstring)."""
    entity_iri, key, acronym = _entity(store, entity)
    period = _period(period)
    sid = submission_id(key, period)
    sub, graph = URIRef(ID[f"submission/{sid}"]), str(submission_graph(key, period))
    exists = graph in store.graph_names()
    if exists and not replace:
        raise SubmissionExists(f"{acronym} already submitted activities for {period} ({sid})",
                               hint="nothing was stored; add --replace to replace that submission")
    report = validate_bytes(data, PurePath(filename).name, store, prefix=sid,
                            exclude_graphs=(graph,) if replace else (),
                            max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    if not report.conforms:
        raise SubmissionRejected(f"{filename}: {report.violations} violation(s)", report)
    activities = report.data  # the report's own graph: copying 10,000 rows costs seconds
    assert activities is not None
    activities.addN((act, UNG.reportedIn, sub, activities) for act in list(activities.subjects(RDF.type, UNG.Activity)))
    digest = hashlib.sha256(data).hexdigest()
    received = dt.datetime.now(dt.UTC).replace(microsecond=0)
    original = _keep_original(store, data, filename, digest, originals_dir)
    with _write_lock:
        records = _without(_record_graph(store), sub)
        records += _prov(sub, sid, entity_iri, period, PurePath(filename).name, digest, len(data), received,
                         report, report.format)
        store.apply({graph: activities, str(SUBMISSIONS_GRAPH): records})
    return SubmissionRecord(
        id=sid, iri=str(sub), graph=graph, entity=str(entity_iri), acronym=acronym, period=period,
        received=received.isoformat(timespec="seconds"), filename=PurePath(filename).name, sha256=digest,
        activities=report.activities, warnings=report.warnings, conforms=True, replaced=exists,
        original=str(original) if original else None)


def default_originals_dir(store: Store) -> Path | None:
    path = getattr(store, "path", None)
    return Path(path) / "originals" if path is not None else None


def _keep_original(store: Store, data: bytes, filename: str, digest: str, originals_dir: Path | None) -> Path | None:
    folder = originals_dir or default_originals_dir(store)
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}{PurePath(filename).suffix.lower()}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    return target


_LIST = sparql_prologue() + """
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX ungsh: <https://w3id.org/ungass-kg/shapes#>
SELECT ?sub ?id ?entity ?acronym ?period ?received ?file ?sha ?conforms ?warnings WHERE {
  GRAPH <%s> {
    ?sub a ung:Submission ; dct:identifier ?id ; prov:wasAttributedTo ?entity ; dct:temporal ?period ;
         prov:generatedAtTime ?received ; prov:wasDerivedFrom ?f .
    ?f dct:title ?file ; spdx:checksum/spdx:checksumValue ?sha .
    OPTIONAL { ?sub prov:wasGeneratedBy/prov:generated ?rep . ?rep sh:conforms ?conforms .
               OPTIONAL { ?rep ungsh:warningCount ?warnings } }
  }
  OPTIONAL { GRAPH <%s> { ?entity ung:acronym ?acronym } }
} ORDER BY ?id"""

_COUNTS = sparql_prologue() + """
SELECT ?g (COUNT(DISTINCT ?a) AS ?n) WHERE {
  GRAPH ?g { ?a a ung:Activity } FILTER (STRSTARTS(STR(?g), "%s"))
} GROUP BY ?g"""


def list_submissions(store: Store) -> list[SubmissionRecord]:
    from .namespaces import REFERENCE_GRAPH

    res = store.query(_LIST % (SUBMISSIONS_GRAPH, REFERENCE_GRAPH))
    counts = store.query(_COUNTS % GRAPH["submission/"])
    assert isinstance(res, SelectResult) and isinstance(counts, SelectResult)
    per_graph = {str(r["g"]): int(str(r["n"])) for r in counts.rows}
    out = []
    for r in res.rows:
        sid = str(r["id"])
        graph = str(GRAPH[f"submission/{sid}"])
        out.append(SubmissionRecord(
            id=sid, iri=str(r["sub"]), graph=graph, entity=str(r["entity"]),
            acronym=str(r.get("acronym", "")), period=int(str(r["period"])), received=str(r["received"]),
            filename=str(r["file"]), sha256=str(r["sha"]), activities=per_graph.get(graph, 0),
            warnings=int(str(r.get("warnings", 0))), conforms=str(r.get("conforms", "true")) == "true"))
    return out


def delete_submission(store: Store, submission_id: str) -> bool:
    """Drop a submission's graph and its PROV record in one transaction; ``False`` if unknown."""
    sub = URIRef(ID[f"submission/{submission_id}"])
    graph = str(GRAPH[f"submission/{submission_id}"])
    with _write_lock:
        records = _record_graph(store)
        if graph not in store.graph_names() and (sub, None, None) not in records:
            return False
        store.apply({graph: None, str(SUBMISSIONS_GRAPH): _without(records, sub)})
    return True
