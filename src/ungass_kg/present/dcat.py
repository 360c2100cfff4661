"""The dataset description: a DCAT 3 catalogue (DCAT-AP 3) and VoID, built from the store.

Resources are named under the canonical base; download and endpoint URLs under the service
base (where the server or the static site is reached: the public URL, else the canonical base).
Facts in it come from the data (licence from the ontology header, years from the activities,
sizes and checksums from the dumps), nothing is typed in by hand except the titles.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, SKOS, XSD

from ..bootstrap import BUNDLED
from ..namespaces import BASE, ID, NOTE_GRAPH, PREFIXES, SD, SH, SPDX, SUBMISSIONS_GRAPH, UNG, VOID
from ..store import SelectResult, Store
from .dumps import Dump

ADMS_PUBLISHER = Namespace("http://purl.org/adms/publishertype/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA = "http://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
DCAT_AP_3 = URIRef("http://data.europa.eu/r5r/")  # the DCAT-AP 3 application profile
DEFAULT_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
# The EU data themes the knowledge base is about (Publications Office, authority table data-theme).
EU_THEMES = {EU_THEME.HEAL: "Health", EU_THEME.JUST: "Justice, legal system and public safety",
             EU_THEME.INTR: "International issues"}

TITLE = "ungass-kg: the UN system's activities under the 2016 UNGASS outcome document"
DESCRIPTION = (
    "Linked data of the activities that UN entities report in the UN Secretariat's matrix under the seven "
    "chapters of the outcome document of the 2016 special session of the General Assembly on the world drug "
    "problem (A/RES/S-30/1), as analysed in the Secretariat's 2024 inter-agency note to the Commission on "
    "Narcotic Drugs; with the registers of entities, programmes, mandates and coordination mechanisms, the "
    "note's published figures, and the submissions loaded since."
)
KEYWORDS = ("world drug problem", "UNGASS 2016", "inter-agency cooperation", "United Nations system",
            "drug policy", "linked data")


@dataclass(frozen=True)
class Nodes:
    """The IRIs of the description: resources under ``base``, URLs of the service under ``service``."""

    base: str
    service_base: str | None = None

    @property
    def urls(self) -> str:
        return self.service_base or self.base

    @property
    def catalog(self) -> URIRef:
        return URIRef(self.base + "catalog")

    @property
    def dataset(self) -> URIRef:
        return URIRef(self.base + "catalog#ungass-kg")

    @property
    def service(self) -> URIRef:
        return URIRef(self.base + "catalog#sparql")

    @property
    def publisher(self) -> URIRef:
        return URIRef(self.base + "catalog#publisher")

    @property
    def endpoint(self) -> URIRef:
        return URIRef(self.urls + "sparql")

    def graph_dataset(self, graph: str) -> URIRef:
        key = graph[len(self.base + "graph/"):] if graph.startswith(self.base + "graph/") else graph
        return URIRef(self.base + "catalog#graph-" + key.replace("/", "-"))

    def download(self, filename: str) -> URIRef:
        return URIRef(self.urls + "dumps/" + filename)


def _graph_titles() -> dict[str, str]:
    titles = {b.graph: b.label[:1].upper() + b.label[1:] for b in BUNDLED}
    titles[str(SUBMISSIONS_GRAPH)] = "Provenance of the submissions"
    return titles


def _one(store: Store, q: str) -> dict[str, object]:
    res = store.query(q)
    assert isinstance(res, SelectResult)
    return dict(res.rows[0]) if res.rows else {}


def licence(store: Store) -> URIRef:
    """The licence the ontology header declares (the data is published under the same)."""
    row = _one(store, f"SELECT ?l WHERE {{ <{BASE}ontology> <{DCTERMS.license}> ?l }} LIMIT 1")
    lic = row.get("l")
    return lic if isinstance(lic, URIRef) else DEFAULT_LICENSE


def years(store: Store) -> tuple[int | None, int | None]:
    row = _one(store, f"SELECT (MIN(?y) AS ?lo) (MAX(?y) AS ?hi) WHERE {{ ?a <{UNG.reportingYear}> ?y }}")
    lo, hi = row.get("lo"), row.get("hi")
    return (int(str(lo)) if lo is not None else None, int(str(hi)) if hi is not None else None)


def spatial(store: Store) -> list[URIRef]:
    """The world (M49 001) when the register has it; else the areas the activities name."""
    world = URIRef(ID["area/001"])
    if store.query(f"ASK {{ <{world}> ?p ?o }}").value:  # type: ignore[union-attr]
        return [world]
    res = store.query(f"SELECT DISTINCT ?x WHERE {{ ?a <{UNG.area}> ?x FILTER(isIRI(?x)) }} ORDER BY ?x")
    assert isinstance(res, SelectResult)
    return [r["x"] for r in res.rows]  # type: ignore[misc]


def chapters(store: Store) -> list[tuple[URIRef, Literal]]:
    """The chapters of the outcome document (our concept scheme): the datasets' themes."""
    res = store.query(f"SELECT ?c ?l WHERE {{ ?c a <{UNG.Chapter}> ; <{SKOS.prefLabel}> ?l ; "
                      f"<{UNG.chapterNumber}> ?n FILTER(lang(?l) = 'en') }} ORDER BY ?n")
    assert isinstance(res, SelectResult)
    return [(r["c"], r["l"]) for r in res.rows]  # type: ignore[misc]


def graph_years(store: Store) -> dict[str, tuple[int, int]]:
    """Per named graph, the first and last reporting year of its activities (temporal coverage)."""
    res = store.query(f"SELECT ?g (MIN(?y) AS ?lo) (MAX(?y) AS ?hi) "
                      f"WHERE {{ GRAPH ?g {{ ?a <{UNG.reportingYear}> ?y }} }} GROUP BY ?g")
    assert isinstance(res, SelectResult)
    return {str(r["g"]): (int(str(r["lo"])), int(str(r["hi"]))) for r in res.rows}


def _period(g: Graph, subject: URIRef, lo: int, hi: int) -> None:
    period = BNode()
    g.add((subject, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(str(lo), datatype=XSD.gYear)))
    g.add((period, DCAT.endDate, Literal(str(hi), datatype=XSD.gYear)))


def _typed(g: Graph, node: URIRef, cls: URIRef) -> URIRef:
    """DCAT-AP gives each property a range class; the values say which they are."""
    g.add((node, RDF.type, cls))
    return node


def _checksum(g: Graph, dist: URIRef, sha256: str) -> None:
    c = BNode()
    g.add((dist, SPDX.checksum, c))
    g.add((c, RDF.type, SPDX.Checksum))
    g.add((c, SPDX.algorithm, _typed(g, SPDX.checksumAlgorithm_sha256, SPDX.ChecksumAlgorithm)))
    g.add((c, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))


def _new_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for p, iri in PREFIXES.items():
        g.bind(p, iri)
    g.bind("spdx", SPDX)
    g.bind("sd", SD)
    return g


def build_catalog(store: Store, dumps: list[Dump], base: str = BASE, service_base: str | None = None) -> Graph:
    """A DCAT 3 catalogue: the knowledge base, one dataset per named graph, dumps, SPARQL service.

    Every value is typed with the class DCAT-AP 3.0.1 gives as the property's range. No contact
    point is stated (the note gives none) and no availability (nothing states one); the
    catalogue's modification time is the store's last write, where the store knows it.
    """
    n = Nodes(base, service_base)
    g = _new_graph()
    lic = _typed(g, licence(store), DCTERMS.LicenseDocument)
    english = _typed(g, EU_LANGUAGE.ENG, DCTERMS.LinguisticSystem)
    home = _typed(g, URIRef(base), FOAF.Document)
    note = _typed(g, URIRef(ID["document/inter-agency-note-2024"]), FOAF.Document)
    standards = [_typed(g, URIRef(base + "ontology"), DCTERMS.Standard),
                 _typed(g, URIRef(base + "shapes"), DCTERMS.Standard)]
    eu_themes = URIRef("http://publications.europa.eu/resource/authority/data-theme")
    our_themes = URIRef(ID["scheme/chapters"])
    g.add((eu_themes, DCTERMS.title, Literal("Data theme", lang="en")))
    g.add((our_themes, DCTERMS.title, Literal("Chapters of the UNGASS 2016 outcome document", lang="en")))
    themes = list(EU_THEMES)
    for t, label in EU_THEMES.items():  # labels as the EU vocabulary gives them
        _typed(g, t, SKOS.Concept)
        g.add((t, SKOS.inScheme, eu_themes))
        g.add((t, SKOS.prefLabel, Literal(label, lang="en")))
    for chapter, label in chapters(store):
        _typed(g, chapter, SKOS.Concept)
        g.add((chapter, SKOS.inScheme, our_themes))
        g.add((chapter, SKOS.prefLabel, label))
        themes.append(chapter)
    places = [_typed(g, p, DCTERMS.Location) for p in spatial(store)]
    per_graph_years = graph_years(store)
    graphs = store.graphs()
    total = sum(c for _, c in graphs)

    g.add((n.publisher, RDF.type, FOAF.Agent))
    g.add((n.publisher, FOAF.name, Literal("United Nations Secretariat", lang="en")))
    kind = _typed(g, ADMS_PUBLISHER.SupraNationalAuthority, SKOS.Concept)
    g.add((kind, SKOS.prefLabel, Literal("Supra-national authority", lang="en")))  # the ADMS label
    g.add((n.publisher, DCTERMS.type, kind))

    c = n.catalog
    g.add((c, RDF.type, DCAT.Catalog))
    g.add((c, DCTERMS.title, Literal("Catalogue of ungass-kg", lang="en")))
    g.add((c, DCTERMS.description, Literal(
        "The datasets and the SPARQL service of ungass-kg, the linked-data knowledge base of the UN system's "
        "work on the world drug problem.", lang="en")))
    g.add((c, DCTERMS.publisher, n.publisher))
    g.add((c, FOAF.homepage, home))
    g.add((c, DCTERMS.license, lic))
    g.add((c, DCTERMS.language, english))
    for scheme in (eu_themes, our_themes):
        g.add((c, DCAT.themeTaxonomy, _typed(g, scheme, SKOS.ConceptScheme)))
    g.add((c, DCTERMS.conformsTo, _typed(g, DCAT_AP_3, DCTERMS.Standard)))
    for place in places:
        g.add((c, DCTERMS.spatial, place))
    modified = store.modified()
    if modified is not None:
        stamp = _dt.datetime.fromtimestamp(int(modified), _dt.UTC).isoformat().replace("+00:00", "Z")
        g.add((c, DCTERMS.modified, Literal(stamp, datatype=XSD.dateTime)))
    g.add((c, DCAT.dataset, n.dataset))
    g.add((c, DCAT.service, n.service))

    d = n.dataset
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((d, DCTERMS.publisher, n.publisher))
    g.add((d, DCTERMS.license, lic))
    g.add((d, DCTERMS.language, english))
    g.add((d, DCAT.landingPage, home))
    for standard in standards:
        g.add((d, DCTERMS.conformsTo, standard))
    # The note is the document the data comes from (DCAT-AP keeps dct:source for datasets).
    g.add((d, FOAF.page, note))
    g.add((d, PROV.wasDerivedFrom, note))
    _describe_coverage(g, d, themes, places, years(store))
    g.add((d, VOID.triples, Literal(total, datatype=XSD.integer)))

    for dump in dumps:
        dist = URIRef(f"{base}catalog#dump-{dump.filename}")
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"Dump: {dump.format.label}", lang="en")))
        g.add((dist, DCTERMS.description, Literal(
            f"The whole knowledge base as {dump.format.label}, made from the store.", lang="en")))
        g.add((dist, DCAT.accessURL, URIRef(n.urls + "dumps/")))
        g.add((dist, DCAT.downloadURL, n.download(dump.filename)))
        g.add((dist, DCAT.mediaType, _typed(g, URIRef(IANA + dump.format.media_type), DCTERMS.MediaType)))
        g.add((dist, DCTERMS.format, _typed(g, EU_FILE_TYPE[dump.format.file_type], DCTERMS.MediaTypeOrExtent)))
        if dump.format.compressed:
            g.add((dist, DCAT.compressFormat, _typed(g, URIRef(IANA + "application/gzip"), DCTERMS.MediaType)))
        g.add((dist, DCAT.byteSize, Literal(dump.byte_size, datatype=XSD.nonNegativeInteger)))
        _checksum(g, dist, dump.sha256)
        g.add((dist, DCTERMS.license, lic))
        g.add((dist, DCTERMS.conformsTo, standards[0]))

    api = URIRef(base + "catalog#sparql-distribution")
    g.add((d, DCAT.distribution, api))
    g.add((api, RDF.type, DCAT.Distribution))
    g.add((api, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    g.add((api, DCTERMS.description, Literal("Query the knowledge base live over the SPARQL 1.1 Protocol.",
                                              lang="en")))
    g.add((api, DCAT.accessURL, n.endpoint))
    g.add((api, DCAT.accessService, n.service))
    g.add((api, DCTERMS.license, lic))

    s = n.service
    g.add((s, RDF.type, DCAT.DataService))
    g.add((s, DCTERMS.title, Literal("ungass-kg SPARQL endpoint", lang="en")))
    g.add((s, DCTERMS.description, Literal(
        "SPARQL 1.1 Protocol endpoint over every named graph of the knowledge base (read-only without a "
        "write token).", lang="en")))
    g.add((s, DCAT.endpointURL, n.endpoint))
    g.add((s, DCAT.endpointDescription, n.endpoint))
    g.add((s, DCTERMS.conformsTo, _typed(g, SPARQL_PROTOCOL, DCTERMS.Standard)))
    g.add((s, DCAT.servesDataset, d))
    g.add((s, DCTERMS.publisher, n.publisher))
    g.add((s, DCTERMS.license, lic))

    titles = _graph_titles()
    for graph, count in graphs:
        part = n.graph_dataset(graph)
        g.add((c, DCAT.dataset, part))
        g.add((d, DCTERMS.hasPart, part))
        g.add((s, DCAT.servesDataset, part))
        title = titles.get(graph) or ("Submission " + graph.rsplit("/", 1)[-1]
                                      if "/graph/submission/" in graph else graph)
        g.add((part, RDF.type, DCAT.Dataset))
        g.add((part, DCTERMS.title, Literal(title, lang="en")))
        g.add((part, DCTERMS.description, Literal(
            f"The named graph <{graph}> of the knowledge base ({count} triples).", lang="en")))
        g.add((part, DCTERMS.isPartOf, d))
        g.add((part, DCTERMS.publisher, n.publisher))
        g.add((part, DCTERMS.license, lic))
        g.add((part, DCTERMS.language, english))
        # Places and years only for graphs of activities (the registers and the ontology cover none).
        span = per_graph_years.get(graph)
        _describe_coverage(g, part, themes, places if span else [], span if span else (None, None))
        g.add((part, SD.name, URIRef(graph)))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
        g.add((part, DCAT.distribution, api))
        if graph == str(NOTE_GRAPH):
            g.add((part, FOAF.page, note))
            g.add((part, PROV.wasDerivedFrom, note))
    _rounds(g, n, store, lic, english, base, themes)
    return g


def _describe_coverage(g: Graph, d: URIRef, themes: list[URIRef], places: list[URIRef],
                       span: tuple[int | None, int | None]) -> None:
    """Themes (the EU data themes and our chapters), keywords, places and reporting years."""
    for theme in themes:
        g.add((d, DCAT.theme, theme))
    for kw in KEYWORDS:
        g.add((d, DCAT.keyword, Literal(kw, lang="en")))
    for place in places:
        g.add((d, DCTERMS.spatial, place))
    lo, hi = span
    if lo is not None and hi is not None:
        _period(g, d, lo, hi)


VOCABULARIES = ("ung", "org", "skos", "prov", "dct", "qb", "foaf", "dcat")


def build_void(store: Store, dumps: list[Dump], base: str = BASE, service_base: str | None = None) -> Graph:
    """VoID: the dataset, its endpoint, dumps, size, vocabularies and one subset per named graph."""
    n = Nodes(base, service_base)
    g = _new_graph()
    d = n.dataset
    graphs = store.graphs()
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((d, DCTERMS.license, licence(store)))
    g.add((d, FOAF.homepage, URIRef(base)))
    g.add((d, VOID.sparqlEndpoint, n.endpoint))
    for dump in dumps:
        g.add((d, VOID.dataDump, n.download(dump.filename)))
    g.add((d, VOID.triples, Literal(sum(c for _, c in graphs), datatype=XSD.integer)))
    g.add((d, VOID.uriSpace, Literal(base + "id/")))
    for ex in ("entity/unodc", "chapter/1"):
        g.add((d, VOID.exampleResource, URIRef(base + "id/" + ex)))
    for p in VOCABULARIES:
        g.add((d, VOID.vocabulary, URIRef(PREFIXES[p] if p != "ung" else base + "ontology#")))
    for fmt in ("Turtle", "N-Triples", "TriG", "JSON-LD", "RDF_XML"):
        g.add((d, VOID.feature, URIRef("http://www.w3.org/ns/formats/" + fmt)))
    titles = _graph_titles()
    for graph, count in graphs:
        sub = n.graph_dataset(graph)
        g.add((d, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, DCTERMS.title, Literal(titles.get(graph, graph), lang="en")))
        g.add((sub, SD.name, URIRef(graph)))
        g.add((sub, VOID.triples, Literal(count, datatype=XSD.integer)))
        g.add((sub, VOID.sparqlEndpoint, n.endpoint))
    return g


DCAT_AP_SHAPES = Path(__file__).with_name("dcat_ap_3.ttl")
DCAT_AP_RANGES = Path(__file__).with_name("dcat_ap_3_ranges.ttl")


def check_dcat_ap(g: Graph, *, ranges: bool = True) -> tuple[bool, list[tuple[str, str]]]:
    """Check a catalogue against the DCAT-AP 3.0.1 rules encoded here: mandatory (violations),
    recommended (warnings) and, unless ``ranges=False``, the range of each property.

    Returns (no violations, [(severity, message)] for every result, warnings included).
    """
    import pyshacl

    shapes = Graph().parse(DCAT_AP_SHAPES, format="turtle")
    if ranges:
        shapes.parse(DCAT_AP_RANGES, format="turtle")
    _, report, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", allow_warnings=True)
    results = []
    sh = SH
    for r in report.subjects(RDF.type, sh.ValidationResult):
        sev = str(report.value(r, sh.resultSeverity)).rsplit("#", 1)[-1]
        results.append((sev, f"{report.value(r, sh.focusNode)}: {report.value(r, sh.resultMessage)}"))
    return not any(sev == "Violation" for sev, _ in results), sorted(results)


def _rounds(g: Graph, n: Nodes, store: Store, lic: URIRef, english: URIRef, base: str,
            themes: list[URIRef]) -> None:
    """Each reporting round's board: a dataset derived from the submissions' PROV records."""
    from ..rounds import list_rounds

    for period in list_rounds(store):
        board = URIRef(f"{base}catalog#round-{period}")
        g.add((n.catalog, DCAT.dataset, board))
        g.add((board, RDF.type, DCAT.Dataset))
        g.add((board, DCTERMS.title, Literal(f"Reporting round {period}: who has submitted", lang="en")))
        g.add((board, DCTERMS.description, Literal(
            f"For each entity asked to report its activities of {period}: not received, received with "
            "violations, or accepted; late or not; the last file received, its checksum and its validation "
            "report. Computed from the PROV records of the submissions.", lang="en")))
        g.add((board, DCTERMS.publisher, n.publisher))
        g.add((board, DCTERMS.license, lic))
        g.add((board, DCTERMS.language, english))
        g.add((board, DCAT.landingPage, _typed(g, URIRef(f"{base}rounds/{period}"), FOAF.Document)))
        g.add((board, PROV.wasDerivedFrom, n.graph_dataset(str(SUBMISSIONS_GRAPH))))
        g.add((board, PROV.wasDerivedFrom, URIRef(ID[f"round/{period}"])))
        _period(g, board, period, period)
        for theme in themes:
            g.add((board, DCAT.theme, theme))
        for ext, media, label, ftype in (("json", "application/json", "JSON", "JSON"),
                                         ("csv", "text/csv", "CSV", "CSV")):
            dist = URIRef(f"{base}rounds/{period}.{ext}#distribution")
            g.add((board, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCTERMS.title, Literal(f"Round {period} board as {label}", lang="en")))
            g.add((dist, DCAT.accessURL, URIRef(f"{base}rounds/{period}")))
            g.add((dist, DCAT.downloadURL, URIRef(f"{base}rounds/{period}.{ext}")))
            g.add((dist, DCAT.mediaType, _typed(g, URIRef(IANA + media), DCTERMS.MediaType)))
            g.add((dist, DCTERMS.format, _typed(g, EU_FILE_TYPE[ftype], DCTERMS.MediaTypeOrExtent)))
            g.add((dist, DCTERMS.license, lic))
