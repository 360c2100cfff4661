"""``/submissions``: list submissions with their provenance; add and withdraw them with the token.

- ``GET /submissions``: every submission (JSON), from its PROV record;
- ``POST /submissions`` (``Authorization: Bearer``): a file as multipart field ``file`` with
  form fields ``entity``, ``period`` and optional ``replace``, or the raw body with those as
  query parameters; validated first, stored in one transaction (201), refused with the
  validation report (422) when it does not conform;
- ``POST /submissions`` with ``dry_run=true`` (and optional ``since``): stores nothing, answers the
  report and the diff against what is stored (JSON counts ``new``/``changed``/``withdrawn``/``unchanged``);
- ``DELETE /submissions/{id}`` (``Authorization: Bearer``): drops the submission (204, 404).

Writes go through the server's own read-write store handle, so the version changes and
every cached answer and ETag is renewed.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from rdflib import Graph
from starlette.responses import JSONResponse, Response

from .. import submissions
from ..errors import InputError, UserError
from ..i18n import N_
from .caching import make_etag, not_modified
from .runtime import error_response, runtime
from .security import require_write_token
from .validation_api import Upload, read_upload, report_format, report_response, request_language

router = APIRouter()
_TRUE = {"true", "1", "yes", "on"}


class NotFound(UserError):
    http_status = 404


def plain(value: Any) -> Any:
    """A JSON-ready form of what the submissions functions return (dataclasses, terms, dates)."""
    if hasattr(value, "to_json") and callable(value.to_json):
        return plain(value.to_json())
    if hasattr(value, "as_dict") and callable(value.as_dict):
        return plain(value.as_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # "original" is a path on the server: not the client's business.
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "original" and not isinstance(getattr(value, f.name), Graph)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@router.get("/submissions", tags=["submissions"], summary="Submissions with their provenance")
async def list_submissions(request: Request) -> Response:
    rt = runtime(request)
    etag = make_etag(rt.store.version(), "submissions")
    headers = {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    items = plain(await run_in_threadpool(submissions.list_submissions, rt.store))
    for item in items:
        if isinstance(item, dict):
            item.pop("original", None)
    return JSONResponse({"submissions": items}, headers=headers)


async def _upload_or_confirmed(request: Request, fields: dict[str, str]) -> Upload:
    """The uploaded file, or the one a confirmation form sends back (base64 in ``file_b64``)."""
    b64 = fields.pop("file_b64", "")
    if not b64:
        return await read_upload(request)
    try:
        data = base64.b64decode(b64, validate=True)
    except (ValueError, binascii.Error):
        raise InputError(N_("the confirmed file is not valid base64"), hint=N_("upload the file again"),
                         values={}) from None
    return Upload(data, PurePath(fields.get("filename") or "upload").name, None)


async def _fields(request: Request) -> dict[str, str]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    out = dict(request.query_params)
    if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):  # the latter: a confirmation
        form = await request.form()
        out.update({k: v for k, v in form.items() if isinstance(v, str)})
    return out


@router.post("/submissions", tags=["submissions"], status_code=201,
             summary="Submit a file (needs the write token)",
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": ["file", "entity", "period"], "properties": {
                     "file": {"type": "string", "format": "binary"},
                     "entity": {"type": "string", "description": "entity key, e.g. unodc"},
                     "period": {"type": "integer", "description": "reporting year, e.g. 2023"},
                     "replace": {"type": "boolean", "default": False}}}}}}})
async def create_submission(request: Request) -> Response:
    try:
        fields = await _fields(request)
        # a browser form (the /validate page) sends the token as a field: forms cannot set headers
        form_token = fields.pop("token", "") if request.method == "POST" and "token" in fields else ""
        require_write_token(request, form_token or None)
        entity, period = fields.get("entity", "").strip(), fields.get("period", "").strip()
        if not entity or not period:
            raise InputError(N_("a submission needs 'entity' and 'period'"),
                             hint=N_("e.g. entity=unodc period=2023 (form fields or query parameters)"), values={})
        if not period.isdigit():
            raise InputError(N_("period %(period)s is not a year"), hint=N_("e.g. period=2023"),
                             values={"period": repr(period)})
        replace = fields.get("replace", "").strip().lower() in _TRUE
        up = await _upload_or_confirmed(request, fields)
        rt = runtime(request)
        if fields.get("dry_run", "").strip().lower() in _TRUE:
            # what storing it would change, matched by Activity ID; nothing is stored
            since = fields.get("since", "").strip()
            pv = await run_in_threadpool(lambda: submissions.preview(
                rt.store, up.data, up.filename, entity, int(period), since=int(since) if since.isdigit() else None))
            from .rounds_pages import report_page, wants_html

            if wants_html(request):
                from starlette.responses import HTMLResponse

                confirm = {"entity": entity, "period": period, "replace": "true" if replace else "",
                           "token": form_token, "filename": up.filename,
                           "file_b64": base64.b64encode(up.data).decode("ascii")} if pv.report.conforms else None
                return HTMLResponse(report_page(request, pv.report, pv.diff, confirm))
            return JSONResponse(pv.to_json(), headers={"X-Conforms": "true" if pv.report.conforms else "false"})
        result = await run_in_threadpool(
            lambda: submissions.submit(rt.store, up.data, up.filename, entity, int(period), replace=replace,
                                       max_bytes=rt.settings.max_body, limits=rt.settings.limits))
        report = getattr(result, "report", None)
        if report is not None and not report.conforms:
            return report_response(report, report_format(request), status_code=422)
        body = plain(result)
        if isinstance(body, dict):
            body.pop("original", None)  # a path on the server: not the client's business
        sid = body.get("id") if isinstance(body, dict) else None
        headers = {"Location": f"/submissions/{sid}"} if sid else {}
        from .rounds_pages import stored_page, wants_html

        if wants_html(request) and isinstance(body, dict):
            return stored_page(request, body, headers)
        return JSONResponse(body, status_code=201, headers=headers)
    except UserError as e:
        e = e.in_language(request_language(request))  # the line in the request's language; status and type stay
        report = getattr(e, "report", None)
        if report is not None:
            return report_response(report, "json", status_code=422, extra={"detail": str(e)})
        return error_response(request, e)


@router.delete("/submissions/{submission_id}", tags=["submissions"], status_code=204,
               summary="Withdraw a submission (needs the write token)")
async def delete_submission(request: Request, submission_id: str) -> Response:
    require_write_token(request)
    rt = runtime(request)
    done = await run_in_threadpool(submissions.delete_submission, rt.store, submission_id)
    if done is False:
        raise NotFound(f"no submission {submission_id}", hint="GET /submissions lists them")
    return Response(status_code=204)
