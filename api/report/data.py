"""What a Quartierbericht says, as numbers, ids and messages (no words, no drawing).

:func:`report_data` reads one snapshot (every tie, as ``Store.snapshot()`` gives it) and asks the
analyses the API serves, so that every figure in a report is one the API gives for the same
area and day:

- actors: :func:`~graph.analysis.projection.area_members` (forums counted apart), as the map's
  ``actors`` figure;
- ties: the edges of :func:`~graph.analysis.analysis_graph` on the as-of day between two
  actors of the area, one per tied pair, by the pair of their sectors;
- isolated actors: the rows of :func:`~graph.analysis.isolated_actors` for the area that carry
  a reason of :data:`~graph.analysis.isolates.ISOLATION_CODES` (cut off; ``stale`` or
  ``no_forum`` alone is not isolation), as ``/api/v1/analyses/isolates?area=&as_of=``;
- within reach of the administration: the area's actors outside the administration that are
  at most two ties from a city unit on the as-of day, i.e. the isolates rows *without*
  ``no_ties``, ``no_admin_in_component`` or ``admin_unreachable`` (the Verwaltung's own units
  are not counted: the share is about who the administration can reach);
- brokers: :func:`~graph.analysis.broker_scores` on the area's analysis graph, as
  ``/api/v1/analyses/brokers?area=&as_of=`` (those with betweenness above 0);
- sector pairs without ties: ``sectors`` of :func:`~graph.analysis.coordination_gaps` for the
  area, as ``/api/v1/analyses/gaps?area=&as_of=``;
- changes: :func:`~graph.analysis.changes.network_changes` from the period's first day to the
  as-of day, as ``/api/v1/changes?since=&until=&area=``.

Contact persons are never read (the snapshot is taken without personal data).
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis import analysis_graph, broker_scores, coordination_gaps, isolated_actors
from graph.analysis.changes import network_changes
from graph.analysis.isolates import ISOLATION_CODES
from graph.analysis.projection import area_members, valid_on
from graph.model import Sector
from graph.validation import descendants

#: How many brokers the report names (and whose labels the network figure shows first).
TOP_BROKERS = 5
#: How many of the API's broker rows are looked at (its default ``top``).
BROKER_ROWS = 20
#: How many rows a long list shows (the rest is counted).
LIST_LIMIT = 12
#: Codes that mean an actor is beyond the administration's reach (two ties from a city unit).
UNREACHED_CODES = ("no_ties", "no_admin_in_component", "admin_unreachable")
SECTORS = tuple(s.value for s in Sector)
#: Tie kinds behind the network figure's lines (hierarchy is structure, not contact).
CHANGE_KINDS = ("cooperates_with", "member_of", "funds", "informs")


@dataclass
class ReportData:
    """Everything a report shows; ``extra`` holds sections from :data:`SectionProvider` s."""

    area: dict[str, Any]
    as_of: date
    since: date
    version: int
    actors: int
    forums: int
    by_sector: dict[str, int]
    ties: int
    ties_by_pair: dict[tuple[str, str], int]
    reach: dict[str, int]
    isolated: list[dict[str, Any]]
    brokers: list[dict[str, Any]]
    forum_rows: list[dict[str, Any]]
    sector_gaps: list[dict[str, Any]]
    orphan_topics: list[dict[str, Any]]
    changes: dict[str, Any]
    illustrative: int
    #: the area's analysis graph on ``as_of`` (partners outside the area marked ``outside``)
    network: nx.Graph
    extra: list[Any] = field(default_factory=list)

    @property
    def reach_share(self) -> float | None:
        return self.reach["reached"] / self.reach["eligible"] if self.reach["eligible"] else None

    @property
    def ties_within(self) -> int:
        return sum(n for (a, b), n in self.ties_by_pair.items() if a == b)

    @property
    def ties_between(self) -> int:
        return self.ties - self.ties_within


def _pair(a: Any, b: Any) -> tuple[str, str]:
    x, y = str(a or "none"), str(b or "none")
    order = {s: i for i, s in enumerate(SECTORS)}
    return (x, y) if (order.get(x, 99), x) <= (order.get(y, 99), y) else (y, x)


#: Per snapshot, what every area's report asks of the whole city (the city's analysis graph
#: and isolated actors on a day): computed once for ``--all-areas``, dropped with the snapshot.
_CITY: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[tuple[str, date], Any]] = weakref.WeakKeyDictionary()


#: How many (what, day) results are kept per snapshot (the API's callers pick any day).
CITY_KEPT = 6


_CITY_LOCK = threading.Lock()  # the API makes reports in worker threads


def _city(S: nx.MultiDiGraph, what: str, day: date) -> Any:
    key = (what, day)
    with _CITY_LOCK:
        found = _CITY.setdefault(S, {})
        if key in found:
            return found[key]
    value = analysis_graph(S, as_of=day) if what == "graph" else isolated_actors(S, as_of=day)
    with _CITY_LOCK:
        while len(found) >= CITY_KEPT:
            del found[next(iter(found))]  # the oldest first
        found[key] = value
    return value


def isolated_rows(S: nx.MultiDiGraph, area: str, day: date) -> list[dict[str, Any]]:
    """The isolates rows of ``area`` on ``day`` (every reason, as the API answers): the city's
    rows of the area's actors, as ``isolated_actors(S, area=)`` judges them on the whole network."""
    members = area_members(S, area)
    return [r for r in _city(S, "isolated", day) if r["id"] in members]


def cut_off(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with a reason of isolation (not ``stale`` or ``no_forum`` alone)."""
    return [r for r in rows if set(r["codes"]) & set(ISOLATION_CODES)]


def report_data(S: nx.MultiDiGraph, area: str, *, as_of: date, since: date) -> ReportData:
    """The figures of ``area`` (with its sub-areas) on ``as_of``, changes since ``since``.

    Raises
    ------
    NotFoundError
        if ``area`` is unknown.
    """
    areas = S.graph.get("areas") or {}
    members = area_members(S, area)  # raises NotFoundError for an unknown area
    nodes = S.nodes
    actors = {v for v in members if nodes[v].get("kind") != "forum"}
    by_sector = Counter(nodes[v].get("sector") or "none" for v in actors)

    G = analysis_graph(S, as_of=as_of, area=area)
    inside = G.subgraph(v for v, d in G.nodes(data=True) if not d.get("outside")).copy()
    ties_by_pair = Counter(_pair(inside.nodes[u].get("sector"), inside.nodes[v].get("sector"))
                           for u, v in inside.edges)

    rows = isolated_rows(S, area, as_of)
    eligible = [v for v in actors if nodes[v].get("sector") != "administration"]
    unreached = {r["id"] for r in rows if set(r["codes"]) & set(UNREACHED_CODES)}
    reach = {"eligible": len(eligible), "reached": len([v for v in eligible if v not in unreached])}

    brokers = [r for r in broker_scores(G, top=BROKER_ROWS) if r["betweenness"] > 0]  # the API's
    gaps = coordination_gaps(_city(S, "graph", as_of), area=area)["sectors"]
    illustrative = _illustrative(S, G, as_of)
    return ReportData(
        area={"id": area, "name": (areas.get(area) or {}).get("name") or area,
              "level": (areas.get(area) or {}).get("level")},
        as_of=as_of, since=since, version=int(S.graph.get("version") or 0),
        actors=len(actors), forums=len(members) - len(actors),
        by_sector={s: by_sector[s] for s in (*SECTORS, "none") if by_sector[s]},
        ties=inside.number_of_edges(), ties_by_pair=dict(ties_by_pair), reach=reach,
        isolated=cut_off(rows), brokers=brokers,
        forum_rows=_forums(S, members, as_of, set(by_sector)),
        sector_gaps=gaps, orphan_topics=_orphan_topics(S, area, actors),
        changes=_changes(S, area, since, as_of),
        illustrative=illustrative, network=G,
    )


def _illustrative(S: nx.MultiDiGraph, G: nx.Graph, day: date) -> int:
    """How many of the ties behind the network figure's lines (``G``: the area's actors and
    their partners) are illustrative: the ties between two drawn actors, and the memberships of
    drawn actors in the forums that tie them."""
    forums = {f for _, _, fs in G.edges(data="forums") for f in fs or ()}
    count = 0
    for u, v, d in S.edges(data=True):
        if d.get("method") != "illustrative" or not valid_on(d, day) or u not in G:
            continue
        kind = d.get("kind")
        if (kind == "member_of" and v in forums) or (kind in CHANGE_KINDS and v in G and G.has_edge(u, v)):
            count += 1
    return count


def _forums(S: nx.MultiDiGraph, members: set[str], day: date, present: set[str]) -> list[dict[str, Any]]:
    """The area's forums with their current members (actors of any area) and the sectors
    present in the area that none of its members belongs to; by members descending, name."""
    out = []
    for f in members:
        if S.nodes[f].get("kind") != "forum":
            continue
        seated = sorted({u for u, _, d in S.in_edges(f, data=True)
                         if d.get("kind") == "member_of" and valid_on(d, day) and u != f})
        sectors = {S.nodes[u].get("sector") for u in seated}
        out.append({"id": f, "name": S.nodes[f].get("name") or f,
                    "members": sorted(str(S.nodes[u].get("name") or u) for u in seated),
                    "missing": [s for s in SECTORS if s in present and s not in sectors]})
    out.sort(key=lambda r: (-len(r["members"]), r["name"]))
    return out


def _orphan_topics(S: nx.MultiDiGraph, area: str, actors: set[str]) -> list[dict[str, Any]]:
    """Topics actors of the area work on without a responsible unit: no city unit or department
    on the topic is active in the area, below it or in an area containing it (the need
    finder's "responsible", :mod:`graph.analysis.need`)."""
    areas = S.graph.get("areas") or {}
    rows = list(areas.values())
    below = descendants(rows, area)
    around = below | {a for a in areas if area in descendants(rows, a)}
    covered: set[str] = set()
    for _, d in S.nodes(data=True):
        if d.get("sector") == "administration" and around.intersection(d.get("areas") or ()):
            covered.update(d.get("topics") or ())
    worked: Counter[str] = Counter()
    for v in actors:
        if S.nodes[v].get("sector") != "administration":
            worked.update(S.nodes[v].get("topics") or ())
    topics = S.graph.get("topics") or {}
    found = [{"id": t, "name": (topics.get(t) or {}).get("name") or t, "actors": n}
             for t, n in worked.items() if t not in covered]
    found.sort(key=lambda r: (-int(r["actors"]), str(r["name"])))
    return found


def _changes(S: nx.MultiDiGraph, area: str, since: date, as_of: date) -> dict[str, Any]:
    """What ``/api/v1/changes?since=&until=&area=`` answers
    (:func:`~graph.analysis.changes.network_changes`), each tie marked when it is illustrative."""
    found = network_changes(S, since=since, until=as_of, area=area)
    for key in ("ties_gained", "ties_lost"):
        for row in found[key]:
            data = S.get_edge_data(row["source"], row["target"], key=row["id"]) or {}
            row["illustrative"] = data.get("method") == "illustrative"
    return found
