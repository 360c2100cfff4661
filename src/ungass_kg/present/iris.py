"""Mapping the canonical base of the data onto the base where it is published.

The store always holds the canonical base (``https://w3id.org/ungass-kg/``). The live server
serves RDF with the canonical IRIs (one IRI per thing, whichever host answers) and rewrites
only its HTML links, to paths or to the configured public URL (:meth:`BaseMap.for_server`).
The static site maps the canonical base onto the base it is published under.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..namespaces import BASE, PREFIXES

FILE_EXTENSIONS = frozenset({"ttl", "jsonld", "nt", "rdf", "trig", "gz", "csv", "svg", "png", "json", "js", "css",
                             "xlsx", "txt", "xml", "rq"})


def is_file(rel: str) -> bool:
    """A link to a file of the site (one copy for every language), not to a page."""
    path = rel.split("#", 1)[0].split("?", 1)[0]
    if path.startswith((".well-known/", "static/")) or (path.startswith("dumps/") and path != "dumps/"):
        return True
    last = path.rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[-1].lower() in FILE_EXTENSIONS


@dataclass(frozen=True)
class BaseMap:
    """``canonical`` -> ``public`` for IRIs; ``link_base`` is what HTML links start with.

    On the server ``link_base`` is the absolute public base; in the static site it is the path
    of the public base (``/`` or ``/kb/``), so the pages work on whichever host serves them.
    """

    public: str
    canonical: str = BASE
    link_base: str | None = None
    # the static site's pages in another language live in a folder of their own (``fr/``): links to
    # pages go there, links to files (RDF, dumps, static/, figures' files) stay at the root
    page_prefix: str = ""

    @classmethod
    def for_public(cls, public: str, canonical: str = BASE, *, relative_links: bool = False) -> BaseMap:
        public = public if public.endswith("/") else public + "/"
        link = None
        if relative_links:
            rest = public.split("://", 1)[-1]
            link = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return cls(public=public, canonical=canonical, link_base=link)

    @classmethod
    def for_server(cls, canonical: str = BASE, public_url: str | None = None) -> BaseMap:
        """The live server: RDF keeps the canonical IRIs; HTML links go to ``public_url`` when it
        is configured, else by path (``/id/...``), so they work on whichever host serves them."""
        return cls(public=canonical, canonical=canonical, link_base=public_url or "/")

    @property
    def identity(self) -> bool:
        return self.public == self.canonical

    @property
    def links(self) -> str:
        return self.link_base if self.link_base is not None else self.public

    # --- IRIs ----------------------------------------------------------------------
    def to_public(self, iri: str) -> str:
        # Named-graph IRIs are names used in queries (GRAPH <...>), not documents: they stay canonical.
        if not iri.startswith(self.canonical) or iri.startswith(self.canonical + "graph/"):
            return iri
        return self.public + iri[len(self.canonical):]

    def to_canonical(self, iri: str) -> str:
        return self.canonical + iri[len(self.public):] if iri.startswith(self.public) else iri

    def href(self, iri: str) -> str:
        """The link a page uses for ``iri``: our own resources on this host, others unchanged."""
        return self.links + self._localised(iri[len(self.canonical):]) if iri.startswith(self.canonical) else iri

    def path(self, rel: str) -> str:
        """A link to one of our own pages, e.g. ``path('catalog')``."""
        return self.links + self._localised(rel.lstrip("/"))

    def _localised(self, rel: str) -> str:
        if not self.page_prefix or is_file(rel):
            return rel
        return self.page_prefix + rel

    def url(self, rel: str) -> str:
        """An absolute URL of one of our own documents (for RDF and headers)."""
        return self.public + rel.lstrip("/")

    # --- graphs --------------------------------------------------------------------
    def term(self, t: Node) -> Node:
        if isinstance(t, URIRef):
            return URIRef(self.to_public(str(t)))
        return t

    def prefixes(self) -> dict[str, str]:
        """The shared prefixes, with our own namespaces moved to the public base."""
        return {p: self.to_public(iri) for p, iri in PREFIXES.items()}

    def graph(self, g: Graph) -> Graph:
        """A copy of ``g`` with every IRI under the canonical base moved to the public base."""
        if self.identity:
            return g
        out = Graph()
        for prefix, ns in g.namespaces():
            out.bind(prefix, URIRef(self.to_public(str(ns))), replace=True)
        for s, p, o in g:
            out.add((self.term(s), self.term(p), self.term(o)))
        return out
