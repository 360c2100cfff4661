"""What is stored for an entity and a period, as template rows and back (pre-filled templates).

Public API::

    from ungass_kg.prefill import stored_activities, template_rows
    g = stored_activities(store, "UNODC", 2023)   # StoredSet: .graph (template view), .source, .submission
    rows = template_rows(g.graph, registers)      # [{column header: cell value}, ...]

"What is stored" for an entity and a period is its submission's graph when there is one,
otherwise the activities it leads with that reporting year elsewhere (the note's curated
activities). Both the pre-filled template and the diff before storing read it, so a
pre-filled file read back unchanged is the same graph: :func:`template_view` keeps exactly
what the template's columns carry (the activity's type and column properties; a stated
quantity's number and kind), leaving out what no column holds (``dct:source``,
``rdfs:comment``, a quantity's wording in ``ung:qualifier``, ``ung:reportedIn``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .ingest.columns import Column
from .ingest.registers import Register, Registers
from .namespaces import GRAPH, ID, UNG, sparql_prologue, submission_graph
from .store import GraphResult, Store

DCT_IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")


@dataclass
class StoredSet:
    graph: Graph  # the template view of the activities
    source: str  # the graph(s) they were read from, for messages
    submission: str | None  # the submission id when they come from one


def _columns() -> list[Column]:
    from .template import template_columns

    return template_columns()


def _paths(columns: list[Column]) -> list[URIRef]:
    return [c.path for c in columns if c.path not in (UNG.statedQuantity, DCT_IDENTIFIER)]


def template_view(data: Graph, activities: list[Node] | None = None) -> Graph:
    """The part of ``data`` the template's columns carry, for ``activities`` (default: every ung:Activity)."""
    paths = set(_paths(_columns()))
    out = Graph()
    for act in activities if activities is not None else list(data.subjects(RDF.type, UNG.Activity)):
        out.add((act, RDF.type, UNG.Activity))
        for p, o in data.predicate_objects(act):
            if p in paths:
                out.add((act, p, o))
            elif p == UNG.statedQuantity:
                q = BNode()
                out.add((act, p, q))
                for qp in (RDF.value, UNG.quantityKind):
                    for v in data.objects(o, qp):
                        out.add((q, qp, v))
            elif p == DCT_IDENTIFIER:
                out.add((act, p, o))
    return out


def _construct(store: Store, where: str) -> Graph:
    res = store.query(sparql_prologue() + f"CONSTRUCT {{ ?a ?p ?o . ?o ?qp ?qo }} WHERE {{ {where} }}")
    return res.graph if isinstance(res, GraphResult) else Graph()


def stored_activities(store: Store, entity: str, period: int) -> StoredSet:
    """The activities stored for ``entity`` (acronym) and ``period`` (see the module docstring)."""
    from .submissions import _entity

    iri, key, _acronym = _entity(store, entity)
    graph = str(submission_graph(key, period))
    if graph in store.graph_names():
        data = _construct(store, f"""GRAPH <{graph}> {{ ?a a ung:Activity ; ?p ?o .
            OPTIONAL {{ ?o ?qp ?qo FILTER (?p = ung:statedQuantity) }} }}""")
        return StoredSet(template_view(data), graph, f"{key}-{period}")
    data = _construct(store, f"""GRAPH ?g {{ ?a a ung:Activity ; ung:leadEntity <{iri}> ;
            ung:reportingYear ?y ; ?p ?o . FILTER (?y = {int(period)})
            OPTIONAL {{ ?o ?qp ?qo FILTER (?p = ung:statedQuantity) }} }}
        FILTER (!STRSTARTS(STR(?g), "{GRAPH['submission/']}"))""")
    return StoredSet(template_view(data), "the activities stored outside submissions (e.g. the note)", None)


def activity_id(data: Graph, act: Node) -> str:
    """The Activity ID: the IRI's last segment (or the ``dct:identifier`` it carries)."""
    ident = data.value(act, DCT_IDENTIFIER)
    if ident is not None:
        return str(ident)
    s = str(act)
    return s[len(str(ID["activity/"])):] if s.startswith(str(ID["activity/"])) else s.rsplit("/", 1)[-1]


def cell_form(register: Register, iri: Node) -> str:
    """What to write in a cell so that the register reads ``iri`` back (its label, or another form)."""
    if not isinstance(iri, URIRef):
        return str(iri)
    label = register.labels.get(iri)
    if label is not None and register.lookup(label) == iri:
        return label
    for form, target in register.keys.items():
        if target == iri:
            return form
    return str(iri)


def _sort_key(data: Graph, act: Node) -> tuple[str, str]:
    return (str(data.value(act, URIRef("http://purl.org/dc/terms/title")) or "").casefold(), str(act))


def template_rows(data: Graph, registers: Registers, columns: list[Column] | None = None) -> list[dict[str, object]]:
    """One template row per activity, by column header, in title order."""
    cols = columns or _columns()
    rows = []
    for act in sorted(set(data.subjects(RDF.type, UNG.Activity)), key=lambda a: _sort_key(data, a)):
        row: dict[str, object] = {}
        for col in cols:
            if col.path == DCT_IDENTIFIER:
                row[col.header] = activity_id(data, act)
            elif col.kind == "quantity":
                items = []
                for q in data.objects(act, UNG.statedQuantity):
                    value, kind = data.value(q, RDF.value), data.value(q, UNG.quantityKind)
                    kind_text = cell_form(registers.quantity_kinds, kind) if kind is not None else ""
                    items.append(f"{value} {kind_text}".strip())
                row[col.header] = "; ".join(sorted(items)) or None
            elif col.kind == "reference":
                register = registers.for_path(col.path)
                values = [cell_form(register, o) if register else str(o) for o in data.objects(act, col.path)]
                row[col.header] = "; ".join(sorted(values)) or None
            else:
                values_ = list(data.objects(act, col.path))
                if not values_:
                    row[col.header] = None
                elif (col.kind == "integer" and isinstance(values_[0], Literal)
                      and isinstance(values_[0].toPython(), int)):
                    row[col.header] = int(values_[0].toPython())
                else:
                    row[col.header] = "; ".join(str(v) for v in values_)
        rows.append(row)
    return rows
