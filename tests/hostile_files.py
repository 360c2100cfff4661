"""Hostile files, built in memory: entity bombs, external entities, zip bombs, deep nesting, huge cells.

Each builder returns the bytes of one attack; tests/test_hostile_input.py sends them through
every door (the readers, ``POST /validate``, the CLI) and docs/reliability.md lists them.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALID_XLSX = ROOT / "data" / "examples" / "unodc-2023-valid.xlsx"
RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/"'
HEADER = "Title,Description,Chapters,Lead entity,Participating entities,Reach,Reporting year"


def billion_laughs(levels: int = 9) -> str:
    """The DOCTYPE of the classic entity bomb: ten references per level, ``&lol9;`` is 10**9 strings."""
    ents = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1))
    return f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{ents}]>'


def rdfxml_entity_bomb() -> bytes:
    return (f'<?xml version="1.0"?>\n{billion_laughs()}\n<rdf:RDF {RDF_NS}>'
            '<rdf:Description rdf:about="http://example.org/a"><dct:title>&lol9;</dct:title>'
            "</rdf:Description></rdf:RDF>").encode()


def rdfxml_external_entity() -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rdf:RDF {RDF_NS}>'
            '<rdf:Description rdf:about="http://example.org/a"><dct:title>&xxe;</dct:title>'
            "</rdf:Description></rdf:RDF>").encode()


def rdfxml_deep(levels: int = 5_000) -> bytes:
    """Property elements nested ``levels`` deep (Oxigraph's parser takes quadratic time on them)."""
    open_ = '<dct:relation><rdf:Description>' * levels
    close = "</rdf:Description></dct:relation>" * levels
    return (f'<rdf:RDF {RDF_NS}><rdf:Description rdf:about="http://example.org/a">{open_}'
            f"<dct:title>x</dct:title>{close}</rdf:Description></rdf:RDF>").encode()


def jsonld_deep(levels: int = 5_000) -> bytes:
    """Objects nested ``levels`` deep: Oxigraph's JSON-LD expansion overflows its stack at a few thousand."""
    return ('{"@id": "http://example.org/a", "http://example.org/p": ' * levels + '"x"' + "}" * levels).encode()


def turtle_deep(levels: int = 100_000) -> bytes:
    return ("<http://example.org/a> <http://example.org/p> " + "[ <http://example.org/p> " * levels
            + '"x"' + " ]" * levels + " .\n").encode()


def turtle_huge_literal(chars: int = 2_000_000) -> bytes:
    return f'<http://example.org/a> <http://purl.org/dc/terms/title> "{"x" * chars}" .\n'.encode()


def turtle_many_triples(n: int) -> bytes:
    """``n`` triples in a few bytes each (an object list): the compact way to many triples."""
    return ("<http://example.org/a> <http://example.org/p> " + ", ".join(map(str, range(n))) + " .\n").encode()


def nquads_huge_line(chars: int = 2_000_000) -> bytes:
    return (f'<http://example.org/a> <http://example.org/p> "{"y" * chars}" <http://example.org/g> .\n').encode()


def csv_huge_cell(chars: int = 2_000_000) -> bytes:
    return f'{HEADER}\n"{"z" * chars}",d,I,UNODC,UNODC,Global,2023\n'.encode()


def csv_many_rows(rows: int) -> bytes:
    return (HEADER + "\n" + "t,d,I,UNODC,UNODC,Global,2023\n" * rows).encode()


def csv_blank_lines(lines: int = 2_000_000) -> bytes:
    return (HEADER + "\n" + "\n" * lines).encode()


def csv_wide(columns: int = 100_000) -> bytes:
    return (HEADER + "," * columns + "\n").encode()


# ----------------------------------------------------------------------------------- XLSX

def _rewrite(replace: dict[str, object], base: Path = VALID_XLSX) -> bytes:
    """The valid example workbook with some parts replaced (bytes, or a writer function)."""
    src = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in src.namelist():
            v = replace.get(name)
            if callable(v):
                v(z, name)
            else:
                z.writestr(name, v if isinstance(v, bytes) else src.read(name))
        for name, v in replace.items():
            if name not in src.namelist() and isinstance(v, bytes):
                z.writestr(name, v)
    return out.getvalue()


def _sheet_name() -> str:
    return sorted(n for n in zipfile.ZipFile(VALID_XLSX).namelist() if n.startswith("xl/worksheets/sheet"))[0]


def _sheet() -> str:
    return zipfile.ZipFile(VALID_XLSX).read(_sheet_name()).decode()


def _with_doctype(xml: str, doctype: str) -> bytes:
    m = re.match(r"(<\?xml[^>]*\?>)?", xml)
    end = m.end() if m else 0
    return (xml[:end] + doctype + xml[end:]).encode()


def xlsx_zip_bomb(inflated_mb: int = 64) -> bytes:
    """A sheet padded with ``inflated_mb`` MB of spaces: about 1,000 times smaller zipped."""
    head, tail = _sheet().split("<sheetData", 1)
    gt = tail.index(">") + 1

    def write(z: zipfile.ZipFile, name: str) -> None:
        with z.open(name, "w", force_zip64=True) as f:
            f.write((head + "<sheetData" + tail[:gt]).encode())
            chunk = b" " * (1 << 20)
            for _ in range(inflated_mb):
                f.write(chunk)
            f.write(tail[gt:].encode())

    return _rewrite({_sheet_name(): write})


def xlsx_external_entity() -> bytes:
    doctype = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    src = zipfile.ZipFile(VALID_XLSX)
    return _rewrite({"xl/workbook.xml": _with_doctype(src.read("xl/workbook.xml").decode(), doctype),
                     _sheet_name(): _with_doctype(_sheet(), doctype)})


def xlsx_entity_bomb_in_styles() -> bytes:
    src = zipfile.ZipFile(VALID_XLSX)
    return _rewrite({"xl/styles.xml": _with_doctype(src.read("xl/styles.xml").decode(), billion_laughs())})


def xlsx_far_cell(ref: str = "A1048576") -> bytes:
    """One extra cell far below the data: openpyxl would create every cell of the rectangle."""
    sheet = _sheet().replace("</sheetData>", f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">'
                             f'<c r="{ref}" t="inlineStr"><is><t>far</t></is></c></row></sheetData>')
    return _rewrite({_sheet_name(): sheet.encode()})


def xlsx_many_cells(cells: int = 1_600_000) -> bytes:
    """Many empty cells in the data rows (each one a Cell object in openpyxl)."""
    per_row = 150
    rows = "".join(f'<row r="{r}">' + "<c/>" * per_row + "</row>" for r in range(20, 20 + cells // per_row))
    sheet = _sheet().replace("</sheetData>", rows + "</sheetData>")
    return _rewrite({_sheet_name(): sheet.encode()})


def xlsx_huge_cell(chars: int = 200_000) -> bytes:
    sheet = _sheet().replace("</sheetData>", f'<row r="30"><c r="A30" t="inlineStr"><is><t>{"w" * chars}</t></is>'
                             "</c></row></sheetData>")
    return _rewrite({_sheet_name(): sheet.encode()})


def xlsx_many_parts(parts: int = 1_500) -> bytes:
    return _rewrite({f"xl/media/pad{i}.bin": b"" for i in range(parts)})
