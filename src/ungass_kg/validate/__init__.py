"""Validate a submission before anything enters the store.

Public API (used by the CLI, ``POST /validate`` and the ``/validate`` page)::

    from ungass_kg.validate import validate_bytes
    report = validate_bytes(data, "unodc-2023.xlsx", store)   # raises InputError if unreadable
    report.conforms            # True when there is no Violation (Warnings allowed)
    report.counts              # {"Violation": n, "Warning": n, "Info": n}
    report.results             # [Result(severity, sheet, row, column, value, message,
                               #         suggestion, focus_node, path, shape, rule, component)]
    report.to_json() / .to_text() / .to_csv() / .to_turtle() / .to_html()

The store is only read: for the registers (``graph/reference``) and for activities
already stored (duplicates are a Warning). Files over ``max_bytes`` (default 20 MB) are
refused before they are parsed.
"""

from __future__ import annotations

import threading
import time

from ..errors import InputError, TooLarge
from ..ingest import columns_from_shapes, load_registers, read_submission
from ..ingest.mapping import gc_paused
from ..ingest.registers import Registers
from ..limits import DEFAULT, Limits
from ..namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH, SH
from ..store import SelectResult, Store
from .engine import check
from .report import SEVERITIES, Result, ValidationReport
from .shapes import activity_shapes

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DRAFT_PREFIX = "draft"

_cache: dict[tuple[int, str], Registers] = {}
_lock = threading.Lock()
_FINGERPRINT = (f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ GRAPH <{REFERENCE_GRAPH}> {{ ?s ?p ?o }} }} "
                f"UNION {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }} }}")


def _fingerprint(store: Store) -> str:
    """What the registers depend on: the reference and ontology graphs (not every submission)."""
    res = store.query(_FINGERPRINT)
    return str(res.rows[0].get("n", 0)) if isinstance(res, SelectResult) and res.rows else store.version()


def registers_for(store: Store) -> Registers:
    """The registers of this store, re-read when the reference or ontology graph changes size.

    Keyed on their triple count rather than the store version, which every submission
    changes: re-reading the registers costs more than the count (0.2 s against a few ms).
    """
    key = (id(store), _fingerprint(store))
    with _lock:
        hit = _cache.get(key)
    if hit is None:
        hit = load_registers(store)
        with _lock:
            _cache.clear()
            _cache[key] = hit
    return hit


def validate_bytes(data: bytes, filename: str, store: Store, *, media_type: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, prefix: str = DRAFT_PREFIX,
                   exclude_graphs: tuple[str, ...] = (),
                   timings: dict[str, float] | None = None, limits: Limits = DEFAULT) -> ValidationReport:
    """Read, map and validate a submitted file; raises :class:`InputError` if it cannot be read.

    ``prefix`` starts the activity IRIs (``submit`` passes ``{entity}-{period}``);
    ``exclude_graphs`` are left out of the duplicate check (the submission being replaced);
    ``timings`` (optional) receives seconds per phase: read+map, validate; ``limits`` caps
    what the file may hold (rows, cells, triples, literal length, nesting; see ``ungass_kg.limits``).
    """
    if len(data) > max_bytes:
        raise too_large(filename, len(data), max_bytes)
    # hundreds of thousands of terms that all stay alive: the cyclic collector would walk them
    # again and again (validating 20,000 rows took several times longer with it)
    with gc_paused():
        return _validate(data, filename, store, media_type=media_type, prefix=prefix,
                         exclude_graphs=exclude_graphs, timings=timings, limits=limits)


def _validate(data: bytes, filename: str, store: Store, *, media_type: str | None, prefix: str,
              exclude_graphs: tuple[str, ...], timings: dict[str, float] | None, limits: Limits) -> ValidationReport:
    t0 = time.perf_counter()
    registers = registers_for(store)
    shapes = activity_shapes()
    columns = columns_from_shapes(shapes)
    kind, mapped = read_submission(data, filename, columns, registers, prefix=prefix, media_type=media_type,
                                   limits=limits)
    t1 = time.perf_counter()
    sheet = next((c.sheet for c in mapped.positions.rows.values()), None)
    results = [Result(severity=i.severity, message=i.message, rule=i.rule,
                      sheet=sheet if i.row is not None else None, row=i.row, column=i.column, value=i.value,
                      suggestion=i.suggestion) for i in mapped.issues]
    # a cell the reader already reported (e.g. a formula without a value) is not also "missing"
    flagged = {(r.row, r.column) for r in results if r.row is not None}
    results += [r for r in check(mapped, registers, store, exclude_graphs=exclude_graphs,
                                 columns_by_path={c.path: c.header for c in columns})
                if not ((r.row, r.column) in flagged and r.component == str(SH.MinCountConstraintComponent))]
    letters = mapped.positions.letters
    for r in results:  # "D4": what the spreadsheet shows (the column as the file has it)
        if r.row is not None and r.column in letters:
            r.cell = f"{letters[r.column]}{r.row}"
    t2 = time.perf_counter()
    if timings is not None:
        timings.update({"read+map": t1 - t0, "validate": t2 - t1})
    report = ValidationReport(file=filename, format=kind, activities=len(mapped.activities), results=results,
                              source=mapped, positions=mapped.positions)
    report.sort()
    return report


def format_size(n: int) -> str:
    return f"{n / 1e6:.1f} MB".replace(".0 MB", " MB") if n >= 1_000_000 else f"{n:,} bytes"


def too_large(filename: str, size: int, limit: int) -> InputError:
    from ..errors import Count
    from ..i18n import N_

    values = {"file": filename, "size": Count(size)}
    hint = N_("split the activities over several smaller files")
    if limit >= 1_000_000:  # as format_size shows it: MB from a million bytes
        return TooLarge(N_("%(file)s: the file is %(size)s bytes, over the %(limit)s MB limit"), hint=hint,
                        values={**values, "limit": Count(limit / 1e6)})
    return TooLarge(N_("%(file)s: the file is %(size)s bytes, over the %(limit)s bytes limit"), hint=hint,
                    values={**values, "limit": Count(limit)})


__all__ = ["DEFAULT_MAX_BYTES", "SEVERITIES", "Result", "ValidationReport", "registers_for", "too_large",
           "validate_bytes"]
