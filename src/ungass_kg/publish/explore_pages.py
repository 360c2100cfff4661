"""The static site's /activities: one pre-rendered page per facet value, and a search index
the browser searches (static/search.js), since a static site has no server to ask.

A page holds at most one filter (``activities/chapter-1/``, ``activities/year-2023/``); a facet
link on it opens the page of the value clicked. The counts on each page are the SPARQL counts
of its filter, as on the live site.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .. import i18n
from ..explore import activities, filters, search
from ..explore.filters import PAGE_SIZE, Filter
from ..present.explore_view import panel
from ..present.rendering import Site, render
from ..store import Store

N_ = i18n.N_

FACET_KEYS = ("chapter", "lead", "entity", "area", "reach", "focus", "programme", "year", "interagency")


def slug(params: dict[str, str]) -> str:
    """The folder of a filter's page under activities/ ('' for all activities)."""
    keys = [k for k in params if k in filters.FILTER_PARAMS]
    if not keys:
        return ""
    if "from" in params and params.get("from") == params.get("to"):
        return f"year-{params['from']}"
    k = keys[0]
    return f"{k}-{params[k]}"


def _single(params: dict[str, str], current: dict[str, str]) -> dict[str, str]:
    """The one-filter state a facet link on a static page leads to: the value that was clicked."""
    fresh = {k: v for k, v in params.items() if k in filters.FILTER_PARAMS and current.get(k) != v}
    if "from" in fresh or "to" in fresh:
        return {"from": params.get("from", ""), "to": params.get("to", "")}
    if fresh:
        k = next(iter(fresh))
        return {k: fresh[k]}
    kept = {k: v for k, v in params.items() if k in filters.FILTER_PARAMS}
    return kept if len(kept) <= 1 or set(kept) == {"from", "to"} else {}


def write_activity_pages(store: Store, out: Path, site: Site, write: Callable[[str, str], None],
                         site_for: Callable[[str], Site] | None = None) -> int:
    """Every page of activities/ and activities/search.json (into ``out``, the language's folder);
    ``site_for(rel)`` gives the page at ``rel`` its language switch. Returns the number of pages."""
    base = site.page("activities/")
    written = 0
    states: list[dict[str, str]] = [{}]
    _, facets = activities.counts(store, Filter())
    for fa in facets:
        for v in fa.values:
            states.append({"from": v.value, "to": v.value} if fa.key == "year" else {fa.key: v.value})
    for state in states:
        f = filters.parse(state)
        current = f.params()
        folder = slug(current)

        def link(params: dict[str, str], current: dict[str, str] = current, folder: str = folder) -> str:
            page_no = params.get("page", "1")
            target = _single(params, current)
            rel = slug(target)
            if target == {k: v for k, v in current.items() if k in filters.FILTER_PARAMS} and page_no != "1":
                return base + (f"{folder}/" if folder else "") + f"page-{page_no}/"
            return base + (f"{rel}/" if rel else "")

        total = activities.count(store, f)
        pages = max(1, -(-total // PAGE_SIZE))
        for n in range(1, pages + 1):
            fp = filters.parse({**current, "page": str(n)})
            x = panel(store, fp, link)
            x["sorts"] = []  # a static page has one order (by title)
            x["downloads"] = ()
            # the index links to this language's pages, so each language has its own copy
            x["static_index"] = site.bm.links + site.bm.page_prefix + "activities/search.json"
            x["static_slug"] = folder
            rel = "activities" + (f"/{folder}" if folder else "") + (f"/page-{n}" if n > 1 else "")
            at = site_for(rel) if site_for else site
            body = render("activities.html", at, title=i18n.gettext_for(at.lang)(N_("Activities")), x=x,
                          base="activities/")
            write(rel, body)
            written += 1
    (out / "activities").mkdir(parents=True, exist_ok=True)
    (out / "activities" / "search.json").write_text(json.dumps(search_index(store, site), ensure_ascii=False),
                                                     encoding="utf-8")
    return written


def search_index(store: Store, site: Site) -> list[dict[str, object]]:
    """What the browser searches: each activity's link, title and folded text, and the keys of
    its facet values (so a search on a facet page stays within the page's filter)."""
    idx = search.index(store)
    f = Filter()
    out = []
    size = max(1, len(idx.docs))
    rows = {a["iri"]: a for a in activities.page(store, f, size=size)}
    for iri, text in idx.docs:
        a = rows.get(iri)
        if a is None:
            continue
        out.append({"href": site.bm.href(iri), "title": a["title"], "text": text, "year": a["year"],
                    "lead": [e["label"] for e in a["lead"]], "keys": sorted(
                        {f"chapter-{c['key']}" for c in a["chapter"]} | {f"lead-{e['key']}" for e in a["lead"]}
                        | {f"reach-{r['key']}" for r in a["reach"]} | {f"area-{c['key']}" for c in a["area"]}
                        | ({f"year-{a['year']}"} if a["year"] else set()))})
    return out
