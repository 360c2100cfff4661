"""Where the bundled knowledge base lives.

In a wheel the ontology, shapes, data and saved queries are copied into
``ungass_kg/_bundled``; in a checkout (editable install) they are the top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def bundle_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``data/`` and ``sparql/``."""
    bundled = _PACKAGE / "_bundled"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise RuntimeError("the bundled knowledge base is missing from this installation")


def ontology_dir() -> Path:
    return bundle_root() / "ontology"


def shapes_dir() -> Path:
    return bundle_root() / "shapes"


def data_dir() -> Path:
    return bundle_root() / "data"


def sparql_dir() -> Path:
    return bundle_root() / "sparql"
