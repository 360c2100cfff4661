"""Commands over the store: init, load, query, graphs, drop, stats, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from .context import Context, pass_context
from .output import print_table, stderr

PROGRESS_THRESHOLD = 2 * 1024 * 1024  # files larger than this get a progress bar


@click.command()
@click.option("--from", "dump", type=click.Path(path_type=Path, dir_okay=False),
              help="Restore the whole dataset from a TriG or N-Quads dump instead.")
@pass_context
def init(ctx: Context, dump: Path | None) -> None:
    """Load the bundled ontology, shapes, registers and note activities (idempotent).

    Submissions already in the store are kept. With --from, the store is replaced by a dump.

    \b
    Examples:
      ungass-kg init
      ungass-kg --store ./kb init --from backup.trig
    """
    store = ctx.store(build=False)
    if dump:
        fmt = dump.suffix.lower().lstrip(".")
        if fmt not in ("trig", "nq", "nquads"):
            raise InputError(f"{dump}: a dump must be TriG (.trig) or N-Quads (.nq)")
        if not dump.is_file():
            raise InputError(f"{dump}: no such file")
        n = store.restore(dump.read_bytes(), "trig" if fmt == "trig" else "nquads")
        stderr.print(f"Restored {n} quads from {dump}.")
        return
    from .. import bootstrap

    counts = bootstrap.build(store, progress=lambda label: stderr.print(f"  loading {label}", style="dim"))
    print_table("Loaded", ["graph", "triples"], [[g, n] for g, n in counts.items()], numeric=[1])


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--graph", metavar="IRI", help="Named graph to load into (default: one graph per file).")
@click.option("--format", "fmt", metavar="FORMAT",
              help="RDF format: turtle, ntriples, nquads, trig, jsonld, xml (default: by extension).")
@pass_context
def load(ctx: Context, files: tuple[Path, ...], graph: str | None, fmt: str | None) -> None:
    """Load RDF files into named graphs, replacing what those graphs held.

    All files are parsed first and written in one transaction: a file with an error
    leaves the store exactly as it was.

    \b
    Examples:
      ungass-kg load extra.ttl --graph https://example.org/graph/extra
      ungass-kg load dump.nq
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from ..loading import explain_native_failure, group_by_graph, native_source, parse_file, stream_quads, targets
    from ..rdfio import triples_to_ntriples
    from ..store.embedded import EmbeddedStore

    changes: dict[str, list] = {}
    total = sum(p.stat().st_size for p in files if p.is_file())
    for p in files:  # a missing file is named before anything is read
        if not p.is_file():
            raise InputError(f"{p}: no such file", hint="nothing was loaded")
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                  console=stderr.real, disable=total < PROGRESS_THRESHOLD or not stderr.is_terminal) as bar:
        task = bar.add_task("parsing", total=total)
        store = ctx.store()
        if isinstance(store, EmbeddedStore):
            # files the loader reads itself (checked first), the rest parsed while it writes, into
            # a staging store that is switched in at the end
            native, rest = [], []
            for path in files:
                src = native_source(path, fmt, graph)
                bar.advance(task, path.stat().st_size)
                (native.append(src) if src is not None else rest.append(path))
            stream = (q for path in rest for q in stream_quads(path, fmt, graph))
            try:
                counts = store.bulk_replace(stream, native, graphs=targets(rest, fmt, graph))
            except SyntaxError:
                # a native file the byte check let through is malformed; the store is as it was
                for src in native:
                    if (err := explain_native_failure(src[0], fmt, graph)) is not None:
                        raise err from None
                raise
            print_table("Loaded", ["graph", "triples"], [[g, n] for g, n in counts.items()], numeric=[1])
            return
        for path in files:
            quads = parse_file(path, fmt, lambda n: bar.advance(task, n))
            for g, triples in group_by_graph(quads, graph, path).items():
                changes.setdefault(g, []).extend(triples)
    store.apply({g: triples_to_ntriples(t) for g, t in changes.items()})
    print_table("Loaded", ["graph", "triples"], [[g, len(t)] for g, t in changes.items()], numeric=[1])


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-e", "--execute", "text", metavar="SPARQL", help="Query text instead of a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format (CONSTRUCT/DESCRIBE print Turtle, or JSON-LD with json).")
@pass_context
def query(ctx: Context, file: Path | None, text: str | None, fmt: str) -> None:
    """Run a SPARQL query (the default graph is the union of all graphs).

    \b
    Examples:
      ungass-kg query sparql/figures/figure-3.rq
      ungass-kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?a a ung:Activity }' --format csv
    """
    if bool(file) == bool(text):
        raise click.UsageError("give a query FILE or -e TEXT (one of them)")
    if file:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"{file}: cannot read the query ({e.strerror})") from None
    from ..namespaces import sparql_prologue
    from .results import write_result

    assert text is not None
    # The shared prefixes come first; a query's own PREFIX lines may redeclare them.
    write_result(ctx.store(reading=True).query(sparql_prologue() + text), fmt)


@click.command()
@pass_context
def graphs(ctx: Context) -> None:
    """List the named graphs with their triple counts.

    \b
    Example:
      ungass-kg graphs
    """
    rows = ctx.store(reading=True).graphs()
    print_table(None, ["graph", "triples"], rows, numeric=[1])


@click.command()
@click.argument("graph")
@click.option("--yes", is_flag=True, help="Drop without asking.")
@pass_context
def drop(ctx: Context, graph: str, yes: bool) -> None:
    """Drop one named graph.

    Prints what goes first and asks (or needs --yes when not on a terminal; exit 1 without it).

    \b
    Example:
      ungass-kg drop https://w3id.org/ungass-kg/graph/load/extra.ttl --yes
    """
    from .submission_cmds import confirm_or_stop

    store = ctx.store(build=False)
    counts = dict(store.graphs())
    if graph not in counts:
        raise InputError(f"no named graph {graph} in the store", hint="see 'ungass-kg graphs'")
    confirm_or_stop([f"graph {graph}: {counts[graph]} triples"], yes)
    if not store.drop_graph(graph):
        raise InputError(f"no named graph {graph} in the store", hint="see 'ungass-kg graphs'")
    stderr.print(f"Dropped {graph}.")


@click.command()
@pass_context
def stats(ctx: Context) -> None:
    """Triples per graph, and how many activities, entities and programmes the store holds.

    \b
    Example:
      ungass-kg stats
    """
    store = ctx.store(reading=True)
    stderr.print(ctx.settings.describe_store(), style="dim")
    print_table("Named graphs", ["graph", "triples"], store.graphs(), numeric=[1])
    from .. import statistics

    counts = statistics.counts(store)
    print_table("Contents", ["what", "count"], list(counts.items()), numeric=[1])


@click.command()
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads"]), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: standard output).")
@pass_context
def export(ctx: Context, fmt: str, output: Path | None) -> None:
    """Export the whole dataset, every named graph, as TriG or N-Quads.

    \b
    Examples:
      ungass-kg export -o backup.trig
      ungass-kg export --format nquads > backup.nq
    """
    store = ctx.store(reading=True)
    if output:
        with output.open("wb") as f:
            store.export(f, fmt)  # type: ignore[arg-type]
        stderr.print(f"Wrote {output} ({output.stat().st_size} bytes).")
    else:
        store.export(sys.stdout.buffer, fmt)  # type: ignore[arg-type]
