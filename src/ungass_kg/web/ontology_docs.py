"""``/ontology`` and ``/shapes``: documentation pages and the graphs by content negotiation."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
