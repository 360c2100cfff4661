"""A synthetic matrix whose figures give the numbers the 2024 note publishes (the draft's test oracle).

The note's figures come from the full matrix, which is not public; ``data/published/`` holds the
numbers the note states about it. This module builds activities (clearly synthetic) whose saved-query
results round to those numbers, so a test can check that the draft written over them states the
note's numbers where paras 15-33 state them. Shares are read from ``data/published/`` (figures 2, 3
and 4); what the note leaves open is chosen below as a *design* (marked so, never a fact), and the
integer counts are searched so that every published share holds within the note's rounding (half a
point). docs/note.md lists the numbers that cannot hold together, and why.

    uv run python -m ungass_kg.published_matrix > matrix.nt    # N-Triples, with the register
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from rdflib import Graph

from . import paths
from .synthetic import MATRIX_ENTITIES, Row, rows_to_ntriples

TOLERANCE = 0.5  # the note prints whole per cents
TOTAL = 900  # activities (chosen): chapter VII's 45 are 5 % of all, and 5 of them 11 % inter-agency

# --- design choices (not in the note) --------------------------------------------------------
# Inter-agency share per chapter: the order paras 28, 30 and 32 state (VI first, I second, IV and V
# next and equal, VII at the note's 11 per cent, read from data/published); II and III are not ranked
# by the note and are put below IV and V so the stated ranks hold.
INTERAGENCY = {1: 60, 2: 30, 3: 25, 4: 50, 5: 50, 6: 75, 7: None}
# Shares the note does not give (percent of participations): chapter III's leading entities (para 18) and
# chapter VI, for which the note gives none; four entities there keep chapter II the one with the fewest.
FREE_SHARES = {3: {"unodc": 62, "interpol": 12, "wco": 12}, 6: {"unodc": 50, "who": 30, "unaids": 12, "undesa": 8}}
# Who the note's "other entities" are, per chapter. The note lists them as examples ("include");
# WHO and UNAIDS are added to chapter III's other actors so that para 15's ranking (UNODC in all seven
# chapters, followed by WHO, then UNAIDS) holds while UNDP keeps the four chapters the note names it in.
OTHERS = {
    1: ("ilo", "incb", "iom", "undp", "unesco", "unfpa", "un-habitat", "unhcr", "unicef", "un-women"),
    3: ("dppa", "dpko", "icao", "imo", "who", "unaids"),
    5: ("icao", "incb", "unaids", "undesa", "undp", "interpol", "wco"),
    7: ("iom", "un-women"),
}
# Reach mix for chapters other than VII (para 33: mostly global or country); VII is all country level.
REACH_CYCLE = ("global", "country", "global", "country", "regional", "global", "country", "global", "global")
YEARS = tuple(range(2017, 2024))


def _round(x: float) -> int:
    return int(Decimal(str(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Published:
    """The published shares the generator aims at."""

    chapter_share: dict[int, float]  # figure 3
    entity_share: dict[int, dict[str, float]]  # figure 2, per chapter: entity key -> share
    group_share: dict[int, tuple[tuple[str, ...], float]]  # figure 2 groups given by members (e.g. UNDP+UNFPA)
    remainder_share: dict[int, float]  # figure 2 "other entities" per chapter
    over: dict[int, str]  # figure 2 "over half" entity per chapter (a lower bound, not a value)
    lead_share: dict[str, float]  # figure 4 leads ("" = the other lead entities)
    interagency_vii: float  # figure 4, chapter VII


def _key(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def read_published() -> Published:
    g = Graph()
    for f in sorted((paths.data_dir() / "published").glob("*.ttl")):
        g.parse(f, format="turtle")
    q = """
    PREFIX qb: <http://purl.org/linked-data/cube#> PREFIX ung: <https://w3id.org/ungass-kg/ontology#>
    SELECT ?query ?chapter ?who ?share ?comparator ?remainder
           (GROUP_CONCAT(DISTINCT STR(?member); separator=" ") AS ?members) WHERE {
      ?obs qb:dataSet ?ds ; ung:share ?share . ?ds ung:savedQuery ?query .
      OPTIONAL { ?obs ung:refChapter ?chapter } OPTIONAL { ?obs ung:refEntity ?who }
      OPTIONAL { ?obs ung:refLeadEntity ?who } OPTIONAL { ?obs ung:comparator ?comparator }
      OPTIONAL { ?who ung:isRemainder ?remainder } OPTIONAL { ?who ung:groupMember ?member }
    } GROUP BY ?query ?chapter ?who ?share ?comparator ?remainder"""
    p = Published({}, defaultdict(dict), {}, {}, {}, {}, 0.0)
    for r in g.query(q):
        query, chapter, who, share, comparator, remainder, members = r  # type: ignore[misc]
        c = int(_key(str(chapter))) if chapter is not None else 0
        value = float(share)
        if str(query) == "figure-3":
            p.chapter_share[c] = value
        elif str(query) == "figure-2":
            if remainder is not None and str(remainder).lower() in ("true", "1"):
                p.remainder_share[c] = value
            elif "/group/" in str(who):
                p.group_share[c] = (tuple(sorted(_key(m) for m in str(members).split())), value)
            else:
                p.entity_share[c][_key(str(who))] = value
                if comparator is not None and str(comparator) == "over":
                    p.over[c] = _key(str(who))
        elif str(query) == "figure-4-leads":
            p.lead_share["" if "/group/" in str(who) else _key(str(who))] = value
        elif str(query) == "figure-4":
            p.interagency_vii = value
    p.entity_share = dict(p.entity_share)
    return p


def chapter_sizes(pub: Published, total: int = TOTAL) -> dict[int, int]:
    """Activities per chapter (one chapter each): the published shares of ``total``; chapter I, which the
    note gives only as "nearly half", takes the rest."""
    sizes = {c: _round(s * total / 100) for c, s in pub.chapter_share.items() if c != 1}
    sizes[1] = total - sum(sizes.values())
    return sizes


def interagency_counts(pub: Published, sizes: dict[int, int]) -> dict[int, int]:
    out = {}
    for c, a in sizes.items():
        target = pub.interagency_vii if c == 7 else INTERAGENCY[c]
        assert target is not None
        out[c] = min(range(a + 1), key=lambda i: abs(100 * i / a - target))
    return out


def _slots(pub: Published, c: int) -> tuple[dict[str, float], list[tuple[tuple[str, ...], float]], str | None]:
    """A chapter's targets: single entities with shares, groups (members, share), and the entity that
    takes what is left (the "over half" one, or none)."""
    singles = dict(pub.entity_share.get(c, {}))
    singles.update(FREE_SHARES.get(c, {}))
    free = pub.over.get(c)
    if free:
        singles.pop(free, None)
    groups = []
    if c in pub.group_share:
        groups.append(pub.group_share[c])
    if c in pub.remainder_share:
        groups.append((OTHERS[c], pub.remainder_share[c]))
    return singles, groups, free


def participations(pub: Published, c: int, a: int, i: int) -> dict[str, int]:
    """Each entity's participations in chapter ``c``: the smallest total for which every published share
    rounds right, no entity is in more activities than there are, and the inter-agency ones can be filled."""
    singles, groups, free = _slots(pub, c)
    for p in range(a + i, 4 * a):
        counts: dict[str, int] = {}
        ok = True
        for e, s in singles.items():
            counts[e] = _round(s * p / 100)
            ok &= abs(100 * counts[e] / p - s) <= TOLERANCE and 0 < counts[e] <= a
        for members, s in groups:
            n = _round(s * p / 100)
            ok &= abs(100 * n / p - s) <= TOLERANCE and n >= len(members)
            for k, m in enumerate(members):
                counts[m] = counts.get(m, 0) + n // len(members) + (1 if k < n % len(members) else 0)
        rest = p - sum(counts.values())
        if free:
            counts[free] = rest
            ok &= 100 * rest / p > 50 and rest <= a
        elif c in OTHERS and c not in pub.remainder_share:  # the note names the others but gives no share
            ok &= rest >= len(OTHERS[c])
            for k, m in enumerate(OTHERS[c]):
                counts[m] = counts.get(m, 0) + rest // len(OTHERS[c]) + (1 if k < rest % len(OTHERS[c]) else 0)
        else:
            ok &= rest == 0
        ok &= all(v <= a for v in counts.values())
        slots = p - a + i  # participations inside the inter-agency activities
        ok &= slots >= 2 * i and sum(min(v, i) for v in counts.values()) >= slots
        if ok:
            return counts
    raise ValueError(f"chapter {c}: no participation counts fit the published shares")


def build_rows(pub: Published | None = None, total: int = TOTAL) -> list[Row]:
    """The synthetic activities (see the module's docstring)."""
    pub = pub or read_published()
    sizes = chapter_sizes(pub, total)
    ia = interagency_counts(pub, sizes)
    planned: list[tuple[int, list[str]]] = []  # (chapter, participants; the first is a placeholder lead)
    for c in sorted(sizes):
        a, i = sizes[c], ia[c]
        counts = participations(pub, c, a, i)
        inside = {e: min(v, i) for e, v in counts.items()}  # UNODC, the largest, is in every joint activity
        excess = sum(inside.values()) - (sum(counts.values()) - (a - i))
        for e in sorted((e for e in inside if e != "unodc"), key=lambda e: -inside[e]):
            cut = min(excess, inside[e])
            inside[e] -= cut
            excess -= cut
        joint: list[list[str]] = [[] for _ in range(i)]
        t = 0
        for e in sorted(inside, key=lambda e: (-inside[e], e)):
            for _ in range(inside[e]):
                joint[t % i].append(e)
                t += 1
        singles = [e for e in sorted(counts) for _ in range(counts[e] - inside[e])]
        planned += [(c, j) for j in joint] + [(c, [e]) for e in singles]
    leads = _leads(pub, [p for _, p in planned if len(p) > 1])
    rows: list[Row] = []
    k_joint = 0
    for n, (c, people) in enumerate(planned):
        if len(people) > 1:
            lead = leads[k_joint]
            k_joint += 1
        else:
            lead = people[0]
        reach = "country" if c == 7 else REACH_CYCLE[n % len(REACH_CYCLE)]
        rows.append(Row(f"published-{n:05d}", (c,), lead, tuple(sorted(people)), reach, YEARS[n % len(YEARS)]))
    return rows


def _leads(pub: Published, joint: list[list[str]]) -> list[str]:
    """A lead for each joint activity so that the lead shares of figure 4 come out as published: the
    smaller named quotas and the other lead entities are served first, preferring activities the largest
    (UNODC) is not in; the largest takes what is left."""
    n = len(joint)
    named = sorted((e for e in pub.lead_share if e), key=lambda e: pub.lead_share[e])
    quota = {e: _round(pub.lead_share[e] * n / 100) for e in named}
    quota[""] = n - sum(quota.values())
    largest = named[-1]
    out: list[str | None] = [None] * n

    def others(people: list[str]) -> list[str]:
        return [x for x in people if x not in named]

    order = sorted(range(n), key=lambda k: largest in joint[k])  # activities without the largest first
    for k in order:
        if not any(e in joint[k] for e in named):
            out[k] = others(joint[k])[0]
            quota[""] -= 1
    for e in named[:-1]:
        for k in order:
            if quota[e] > 0 and out[k] is None and e in joint[k]:
                out[k] = e
                quota[e] -= 1
    for k in order:
        if quota[""] > 0 and out[k] is None and others(joint[k]):
            out[k] = others(joint[k])[0]
            quota[""] -= 1
    for k in range(n):
        if out[k] is None:
            out[k] = largest if largest in joint[k] else joint[k][0]
    return [str(x) for x in out]


def ntriples(total: int = TOTAL) -> bytes:
    """The synthetic matrix as N-Triples, with the 23 entities, chapters and reaches it needs."""
    return rows_to_ntriples(build_rows(total=total), include_register=True)


def main() -> None:
    sys.stdout.buffer.write(ntriples())


assert len(MATRIX_ENTITIES) == 23

if __name__ == "__main__":
    main()

__all__ = ["TOTAL", "Published", "build_rows", "chapter_sizes", "ntriples", "participations", "read_published"]
