"""``Content-Language`` and ``Vary: Accept-Language`` on every page rendered in a chosen language.

A route that renders a page negotiates its language (``pages.language_of`` stores it on the
request's state); this middleware adds the headers to that HTML answer, so no route can forget them
and caches keep the six languages apart.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class LanguageHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})  # shared with the routes' request.state

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start" and "lang" in state:
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Language"] = state["lang"]
                    vary = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
                    if "accept-language" not in {v.lower() for v in vary}:
                        headers["Vary"] = ", ".join([*vary, "Accept-Language"])
            await send(message)

        await self.app(scope, receive, send_with_language)
