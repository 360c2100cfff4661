"""The representations a resource is offered in, and choosing one (content negotiation).

Order of precedence: a ``format`` parameter, then a file extension on the URL, then the
``Accept`` header (through the one negotiator, ``negotiation.choose``); HTML is the default,
as browsers send ``*/*`` too.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from ..namespaces import PREFIXES
from . import negotiation
from .media import HTML, JSONLD, NTRIPLES, RDFXML, TURTLE, MediaType

# A representation of a resource is one of the registry's media types (HTML or an RDF syntax).
Representation = MediaType

REPRESENTATIONS: tuple[Representation, ...] = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
RDF_REPRESENTATIONS: tuple[Representation, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)


def by_key(key: str) -> Representation | None:
    """A ``format`` value (``ttl``, ``jsonld``, ``rdf/xml``, ...) among the representations."""
    k = key.strip().lower()
    return next((r for r in REPRESENTATIONS if k == r.key or k in r.names or k in r.extensions), None)


def by_extension(ext: str) -> Representation | None:
    e = ext.lower().lstrip(".")
    return next((r for r in REPRESENTATIONS if e in r.extensions), None)


def split_extension(path: str) -> tuple[str, Representation | None]:
    """``entity/unodc.ttl`` -> (``entity/unodc``, Turtle); no known extension -> (path, None)."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext:
        rep = by_extension(ext)
        if rep is not None:
            return stem, rep
    return path, None


def negotiate(accept: str | None, offered: tuple[Representation, ...] = REPRESENTATIONS,
              default: Representation = HTML) -> Representation | None:
    """The best offered representation for an ``Accept`` header (the one negotiator, RFC 9110);
    ``default`` wins ties (browsers send ``*/*`` too); ``None`` if nothing fits (406)."""
    ordered = ([default] if default in offered else []) + [r for r in offered if r is not default]
    chosen = negotiation.choose([r.media_type for r in ordered], accept)
    return next((r for r in ordered if r.media_type == chosen), None)


def choose(fmt: str | None, extension: Representation | None, accept: str | None,
           offered: tuple[Representation, ...] = REPRESENTATIONS) -> Representation | None:
    """``format`` parameter, then file extension, then ``Accept``; ``None``: answer 406."""
    if fmt:
        rep = by_key(fmt)
        return rep if rep in offered else None
    if extension is not None:
        return extension if extension in offered else None
    return negotiate(accept, offered)


def not_acceptable(offered: tuple[Representation, ...] = REPRESENTATIONS) -> str:
    return negotiation.not_acceptable([r.media_type for r in offered])


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


def _as_uri(iri: str) -> str:
    """An IRI as a URI (RFC 3987 3.1): a header carries ASCII only, and ``<``, ``>`` or a space would
    end the link; reserved characters and existing escapes are kept."""
    from urllib.parse import quote

    return quote(iri, safe=":/?#[]@!$&'()*+,;=%~")


def link_header(url_without_ext: str, canonical: str | None = None) -> str:
    parts = [f'<{_as_uri(u)}>; rel="alternate"; type="{r.media_type}"' for u, r in alternates(url_without_ext)]
    if canonical:
        parts.insert(0, f'<{_as_uri(canonical)}>; rel="canonical"')
    return ", ".join(parts)
