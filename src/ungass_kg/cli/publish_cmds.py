"""``ungass-kg publish``: write the knowledge base as a static linked-data site."""

from __future__ import annotations

from pathlib import Path

import click

from .context import Context, pass_context
from .output import stderr


@click.command()
@click.option("--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the site into (created; an earlier site there is replaced).")
@click.option("--base", "base", metavar="URL", default=None,
              help="Public base the site is served under [default: the configured base IRI].")
@click.option("--sparql-endpoint", metavar="URL", default=None,
              help="A live SPARQL endpoint for the pages to point at (optional).")
@click.option("--force", is_flag=True, help="Write into a non-empty folder not made by this command.")
@click.option("--languages", "languages", metavar="LIST", default=None,
              help="Also write the pages in these languages (comma-separated, of ar,es,fr,ru,zh; or all), "
                   "each in its own folder (fr/ ...). English is always at the root.")
@pass_context
def publish(ctx: Context, out: Path, base: str | None, sparql_endpoint: str | None, force: bool,
            languages: str | None) -> None:
    """Write the static site: pages, one RDF file per resource and format, dumps, figures,
    the DCAT catalogue and VoID, and Apache/nginx configuration for content negotiation.

    \b
    Examples:
      ungass-kg publish --out site
      ungass-kg publish --out site --base https://example.org/ungass-kg/
      ungass-kg publish --out site --languages fr,ar    # also site/fr/..., site/ar/...
      cd site && python -m http.server 8080     # pages work; RDF by extension (.ttl ...)
    """
    from ..publish.site import parse_languages, publish_site

    langs = parse_languages(languages)
    store = ctx.store(reading=True)
    public = base or ctx.settings.base_iri
    report = publish_site(store, out, public, canonical=ctx.settings.base_iri, sparql_endpoint=sparql_endpoint,
                          force=force, languages=langs, progress=lambda m: stderr.print(f"writing {m}...", style="dim"))
    stderr.print(f"Wrote {report.pages} pages, {report.rdf_files} RDF files for {report.resources} resources, "
                 f"{report.figures} figures and {len(report.dumps)} dumps to {out} (base {public})"
                 + (f", in {', '.join(langs)}." if len(langs) > 1 else "."))
    stderr.print(f"Serve it with Apache ({out}/.htaccess) or nginx ({out}/nginx.conf) for content negotiation.")
