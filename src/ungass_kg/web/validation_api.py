"""``POST /validate``: the command line's validation report over HTTP.

The file comes as a multipart upload (field ``file``) or as the raw body (its type from
``Content-Type``, its name from ``?filename=``). The report is the same object the CLI
prints, as JSON (default), HTML, CSV or Turtle (a SHACL ``sh:ValidationReport``) by Accept
or ``?format=``. A report is a 200 whatever it finds (``X-Conforms`` says the verdict); a
file that cannot be read at all is a 400 naming the file and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import i18n
from ..errors import InputError, NotAcceptable, UnsupportedMediaType, UserError
from ..i18n import N_
from ..present import negotiation
from .runtime import runtime

router = APIRouter()

REPORT_TYPES = {"application/json": "json", "text/html": "html", "text/csv": "csv", "text/turtle": "ttl"}
# A raw body's media type -> the file extension the readers recognise.
UPLOAD_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/csv": "csv",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
_GENERIC = ("", "application/octet-stream", "multipart/form-data", "application/x-www-form-urlencoded")


@dataclass
class Upload:
    data: bytes
    filename: str
    media_type: str | None


async def read_upload(request: Request, field: str = "file") -> Upload:
    """The uploaded file, from a multipart form or from the raw body."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        form = await request.form()
        item = form.get(field)
        if not isinstance(item, UploadFile):
            raise InputError(N_("the form has no file in its '%(field)s' field"),
                             hint=N_("send the file as multipart field '%(field)s'"), values={"field": field})
        data = await item.read()
        mt = (item.content_type or "").split(";")[0].strip().lower()
        return Upload(data, item.filename or "upload", None if mt in _GENERIC else mt)
    name = request.query_params.get("filename")
    if ctype in _GENERIC and not name:
        raise UnsupportedMediaType(
            N_("cannot tell what kind of file a body of type %(type)s is"),
            hint=N_("send multipart/form-data, or a Content-Type of %(types)s, or ?filename=NAME.xlsx|csv|ttl|jsonld"),
            values={"type": repr(ctype or "(none)"), "types": ", ".join(sorted(set(UPLOAD_TYPES)))},
        )
    if not name:
        if ctype not in UPLOAD_TYPES:
            raise UnsupportedMediaType(N_("cannot validate a body of type %(type)s"),
                                       hint=N_("send xlsx, csv, ttl or jsonld"), values={"type": repr(ctype)})
        name = "upload." + UPLOAD_TYPES[ctype]
    data = await request.body()
    return Upload(data, name, None if ctype in _GENERIC else ctype)


def report_format(request: Request) -> str:
    fmt = (request.query_params.get("format") or "").strip().lower()
    if fmt:
        for mt, ext in REPORT_TYPES.items():
            if fmt in (ext, mt, "turtle" if ext == "ttl" else ext):
                return ext
        raise NotAcceptable(f"format={fmt!r} is not available", hint="use json, html, csv or ttl")
    chosen = negotiation.choose(list(REPORT_TYPES), request.headers.get("accept"))
    if chosen is None:
        raise NotAcceptable("the report is available as " + ", ".join(REPORT_TYPES))
    return REPORT_TYPES[chosen]


def request_language(request: Request) -> str:
    """The report's language: ``?lang=``, then ``Accept-Language``, then English (as pages choose)."""
    lang = i18n.negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))
    request.state.lang = lang  # Content-Language on the HTML answer (web.languages)
    return lang


def report_response(report: Any, fmt: str, status_code: int = 200, extra: dict[str, Any] | None = None) -> Response:
    headers = {"X-Conforms": "true" if report.conforms else "false", "Content-Language": report.lang,
               "Vary": "Accept, Accept-Language"}
    if fmt == "html":
        return HTMLResponse(report.to_html(), status_code=status_code, headers=headers)
    if fmt == "csv":
        return Response(report.to_csv(), status_code=status_code, media_type="text/csv; charset=utf-8",
                        headers=headers)
    if fmt == "ttl":
        return Response(report.to_turtle(), status_code=status_code, media_type="text/turtle; charset=utf-8",
                        headers=headers)
    body = report.to_json()
    if extra:
        body = {**extra, "report": body}
    return JSONResponse(body, status_code=status_code, headers=headers)


@router.post("/validate", tags=["validation"], summary="Validate a submission file (xlsx, csv, ttl, jsonld)",
             openapi_extra={"requestBody": {"content": {
                 "multipart/form-data": {"schema": {"type": "object", "properties": {
                     "file": {"type": "string", "format": "binary"}}, "required": ["file"]}},
                 **{mt: {"schema": {"type": "string", "format": "binary"}} for mt in UPLOAD_TYPES},
             }}})
async def validate(request: Request) -> Response:
    try:
        from ..validate import validate_bytes
        from ..validate.messages import localised

        fmt = report_format(request)
        up = await read_upload(request)
        rt = runtime(request)
        report = await run_in_threadpool(validate_bytes, up.data, up.filename, rt.store,
                                         media_type=up.media_type, max_bytes=rt.settings.max_body,
                                         limits=rt.settings.limits)
        report = localised(report, request_language(request))
        if fmt == "html":  # a browser: the report in the site's layout, with downloads
            from .rounds_pages import report_page

            return HTMLResponse(report_page(request, report), headers={
                "X-Conforms": "true" if report.conforms else "false"})
        return report_response(report, fmt)
    except UserError as e:
        from .rounds_pages import error_page

        return error_page(request, e.in_language(request_language(request)))  # the status and type stay
