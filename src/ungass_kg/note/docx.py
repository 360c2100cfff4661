"""The draft as a Word document (python-docx): real headings, numbered paragraphs, figures, table of figures.

Paragraph numbers are Word's own list numbering (one decimal list starting at the draft's first
paragraph number), so an officer who inserts a paragraph gets the rest renumbered. Captions use
Word's "Caption" style with a SEQ Figure field, and the table of figures is a TOC field over them,
filled in already so that it shows before Word or LibreOffice updates fields.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from .model import Draft, Em, FigureBlock, Heading, Link, Lit, Num, Para

_ABSTRACT_ID = 90  # far from the template's own list definitions
_NUM_ID = 90


def _numbering(doc: DocxDocument, start: int) -> None:
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_ABSTRACT_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs><w:ind w:left="0" w:firstLine="0"/></w:pPr>'
        '</w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{_NUM_ID}"><w:abstractNumId w:val="{_ABSTRACT_ID}"/></w:num>'))


def _number(p: Paragraph) -> None:
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{_NUM_ID}"/></w:numPr>'))


def _field(p: Paragraph, instr: str, result: str) -> None:
    """A complex field (begin, instruction, separate, shown result, end)."""
    def run(xml: str) -> None:
        p._p.append(parse_xml(f'<w:r {nsdecls("w")}>{xml}</w:r>'))
    run('<w:fldChar w:fldCharType="begin"/>')
    run(f'<w:instrText xml:space="preserve"> {instr} </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    p.add_run(result)
    run('<w:fldChar w:fldCharType="end"/>')


def _hyperlink(p: Paragraph, url: str, text: str, italic: bool) -> None:
    r_id = p.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                            is_external=True)
    link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"/>')
    run = parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="Hyperlink"/>'
                    f'{"<w:i/>" if italic else ""}<w:color w:val="1F4E79"/><w:u w:val="single"/></w:rPr></w:r>')
    t = parse_xml(f'<w:t {nsdecls("w")} xml:space="preserve"/>')
    t.text = text
    run.append(t)
    link.append(run)
    p._p.append(link)


def _caption(doc: DocxDocument, fig: FigureBlock) -> None:
    p = doc.add_paragraph(style="Caption")
    p.add_run("Figure ")
    _field(p, "SEQ Figure \\* ARABIC", str(fig.number))
    p.add_run("\n" + fig.title).bold = True


def docx(draft: Draft) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    paras = draft.paragraphs()
    _numbering(doc, paras[0].number if paras else 1)
    title = f"Draft: sections IV to VIII for the reporting period {draft.period}"
    if draft.against is not None:
        title += f", compared with {draft.against}"
    doc.add_heading(title, level=0)
    doc.add_heading("Table of figures", level=1)
    tof = doc.add_paragraph()
    _field(tof, 'TOC \\h \\z \\c "Figure"',
           "\n".join(f"Figure {f.number}: {f.title}" for f in draft.figures()))
    for b in draft.blocks:
        if isinstance(b, Heading):
            doc.add_heading(b.text, level=b.level)
        elif isinstance(b, Para):
            p = doc.add_paragraph()
            _number(p)
            for r in b.runs:
                if isinstance(r, Num):
                    p.add_run(r.text)
                elif isinstance(r, Em):
                    p.add_run(r.text).italic = True
                elif isinstance(r, Lit):
                    p.add_run(r.text)
                elif isinstance(r, Link):
                    _hyperlink(p, r.href, r.text, r.italic)
                else:
                    p.add_run(r)
        else:
            _caption(doc, b)
            pic = doc.add_paragraph()
            pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pic.add_run().add_picture(io.BytesIO(b.png), width=Inches(6.0))
            src = doc.add_paragraph()
            src.add_run(b.source).italic = True
            src.runs[0].font.size = Pt(9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


_ = qn

__all__ = ["docx"]
