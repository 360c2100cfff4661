"""``/catalog`` (DCAT 3), ``/.well-known/void`` (VoID) and ``/dumps/`` (the whole dataset)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
