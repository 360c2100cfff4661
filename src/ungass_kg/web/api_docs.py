"""``/docs``: the OpenAPI description rendered by Swagger UI, served by the app itself.

The Swagger UI files (5.x, which reads OpenAPI 3.1) come from the ``fastapi-offline`` package
(MIT), so the page works offline and loads nothing from a CDN (FastAPI's default page does).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse, Response

router = APIRouter()

_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css")


def _asset_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


@router.get("/docs", include_in_schema=False)
async def docs(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(
        openapi_url=f"{root}/openapi.json", title="ungass-kg API",
        swagger_js_url=f"{root}/docs/assets/swagger-ui-bundle.js",
        swagger_css_url=f"{root}/docs/assets/swagger-ui.css",
        swagger_favicon_url=f"{root}/static/favicon.svg",
    )


@router.get("/docs/assets/{name}", include_in_schema=False)
async def asset(name: str) -> Response:
    if name not in _ASSETS:
        return Response("not found\n", status_code=404, media_type="text/plain")
    path = _asset_dir() / name
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(path.read_bytes(), media_type=media, headers={"Cache-Control": "public, max-age=86400"})
