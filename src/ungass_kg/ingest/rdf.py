"""RDF submissions (Turtle, JSON-LD, RDF/XML, N-Triples): activities given directly as RDF.

Only the activities (``a ung:Activity``) and the blank nodes they use (stated
quantities) are kept: a submission must not redefine entities or other register terms,
so any other triple is dropped with a Warning. The lead is materialised as a participant.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from ..errors import InputError
from ..limits import DEFAULT, Limits
from ..namespaces import UNG
from ..rdfio import RdfFormat, parse_graph
from .mapping import Mapped, Positions
from .table import ReaderIssue


def read_rdf(data: bytes, filename: str, fmt: RdfFormat, limits: Limits = DEFAULT) -> Mapped:
    source = parse_graph(data, fmt, source=filename, limits=limits)  # InputError with line and column on bad syntax
    activities = sorted(s for s in source.subjects(RDF.type, UNG.Activity) if isinstance(s, URIRef))
    if not activities:
        raise InputError(f"{filename}: no activity in the file (nothing is typed ung:Activity)",
                         hint=f"give each activity 'a <{UNG.Activity}>' and an IRI")
    g = Graph()
    todo: list = list(activities)
    seen = set(todo)
    while todo:
        s = todo.pop()
        for p, o in source.predicate_objects(s):
            g.add((s, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    for act in activities:
        for lead in list(g.objects(act, UNG.leadEntity)):
            g.add((act, UNG.participant, lead))
    issues = []
    dropped = {s for s in source.subjects() if s not in seen}
    if dropped:
        issues.append(ReaderIssue(
            "Warning", "not-an-activity",
            f"{len(dropped)} resource(s) in the file are not activities (a ung:Activity) and were ignored, "
            f"e.g. {sorted(map(str, dropped))[0]}; registers are maintained by the Secretariat.",
            value=sorted(map(str, dropped))[0]))
    return Mapped(g, Positions(), activities, issues)
