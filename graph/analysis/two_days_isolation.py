"""Who is cut off on each of the two days, from the arrays of :mod:`graph.analysis.two_days`:
the isolation half of :func:`~graph.analysis.changes.network_changes`.

- :meth:`Isolation.cut_off` tests the reasons of
  :data:`~graph.analysis.isolates.ISOLATION_CODES` for every actor from degree, reach and
  component arrays of a :class:`~graph.analysis.two_days.DayGraph`; :func:`isolation_rows`
  gives every reason of :func:`~graph.analysis.isolates.isolated_actors` (with those read from
  the actor's own ties, :func:`record_facts`) for the few actors asked about.

The results are those of ``isolated_actors``, by construction and by test
(``tests/analysis/test_changes.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from graph import nxdicts
from graph.analysis.isolates import REASON_WEIGHTS, months_before
from graph.analysis.projection import valid_on
from graph.analysis.two_days import DayGraph
from graph.i18n import label, listing, message


@dataclass(frozen=True)
class RecordFacts:
    """What isolation reads from an actor's own ties on a day: how many it has on ``record``
    (hierarchy apart), whether one is ``fresh``, whether it is ``in_forum``, and its
    ``hierarchy`` partners (ids)."""

    recorded: int
    fresh: bool
    in_forum: bool
    hierarchy: list[Any]


def record_facts(S: nx.MultiDiGraph, v: Any, day: date, stale_months: int) -> RecordFacts:
    """The facts :func:`~graph.analysis.isolates.isolated_actors` reads from the ties of ``v``
    (each tie once, also a tie of ``v`` with itself): a tie is fresh when it holds on ``day``
    and was confirmed (``asserted_on``, or a later ``last_seen`` up to ``day``) at most
    ``stale_months`` before, or never."""
    cutoff = months_before(day, stale_months)
    recorded, fresh, in_forum, hierarchy = 0, False, False, []
    succ, pred = nxdicts.successors(S), nxdicts.predecessors(S)
    ends = [(v, w, keyed) for w, keyed in succ[v].items()]
    ends += [(u, v, keyed) for u, keyed in pred[v].items() if u != v]
    for u, w, keyed in ends:
        for data in keyed.values():
            current = valid_on(data, day)
            if data.get("kind") == "part_of":
                if u != w and current:
                    hierarchy.append(w if u == v else u)
                continue
            recorded += (u == v) + (w == v)
            if data.get("kind") == "member_of" and current and u == v:
                in_forum = True
            confirmed = _day(data.get("asserted_on"))
            seen = _day(data.get("last_seen"))
            if seen is not None and seen <= day and (confirmed is None or seen > confirmed):
                confirmed = seen
            fresh = fresh or (current and (confirmed is None or confirmed >= cutoff))
    return RecordFacts(recorded, fresh, in_forum, hierarchy)


def _day(value: Any) -> date | None:
    """A confirmation or evidence day as isolated_actors reads it (a date, or ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class Isolation:
    """Who is cut off on one day (see :func:`~graph.analysis.isolates.isolated_actors`), from
    the day's graph and :class:`RecordFacts`."""

    def __init__(self, S: nx.MultiDiGraph, G: DayGraph, day: date) -> None:
        self.S, self.G, self.day = S, G, day
        self.actors = actors = nxdicts.nodes(S)
        n = len(G.nodes)
        src, dst = G.arc_source, G.arc_target
        self.sector = [actors[v].get("sector") for v in G.nodes]
        codes: dict[Any, int] = {}
        sector = np.array([codes.setdefault(s, len(codes)) for s in self.sector], dtype=np.int64)
        unit = np.array([actors[v].get("kind") == "city_unit" for v in G.nodes], dtype=bool)
        # within two steps of a city unit
        reach = unit.copy()
        for _ in range(2):
            reach = reach | (np.bincount(src, weights=reach[dst], minlength=n) > 0)
        self.reach = reach.tolist()
        # the size of each connected part without a city unit (0: it has one)
        matrix = csr_matrix((np.ones(len(dst)), dst, np.frombuffer(G.csr.indptr, dtype=np.int64)),
                            shape=(n, n))
        _, part = connected_components(matrix, directed=False)
        size = np.bincount(part, minlength=n)
        has_unit = np.bincount(part, weights=unit, minlength=n) > 0
        self.unitless = np.where(has_unit[part], 0, size[part]).tolist()
        # partners all of the actor's own sector
        other = np.bincount(src, weights=sector[src] != sector[dst], minlength=n)
        self.own_sector = ((G.degree > 0) & (other == 0)).tolist()
        self.degree = G.degree.tolist()

    def cut_off(self, wanted: set[Any] | None) -> set[Any]:
        """The actors (of ``wanted``) with a reason of
        :data:`~graph.analysis.isolates.ISOLATION_CODES` on this day."""
        found = set()
        for i, v in enumerate(self.G.nodes):
            if wanted is not None and v not in wanted:
                continue
            admin = self.sector[i] == "administration"
            if (self.degree[i] == 0 or (not admin and (self.unitless[i] or not self.reach[i]))
                    or self.own_sector[i]):
                found.add(v)
        return found

    def codes(self, i: int, v: Any, stale_months: int) -> list[tuple[str, dict[str, Any]]]:
        """Every reason of ``isolated_actors`` for node ``i`` (actor ``v``), heaviest first."""
        facts, data = record_facts(self.S, v, self.day, stale_months), self.actors[v]
        codes: list[tuple[str, dict[str, Any]]] = []
        admin = self.sector[i] == "administration"
        degree = self.degree[i]
        partners = facts.hierarchy
        if degree == 0 and partners:
            names = sorted({str(self.actors.get(u, {}).get("name", u)) for u in partners})
            codes.append(("hierarchy_only", {"names": listing(names, limit=3)}))
        elif degree == 0:
            codes.append(("no_ties", {}))
        if not admin and self.unitless[i]:
            codes.append(("no_admin_in_component",
                          {"actors": message("actor", context="term", count=self.unitless[i])}))
        if not admin and not self.reach[i]:
            codes.append(("admin_unreachable", {}))
        if facts.recorded and not facts.fresh:
            codes.append(("stale", {"count": facts.recorded, "months": stale_months}))
        if self.own_sector[i]:
            codes.append(("own_sector_only", {"sector": label("sector", data.get("sector"))}))
        if not facts.in_forum:
            codes.append(("no_forum", {}))
        codes.sort(key=lambda c: (-REASON_WEIGHTS[c[0]], c[0]))
        return codes


def isolation_rows(iso: Isolation, ids: set[Any], stale_months: int) -> list[dict[str, Any]]:
    """The rows of :func:`~graph.analysis.isolates.isolated_actors` for the actors ``ids``, in
    its order."""
    rows = []
    for i, v in enumerate(iso.G.nodes):
        if v not in ids:
            continue
        codes = iso.codes(i, v, stale_months)
        data = iso.actors[v]
        rows.append({"id": v, "name": data.get("name", str(v)), "kind": data.get("kind"),
                     "sector": data.get("sector"), "codes": [c for c, _ in codes],
                     "reasons": [message(c, **p) for c, p in codes],
                     "score": sum(REASON_WEIGHTS[c] for c, _ in codes)})
    rows.sort(key=lambda r: (-len(r["codes"]), -r["score"], str(r["id"])))
    return rows
