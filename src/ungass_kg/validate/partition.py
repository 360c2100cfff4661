"""Split a submission into parts that validate independently, so its cost stays per row.

Oxigraph's evaluation on one scratch store slows down as the store grows (20,000 rows cost
14-16x 2,000 rows in the compiled Core queries, on the same machine in one run); parts of
:data:`PART_ROWS` activities, each in its own scratch store beside the registers, keep every
query at the size of a small file. A part holds whole activities: each activity with the
nodes only it points to (its quantities). The rules that relate one activity to others (the
duplicate rules) join on the title in lower case, its lead entity and year, so activities whose
titles could be equal under SPARQL's ``LCASE`` go to the same part, and a stored activity goes
with the submitted ones it could duplicate. A rule that relates activities otherwise, and RDF
input (where the file may describe anything: only a table's mapping knows which activity each
node belongs to), are validated whole: :func:`parts` returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..ingest.mapping import Triple
from ..namespaces import SH
from .shapes import UNGSH

# measured (raw_results, median of 3 in one process): 2,000 rows in parts of 500 / 1,000 / 2,000
# took 0.276 / 0.280 / 0.285 s, 20,000 rows 2.99 / 3.01 / 3.19 s (one store of 20,000: 4.9 s)
PART_ROWS = 1_000
DCT_TITLE = URIRef("http://purl.org/dc/terms/title")
# the rules whose queries relate an activity to others, all by (LCASE(title), lead, year)
TITLE_KEYED = {UNGSH["duplicate-in-submission"], UNGSH["duplicate-of-submission"], UNGSH["duplicate-in-store"]}
# a query that names a second activity (or stored activity) besides $this
_OTHER_ACTIVITY = re.compile(r"\?(?!this\b)\w+\s+a\s+(ung|ungsh):(Stored)?Activity\b")


def shapes_allow(shapes: Graph) -> bool:
    """No SHACL-SPARQL rule relates activities other than by title (a new one would: validate whole)."""
    for prop in (SH.select, SH.ask):
        for rule, query in shapes.subject_objects(prop):
            if rule not in TITLE_KEYED and _OTHER_ACTIVITY.search(str(query)):
                return False
    return True


def title_key(title: Node) -> str:
    """Equal for any two titles SPARQL's LCASE makes equal (coarser is safe: it only merges parts).

    Only the ASCII letters of the lower-cased title: Python's and Oxigraph's Unicode tables may
    differ for the newest characters, which never lower-case to ASCII.
    """
    return str(title).lower().encode("ascii", "ignore").decode("ascii")


def parts(submitted: Sequence[Triple], owners: dict[Node, URIRef], stored: Sequence[Triple],
          size: int = PART_ROWS) -> list[list[Triple]] | None:
    """The submitted and stored triples split into parts of about ``size`` activities, or ``None``.

    ``owners`` maps every subject to its activity (``Positions.owners``: the mapping of a table
    knows it); empty for RDF input, which is validated whole.
    """
    activities = list(dict.fromkeys(owners.values()))
    if len(activities) <= size or not owners:
        return None
    index = {a: i for i, a in enumerate(activities)}
    titles: dict[str, list[URIRef]] = {}
    watched: dict[Node, int] = {DCT_TITLE: 0}  # a dict look-up per triple: == on rdflib terms runs Python code
    for s, p, o in submitted:
        if watched.get(p) is not None:
            a = owners.get(s)
            if a is None:
                return None  # a subject of no activity: not the rows of a table
            titles.setdefault(title_key(o), []).append(a)
    # activities sharing a title key form one group (union-find on their index)
    parent = list(range(len(activities)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for same in titles.values():
        first = root(index[same[0]])
        for a in same[1:]:
            parent[root(index[a])] = first
    part_of_group: dict[int, int] = {}
    counts: list[int] = []
    part_of: dict[Node, int] = {}
    for a, i in index.items():  # in file order: a part is a run of rows
        g = root(i)
        k = part_of_group.get(g)
        if k is None:
            if not counts or counts[-1] >= size:
                counts.append(0)
            k = part_of_group[g] = len(counts) - 1
        counts[k] += 1
        part_of[a] = k
    part_of_node = {n: part_of[a] for n, a in owners.items()}
    out: list[list[Triple]] = [[] for _ in counts]
    for t in submitted:
        k = part_of_node.get(t[0])
        if k is None:
            return None
        out[k].append(t)
    _place_stored(stored, titles, part_of, out)
    return out


def _place_stored(stored: Sequence[Triple], titles: dict[str, list[URIRef]], part_of: dict[Node, int],
                  out: list[list[Triple]]) -> None:
    """Each stored activity node into the part of the submitted ones with its title key (else nowhere:
    with no submitted activity of that key, no rule can match it)."""
    by_node: dict[Node, list[Triple]] = {}
    key: dict[Node, str] = {}
    for t in stored:
        by_node.setdefault(t[0], []).append(t)
        if t[1] == DCT_TITLE:
            key[t[0]] = title_key(t[2])
    for node, ts in by_node.items():
        same = titles.get(key.get(node, ""))
        if same:
            out[part_of[same[0]]].extend(ts)
