"""``ungass-kg serve``: the web app on uvicorn over the configured store."""

from __future__ import annotations

import click

from ..config import declared
from .context import Context, pass_context, setting_options
from .output import stderr


def _limits() -> str:
    lines = [f"  {spec.env:<31} {spec.help} (default {spec.shown.replace('`', '')})"
             for _, spec in declared() if spec.endpoint]
    return "\b\nServer settings (environment):\n" + "\n".join(lines)


@click.command(epilog=_limits())
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@setting_options("serve")
@pass_context
def serve(ctx: Context, host: str, port: int, query_workers: str | None) -> None:
    """Serve SPARQL, saved queries, validation and linked-data pages over HTTP.

    On first run the embedded store is built from the bundled data.

    \b
    Limits come from the environment (listed below); UNGASS_KG_WRITE_TOKEN unlocks writes.

    \b
    Examples:
      ungass-kg serve
      UNGASS_KG_WRITE_TOKEN=secret ungass-kg serve --host 0.0.0.0 --port 8080
      UNGASS_KG_QUERY_TIMEOUT=30 ungass-kg serve --query-workers 4
    """
    import uvicorn

    from ..web.app import create_app

    settings = ctx.settings.with_options(query_workers=query_workers)
    store = ctx.store()
    app = create_app(settings, store, url=f"http://{host}:{port}/")
    stderr.print(f"Serving {settings.describe_store()} on http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
