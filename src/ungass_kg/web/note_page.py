"""``/note/{period}``: the draft of sections IV-VIII as a page, with ``.docx`` and ``.md`` downloads.

``?against=YEAR`` adds the change from an earlier period. The page's numbers link to the saved
queries on this server; the Markdown download's figures are ``/note/{period}/figure-{n}.png``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from ..note import docx as note_docx
from ..note import render, write
from ..note.model import Draft
from ..queries import ParamError
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


async def _draft(request: Request, period: str) -> Draft:
    p = _year("period", period)
    assert p is not None
    against = _year("against", request.query_params.get("against"))
    if against == p:
        raise ParamError(f"against ({against}) is the drafted period itself; give an earlier year")
    return await run_in_threadpool(write, request.app.state.store, p, against)


def _suffix(request: Request) -> str:
    a = request.query_params.get("against")
    return f"?against={int(a)}" if a and a.isdigit() else ""


@router.get("/note/{period}.docx", tags=["note"], summary="The draft as a Word document")
async def note_docx_route(request: Request, period: str) -> Response:
    d = await _draft(request, period)
    body = await run_in_threadpool(note_docx.docx, d)
    return Response(body, media_type=DOCX,
                    headers={"Content-Disposition": f'attachment; filename="note-{d.period}.docx"'})


@router.get("/note/{period}.md", tags=["note"], summary="The draft as Markdown")
async def note_md_route(request: Request, period: str) -> Response:
    d = await _draft(request, period)
    base = str(request.base_url).rstrip("/")
    body = render.markdown(d, lambda f: f"{base}/note/{d.period}/figure-{f.number}.png{_suffix(request)}")
    return Response(body, media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="note-{d.period}.md"'})


@router.get("/note/{period}/figure-{number}.png", tags=["note"], summary="One figure of the draft")
async def note_figure_route(request: Request, period: str, number: int) -> Response:
    d = await _draft(request, period)
    for f in d.figures():
        if f.number == number:
            return Response(f.png, media_type="image/png")
    raise ParamError(f"the draft has figures 1 to {len(d.figures())}, not {number}")


@router.get("/note/{period}", tags=["note"], summary="The draft of sections IV-VIII, every number traced")
async def note_html_route(request: Request, period: str) -> HTMLResponse:
    d = await _draft(request, period)
    site = site_for(request)
    base = str(request.base_url).rstrip("/")
    sfx = _suffix(request)
    body = render.html(d, base=base, link=site.bm.href,
                       downloads={"Word (.docx)": f"{base}/note/{d.period}.docx{sfx}",
                                  "Markdown (.md)": f"{base}/note/{d.period}.md{sfx}"})
    return HTMLResponse(body)
