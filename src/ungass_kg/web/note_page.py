"""``/note/{period}``: the draft of sections IV-VIII as a page, with ``.docx`` and ``.md`` downloads.

``?against=YEAR`` adds the change from an earlier period. The page's numbers link to the saved
queries on this server (by path, or at the public URL when one is set); the Markdown download's
figures are ``/note/{period}/figure-{n}.png``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from ..i18n import N_
from ..note import docx as note_docx
from ..note import render, write
from ..note.model import Draft
from ..queries import ParamError
from .caching import CachedAnswer, make_etag, not_modified, respond
from .pages import site_for

router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(name: str, value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    text = str(value)
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ParamError(f"{name} must be a reporting year between 2000 and 2100, not {text[:20]!r}")
    return int(text)


# Drafts of the current store version, so the page, its downloads and its figures are computed once.
_DRAFTS: OrderedDict[tuple[str, int, int | None], Draft] = OrderedDict()
_LOCK = threading.Lock()
_KEEP = 8


def _key(request: Request, period: str) -> tuple[str, int, int | None]:
    p = _year("period", period)
    assert p is not None
    against = _year("against", request.query_params.get("against"))
    if against is not None and against >= p:
        raise ParamError(f"against ({against}) is not before the drafted period ({p}); give an earlier year")
    return request.app.state.store.version(), p, against


async def _draft(request: Request, key: tuple[str, int, int | None]) -> Draft:
    with _LOCK:
        if key in _DRAFTS:
            _DRAFTS.move_to_end(key)
            return _DRAFTS[key]
    d = await run_in_threadpool(write, request.app.state.store, key[1], key[2])
    with _LOCK:
        _DRAFTS[key] = d
        while len(_DRAFTS) > _KEEP:
            _DRAFTS.popitem(last=False)
    return d


async def _answer(request: Request, period: str, kind: str, build: Callable[[Draft], CachedAnswer]) -> Response:
    """The answer for one representation, with an ETag of (store version, period, against, kind)."""
    key = _key(request, period)
    lang = site_for(request).lang  # the page's wording (?lang=, Accept-Language); downloads are English
    etag = make_etag(key[0], "note", key[1], key[2], kind, _links(request), *([lang] if kind == "html" else []))
    if not_modified(request, etag):
        return respond(request, etag, CachedAnswer(b"", "text/plain"))
    d = await _draft(request, key)
    answer = await run_in_threadpool(build, d)
    return respond(request, etag, answer)


def _links(request: Request) -> str:
    """Where the page's links point: the public URL when one is set, else by path (never the Host header)."""
    return site_for(request).bm.path("").rstrip("/")


def _suffix(request: Request) -> str:
    a = request.query_params.get("against")
    return f"?against={int(a)}" if a and a.isdigit() else ""


@router.get("/note/{period}.docx", tags=["note"], summary="The draft as a Word document")
async def note_docx_route(request: Request, period: str) -> Response:
    def build(d: Draft) -> CachedAnswer:
        return CachedAnswer(note_docx.docx(d), DOCX,
                            {"Content-Disposition": f'attachment; filename="note-{d.period}.docx"'})
    return await _answer(request, period, "docx", build)


@router.get("/note/{period}.md", tags=["note"], summary="The draft as Markdown")
async def note_md_route(request: Request, period: str) -> Response:
    base = _links(request)

    def build(d: Draft) -> CachedAnswer:
        body = render.markdown(d, lambda f: f"{base}/note/{d.period}/figure-{f.number}.png{_suffix(request)}")
        return CachedAnswer(body.encode(), "text/markdown; charset=utf-8",
                            {"Content-Disposition": f'attachment; filename="note-{d.period}.md"'})
    return await _answer(request, period, "md", build)


@router.get("/note/{period}/figure-{number}.png", tags=["note"], summary="One figure of the draft")
async def note_figure_route(request: Request, period: str, number: int) -> Response:
    def build(d: Draft) -> CachedAnswer:
        for f in d.figures():
            if f.number == number:
                return CachedAnswer(f.png, "image/png")
        raise ParamError(f"the draft has figures 1 to {len(d.figures())}, not {number}")
    return await _answer(request, period, f"figure-{number}", build)


@router.get("/note/{period}", tags=["note"], summary="The draft of sections IV-VIII, every number traced")
async def note_html_route(request: Request, period: str) -> Response:
    site = site_for(request)
    base = _links(request)
    sfx = _suffix(request)

    def build(d: Draft) -> CachedAnswer:
        body = render.html(d, base=base, link=site.bm.href, lang=site.lang,
                           downloads={N_("Word (.docx)"): f"{base}/note/{d.period}.docx{sfx}",
                                      N_("Markdown (.md)"): f"{base}/note/{d.period}.md{sfx}"})
        return CachedAnswer(body.encode(), "text/html; charset=utf-8")
    return await _answer(request, period, "html", build)
