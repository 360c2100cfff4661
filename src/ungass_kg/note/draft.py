"""Sections IV-VIII of the Secretariat's note, written from the saved queries' results.

Each paragraph is a rule over one result: it picks its wording from the data (ties, a single
entity, an empty chapter, nothing reported) and takes every number from a result cell as a
traced :class:`~.model.Num`, never from the template. Rankings are claimed only between values
that differ once rounded as printed; equal rounded values are written together ("8 per cent
each"). With ``against`` each number that has a counterpart in the other period carries the change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from .. import figures as figs
from ..store import Store
from . import activities as acts
from .facts import Facts, Result, rounded, year_only
from .model import Draft, Em, FigureBlock, Heading, Link, Lit, Num, Para, Run
from .names import Names, join_runs

FIRST_PARAGRAPH = 12  # sections I-III (paras 1-11) are the Secretariat's own text
SECTIONS = {
    4: "IV. United Nations entities and partner organizations",
    5: "V. Thematic areas and cross cutting efforts",
    6: "VI. Inter-agency collaboration",
    7: "VII. Geographic reach of drug-related activities",
    8: "VIII. Recent inter-agency activities",
}
FIGURES = (("figure-1", 1), ("figure-2", 2), ("figure-3", 3), ("figure-4", 4), ("figure-5", 5), ("figure-6", 6))
NAMED_MAX = 5  # entities named one by one in a chapter's paragraph; the rest are "other entities"
NAMED_MIN_SHARE = 4  # ... and only those with at least this rounded share (the note names 4 per cent, para 21)

# Row keys that find a number's counterpart in the other period's result.
KEYS: dict[str, tuple[str, ...]] = {
    "organisations-with-activity": (), "organisations-per-chapter": ("chapter",),
    "chapter-coverage-ranking": ("entity",), "figure-2": ("chapter", "entity"), "figure-3": ("chapter",),
    "figure-4": ("chapter", "interagency"), "figure-4-leads": ("entity",), "figure-5": ("entityA", "entityB"),
    "figure-6": ("chapter", "reach"),
}


def pct(n: Num) -> list[Run]:
    """A share in words as the numbers warrant: "more than half (57 per cent)", "nearly half (48 ...)"."""
    r = rounded(n.value)
    if n.value > 50 and r < 100:
        return ["more than half (", n, " per cent)"]
    if 45 <= n.value < 50 and r < 50:
        return ["nearly half (", n, " per cent)"]
    return [n, " per cent"]


def groups(result: Result, idx: Sequence[int], column: str = "share") -> list[list[int]]:
    """Row indexes sorted by value (largest first), grouped where the printed (rounded) values are equal."""
    order = sorted(idx, key=lambda i: (-result.value(i, column), str(result.rows[i].get("entityLabel", ""))))
    out: list[list[int]] = []
    for i in order:
        if out and rounded(result.value(out[-1][0], column)) == rounded(result.value(i, column)):
            out[-1].append(i)
        else:
            out.append([i])
    return out


class Writer:
    def __init__(self, store: Store, period: int, against: int | None) -> None:
        self.store = store
        self.period = period
        self.against = against
        self.names = Names.load(store)
        self.now = Facts(store, period)
        self.then = Facts(store, against) if against is not None else None
        self.blocks: list[Heading | Para | FigureBlock] = []

    # --- helpers -----------------------------------------------------------------------
    def para(self, runs: list[Run], *note_paras: int) -> None:
        self.blocks.append(Para(runs, tuple(note_paras)))

    def figure(self, name: str, number: int) -> None:
        fig = figs.build(self.store, name, {"to": str(self.period)})
        self.blocks.append(FigureBlock(
            number=number, title=fig.query.title,
            source=(f"Source: UNGASS mapping matrix, activities reported up to the end of {self.period}; "
                    f"computed by the saved query {name}."),
            query=name, params=(("to", str(self.period)),), png=fig.png()))

    def change(self, n: Num) -> list[Run]:
        """" (up from 38 per cent in 2023)": the same cell in the other period, when asked for."""
        if self.then is None or n.query not in KEYS:
            return []
        now, then = self.now[n.query], self.then[n.query]
        keys = KEYS[n.query]
        wanted = {tuple(now.rows[i].get(k) for k in keys) for i in n.rows}
        match = [j for j, r in enumerate(then.rows) if tuple(r.get(k) for k in keys) in wanted]
        if not match:
            return [f" (none in {self.against})"]
        old = then.num(match, n.column, n.unit)
        unit = " per cent" if n.unit else ""
        if old.text == n.text:
            return [f" (unchanged from {self.against})"]
        word = "up" if n.value > old.value else "down"
        return [f" ({word} from ", old, f"{unit} in {self.against})"]

    def with_change(self, n: Num, suffix: str = "") -> list[Run]:
        """The number, its unit or phrase, then the change: "45 per cent each (up from 40 per cent in 2022)"."""
        return [n, suffix, *self.change(n)] if suffix else [n, *self.change(n)]

    def chapter(self, number: int) -> list[Run]:
        return self.names.chapter(number).ref()

    def upto(self) -> str:
        return f"up to the end of {self.period}"

    # --- section IV -------------------------------------------------------------------
    def entities(self) -> None:
        self.blocks.append(Heading(SECTIONS[4]))
        r = self.now["organisations-with-activity"]
        cov = self.now["chapter-coverage-ranking"]
        if self.now.empty:
            self.para([f"No United Nations entity or partner organization has reported an activity in the "
                       f"matrix {self.upto()}, so sections IV to VII have nothing to analyse yet."], 12)
            self.figure("figure-1", 1)
            self.figure("figure-2", 2)
            return
        ents = sorted((str(row["entity"]) for row in cov.rows), key=self.names.acronym)
        if len(ents) == 1:
            self.para(["Only one entity, ", self.names.entity(ents[0]), ", has reported activities under the "
                       f"thematic chapters of the UNGASS outcome document {self.upto()} (figure 1)."], 12, 13)
        else:
            self.para([*self.with_change(r.count(0, "entities")),
                       " United Nations entities and partner organizations have reported at least one activity "
                       f"under a thematic chapter of the UNGASS outcome document {self.upto()} (figure 1)."], 12)
            self.para(["They are: ", *self.names.entities_runs(ents), "."], 13)
        if self.now.year_empty:
            self.para([f"No activity has been reported for {self.period} itself: the figures that follow are "
                       "those of the earlier reporting years."], 12)
        self.figure("figure-1", 1)
        self.coverage(cov, len(ents))
        self.per_chapter()
        self.figure("figure-2", 2)
        for c in sorted(self.names.chapters):
            self.chapter_shares(c)

    def coverage(self, cov: Result, n_entities: int) -> None:
        total = len(self.names.chapters)
        g = groups(cov, range(len(cov.rows)), "chapters")
        top = g[0]
        who = self.names.entities_runs([str(cov.rows[i]["entity"]) for i in top])
        n = cov.count(top[0], "chapters")
        if n_entities == 1:
            self.para([*who, " is active under ", *self.with_change(n), " of the chapters."], 15)
            return
        if int(n.value) == total:
            runs: list[Run] = [*who, " is the only entity active under every chapter" if len(top) == 1 else
                               " are active under every chapter", " of the outcome document"]
        else:
            runs = ["No entity is active under every chapter; ", *who,
                    " covers the most" if len(top) == 1 else " cover the most", ", ", *self.with_change(n),
                    " chapters" + (" each" if len(top) > 1 else "")]
        follow = g[1:3] if len(g) > 1 and len(g[1]) == 1 else g[1:2]
        for k, grp in enumerate(follow):
            m = cov.count(grp[0], "chapters")
            runs += [", followed by " if k == 0 else ", then ",
                     *self.names.entities_runs([str(cov.rows[i]["entity"]) for i in grp]),
                     " (", *self.with_change(m, " chapters" + (" each" if len(grp) > 1 else "")), ")"]
        self.para([*runs, "."], 15)

    def per_chapter(self) -> None:
        r = self.now["organisations-per-chapter"]
        active = [i for i, row in enumerate(r.rows) if (row["entities"] or 0) > 0]  # type: ignore[operator]
        empty = [int(row["chapterNumber"] or 0) for row in r.rows if not row["entities"]]
        empty += [c for c in self.names.chapters if not r.where(chapterNumber=c)]
        if not active:
            return
        g = groups(r, active, "entities")
        runs: list[Run] = []
        most = g[0]
        if len(g) == 1:
            runs += ["Every chapter with activities has the same number of entities, ",
                     *self.with_change(r.count(most[0], "entities")), "."]
        else:
            runs += ["The widest range of entities works under ",
                     *join_runs([self.chapter(int(r.rows[i]["chapterNumber"] or 0)) for i in most]), ": ",
                     *self.with_change(r.count(most[0], "entities"), " entities" +
                                       (" each" if len(most) > 1 else "")), ". The fewest report under ",
                     *join_runs([self.chapter(int(r.rows[i]["chapterNumber"] or 0)) for i in g[-1]]), ": ",
                     *self.with_change(r.count(g[-1][0], "entities"), " entities" +
                                       (" each" if len(g[-1]) > 1 else "")), "."]
        if empty:
            runs += [" No entity has reported an activity under ",
                     *join_runs([self.chapter(c) for c in sorted(set(empty))]), "."]
        self.para(runs, 16, 17)

    def chapter_shares(self, c: int) -> None:
        """One paragraph per chapter: who accounts for the chapter's involvement (paras 16-21)."""
        r = self.now["figure-2"]
        idx = r.where(chapterNumber=c)
        ch = self.chapter(c)
        note = {1: 16, 2: 17, 3: 18, 4: 19, 5: 20, 7: 21}.get(c, 16)
        if not idx:
            self.para(["No activity has been reported under ", *ch, f" {self.upto()}."], note)
            return
        if len(idx) == 1:
            self.para(["Under ", *ch, ", only ", self.names.entity(str(r.rows[idx[0]]["entity"])),
                       " has reported activities."], note)
            return
        g = groups(r, idx)
        def ent(grp: list[int]) -> list[Run]:
            return self.names.entities_runs([str(r.rows[i]["entity"]) for i in grp])

        lead = g[0]
        lead_share = r.share(lead[0])
        runs: list[Run] = ["Under ", *ch, ", "]
        if len(lead) == 1:
            runs += [*ent(lead), " accounts for ", *pct(lead_share), *self.change(lead_share),
                     " of the involvement of entities in its activities"]
        else:
            runs += [*ent(lead), " account for the largest shares of the involvement of entities in its "
                     "activities, ", *self.with_change(lead_share, " per cent each")]
        named = len(lead)
        rest = g[1:]
        follow: list[list[int]] = []
        while rest and named + len(rest[0]) <= NAMED_MAX and rounded(r.value(rest[0][0], "share")) >= NAMED_MIN_SHARE:
            follow.append(rest.pop(0))
            named += len(follow[-1])
        for k, grp in enumerate(follow):
            s = r.share(grp[0])
            runs += [", followed by " if k == 0 else (" and " if k == len(follow) - 1 else ", "),
                     *ent(grp), " (", *self.with_change(s, " per cent" + (" each" if len(grp) > 1 else "")), ")"]
        others = [i for grp in rest for i in grp]
        if len(others) == 1:
            runs += ["; ", *ent(others), " accounts for ", *self.with_change(r.share(others[0]), " per cent")]
        elif others:
            runs += ["; the other entities, ", *ent(sorted(others, key=lambda i: str(r.rows[i]["entityLabel"]))),
                     ", together account for ", *self.with_change(r.share(others), " per cent")]
        self.para([*runs, "."], note)

    # --- section V --------------------------------------------------------------------
    def thematic(self) -> None:
        self.blocks.append(Heading(SECTIONS[5]))
        r = self.now["figure-3"]
        idx = [i for i, row in enumerate(r.rows) if (row["activities"] or 0) > 0]  # type: ignore[operator]
        if not idx:
            self.para([f"No activity has been recorded under a chapter {self.upto()}."], 22)
            return
        g = groups(r, idx)
        chs: Callable[[list[int]], list[Run]] = lambda grp: join_runs(  # noqa: E731
            [self.chapter(int(r.rows[i]["chapterNumber"] or 0)) for i in grp])
        first = r.share(g[0][0])
        if len(g[0]) == 1:
            runs: list[Run] = ["Of all the activities recorded under a chapter ", self.upto(), ", ", *chs(g[0]),
                               " accounts for the largest share, ", *pct(first), *self.change(first), " (figure 3)."]
        else:
            runs = ["Of all the activities recorded under a chapter ", self.upto(), ", ", *chs(g[0]),
                    " account for the largest shares, ", *self.with_change(first, " per cent each"), " (figure 3)."]
        self.para(runs, 22)
        if len(g) > 1:
            runs = []
            for k, grp in enumerate(g[1:]):
                s = r.share(grp[0])
                last = k == len(g) - 2
                if k:
                    runs += ["; and " if last else "; "]
                runs += [*chs(grp), " follows with " if k == 0 and len(grp) == 1 else
                         (" follow with " if k == 0 else " account for " if len(grp) > 1 else " accounts for "),
                         *self.with_change(s, " per cent" + (" each" if len(grp) > 1 else ""))]
                if last and len(g) > 2:
                    runs += [", the smallest share" + ("s" if len(grp) > 1 else "")]
            self.para([*runs, "."], 23, 24)
        empty = [c for c in self.names.chapters if not any(int(r.rows[i]["chapterNumber"] or 0) == c for i in idx)]
        if empty:
            self.para(["No activity has been recorded under ", *join_runs([self.chapter(c) for c in empty]),
                       f" {self.upto()}."], 24)
        self.figure("figure-3", 3)

    # --- section VI -------------------------------------------------------------------
    def collaboration(self) -> None:
        self.blocks.append(Heading(SECTIONS[6]))
        leads = self.now["figure-4-leads"]
        if not leads.rows:
            self.para([f"No activity reported {self.upto()} involved two or more entities."], 26)
            self.figure("figure-4", 4)
            self.figure("figure-5", 5)
            return
        total = leads.count(range(len(leads.rows)), "activities")
        noun = " activity" if int(total.value) == 1 else " activities"
        self.para([f"{self.upto()[0].upper()}{self.upto()[1:]}, ", *self.with_change(total, noun),
                   " involved two or more entities; the paragraphs below analyse them (figure 4)."], 26)
        g = groups(leads, range(len(leads.rows)))
        ent = lambda grp: self.names.entities_runs([str(leads.rows[i]["entity"]) for i in grp])  # noqa: E731
        if len(leads.rows) == 1:
            self.para(["All of them are led by ", *ent([0]), "."], 27)
        else:
            runs: list[Run] = []
            shown = g[:2] if len(g) > 2 else g
            for k, grp in enumerate(shown):
                s = leads.share(grp[0])
                runs += ["" if k == 0 else " and ",
                         *ent(grp), " lead" + ("s" if len(grp) == 1 else ""), " ",
                         *self.with_change(s, " per cent" + (" each" if len(grp) > 1 else ""))]
            rest = [i for grp in g[len(shown):] for i in grp]
            if rest:
                runs += ["; the remaining ", *self.with_change(leads.share(rest), " per cent"), " are led by ",
                         *ent(sorted(rest, key=lambda i: str(leads.rows[i]["entityLabel"])))]
            self.para(["Of these inter-agency activities, ", *runs, "."], 27)
        self.figure("figure-4", 4)
        self.chapter_ranking()
        self.pairs()
        self.figure("figure-5", 5)

    def chapter_ranking(self) -> None:
        r = self.now["figure-4"]
        chapters = sorted({int(row["chapterNumber"] or 0) for row in r.rows})
        with_ia = [r.where(chapterNumber=c, interagency=True)[0] for c in chapters
                   if r.where(chapterNumber=c, interagency=True)]
        none = [c for c in chapters if not r.where(chapterNumber=c, interagency=True)]
        runs: list[Run] = []
        if with_ia:
            g = groups(r, with_ia)
            chs = lambda grp: join_runs([self.chapter(int(r.rows[i]["chapterNumber"] or 0)) for i in grp])  # noqa: E731
            s = r.share(g[0][0])
            runs += [*chs(g[0]), " ha" + ("s" if len(g[0]) == 1 else "ve"), " the highest share of inter-agency "
                     "activities, ", *self.with_change(s, " per cent" + (" each" if len(g[0]) > 1 else ""))]
            for k, grp in enumerate(g[1:3]):
                s = r.share(grp[0])
                runs += [", followed by " if k == 0 else ", then ", *chs(grp), " (",
                         *self.with_change(s, " per cent" + (" each" if len(grp) > 1 else "")), ")"]
            runs += ["."]
            if len(g) > 3:
                s = r.share(g[-1][0])
                runs += [" The lowest share is under ", *chs(g[-1]), ": ", *self.with_change(s, " per cent"), " of its "
                         "activities involved more than one entity" if len(g[-1]) == 1 else
                         " of the activities of each involved more than one entity", "."]
        if none:
            runs += [" " if runs else "", "No activity under ", *join_runs([self.chapter(c) for c in none]),
                     " involved more than one entity."]
        if runs:
            self.para(runs, 28, 30, 32)

    def pairs(self) -> None:
        r = self.now["figure-5"]
        if not r.rows:
            return
        g = groups(r, range(len(r.rows)), "activities")
        def pair(i: int) -> list[Run]:
            row = r.rows[i]
            return [self.names.entity(str(row["entityA"])), " with ", self.names.entity(str(row["entityB"]))]

        top = g[0]
        n = r.count(top[0], "activities")
        if len(top) == 1:
            runs: list[Run] = ["The most frequent partners are ", self.names.entity(str(r.rows[top[0]]["entityA"])),
                               " and ", self.names.entity(str(r.rows[top[0]]["entityB"])), ", who take part "
                               "together in ", *self.with_change(n, " activit" + ("y" if int(n.value) == 1 else "ies"))]
        elif len(top) <= 3:
            runs = ["The most frequent partnerships, with ", *self.with_change(n), " joint activit" +
                    ("y" if int(n.value) == 1 else "ies") + " each, are ",
                    *join_runs([pair(i) for i in top])]
        else:
            runs = [f"{len(top)} pairs of entities share the highest number of joint activities, ",
                    *self.with_change(n)]
        if len(g) > 1 and len(top) <= 3:
            nxt = g[1]
            m = r.count(nxt[0], "activities")
            runs += ["; next come " if len(nxt) > 1 else "; next comes ",
                     *(join_runs([pair(i) for i in nxt]) if len(nxt) <= 3 else [f"{len(nxt)} pairs"]),
                     " (", *self.with_change(m, " each" if len(nxt) > 1 else ""), ")"]
        self.para([*runs, " (figure 5)."], 29, 30, 31)

    # --- section VII ------------------------------------------------------------------
    def reach(self) -> None:
        self.blocks.append(Heading(SECTIONS[7]))
        r = self.now["figure-6"]
        reaches = sorted({(str(row["reach"]), str(row["reachLabel"])) for row in r.rows})
        if not r.rows or sum(r.value(i, "activities") for i in range(len(r.rows))) == 0:
            self.para([f"No activity with a geographic reach has been reported {self.upto()}."], 33)
            self.figure("figure-6", 6)
            return
        runs: list[Run] = ["Counted chapter by chapter, "]
        parts: list[list[Run]] = []
        order = sorted(reaches, key=lambda x: -sum(r.value(i, "activities") for i in r.where(reach=x[0])))
        for iri, label in order:
            idx = r.where(reach=iri)
            n = r.count(idx, "activities")
            if n.value:
                parts.append([*self.with_change(n), " activit" + ("y" if int(n.value) == 1 else "ies") + " at ",
                              Lit(label.lower()), " level"])
        runs += [*join_runs(parts), f" have been reported {self.upto()} (figure 6)."]
        self.para(runs, 33)
        by_reach: dict[str, list[int]] = {}
        ties: list[list[int]] = []
        for c in sorted(self.names.chapters):
            idx = [i for i in r.where(chapterNumber=c) if r.value(i, "activities") > 0]
            if not idx:
                continue
            g = groups(r, idx)
            if len(g[0]) == 1:
                by_reach.setdefault(str(r.rows[g[0][0]]["reachLabel"]), []).append(g[0][0])
            else:
                ties.append(g[0])
        runs = []
        for label, idx in sorted(by_reach.items(), key=lambda kv: -len(kv[1])):
            part: list[Run] = [" Activities at " if not runs else "; at ", Lit(label.lower()), " level lead under "]
            part += join_runs([[*self.chapter(int(r.rows[i]["chapterNumber"] or 0)), " (",
                                *self.with_change(r.share(i), " per cent"), ")"] for i in idx])
            runs += part
        if runs:
            runs = [runs[0].lstrip() if isinstance(runs[0], str) else runs[0], *runs[1:], "."]
        # chapters whose activities are split evenly between the same reaches, at the same printed share
        alike: dict[tuple[tuple[str, ...], str], list[list[int]]] = {}
        for grp in ties:
            labels = tuple(sorted(str(r.rows[i]["reachLabel"]).lower() for i in grp))
            alike.setdefault((labels, r.share(grp[0]).text), []).append(grp)
        for (labels, _), grps in alike.items():
            chs = join_runs([self.chapter(int(r.rows[g[0]]["chapterNumber"] or 0)) for g in grps])
            shares = join_runs([self.with_change(r.share(g[0])) for g in grps])
            runs += [" Under ", *chs, ", activities are split evenly between ", Lit(" and ".join(labels)),
                     " level (", *shares, " per cent each" if len(grps) == 1 else " per cent of each, respectively",
                     ")."]
        if runs:
            self.para(runs, 33)
        self.figure("figure-6", 6)

    # --- section VIII -----------------------------------------------------------------
    def recent(self) -> None:
        self.blocks.append(Heading(SECTIONS[8]))
        year = self.now.year
        found, _, qty = acts.activities(self.store, self.period)
        if not year.rows or not found:
            self.para([f"No inter-agency activity was reported for {self.period}."], 35)
            return
        n = year.count(range(len(year.rows)), "activities")
        self.para([*self.with_change_year(n), " inter-agency activit" + ("y was" if int(n.value) == 1 else "ies were"),
                   f" reported for {self.period}; they are set out below by chapter."], 35)
        for c in sorted({a.chapter for a in found}):
            self.blocks.append(Heading(self.names.chapter(c).heading, 2))
            for a in (a for a in found if a.chapter == c):
                self.activity(a, qty)

    def with_change_year(self, n: Num) -> list[Run]:
        if self.then is None:
            return [n]
        old = self.then.year
        if not old.rows:
            return [n, f" (none in {self.against})"]
        o = old.count(range(len(old.rows)), "activities")
        if o.text == n.text:
            return [n, f" (unchanged from {self.against})"]
        return [n, f" ({'up' if n.value > o.value else 'down'} from ", o, f" in {self.against})"]

    def activity(self, a: acts.Activity, qty: Result) -> None:
        partners = [p for p in a.participants if p != a.lead]
        runs: list[Run] = [self.names.entity(a.lead), " led ", Link(a.title, a.iri, italic=True)]
        if partners:
            runs += [" with ", *self.names.entities_runs(partners)]
        if a.others:
            runs += [", alongside " if partners else " with ", *self.names.entities_runs(a.others)]
        if a.partner_note:
            runs += [" and " if partners or a.others else " with ", Lit(a.partner_note)]
        runs += ["."]
        if a.areas:
            runs += [" It took place in ", *join_runs([[Lit(x)] for x in a.areas]), "."]
        if a.programmes:
            runs += [" It is part of ", *join_runs([[Lit(x)] for x in a.programmes]), "."]
        if a.quantities:
            items: list[list[Run]] = []
            for k in a.quantities:
                q = qty.rows[k]
                items.append([Lit(str(q["kind"]).lower()), ": ", *_about(q), qty.count(k, "value")])
            runs += [" It reports ", *join_runs(items), "."]
        self.para(runs, 36)


def _about(q: Mapping[str, object]) -> list[Run]:
    """The quantity's own bound ("over 350", "almost 1,900"): chosen from its recorded qualifier."""
    text = str(q.get("qualifier") or "").lower()
    if any(w in text for w in ("over", "more than", "above")):
        return ["more than "]
    if any(w in text for w in ("almost", "nearly", "just under", "under", "up to")):
        return ["almost "]
    if q.get("approximate"):
        return ["about "]
    return []


def write(store: Store, period: int, against: int | None = None) -> Draft:
    """The draft of sections IV-VIII for ``period`` (activities reported up to its end)."""
    w = Writer(store, period, against)
    w.entities()
    if not w.now.empty:
        w.thematic()
        w.collaboration()
        w.reach()
    else:  # the figures are still drawn (empty), so the document keeps its structure
        for n, figures in ((5, (3,)), (6, (4, 5)), (7, (6,))):
            w.blocks.append(Heading(SECTIONS[n]))
            w.para([f"Nothing has been reported {w.upto()}."], {5: 22, 6: 26, 7: 33}[n])
            for k in figures:
                w.figure(FIGURES[k - 1][0], k)
    w.recent()
    number = FIRST_PARAGRAPH
    for b in w.blocks:
        if isinstance(b, Para):
            b.number = number
            number += 1
    return Draft(period, against, list(w.blocks))


_ = (Em, year_only)

__all__ = ["FIRST_PARAGRAPH", "SECTIONS", "write"]
