"""The canonical base IRI of every resource, apart from namespaces.py so that reading the
settings (and ``ungass-kg --help``) does not load rdflib."""

BASE = "https://w3id.org/ungass-kg/"
