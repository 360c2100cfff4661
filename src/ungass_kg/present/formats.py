"""The representations a resource is offered in, and choosing one (content negotiation).

Order of precedence: a ``format`` parameter, then a file extension on the URL, then the
``Accept`` header (with q-values); HTML is the default, as browsers send ``*/*`` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from ..namespaces import PREFIXES


@dataclass(frozen=True)
class Representation:
    key: str  # the ``format`` parameter value
    media_type: str
    extension: str
    label: str
    rdflib: str | None  # rdflib serializer name; None for HTML


HTML = Representation("html", "text/html", "html", "HTML", None)
TURTLE = Representation("turtle", "text/turtle", "ttl", "Turtle", "turtle")
JSONLD = Representation("jsonld", "application/ld+json", "jsonld", "JSON-LD", "json-ld")
NTRIPLES = Representation("ntriples", "application/n-triples", "nt", "N-Triples", "nt")
RDFXML = Representation("rdfxml", "application/rdf+xml", "rdf", "RDF/XML", "xml")

REPRESENTATIONS: tuple[Representation, ...] = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
RDF_REPRESENTATIONS: tuple[Representation, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)

_BY_KEY = {r.key: r for r in REPRESENTATIONS}
_BY_KEY.update({"ttl": TURTLE, "json-ld": JSONLD, "json": JSONLD, "nt": NTRIPLES, "n-triples": NTRIPLES,
                "xml": RDFXML, "rdf": RDFXML, "rdf/xml": RDFXML, "htm": HTML})
_BY_EXT = {r.extension: r for r in REPRESENTATIONS}
_BY_MEDIA = {r.media_type: r for r in REPRESENTATIONS}
_BY_MEDIA.update({"application/xhtml+xml": HTML, "application/x-turtle": TURTLE, "text/n3": TURTLE,
                  "application/json": JSONLD, "text/plain": NTRIPLES, "application/xml": RDFXML,
                  "text/xml": RDFXML})


def by_key(key: str) -> Representation | None:
    return _BY_KEY.get(key.strip().lower())


def by_extension(ext: str) -> Representation | None:
    return _BY_EXT.get(ext.lower().lstrip("."))


def split_extension(path: str) -> tuple[str, Representation | None]:
    """``entity/unodc.ttl`` -> (``entity/unodc``, Turtle); no known extension -> (path, None)."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext:
        rep = by_extension(ext)
        if rep is not None:
            return stem, rep
    return path, None


def _parse_accept(accept: str) -> list[tuple[float, int, str]]:
    out = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((q, i, media))
    # Highest q first; among equals, the order the client wrote them.
    return sorted(out, key=lambda t: (-t[0], t[1]))


def negotiate(accept: str | None, offered: tuple[Representation, ...] = REPRESENTATIONS,
              default: Representation = HTML) -> Representation | None:
    """The best offered representation for an ``Accept`` header; ``None`` if nothing fits (406)."""
    if not accept or not accept.strip():
        return default
    for q, _, media in _parse_accept(accept):
        if q <= 0:
            continue
        if media in ("*/*", "text/*", "application/*"):
            if default in offered and (media == "*/*" or default.media_type.startswith(media[:-1])):
                return default
            for r in offered:
                if media == "*/*" or r.media_type.startswith(media[:-1]):
                    return r
            continue
        rep = _BY_MEDIA.get(media)
        if rep is not None and rep in offered:
            return rep
    return None


def choose(fmt: str | None, extension: Representation | None, accept: str | None,
           offered: tuple[Representation, ...] = REPRESENTATIONS) -> Representation | None:
    if fmt:
        rep = by_key(fmt)
        return rep if rep in offered else None
    if extension is not None:
        return extension if extension in offered else None
    return negotiate(accept, offered)


def serialize(g: Graph, rep: Representation, prefixes: dict[str, str] | None = None) -> bytes:
    """``g`` in an RDF representation, with the shared prefixes bound (for Turtle and JSON-LD)."""
    assert rep.rdflib is not None
    out = Graph(bind_namespaces="none")
    for p, iri in (prefixes or PREFIXES).items():
        out.bind(p, iri, replace=True)
    out += g
    kwargs: dict[str, Any] = {"auto_compact": True} if rep is JSONLD else {}
    data = out.serialize(format=rep.rdflib, encoding="utf-8", **kwargs)
    return data if isinstance(data, bytes) else data.encode()


def alternates(url_without_ext: str) -> list[tuple[str, Representation]]:
    """(URL, representation) of every representation, addressed by extension."""
    return [(f"{url_without_ext}.{r.extension}", r) for r in REPRESENTATIONS]


def link_header(url_without_ext: str, canonical: str | None = None) -> str:
    parts = [f'<{u}>; rel="alternate"; type="{r.media_type}"' for u, r in alternates(url_without_ext)]
    if canonical:
        parts.insert(0, f'<{canonical}>; rel="canonical"')
    return ", ".join(parts)
