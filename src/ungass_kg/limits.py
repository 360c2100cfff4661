"""Bounded parsing: what an uploaded or loaded file may hold, checked before or while it is parsed.

Every reader calls these checks before handing bytes to a parser that could be made to
expand, recurse or allocate without bound (see docs/reliability.md for the catalogue):

- :func:`check_xml` refuses a DOCTYPE that declares entities or names an external DTD
  (the "billion laughs" and XXE files) and caps element nesting (Oxigraph's RDF/XML parser
  takes quadratic time on deep nesting); it runs Python's expat with every entity handler
  refusing, so nothing is expanded or fetched while checking;
- :func:`check_json_depth` caps JSON nesting (Oxigraph's JSON-LD expansion recurses and
  overflows its stack at a few thousand levels);
- :func:`check_xlsx` inflates every part of a workbook in chunks and stops at the cap on
  decompressed bytes, so a zip bomb costs the cap, not its size; it also counts rows and
  cells and reads the furthest cell reference (openpyxl creates every cell of the rectangle);
- :func:`bounded_quads` counts triples and measures every term while the parser yields them.

A cap reached is :class:`~ungass_kg.errors.TooLarge` (HTTP 413, exit 2); a forbidden
construct is :class:`~ungass_kg.errors.InputError` (HTTP 400, exit 2). Both are one line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import IO, Any
from xml.parsers import expat

from .errors import Count, InputError, TooLarge
from .i18n import N_


@dataclass(frozen=True)
class Limits:
    """The caps; the settings (``UNGASS_KG_MAX_*``) fill them, these are the defaults."""

    literal: int = 100_000  # characters of one literal, IRI or cell
    triples: int = 375_000  # triples in one RDF submission (25,000 activities of about 15)
    rows: int = 25_000  # data rows in one spreadsheet submission (sized from memory: docs/reliability.md)
    columns: int = 200  # columns in one spreadsheet submission
    cells: int = 750_000  # cells stored in one workbook, all sheets (25,000 template rows: 265,000)
    inflated: int = 32 * 1024 * 1024  # decompressed bytes of one workbook (10,000 template rows: 9 MB)
    depth: int = 100  # nesting of XML elements or JSON arrays and objects
    zip_members: int = 1_000  # parts in one workbook


DEFAULT = Limits()

# ---------------------------------------------------------------------------------------- XML


class _Refused(Exception):
    def __init__(self, error: InputError) -> None:
        self.error = error


def _xml_checker(source: str, depth_cap: int, on_element: Any = None) -> Any:
    """An expat parser that refuses DTD entities and external DTDs and caps nesting."""
    p = expat.ParserCreate()
    depth = [0]

    def refuse(what: str) -> None:
        err = InputError(f"{source}: line {p.CurrentLineNumber}: the XML declares {what}, which this server "
                         "never reads (entity expansion can exhaust memory)",
                         hint="remove the <!DOCTYPE ...> declaration; save the file again from its program")
        raise _Refused(err)

    def doctype(name: str, sysid: str | None, pubid: str | None, internal: int) -> None:
        if sysid or pubid:
            refuse(f"an external DTD ({sysid or pubid})")

    def entity(name: str, *args: Any) -> int:
        refuse(f"the entity '{name}' in a <!DOCTYPE>")
        return 0

    def start(name: str, attrs: Any) -> None:
        depth[0] += 1
        if depth[0] > depth_cap:
            raise _Refused(TooLarge(N_("%(file)s: line %(line)s: elements nested more than %(cap)s deep"),
                                    hint=N_("flatten the file; no submission needs that depth"),
                                    values={"file": source, "line": p.CurrentLineNumber, "cap": depth_cap}))
        if on_element is not None:
            on_element(name, attrs)

    def end(name: str) -> None:
        depth[0] -= 1

    p.StartDoctypeDeclHandler = doctype
    p.EntityDeclHandler = entity
    p.UnparsedEntityDeclHandler = entity
    p.NotationDeclHandler = entity
    p.ExternalEntityRefHandler = lambda *a: entity("(external)")
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


def _feed(p: Any, chunks: Iterable[bytes], source: str, *, final: bool = True) -> None:
    try:
        for chunk in chunks:
            p.Parse(chunk, False)
        if final:
            p.Parse(b"", True)
    except _Refused as r:
        raise r.error from None
    except expat.ExpatError as e:
        raise InputError(f"{source}: line {e.lineno}, column {e.offset + 1}: not well-formed XML "
                         f"({expat.ErrorString(e.code)})", hint="fix the XML, or save the file again") from None


def check_xml(data: bytes | Iterable[bytes], source: str, limits: Limits = DEFAULT) -> None:
    """Refuse entity declarations, external DTDs and deep nesting before an XML parser runs."""
    chunks = _chunks(data) if isinstance(data, bytes) else data
    _feed(_xml_checker(source, limits.depth), chunks, source)


def _chunks(data: bytes, size: int = 1 << 20) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]


# --------------------------------------------------------------------------------------- JSON

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def json_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects, without building the document (strings skipped)."""
    skeleton = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKET).translate(_STEP)
    return max(accumulate(b - 1 for b in skeleton), default=0)


def check_json_depth(data: bytes, source: str, limits: Limits = DEFAULT) -> None:
    depth = json_depth(data)
    if depth > limits.depth:
        raise TooLarge(N_("%(file)s: JSON nested %(depth)s deep, over the %(cap)s levels this server reads"),
                       hint=N_("flatten the JSON-LD; an activity needs a few levels at most"),
                       values={"file": source, "depth": depth, "cap": limits.depth})


# --------------------------------------------------------------------------------------- XLSX

# A sheet's <row> and <c> start tags (any prefix) with the row number of their r="..." reference, if any.
_ROW_OR_CELL = re.compile(rb'<(?:[\w.-]+:)?(row|c)(?=[\s/>])[^>]*?(?:\sr="[A-Z]{0,3}(\d+)"[^>]*)?>')
HEADER_ROWS = 100  # title, help and header rows a sheet may have above its data rows
PROLOG_BYTES = 1 << 20  # a part's root element must start within its first MB


@dataclass
class SheetExtent:
    """How far a worksheet reaches, counted in its XML as it inflates (never parsed here)."""

    rows: int = 0  # furthest row (at most): the furthest reference, plus the rows that carry none
    cells: int = 0
    _furthest: int = 0
    _unreferenced_rows: int = 0
    _carry: bytes = b""

    def scan(self, chunk: bytes) -> None:
        data = self._carry + chunk
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0:  # a tag split across two chunks: finish it next time
            data, self._carry = data[:cut], data[cut:]
        else:
            self._carry = b""
        tags = _ROW_OR_CELL.findall(data)
        self.cells += sum(1 for name, _ in tags if name == b"c")
        self._unreferenced_rows += sum(1 for name, ref in tags if name == b"row" and not ref)
        self._furthest = max(self._furthest, max((int(ref) for _, ref in tags if ref), default=0))
        self.rows = self._furthest + self._unreferenced_rows


def _check_prolog(first: bytes, part: str, source: str, limits: Limits) -> None:
    """The start of an XLSX part: UTF-8 (Excel writes nothing else), no DOCTYPE before the root element."""
    if first[:2] in (b"\xff\xfe", b"\xfe\xff") or first[:2] in (b"<\x00", b"\x00<"):
        raise InputError(f"{source} ({part}): the part is not UTF-8 XML",
                         hint="save the workbook again from your spreadsheet program")
    p = _xml_checker(f"{source} ({part})", limits.depth)
    root = [False]

    def start(name: str, attrs: Any) -> None:
        root[0] = True
        raise _Refused(_RootSeen())  # the prolog is over: the rest is left to the byte counts

    p.StartElementHandler = start
    try:
        _feed(p, [first], f"{source} ({part})", final=False)
    except _RootSeen:
        return
    if not root[0]:
        raise InputError(f"{source} ({part}): no XML element in the part's first {PROLOG_BYTES // 1024} KB",
                         hint="save the workbook again from your spreadsheet program")


class _RootSeen(InputError):
    def __init__(self) -> None:
        super().__init__("root element")


def check_xlsx(data: bytes | IO[bytes], source: str, limits: Limits = DEFAULT) -> dict[str, SheetExtent]:
    """Inflate every part in chunks under the caps; refuse entities; return each sheet's extent.

    The zip's declared sizes are not trusted: the bytes are counted as they come out of the
    decompressor, and reading stops at the cap. Only the prolog of each XML part goes through
    an XML parser (a DOCTYPE can stand nowhere else); rows and cells are counted by pattern,
    so checking costs about what inflating does.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(N_("%(file)s: not a readable XLSX workbook (%(reason)s)"),
                         hint=N_("save it from your spreadsheet program as 'Excel Workbook (.xlsx)'"),
                         values={"file": source, "reason": str(e)}) from None
    infos = zf.infolist()
    if len(infos) > limits.zip_members:
        raise TooLarge(N_("%(file)s: the workbook has %(parts)s parts, over the %(cap)s this server reads"),
                       hint=N_("save the workbook again with only the Activities sheet"),
                       values={"file": source, "parts": Count(len(infos)), "cap": Count(limits.zip_members)})
    inflated = 0
    extents: dict[str, SheetExtent] = {}
    for info in infos:
        name = info.filename
        xml = name.endswith((".xml", ".rels"))
        extent = extents.setdefault(name, SheetExtent()) if name.startswith("xl/worksheets/") and xml else None
        head = b""
        try:
            with zf.open(info) as f:
                while chunk := f.read(1 << 20):
                    inflated += len(chunk)
                    if inflated > limits.inflated:
                        raise TooLarge(
                            N_("%(file)s: the workbook inflates to more than %(cap)s MB (a zip bomb, or far more "
                               "than a submission holds)"),
                            hint=N_("remove unused sheets, images and empty formatted rows, or split the activities"),
                            values={"file": source, "cap": Count(limits.inflated // (1024 * 1024))})
                    if xml and len(head) < PROLOG_BYTES:
                        head += chunk[:PROLOG_BYTES - len(head)]
                        if len(head) >= PROLOG_BYTES:
                            _check_prolog(head, name, source, limits)
                    elif not xml and (b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk):
                        raise InputError(f"{source} ({name}): the part declares a DOCTYPE or entity, which this "
                                         "server never reads", hint="save the workbook again from its program")
                    if extent is not None:
                        extent.scan(chunk)
                        _check_extent(extent, name, source, limits, sum(e.cells for e in extents.values()))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError,
                RuntimeError, EOFError) as e:
            raise InputError(N_("%(file)s: not a readable XLSX workbook (%(reason)s)"),
                             hint=N_("save it from your spreadsheet program as 'Excel Workbook (.xlsx)'"),
                             values={"file": source, "reason": f"{info.filename}: {e}"}) from None
        if xml and head and len(head) < PROLOG_BYTES:
            _check_prolog(head, name, source, limits)
    return extents


def _check_extent(extent: SheetExtent, part: str, source: str, limits: Limits, cells: int) -> None:
    if extent.rows > limits.rows + HEADER_ROWS:
        raise TooLarge(N_("%(file)s: the sheet %(sheet)s reaches row %(row)s, beyond the %(cap)s activity rows a "
                          "submission may hold"),
                       hint=N_("split the activities over several files, or delete the empty formatted rows below "
                               "them"),
                       values={"file": source, "sheet": _sheet_label(part), "row": Count(extent.rows),
                               "cap": Count(limits.rows)})
    if cells > limits.cells:
        raise TooLarge(N_("%(file)s: the workbook holds more than %(cap)s cells"),
                       hint=N_("keep only the Activities sheet, or split the activities"),
                       values={"file": source, "cap": Count(limits.cells)})


def _sheet_label(part: str) -> str:
    return part.rsplit("/", 1)[-1].removesuffix(".xml")


# ---------------------------------------------------------------------------------------- RDF


def bounded_quads(quads: Iterable[Any], source: str, limits: Limits = DEFAULT, *,
                  max_triples: int | None = None) -> Iterator[Any]:
    """Oxigraph quads, refused at the first term over the literal cap or past the triple cap."""
    cap = limits.triples if max_triples is None else max_triples
    for n, q in enumerate(quads, start=1):
        if cap and n > cap:
            raise TooLarge(N_("%(file)s: more than %(cap)s triples, over what one upload may hold"),
                           hint=N_("split the activities over several files"),
                           values={"file": source, "cap": Count(cap)})
        for term in (q.subject, q.object):
            value = getattr(term, "value", "")
            if len(value) > limits.literal:
                raise TooLarge(N_("%(file)s: a literal of %(length)s characters (subject %(subject)s), over the "
                                  "%(cap)s this server accepts") if term.__class__.__name__ == "Literal" else
                               N_("%(file)s: an IRI of %(length)s characters (subject %(subject)s), over the "
                                  "%(cap)s this server accepts"),
                               hint=N_("shorten the text; a description needs a few paragraphs at most"),
                               values={"file": source, "length": Count(len(value)), "subject": _short(q.subject),
                                       "cap": Count(limits.literal)})
        if len(q.predicate.value) > limits.literal:
            raise TooLarge(N_("%(file)s: an IRI of %(length)s characters, over the %(cap)s this server accepts"),
                           values={"file": source, "length": Count(len(q.predicate.value)),
                                   "cap": Count(limits.literal)})
        yield q


def _short(term: Any) -> str:
    v = str(getattr(term, "value", term))
    return v if len(v) <= 80 else v[:77] + "..."


def check_cell(value: str, source: str, limits: Limits = DEFAULT, *, line: int | None = None,
               column: int | None = None, cell: str | None = None) -> None:
    """A cell over the literal cap: where it is, ``line`` and ``column`` (CSV) or ``cell`` (``B7``)."""
    if len(value) <= limits.literal:
        return
    facts = {"file": source, "length": Count(len(value)), "cap": Count(limits.literal)}
    hint = N_("shorten the text; a description needs a few paragraphs at most")
    if cell is not None:
        raise TooLarge(N_("%(file)s: cell %(cell)s: a cell of %(length)s characters, over the %(cap)s this server "
                          "accepts"), hint=hint, values={**facts, "cell": cell})
    raise TooLarge(N_("%(file)s: line %(line)s, column %(column)s: a cell of %(length)s characters, over the "
                      "%(cap)s this server accepts"), hint=hint, values={**facts, "line": line, "column": column})
