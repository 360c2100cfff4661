"""What a file would change, activity by activity, matched by Activity ID (never by row position).

Public API::

    from ungass_kg.diff import diff_activities
    d = diff_activities(stored_graph, file_graph, registers)
    d.counts()   # {"new": n, "changed": n, "withdrawn": n, "unchanged": n}
    d.to_json()  # the counts at the top level, the activities beside them

Both sides are compared as template rows (:func:`ungass_kg.prefill.template_rows`), so a
field that changed is shown as the focal point would type it: ``Reach: Global -> Country``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Graph

from .i18n import DEFAULT, N_, gettext_for
from .ingest.registers import Registers
from .prefill import template_rows

ID_COLUMN = "Activity ID"


@dataclass
class Changed:
    id: str
    title: str
    fields: dict[str, tuple[object, object]]  # header -> (old, new)


@dataclass
class Diff:
    against: str
    new: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    changed: list[Changed] = field(default_factory=list)
    withdrawn: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "withdrawn": len(self.withdrawn),
                "unchanged": len(self.unchanged)}

    def to_json(self) -> dict:
        return {**self.counts(), "against": self.against, "activities": {
            "new": [{"id": i, "title": t} for i, t in self.new],
            "changed": [{"id": c.id, "title": c.title,
                         "fields": {h: {"old": o, "new": n} for h, (o, n) in c.fields.items()}} for c in self.changed],
            "withdrawn": [{"id": i, "title": t} for i, t in self.withdrawn],
            "unchanged": [{"id": i, "title": t} for i, t in self.unchanged],
        }}

    def to_text(self, lang: str = DEFAULT) -> str:
        """The summary line and one line per activity; the fixed words in ``lang``, the activities'
        IDs, titles and values as they are (column headers as the template of ``lang`` has them)."""
        _ = gettext_for(lang)
        c = self.counts()
        lines = [_(N_("Against %(against)s: %(new)s new, %(changed)s changed, %(withdrawn)s withdrawn, "
                      "%(unchanged)s unchanged"), against=self.against, new=c["new"], changed=c["changed"],
                   withdrawn=c["withdrawn"], unchanged=c["unchanged"])]
        labels = {k: _(v) for k, v in KINDS.items()}
        width = max(10, *(len(v) for v in labels.values()))  # the English columns: "withdrawn" and a space
        for i, t in self.new:
            lines.append(f"  + {labels['new']:<{width}} {i}  {t}")
        for ch in self.changed:
            lines.append(f"  ~ {labels['changed']:<{width}} {ch.id}  {ch.title}")
            for h, (o, n) in ch.fields.items():
                lines.append(f"      {_(h)}: {_show(o, _)} -> {_show(n, _)}")
        for i, t in self.withdrawn:
            lines.append(f"  - {labels['withdrawn']:<{width}} {i}  {t}")
        return "\n".join(lines) + "\n"


# the words of the text diff's lines (the JSON keeps its keys: new, changed, withdrawn)
KINDS = {"new": N_("new"), "changed": N_("changed"), "withdrawn": N_("withdrawn")}


def _show(v: object, _: Callable[..., str] = str) -> str:
    return _(EMPTY) if v in (None, "") else repr(v) if isinstance(v, str) else str(v)


EMPTY = N_("(empty)")


def diff_activities(old: Graph, new: Graph, registers: Registers, against: str = "what is stored",
                    ignore: frozenset[str] = frozenset()) -> Diff:
    """``ignore``: column headers not compared (the reporting year, against an earlier period)."""
    old_rows = {str(r[ID_COLUMN]): r for r in template_rows(old, registers)}
    new_rows = {str(r[ID_COLUMN]): r for r in template_rows(new, registers)}
    d = Diff(against=against)
    for i, row in new_rows.items():
        title = str(row.get("Title") or "")
        before = old_rows.get(i)
        if before is None:
            d.new.append((i, title))
            continue
        fields = {h: (before.get(h), v) for h, v in row.items()
                  if h != ID_COLUMN and h not in ignore and before.get(h) != v}
        if fields:
            d.changed.append(Changed(i, title, fields))
        else:
            d.unchanged.append((i, title))
    d.withdrawn = [(i, str(r.get("Title") or "")) for i, r in old_rows.items() if i not in new_rows]
    return d
