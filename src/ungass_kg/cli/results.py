"""Query results on the terminal: a table, CSV, TSV or SPARQL JSON (RDF as Turtle or JSON-LD)."""

from __future__ import annotations

import io
import json
import sys

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .. import cells
from ..namespaces import PREFIXES
from ..store import AskResult, GraphResult, QueryResult, SelectResult
from .output import print_table, stderr


def shorten(term: Node | None) -> str:
    """A compact, readable form of a term for tables (prefixed names, plain literals)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for p, iri in PREFIXES.items():
            if s.startswith(iri) and len(s) > len(iri):
                return f"{p}:{s[len(iri):]}"
        return s
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(t: Node) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    assert isinstance(t, Literal)
    d = {"type": "literal", "value": str(t)}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def _is_number(term: Node | None) -> bool:
    return isinstance(term, Literal) and isinstance(term.toPython(), int | float)


def write_result(result: QueryResult, fmt: str) -> None:
    """Print a query result as a table, CSV, TSV or SPARQL JSON (RDF as Turtle)."""
    if isinstance(result, AskResult):
        if fmt == "json":
            sys.stdout.write(json.dumps({"head": {}, "boolean": result.value}) + "\n")
        else:
            sys.stdout.write(("true" if result.value else "false") + "\n")
        return
    if isinstance(result, GraphResult):
        result.graph.bind("ung", PREFIXES["ung"])
        out = result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
        sys.stdout.write(out if isinstance(out, str) else out.decode())
        return
    assert isinstance(result, SelectResult)
    if fmt == "json":
        doc = {"head": {"vars": result.variables},
               "results": {"bindings": [{k: _json_term(v) for k, v in r.items()} for r in result.rows]}}
        sys.stdout.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = cells.Writer(buf, delimiter="," if fmt == "csv" else "\t")  # for spreadsheets: no formulas
        w.writerow(result.variables)
        for r in result.rows:
            w.writerow([str(r[v]) if v in r else "" for v in result.variables])
        sys.stdout.write(buf.getvalue())
    else:
        numeric = [i for i, v in enumerate(result.variables)
                   if result.rows and all(_is_number(r.get(v)) for r in result.rows if v in r)]
        print_table(None, result.variables,
                    [[shorten(r.get(v)) for v in result.variables] for r in result.rows], numeric)
        stderr.print(f"{len(result.rows)} row(s)", style="dim")
