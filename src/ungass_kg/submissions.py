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

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD
from rdflib.term import Node

from .diff import Diff
from .errors import InputError, StoreError, UserError, no_space
from .i18n import N_
from .ingest.mapping import Triple
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .namespaces import (
    DCAT,
    DCT,
    GRAPH,
    ID,
    PROV,
    SH,
    SPDX,
    SUBMISSIONS_GRAPH,
    UNG,
    UNGSH,
    attempt_path,
    sparql_prologue,
    submission_graph,
)
from .store import GraphResult, SelectResult, Store
from .store.base import graph_to_ntriples
from .store.terms import ntriples
from .validate import DEFAULT_MAX_BYTES, Result, ValidationReport, registers_for, validate_bytes

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

    def __init__(self, filename: str, report: ValidationReport) -> None:
        super().__init__(N_("%(file)s: %(violations)s violation(s)"),
                         hint=N_("nothing was stored but the record that the file was received; fix the cells "
                                 "listed and submit again"), values={"file": filename, "violations": report.violations})
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
    version: int = 1

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def _entity(store: Store, entity: str) -> tuple[URIRef, str, str]:
    regs = registers_for(store)
    iri = regs.entities.lookup(entity)
    if iri is None:
        close = regs.entities.suggest(entity)
        raise InputError(N_("'%(name)s' is not an entity of the register"),
                         hint=N_("did you mean %(close)s?") if close else N_("give the acronym, e.g. UNODC"),
                         values={"name": entity, "close": close})
    return iri, regs.entity_key(iri), regs.entities.labels.get(iri, entity)


def _period(period: int) -> int:
    this_year = dt.date.today().year
    if not FIRST_PERIOD <= int(period) <= this_year:
        raise InputError(N_("period %(period)s is outside %(first)s..%(last)s"),
                         hint=N_("give the reporting year, e.g. --period %(example)s"),
                         values={"period": period, "first": FIRST_PERIOD, "last": this_year, "example": 2023})
    return int(period)


def submission_id(entity_key: str, period: int) -> str:
    return f"{entity_key}-{period}"


def _record_graph(store: Store) -> Graph:
    res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": SUBMISSIONS_GRAPH})
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


def _stamp(received: dt.datetime, digest: str) -> str:
    return received.strftime("%Y%m%dT%H%M%S") + "-" + digest[:8]


def _file_node(g: Graph, node: URIRef, filename: str, digest: str, size: int, fmt: str) -> None:
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, DCT.title, Literal(filename)))
    g.add((node, DCT["format"], Literal(fmt)))
    g.add((node, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    cs = BNode()
    g.add((node, SPDX.checksum, cs))
    g.add((cs, RDF.type, SPDX.Checksum))
    g.add((cs, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((cs, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def _attempt(sub: URIRef, entity: URIRef, period: int, filename: str, digest: str, size: int,
             received: dt.datetime, report: ValidationReport, fmt: str) -> tuple[URIRef, Graph, str]:
    """The PROV record of one received file, stored or refused: (attempt IRI, triples, report graph)."""
    g = Graph()
    stamp = _stamp(received, digest)
    att = URIRef(f"{sub}/attempt/{stamp}")
    file_node, validation = URIRef(f"{att}/file"), URIRef(f"{att}/report")
    when = Literal(received.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    g.add((att, RDF.type, UNG.SubmissionAttempt))
    g.add((att, RDF.type, PROV.Activity))
    g.add((att, DCT.identifier, Literal(stamp)))
    g.add((att, PROV.used, file_node))
    g.add((att, PROV.wasAssociatedWith, entity))
    g.add((att, DCT.temporal, Literal(str(period), datatype=XSD.gYear)))
    g.add((att, PROV.endedAtTime, when))
    g.add((att, PROV.generated, validation))
    _file_node(g, file_node, filename, digest, size, fmt)
    # the outcome and its counts here; the results themselves in the report's own graph
    g.add((validation, RDF.type, SH.ValidationReport))
    g.add((validation, SH.conforms, Literal(report.conforms)))
    for severity, n in report.counts.items():
        g.add((validation, UNGSH[f"{severity.lower()}Count"], Literal(n, datatype=XSD.nonNegativeInteger)))
    g.add((validation, PROV.wasGeneratedBy, att))
    report_graph = str(GRAPH[f"report/{sub.rsplit('/', 1)[-1]}/{stamp}"])
    g.add((validation, PROV.atLocation, URIRef(report_graph)))
    return att, g, report_graph


def _prov(sub: URIRef, sid: str, entity: URIRef, period: int, received: dt.datetime, att: URIRef,
          version: int, previous: URIRef | None) -> Graph:
    """The current version's record: the submission, attributed, dated, derived from the file."""
    g = Graph()
    when = Literal(received.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    g.add((sub, RDF.type, UNG.Submission))
    g.add((sub, RDF.type, PROV.Entity))
    g.add((sub, DCT.identifier, Literal(sid)))
    g.add((sub, PROV.wasAttributedTo, entity))
    g.add((sub, DCT.temporal, Literal(str(period), datatype=XSD.gYear)))
    g.add((sub, PROV.generatedAtTime, when))
    g.add((sub, PROV.wasDerivedFrom, URIRef(f"{att}/file")))
    g.add((sub, PROV.wasGeneratedBy, att))
    g.add((sub, OWL.versionInfo, Literal(str(version))))
    if previous is not None:
        g.add((sub, PROV.wasRevisionOf, previous))
    g.add((att, PROV.generated, sub))
    return g


def _archive(records: Graph, sub: URIRef, data: Graph) -> tuple[URIRef, Graph, Graph]:
    """Move the current version's record to ``{sub}/version/{n}`` with its activities as N-Triples.

    Returns (the version's IRI, the records without the current record, the version's triples).
    The old activities are kept as a literal, not as a graph: the figures read the union of the
    graphs, and a second copy of an activity there would count twice.
    """
    n = int(str(records.value(sub, OWL.versionInfo) or "1"))
    version = URIRef(f"{sub}/version/{n}")
    out, kept = Graph(), Graph()
    for s, p, o in records:
        if s == sub:
            if p == RDF.type and o == UNG.Submission:
                continue
            kept.add((version, p, o))
        elif o == sub:
            out.add((s, p, version))
        else:
            out.add((s, p, o))
    kept.add((version, DCT.isVersionOf, sub))
    kept.add((version, PROV.invalidatedAtTime,
              Literal(dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)))
    kept.add((version, UNG.archivedData, Literal(graph_to_ntriples(data).decode("utf-8"))))
    return version, out, kept


def _first_with_checksum(records: Graph, digest: str, sid: str) -> str | None:
    """The submission (id) a file with this SHA-256 was first received as, if not ``sid``."""
    hits = []
    for cs in records.subjects(SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)):
        for file_node in records.subjects(SPDX.checksum, cs):
            for att in records.subjects(PROV.used, file_node):
                when = str(records.value(att, PROV.endedAtTime) or "")
                other = str(att).split("/submission/", 1)[-1].split("/", 1)[0]
                if other != sid:
                    hits.append((when, other))
    return min(hits)[1] if hits else None


def _years(triples: list[Triple]) -> tuple[list[Node], dict[Node, Node]]:
    """The activities of ``triples`` in file order and the reporting year of each (a dict look-up
    per triple: == on rdflib terms runs Python code)."""
    watched: dict[Node, int] = {RDF.type: 0, UNG.reportingYear: 1}
    activity = UNG.Activity
    acts: dict[Node, None] = {}
    years: dict[Node, Node] = {}
    for s, p, o in triples:
        k = watched.get(p)
        if k == 0 and o == activity:
            acts[s] = None
        elif k == 1:
            years.setdefault(s, o)
    return list(acts), years


def _period_results(report: ValidationReport, period: int) -> list[Result]:
    """A row whose reporting year is not the submission's period: a Violation naming the row."""
    out: list[Result] = []
    if report.source is None:
        return out
    rows = report.positions.rows if report.positions is not None else {}
    acts, years = _years(report.source.triples)
    for act in acts:
        year = years.get(act)
        if not isinstance(year, Literal) or not isinstance(year.toPython(), int) or year.toPython() == period:
            continue
        if not FIRST_PERIOD <= year.toPython() <= dt.date.today().year:
            continue  # the year-range shape already says what is wrong with it
        cell = report.positions.cell(act, UNG.reportingYear) if report.positions is not None else None
        row = cell.row if cell else (rows[act].row if act in rows else None)
        out.append(Result(
            severity="Violation", rule="year-is-period", sheet=cell.sheet if cell else None, row=row,
            column=cell.column if cell else "Reporting year", value=str(year),
            message=(f"Row {row}: the reporting year {year} is not the period {period} this file is submitted "
                     f"for: correct the year, or submit the row with --period {year}."),
            focus_node=str(act), path=str(UNG.reportingYear)))
    return out


def _same_file_result(first: str, digest: str) -> Result:
    return Result(severity="Violation", rule="same-file",
                  message=(f"This file (SHA-256 {digest[:12]}...) was already received as submission {first}: "
                           f"the same activities cannot be reported for another entity or period."),
                  suggestion=f"see 'ungass-kg submissions'; submit {first}'s own corrected file instead")


def _checked(store: Store, data: bytes, filename: str, entity_iri: URIRef, sid: str, graph: str, period: int,
             records: Graph, *, exclude_own: bool, max_bytes: int | None,
             limits: Limits = DEFAULT_LIMITS) -> tuple[ValidationReport, str]:
    """The report with the checks that need the period and the store's PROV records added."""
    report = validate_bytes(data, PurePath(filename).name, store, prefix=sid,
                            exclude_graphs=(graph,) if exclude_own else (),
                            max_bytes=max_bytes or DEFAULT_MAX_BYTES, limits=limits)
    digest = hashlib.sha256(data).hexdigest()
    first = _first_with_checksum(records, digest, sid)
    extra = _period_results(report, period) + ([_same_file_result(first, digest)] if first else [])
    if extra:
        report.results += extra
        report.sort()
    return report, digest


@dataclass
class Preview:
    """What ``submit --dry-run`` says: the report and the diff, nothing stored."""

    id: str
    report: ValidationReport
    diff: Diff

    def to_json(self) -> dict:
        return {**self.diff.to_json(), "submission": self.id, "conforms": self.report.conforms,
                "report": self.report.to_json()}


def preview(store: Store, data: bytes, filename: str, entity: str, period: int, *,
            since: int | None = None, max_bytes: int | None = None, limits: Limits = DEFAULT_LIMITS) -> Preview:
    """Validate and diff against what is stored for the entity and ``period`` (or ``since``); store nothing."""
    from .diff import diff_activities
    from .prefill import stored_activities, template_view

    entity_iri, key, acronym = _entity(store, entity)
    period = _period(period)
    sid = submission_id(key, period)
    graph = str(submission_graph(key, period))
    report, _digest = _checked(store, data, filename, entity_iri, sid, graph, period, _record_graph(store),
                               exclude_own=True, max_bytes=max_bytes, limits=limits)
    base = _period(since) if since is not None else period
    stored = stored_activities(store, acronym, base)
    against = f"{acronym} {base} ({stored.submission or stored.source})"
    d = diff_activities(stored.graph, template_view(report.data or Graph()), registers_for(store), against,
                        ignore=frozenset({"Reporting year"}) if base != period else frozenset())
    return Preview(sid, report, d)


def submit(store: Store, data: bytes, filename: str, entity: str, period: int, *, replace: bool = False,
           originals_dir: Path | None = None, max_bytes: int | None = None,
           limits: Limits = DEFAULT_LIMITS) -> SubmissionRecord:
    """Validate and store one submission atomically (see the module docstring)."""
    entity_iri, key, acronym = _entity(store, entity)
    period = _period(period)
    sid = submission_id(key, period)
    sub, graph = URIRef(ID[f"submission/{sid}"]), str(submission_graph(key, period))
    exists = graph in store.graph_names()
    if exists and not replace:
        raise SubmissionExists(N_("%(entity)s already submitted activities for %(period)s (%(id)s)"),
                               hint=N_("nothing was stored; add --replace to store a new version of that "
                                       "submission"), values={"entity": acronym, "period": period, "id": sid})
    name = PurePath(filename).name
    with _write_lock:
        records = _record_graph(store)
        report, digest = _checked(store, data, filename, entity_iri, sid, graph, period, records,
                                  exclude_own=replace, max_bytes=max_bytes, limits=limits)
        received = dt.datetime.now(dt.UTC).replace(microsecond=0)
        att, att_graph, report_graph = _attempt(sub, entity_iri, period, name, digest, len(data), received,
                                                report, report.format)
        report_rdf = report.to_graph(node=URIRef(f"{att}/report"))
        if not report.conforms:
            # a refused file counts as received: its attempt and its report are recorded, nothing else
            store.apply({str(SUBMISSIONS_GRAPH): records + att_graph, report_graph: report_rdf})
            raise SubmissionRejected(filename, report)
        # the mapped triples straight to N-Triples: an rdflib graph of 10,000 rows, and its
        # serializer, cost more than validating them
        activities = _own_year_iris(store, list(report.source.triples), graph)
        activities += [(act, UNG.reportedIn, sub) for act in _years(activities)[0]]
        original = _keep_original(store, data, filename, digest, originals_dir)
        previous: URIRef | None = None
        version = 1
        if exists and (sub, None, None) in records:
            previous, records, kept = _archive(records, sub, _graph_of(store, graph))
            records += kept
            version = int(str(previous).rsplit("/", 1)[-1]) + 1
        records += att_graph
        records += _prov(sub, sid, entity_iri, period, received, att, version, previous)
        store.apply({graph: ntriples(activities), str(SUBMISSIONS_GRAPH): records, report_graph: report_rdf})
    return SubmissionRecord(
        id=sid, iri=str(sub), graph=graph, entity=str(entity_iri), acronym=acronym, period=period,
        received=received.isoformat(timespec="seconds"), filename=name, sha256=digest,
        activities=report.activities, warnings=report.warnings, conforms=True, replaced=exists,
        original=str(original) if original else None, version=version)


_OTHER_YEARS = sparql_prologue() + """
SELECT DISTINCT ?a ?year WHERE { VALUES ?a { %s } GRAPH ?g { ?a ung:reportingYear ?year } FILTER (?g != %s) }"""


def _own_year_iris(store: Store, triples: list[Triple], graph: str) -> list[Triple]:
    """An Activity ID carried into another year names a new activity of that year.

    A row of 2024 with the ID of a 2023 activity (a pre-filled template of last year) keeps the
    ID, as ``dct:identifier``, but gets its own IRI ``{ID}-{year}``: one IRI never carries two
    reporting years, and the diff and ``compare`` match the two by the ID.
    """
    acts, years = _years(triples)
    acts = [a for a in acts if isinstance(a, URIRef)]
    if not acts:
        return triples
    # Terms go in by their N3 form (rdflib refuses an IRI that could break out of <...>).
    res = store.query(_OTHER_YEARS % (" ".join(a.n3() for a in acts), URIRef(graph).n3()))
    assert isinstance(res, SelectResult)
    taken: dict[Node, set[str]] = {}
    for r in res.rows:
        taken.setdefault(r["a"], set()).add(str(r["year"]))
    moved: dict[Node, URIRef] = {}
    for a in acts:
        year = years.get(a)
        others = taken.get(a)
        if year is not None and others and str(year) not in others:
            moved[a] = URIRef(f"{a}-{year}")
    if not moved:
        return triples
    out = list(dict.fromkeys((moved.get(s, s), p, moved.get(o, o)) for s, p, o in triples))
    out += [(new, DCT.identifier, Literal(str(old).rsplit("/", 1)[-1])) for old, new in moved.items()]
    return out


def _graph_of(store: Store, graph: str) -> Graph:
    res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": URIRef(graph)})
    return res.graph if isinstance(res, GraphResult) else Graph()


def default_originals_dir(store: Store) -> Path | None:
    path = getattr(store, "path", None)
    return Path(path) / "originals" if path is not None else None


def _keep_original(store: Store, data: bytes, filename: str, digest: str, originals_dir: Path | None) -> Path | None:
    folder = originals_dir or default_originals_dir(store)
    if folder is None:
        return None
    target = folder / f"{digest}{PurePath(filename).suffix.lower()}"
    tmp = target.with_suffix(target.suffix + ".tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.tmp"):  # left by a process killed while writing (under _write_lock)
            stale.unlink(missing_ok=True)
        if not target.exists():
            tmp.write_bytes(data)
            tmp.replace(target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        why = "the disk is full" if no_space(e) else e.strerror
        raise StoreError(f"cannot keep the original file in {folder} ({why}): nothing was stored",
                         hint="free some space and submit again") from None
    return target


_LIST = sparql_prologue() + """
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX ungsh: <https://w3id.org/ungass-kg/shapes#>
SELECT ?sub ?id ?entity ?acronym ?period ?received ?file ?sha ?conforms ?warnings WHERE {
  GRAPH %s {
    ?sub a ung:Submission ; dct:identifier ?id ; prov:wasAttributedTo ?entity ; dct:temporal ?period ;
         prov:generatedAtTime ?received ; prov:wasDerivedFrom ?f .
    ?f dct:title ?file ; spdx:checksum/spdx:checksumValue ?sha .
    OPTIONAL { ?sub prov:wasGeneratedBy/prov:generated ?rep . ?rep sh:conforms ?conforms .
               OPTIONAL { ?rep ungsh:warningCount ?warnings } }
  }
  OPTIONAL { GRAPH %s { ?entity ung:acronym ?acronym } }
} ORDER BY ?id"""

_COUNTS = sparql_prologue() + """
SELECT ?g (COUNT(DISTINCT ?a) AS ?n) WHERE {
  GRAPH ?g { ?a a ung:Activity } FILTER (STRSTARTS(STR(?g), %s))
} GROUP BY ?g"""


def list_submissions(store: Store) -> list[SubmissionRecord]:
    from .namespaces import REFERENCE_GRAPH

    res = store.query(_LIST % (URIRef(SUBMISSIONS_GRAPH).n3(), URIRef(REFERENCE_GRAPH).n3()))
    counts = store.query(_COUNTS % Literal(str(GRAPH["submission/"])).n3())
    assert isinstance(res, SelectResult) and isinstance(counts, SelectResult)
    per_graph = {str(r["g"]): int(str(r["n"])) for r in counts.rows}
    out = []
    seen: set[str] = set()
    for r in res.rows:
        sid = str(r["id"])
        if sid in seen:  # OPTIONAL parts (report, acronym) can repeat a submission's row
            continue
        seen.add(sid)
        graph = str(GRAPH[f"submission/{sid}"])
        out.append(SubmissionRecord(
            id=sid, iri=str(r["sub"]), graph=graph, entity=str(r["entity"]),
            acronym=str(r.get("acronym", "")), period=int(str(r["period"])), received=str(r["received"]),
            filename=str(r["file"]), sha256=str(r["sha"]), activities=per_graph.get(graph, 0),
            warnings=int(str(r.get("warnings", 0))), conforms=str(r.get("conforms", "true")) == "true"))
    return out


def deletion_plan(store: Store, submission_id: str) -> list[str]:
    """What ``delete_submission`` would remove, one line each (empty when there is no such submission)."""
    sub = URIRef(ID[f"submission/{submission_id}"])
    graph = str(GRAPH[f"submission/{submission_id}"])
    records = _record_graph(store)
    names = store.graph_names()
    if graph not in names and (sub, None, None) not in records:
        return []
    counts = dict(store.graphs())
    acts = next((s.activities for s in list_submissions(store) if s.id == submission_id), 0)
    versions = len(list(records.subjects(DCT.isVersionOf, sub)))
    attempts = sum(1 for a in records.subjects(RDF.type, UNG.SubmissionAttempt) if str(a).startswith(f"{sub}/"))
    reports = _report_graphs(names, submission_id)
    out = []
    if graph in names:
        out.append(f"graph {graph}: {acts} activities, {counts.get(graph, 0)} triples")
    out.append(f"its provenance in {SUBMISSIONS_GRAPH}: the current version, {versions} earlier version(s), "
               f"{attempts} received file(s)")
    if reports:
        out.append(f"{len(reports)} validation report graph(s) under {GRAPH['report/' + submission_id]}/")
    return out


def _report_graphs(names: set[str], submission_id: str) -> list[str]:
    prefix = str(GRAPH[f"report/{submission_id}/"])
    return sorted(g for g in names if g.startswith(prefix))


def delete_submission(store: Store, submission_id: str) -> bool:
    """Drop a submission's graph, its versions, received files and reports in one transaction.

    ``False`` if unknown. The board of its round then shows the entity as not received.
    """
    sub = URIRef(ID[f"submission/{submission_id}"])
    graph = str(GRAPH[f"submission/{submission_id}"])
    with _write_lock:
        records = _record_graph(store)
        names = store.graph_names()
        if graph not in names and (sub, None, None) not in records:
            return False
        changes: dict[str, Graph | None] = {graph: None, str(SUBMISSIONS_GRAPH): _without(records, sub)}
        changes.update({g: None for g in _report_graphs(names, submission_id)})
        store.apply(changes)
    return True


def submission_versions(store: Store, submission_id: str) -> list[dict]:
    """Every version of a submission, oldest first: who, when, which file and checksum, what it revised."""
    sub = URIRef(ID[f"submission/{submission_id}"])
    records = _record_graph(store)
    nodes = [sub, *records.subjects(DCT.isVersionOf, sub)]
    out = []
    for node in nodes:
        if (node, None, None) not in records:
            continue
        f = records.value(node, PROV.wasDerivedFrom)
        cs = records.value(f, SPDX.checksum) if f is not None else None
        rev = records.value(node, PROV.wasRevisionOf)
        att = records.value(node, PROV.wasGeneratedBy)
        out.append({
            "version": int(str(records.value(node, OWL.versionInfo) or 1)), "iri": str(node),
            "current": node == sub, "received": str(records.value(node, PROV.generatedAtTime) or ""),
            "superseded": str(records.value(node, PROV.invalidatedAtTime) or "") or None,
            "entity": str(records.value(node, PROV.wasAttributedTo) or ""),
            "file": str(records.value(f, DCT.title) or "") if f is not None else None,
            "sha256": str(records.value(cs, SPDX.checksumValue) or "") if cs is not None else None,
            "revision_of": str(rev) if rev is not None else None,
            "report": attempt_path(str(att)) if att is not None else None,
        })
    return sorted(out, key=lambda v: v["version"])


def version_data(store: Store, submission_id: str, version: int) -> Graph | None:
    """The activities of one version: the current graph, or an earlier version's archived N-Triples."""
    sub = URIRef(ID[f"submission/{submission_id}"])
    records = _record_graph(store)
    if int(str(records.value(sub, OWL.versionInfo) or 0)) == version:
        return _graph_of(store, str(GRAPH[f"submission/{submission_id}"]))
    text = records.value(URIRef(f"{sub}/version/{version}"), UNG.archivedData)
    if text is None:
        return None
    g = Graph()
    g.parse(data=str(text), format="nt")
    return g


def attempt_report(store: Store, submission_id: str, stamp: str) -> ValidationReport | None:
    """The stored validation report of one received file (``None`` if there is no such attempt)."""
    from .validate.report import report_from_graph

    att = URIRef(ID[f"submission/{submission_id}/attempt/{stamp}"])
    records = _record_graph(store)
    if (att, RDF.type, UNG.SubmissionAttempt) not in records:
        return None
    f = records.value(att, PROV.used)
    rep = URIRef(f"{att}/report")
    graph = records.value(rep, PROV.atLocation)
    data = _graph_of(store, str(graph)) if graph is not None else Graph()
    return report_from_graph(data, rep, file=str(records.value(f, DCT.title) or ""),
                             fmt=str(records.value(f, DCT["format"]) or ""))


def history(store: Store) -> list[dict]:
    """Every version of every submission, for ``submissions --history``."""
    return [v | {"id": s.id} for s in list_submissions(store) for v in submission_versions(store, s.id)]
