"""The reporting round and the focal point's loop on the web.

- ``GET /rounds/{period}`` (HTML), ``/rounds/{period}.json``, ``/rounds/{period}.csv``: the board
  (:mod:`ungass_kg.rounds`), computed from the PROV records; ``/rounds`` lists the rounds;
- ``GET /template.xlsx``, ``/template.csv``: the submission template; with ``?entity=E&prefill=P``
  (and the write token) pre-filled with what is stored for that entity and period;
- ``GET /submissions/{id}/versions``: the versions of a submission (``prov:wasRevisionOf`` chain);
- ``GET /submissions/{id}/attempts/{stamp}``: the validation report of one received file.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import i18n
from ..errors import InputError, UserError
from ..i18n import N_
from ..present.pages import not_found_html
from ..present.rendering import render
from .error_pages import wants_html
from .pages import html, site_for
from .runtime import error_response, runtime
from .security import require_write_token

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NotFound(UserError):
    http_status = 404


def _period(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise NotFound(f"no round '{text[:20]}'", hint="a round is named by its year, e.g. /rounds/2024")
    return int(text)


def error_page(request: Request, err: UserError) -> Response:
    """The one-line error in the site's layout for a browser, JSON for an API client."""
    if not wants_html(request):
        return error_response(request, err)
    site = site_for(request)
    body = render("upload_error.html", site, title=i18n.gettext_for(site.lang)(N_("That did not work")),
                  message=err.message, hint=err.hint or "",
                  status=err.http_status)
    return HTMLResponse(body, status_code=err.http_status)


@router.get("/rounds", tags=["rounds"], summary="The reporting rounds")
async def rounds_index(request: Request) -> Response:
    from ..rounds import list_rounds

    periods = await run_in_threadpool(list_rounds, runtime(request).store)
    if not wants_html(request):
        return JSONResponse({"rounds": [{"period": p, "board": f"/rounds/{p}"} for p in periods]})
    site = site_for(request)
    return html(render("rounds.html", site, title=i18n.gettext_for(site.lang)(N_("Reporting rounds")), periods=periods))


@router.get("/rounds/{name}", tags=["rounds"], summary="A round's board (HTML, .json or .csv)")
async def round_board(request: Request, name: str) -> Response:
    from ..rounds import board_csv, round_status

    try:
        stem, _, ext = name.partition(".")
        if ext not in ("", "json", "csv", "html"):
            raise NotFound(f"no representation .{ext[:10]} of a round", hint="use .json, .csv or no suffix")
        period = _period(stem)
        status = await run_in_threadpool(round_status, runtime(request).store, period)
        rows = status.to_json()
        if ext == "json" or (ext == "" and not wants_html(request)):
            return JSONResponse(rows, headers={"Link": f'</rounds/{period}>; rel="alternate"; type="text/html"'})
        if ext == "csv":
            return Response(board_csv(rows), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="round-{period}.csv"'})
        site = site_for(request)
        tr = i18n.gettext_for(site.lang)
        return html(render("round.html", site, title=tr(N_("Reporting round %(period)s"), period=period),
                           status=status, header=status.header(), rows=rows))
    except UserError as e:
        return error_page(request, e)


@router.get("/template.{ext}", tags=["validation"], summary="The submission template (xlsx or csv)")
async def template_download(request: Request, ext: str) -> Response:
    from ..template import build_template
    from ..validate import registers_for

    try:
        if ext not in ("xlsx", "csv"):
            raise NotFound(f"no template as .{ext[:10]}", hint="use /template.xlsx or /template.csv")
        entity, prefill = request.query_params.get("entity"), request.query_params.get("prefill")
        store = runtime(request).store

        def build() -> tuple[bytes, str]:
            registers = registers_for(store)
            if not entity and not prefill:
                return build_template(registers, ext), "ungass-kg-template"
            if not entity or not prefill or not prefill.isdigit():
                raise InputError("a pre-filled template needs entity and prefill", hint="e.g. ?entity=WHO&prefill=2023")
            from ..prefill import stored_activities, template_rows

            stored = stored_activities(store, entity, int(prefill))
            return (build_template(registers, ext, template_rows(stored.graph, registers)),
                    f"{entity.lower()}-{int(prefill)}-prefilled")

        if entity or prefill:
            require_write_token(request)  # stored activities of an entity, before they are public elsewhere
        data, stem = await run_in_threadpool(build)
        media = XLSX if ext == "xlsx" else "text/csv; charset=utf-8"
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{stem}.{ext}"'})
    except UserError as e:
        return error_page(request, e)


@router.get("/submissions/{sid}/versions", tags=["submissions"], summary="The versions of a submission")
async def versions(request: Request, sid: str) -> Response:
    from ..submissions import submission_versions

    try:
        items = await run_in_threadpool(submission_versions, runtime(request).store, sid)
        if not items:
            raise NotFound(f"no submission {sid}", hint="GET /submissions lists them")
        return JSONResponse({"submission": sid, "versions": items})
    except UserError as e:
        return error_page(request, e)


@router.get("/submissions/{sid}/attempts/{stamp}", tags=["submissions"],
            summary="The validation report of one received file")
async def attempt_report(request: Request, sid: str, stamp: str) -> Response:
    from ..submissions import attempt_report as load

    try:
        report = await run_in_threadpool(load, runtime(request).store, sid, stamp)
        if report is None:
            site = site_for(request)
            if wants_html(request):
                return html(not_found_html(site, f"report {sid}/{stamp}"), 404)
            raise NotFound(f"no received file {sid}/{stamp}", hint="see /rounds/{period}")
        if not wants_html(request) or request.query_params.get("format") == "json":
            return JSONResponse(report.to_json())
        return html(report_page(request, report))
    except UserError as e:
        return error_page(request, e)


def stored_page(request: Request, body: dict, headers: dict[str, str]) -> Response:
    """What a browser sees once a confirmed submission is stored."""
    return HTMLResponse(render("stored.html", site_for(request), title=f"Stored submission {body.get('id')}",
                               rec=body), status_code=201, headers=headers)


def report_page(request: Request, report: object, diff: object = None, confirm: dict | None = None) -> str:
    """A validation report in the site's layout, with its downloads and 'check another file'."""
    import base64

    from ..validate.messages import localised, message_html, suggestion_html
    from ..validate.report import Result, ValidationReport, visible_html

    assert isinstance(report, ValidationReport)
    site = site_for(request)
    report = localised(report, site.lang)

    def data_uri(media: str, text: str) -> str:
        return f"data:{media};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")

    downloads = [("HTML", "report.html", data_uri("text/html", report.to_html())),
                 ("CSV", "report.csv", data_uri("text/csv", report.to_csv())),
                 ("JSON", "report.json", data_uri("application/json",
                                                  json.dumps(report.to_json(), indent=1, ensure_ascii=False)))]
    tr = i18n.gettext_for(site.lang)
    first: dict[tuple[str, str], Result] = {}
    for r in report.results:  # the summary's message is its rule's first result's
        first.setdefault((r.severity, r.rule), r)
    return render("report.html", site, title=tr(N_("Validation report: %(file)s"), file=report.file), report=report,
                  counts=report.counts, by_rule=report.by_rule(), results=report.results, visible=visible_html,
                  message=lambda r: message_html(r, site.lang),
                  suggestion=lambda r: suggestion_html(r.suggestion, site.lang) if r.suggestion else "",
                  rule_message=lambda s: message_html(first[(s["severity"], s["rule"])], site.lang),
                  downloads=downloads, diff=diff, confirm=confirm)


@router.get("/figures/{name}/compare", tags=["figures"],
            summary="A figure for two periods: values, change and why it moved (?period=&against=)")
async def figure_compare(request: Request, name: str) -> Response:
    from ..compare import compare
    from ..figures import render as chart_render

    try:
        qp = request.query_params
        period, against = qp.get("period", ""), qp.get("against", "")
        if not period.isdigit() or not against.isdigit():
            raise InputError("compare needs two years", hint=f"e.g. /figures/{name}/compare?period=2024&against=2023")
        store = runtime(request).store
        try:
            c = await run_in_threadpool(compare, store, name, int(period), int(against))
        except KeyError:
            raise NotFound(f"no figure {name}", hint="see /figures") from None
        fmt = qp.get("format", "")
        if fmt == "json" or (not fmt and not wants_html(request)):
            return JSONResponse(c.to_json())
        if fmt == "csv":
            return Response(c.to_csv(), media_type="text/csv; charset=utf-8")
        if fmt == "vl":
            return JSONResponse(c.spec())
        svg = await run_in_threadpool(chart_render.svg, c.spec())
        return html(render("compare.html", site_for(request), title=f"{c.title}: {against} and {period}", c=c,
                           svg=svg, measure=c.measures[0]))
    except UserError as e:
        return error_page(request, e)
