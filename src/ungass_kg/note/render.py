"""The draft as Markdown and as HTML (one self-contained page: figures inline, numbers traced).

In HTML every number links to the saved query, parameters and cell it came from
(``/queries/{name}?...``; section VIII's own queries link to ``/sparql`` with the query text);
activity titles link to the activity's IRI. Everything from the data is escaped.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

from .. import i18n
from ..i18n import N_
from . import activities as acts
from .model import Draft, Em, FigureBlock, Heading, Link, Lit, Num, Para, Run

ImageHref = Callable[[FigureBlock], str]


def figure_file(draft: Draft, fig: FigureBlock) -> str:
    return f"note-{draft.period}-figure-{fig.number}.png"


def _md_escape(text: str) -> str:
    out = text
    for ch in ("\\", "*", "_", "[", "]", "`", "<", ">"):
        out = out.replace(ch, "\\" + ch)
    return out


def _md_run(r: Run) -> str:
    if isinstance(r, Num):
        return r.text
    if isinstance(r, Em):
        return f"*{_md_escape(r.text)}*"
    if isinstance(r, Lit):
        return _md_escape(r.text)
    if isinstance(r, Link):
        text = f"*{_md_escape(r.text)}*" if r.italic else _md_escape(r.text)
        return f"[{text}](<{r.href}>)"
    return r


def markdown(draft: Draft, image_href: ImageHref | None = None) -> str:
    """Markdown: ``## IV. ...`` headings, ``12. text`` paragraphs, figures as images with captions."""
    href = image_href or (lambda f: figure_file(draft, f))
    title = f"Draft: sections IV to VIII for the reporting period {draft.period}"
    if draft.against is not None:
        title += f", compared with {draft.against}"
    out = [f"# {title}", ""]
    for b in draft.blocks:
        if isinstance(b, Heading):
            out += ["#" * (b.level + 1) + " " + _md_escape(b.text), ""]
        elif isinstance(b, Para):
            out += [f"{b.number}. " + "".join(_md_run(r) for r in b.runs), ""]
        else:
            out += [f"**Figure {b.number}**", "", f"**{_md_escape(b.title)}**", "",
                    f"![Figure {b.number}]({href(b)})", "", f"*{_md_escape(b.source)}*", ""]
    return "\n".join(out)


def number_href(n: Num, base: str = "") -> str:
    if n.query in acts.TEXTS:
        period = int(n.param_dict["period"])
        return f"{base}/sparql?" + urlencode({"query": acts.bound_text(n.query, period)})
    return f"{base}/queries/{n.query}" + (("?" + urlencode(n.params)) if n.params else "")


def _html_run(r: Run, base: str, link: Callable[[str], str]) -> str:
    if isinstance(r, Num):
        params = ", ".join(f"{k}={v}" for k, v in n_params(r))
        rows = ",".join(str(i) for i in r.rows)
        title = (f"{r.query}({params}) row {rows} column {r.column}: {r.value:g}"
                 + (" (sum)" if len(r.rows) > 1 else ""))
        return (f'<a class="n" href="{escape(number_href(r, base))}" title="{escape(title)}" '
                f'data-query="{escape(r.query)}" data-params="{escape(urlencode(r.params))}" '
                f'data-row="{escape(rows)}" data-column="{escape(r.column)}" '
                f'data-value="{r.value:g}">{escape(r.text)}</a>')
    if isinstance(r, Em):
        return f"<em>{escape(r.text)}</em>"
    if isinstance(r, Lit):
        return escape(r.text)
    if isinstance(r, Link):
        inner = f"<em>{escape(r.text)}</em>" if r.italic else escape(r.text)
        return f'<a class="iri" href="{escape(link(r.href))}" data-iri="{escape(r.href)}">{inner}</a>'
    return escape(r)


def n_params(n: Num) -> tuple[tuple[str, str], ...]:
    return n.params


_CSS = """
body{font-family:"Times New Roman",Times,serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.45;color:#111}
h1{font-size:1.3em}h2{font-size:1.15em;margin-top:1.6em}h3{font-size:1em;font-style:italic}
p.para{text-indent:0}p.para .no{display:inline-block;min-width:2.2em}
a.n{color:inherit;text-decoration:underline dotted #0a5;text-underline-offset:2px}
figure{margin:1.5em 0}figure img{max-width:100%}figcaption{font-weight:bold}
p.source{font-size:.85em;font-style:italic}.downloads{font-size:.9em}
"""


# The page's own wording around the draft (the draft itself is the note's English text)
TITLE = N_("Draft: sections IV to VIII for the reporting period %(period)s")
COMPARED = N_("Draft: sections IV to VIII for the reporting period %(period)s, compared with %(against)s")
LINKS = N_("Each number links to the saved query and result cell it was read from.")


def html(draft: Draft, *, base: str = "", link: Callable[[str], str] | None = None,
         downloads: dict[str, str] | None = None, lang: str = i18n.DEFAULT) -> str:
    """One HTML page; ``base`` prefixes the query links, ``link`` maps an IRI to its page; ``lang``
    is the language of the page's own wording (the draft's text is English, marked so)."""
    to_page = link or (lambda iri: iri)
    _ = i18n.gettext_for(lang)
    title = (_(TITLE, period=draft.period) if draft.against is None
             else _(COMPARED, period=draft.period, against=draft.against))
    en = ' lang="en"' if lang != i18n.DEFAULT else ""
    mine = f' lang="{lang}"' if en else ""  # the page's wording inside the English draft
    out = ["<!DOCTYPE html>", f'<html lang="{lang}" dir="{i18n.direction(lang)}"><head><meta charset="utf-8">',
           f"<title>{escape(title)}</title>", f"<style>{_CSS}</style></head><body>", f"<h1>{escape(title)}</h1>"]
    if downloads:
        out.append(f'<p class="downloads">{escape(_("Download:"))} ' + " · ".join(
            f'<a href="{escape(u)}">{escape(_(k))}</a>' for k, u in downloads.items()) + "</p>")
    out.append(f'<p class="downloads">{escape(_(LINKS))}</p>')
    if en:
        out.append(f"<div{en}>")
    for b in draft.blocks:
        if isinstance(b, Heading):
            out.append(f"<h{b.level + 1}>{escape(b.text)}</h{b.level + 1}>")
        elif isinstance(b, Para):
            body = "".join(_html_run(r, base, to_page) for r in b.runs)
            out.append(f'<p class="para" id="para-{b.number}"><span class="no">{b.number}.</span>{body}</p>')
        else:
            data = base64.b64encode(b.png).decode()
            q = f"{base}/queries/{b.query}?" + urlencode(b.params)
            head = escape(_("Figure %(n)s", n=b.number))
            shown = f"<span{mine}>{head}</span>" if mine else head
            out.append(f'<figure id="figure-{b.number}"><figcaption>{shown}<br>{escape(b.title)}'
                       f'</figcaption><img src="data:image/png;base64,{data}" alt="{head}: '
                       f'{escape(b.title)}"><p class="source">{escape(b.source)} '
                       f'<a href="{escape(q)}"{mine}>{escape(_("Query"))}</a></p></figure>')
    if en:
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


__all__ = ["figure_file", "html", "markdown", "number_href"]
