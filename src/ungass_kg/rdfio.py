"""Reading and writing RDF files: format names, detection and clear parse errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import InputError
from .limits import DEFAULT, Limits, bounded_quads, check_json_depth, check_xml


@dataclass(frozen=True)
class RdfFormat:
    name: str  # our name, used on the command line
    media_type: str
    extensions: tuple[str, ...]
    rdflib: str  # rdflib's format name
    oxigraph: ox.RdfFormat
    quads: bool = False


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "text/turtle", ("ttl",), "turtle", ox.RdfFormat.TURTLE),
        RdfFormat("ntriples", "application/n-triples", ("nt",), "nt", ox.RdfFormat.N_TRIPLES),
        RdfFormat("nquads", "application/n-quads", ("nq",), "nquads", ox.RdfFormat.N_QUADS, True),
        RdfFormat("trig", "application/trig", ("trig",), "trig", ox.RdfFormat.TRIG, True),
        RdfFormat("jsonld", "application/ld+json", ("jsonld", "json"), "json-ld", ox.RdfFormat.JSON_LD, True),
        RdfFormat("xml", "application/rdf+xml", ("rdf", "owl", "xml"), "xml", ox.RdfFormat.RDF_XML),
    )
}
ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "rdfxml": "xml",
           "rdf/xml": "xml", "n-triples": "ntriples", "n-quads": "nquads"}


def get_format(name: str) -> RdfFormat:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise InputError(f"unknown RDF format '{name}'", hint=f"use one of: {', '.join(FORMATS)}")
    return FORMATS[key]


def format_for_path(path: Path, explicit: str | None = None) -> RdfFormat:
    """The format named by ``--format``, else by the file's extension."""
    if explicit:
        return get_format(explicit)
    ext = path.suffix.lower().lstrip(".")
    if ext == "gz":
        ext = Path(path.stem).suffix.lower().lstrip(".")
    for f in FORMATS.values():
        if ext in f.extensions:
            return f
    raise InputError(
        f"{path}: cannot tell the RDF format from the extension '.{ext}'",
        hint=f"give --format ({', '.join(FORMATS)})",
    )


def format_for_media_type(media_type: str) -> RdfFormat | None:
    mt = media_type.split(";")[0].strip().lower()
    for f in FORMATS.values():
        if f.media_type == mt:
            return f
    return {"application/x-turtle": FORMATS["turtle"], "text/n3": FORMATS["turtle"],
            "application/json": FORMATS["jsonld"], "text/plain": FORMATS["ntriples"]}.get(mt)


def parse_error_message(source: str, err: SyntaxError) -> str:
    """'file: line L, column C: what' from an Oxigraph syntax error."""
    text = str(err.args[0]) if err.args else str(err)
    line, col = getattr(err, "lineno", None), getattr(err, "offset", None)
    detail = text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text
    if line:
        return f"{source}: line {line}, column {col}: {detail}"
    return f"{source}: {detail}"


def precheck(data: bytes, fmt: RdfFormat, source: str, limits: Limits = DEFAULT) -> None:
    """What Oxigraph's parsers cannot be trusted with: DTD entities and deep XML, deep JSON."""
    if fmt.name == "xml":
        check_xml(data, source, limits)
    elif fmt.name == "jsonld":
        check_json_depth(data, source, limits)


def parse_quads(data: bytes, fmt: RdfFormat, *, source: str, base_iri: str | None = None,
                limits: Limits = DEFAULT, max_triples: int | None = None) -> list[ox.Quad]:
    """Parse with Oxigraph (fast, precise positions), within ``limits``.

    Raises :class:`InputError` on bad syntax and :class:`~ungass_kg.errors.TooLarge` past a
    cap (``max_triples`` overrides the triple cap; 0 means none).
    """
    precheck(data, fmt, source, limits)
    try:
        return list(bounded_quads(ox.parse(data, format=fmt.oxigraph, base_iri=base_iri), source, limits,
                                  max_triples=max_triples))
    except SyntaxError as e:
        raise InputError(parse_error_message(source, e), hint="fix the syntax and load again") from None
    except (ValueError, OSError) as e:
        raise InputError(f"{source}: {e}") from None


def triples_to_ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def parse_graph(data: bytes | str, fmt: RdfFormat, *, source: str, limits: Limits = DEFAULT,
                max_triples: int | None = None) -> Graph:
    """Parse into an rdflib graph, checking syntax with Oxigraph first for a precise message."""
    raw = data.encode() if isinstance(data, str) else data
    quads = parse_quads(raw, fmt, source=source, limits=limits, max_triples=max_triples)
    g = Graph()
    g.parse(data=triples_to_ntriples(q.triple for q in quads), format="nt")
    return g


def read_graph(path: Path, fmt: str | None = None) -> Graph:
    f = format_for_path(path, fmt)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read the file ({e.strerror})") from None
    return parse_graph(data, f, source=str(path), max_triples=0)  # our own files: no upload cap
