"""What changed in the network between two days: the early warning of the living memory.

Everything is read from one snapshot with every tie (``Store.snapshot()`` without ``as_of``) and
judged on the two days, as the other analyses judge one day: a tie counts on a day when its
validity (``since``/``until``) holds on it (:func:`~graph.analysis.projection.valid_on`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx
import numpy as np

from graph import nxdicts
from graph.analysis._kernels import paused_gc
from graph.analysis.projection import area_members
from graph.analysis.two_days import (
    DayGraph,
    Projector,
    Ties,
    broker_ranking,
    read_ties,
    within,
)
from graph.analysis.two_days_isolation import Isolation, isolation_rows
from graph.model.needs import Need, NeedStatus

#: Brokers followed: the first ``TOP_BROKERS`` on the first day.
TOP_BROKERS = 20
#: Above this many actors the broker ranking on both days is sampled (256 sources, as
#: ``broker_scores(method="sampled")``): exact it takes about 6 s per day at 10,000 actors.
SAMPLED_ABOVE = 5000

CHANGE_KEYS = ("ties_gained", "ties_lost", "became_isolated", "stopped_brokering",
               "forums_lost_sector", "needs_opened", "needs_closed")


def network_changes(
    S: nx.MultiDiGraph,
    *,
    since: date,
    until: date,
    area: str | None = None,
    top: int = TOP_BROKERS,
    stale_months: int = 24,
    needs: Iterable[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Ties gained and lost, actors who became isolated or stopped brokering, forums that lost a
    sector, and needs opened and closed, from ``since`` to ``until``.

    - ``ties_gained``: ties that hold on ``until`` and did not on ``since`` (``ties_lost`` the
      reverse), hierarchy (``part_of``) included, each with both ends' names. A tie deleted from
      the record is a correction, not a change of the network: the audit log has it.
    - ``became_isolated``: actors cut off on ``until`` (a reason of
      :data:`~graph.analysis.isolates.ISOLATION_CODES`) that were not on ``since``, with the
      reasons of ``until``.
    - ``stopped_brokering``: of the first ``top`` brokers on ``since`` (score above 0), those not
      among the first ``2 * top`` with a score above 0 on ``until`` (the margin keeps a move from
      rank 19 to 21, or a sampling error, from being reported), with their rank before.
    - ``forums_lost_sector``: forums whose members (``member_of`` ties) on ``since`` included a
      sector that none of its members on ``until`` belongs to.
    - ``needs_opened`` / ``needs_closed``: from ``needs`` (dicts with ``raised_on`` and
      ``closed_on``, ISO days or dates), raised or closed after ``since`` up to ``until``.

    With ``area`` only actors of the area and its sub-areas (a tie when either end is one; a
    forum when it is one); isolation is judged on the whole network, brokerage within the area
    (as the brokers of an area are).

    Raises
    ------
    ValueError
        if ``until`` is before ``since``.
    NotFoundError
        if ``area`` is unknown.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_node("a", name="A", kind="association", sector="civil_society")
    >>> S.add_node("b", name="B", kind="city_unit", sector="administration")
    >>> _ = S.add_edge("a", "b", key="t", kind="cooperates_with", since=date(2026, 3, 1), until=None)
    >>> [t["id"] for t in network_changes(S, since=date(2026, 1, 1), until=date(2026, 6, 30))["ties_gained"]]
    ['t']
    """
    if until < since:
        raise ValueError(f"until ({until}) is before since ({since})")
    wanted = area_members(S, area) if area is not None else None
    answer: dict[str, Any] = {"since": since.isoformat(), "until": until.isoformat(), "area": area}
    with paused_gc():
        # the ties read once, their validity on both days as flags; each day's analysis graph
        # built from them as arrays (two_days), for isolation and brokerage alike
        ties = read_ties(S, (since, until))
        answer["ties_gained"], answer["ties_lost"] = _ties(S, ties, wanted)
        actors = nxdicts.nodes(S)
        project = Projector(S, ties)
        city = [project.day(d) for d in (0, 1)]
        answer["became_isolated"] = _became_isolated(S, ties.days, city, wanted, stale_months)
        answer["stopped_brokering"] = _stopped_brokering(city, actors, wanted, top)
        answer["forums_lost_sector"] = _forums_lost_sector(S, ties, wanted)
    answer["needs_opened"], answer["needs_closed"] = _needs(needs or (), since, until)
    return answer


def _name(S: nx.MultiDiGraph, v: Any) -> str:
    return str(S.nodes[v].get("name", v)) if v in S else str(v)


def _ties(S: nx.MultiDiGraph, ties: Ties,
          wanted: set[str] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    gained: list[dict[str, Any]] = []
    lost: list[dict[str, Any]] = []
    after = ties.held[1]
    for k in np.flatnonzero(ties.held[0] != after).tolist():
        key, u, v, data = ties.rows[k]
        if wanted is not None and u not in wanted and v not in wanted:
            continue
        row = {"id": key, "kind": data.get("kind"), "source": u, "target": v,
               "source_name": _name(S, u), "target_name": _name(S, v),
               "since": _iso(data.get("since")), "until": _iso(data.get("until"))}
        (gained if after[k] else lost).append(row)
    return sorted(gained, key=_tie_order), sorted(lost, key=_tie_order)


def _tie_order(row: dict[str, Any]) -> tuple[str, str, str]:
    return row["source_name"], row["target_name"], str(row["id"])


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _became_isolated(S: nx.MultiDiGraph, days: tuple[date, ...], city: list[DayGraph],
                     wanted: set[str] | None, stale_months: int) -> list[dict[str, Any]]:
    # judged on the whole city (isolated_actors(S, as_of=day, area=area)); only the actors cut
    # off on the second day and not on the first are put in words
    before, after = (Isolation(S, city[d], days[d]) for d in (0, 1))
    new = after.cut_off(wanted) - before.cut_off(wanted)
    return [{k: r[k] for k in ("id", "name", "kind", "sector", "codes", "reasons")}
            for r in isolation_rows(after, new, stale_months)]


def _stopped_brokering(city: list[DayGraph], actors: dict[Any, dict[str, Any]],
                       wanted: set[str] | None, top: int) -> list[dict[str, Any]]:
    # the ranking of broker_scores(analysis_graph(S, as_of=day, area=area)) on each day
    def ranking(d: int) -> list[tuple[Any, float]]:
        G, outside = city[d], None
        if wanted is not None:
            G, outside = within(G, wanted)
        method = "sampled" if len(G.nodes) > SAMPLED_ABOVE else "auto"
        directed = bool((city[d].runs != 3).any())
        ranked = broker_ranking(G, actors, directed=directed, outside=outside, method=method)
        return [(v, round(score, 6)) for v, score in ranked[:2 * top]]

    first = [(v, score) for v, score in ranking(0)[:top] if score > 0]
    later = {v for v, score in ranking(1) if score > 0}
    rows = []
    for rank, (v, score) in enumerate(first, start=1):
        if v not in later:
            data = actors[v]
            rows.append({"id": v, "name": data.get("name", str(v)), "kind": data.get("kind"),
                         "sector": data.get("sector"), "rank_before": rank, "rank_after": None,
                         "score_before": round(score, 4)})
    return rows


def _forums_lost_sector(S: nx.MultiDiGraph, ties: Ties,
                        wanted: set[str] | None) -> list[dict[str, Any]]:
    sectors: dict[Any, tuple[set[str], set[str]]] = {}
    held_before, held_after = (held.tolist() for held in ties.held)
    for k in np.flatnonzero(ties.of_kind("member_of")).tolist():
        _, member, forum, data = ties.rows[k]
        if forum not in S:
            continue
        if wanted is not None and forum not in wanted:
            continue
        sector = S.nodes[member].get("sector") if member in S else None
        if not sector:
            continue
        before, after = sectors.setdefault(forum, (set(), set()))
        if held_before[k]:
            before.add(sector)
        if held_after[k]:
            after.add(sector)
    rows = []
    for forum, (before, after) in sectors.items():
        lost = sorted(before - after)
        if lost:
            rows.append({"id": forum, "name": _name(S, forum), "sectors_lost": lost,
                         "sectors_now": sorted(after)})
    return sorted(rows, key=lambda r: (r["name"], str(r["id"])))


def _needs(needs: Iterable[Mapping[str, Any]], since: date,
           until: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    opened: list[dict[str, Any]] = []
    closed: list[dict[str, Any]] = []
    for need in needs:
        raised, done = _day(need.get("raised_on")), _day(need.get("closed_on"))
        if raised is not None and since < raised <= until:
            opened.append(dict(need))
        if done is not None and since < done <= until:
            closed.append(dict(need))
    return opened, closed


def need_days(needs: Iterable[Need | Mapping[str, Any]],
              areas: set[str] | None = None) -> list[dict[str, Any]]:
    """The needs as :func:`network_changes` takes them: ``id, title, status, areas, topics,
    raised_on`` and ``closed_on`` (the day of the step that closed it, if it is closed now);
    with ``areas`` only needs in one of them. Takes :class:`Need` records or the stored rows
    (:meth:`~graph.store.needs.NeedStore.stored_needs`, read without validating them again).

    >>> row = {"id": "a", "title": "T", "status": "erledigt", "areas": ["x"], "topics": ["t"],
    ...        "raised_on": "2026-01-05", "history": [{"status": "neu", "on": "2026-01-05"},
    ...        {"status": "erledigt", "on": "2026-03-01"}]}
    >>> need_days([row])[0]["closed_on"], need_days([Need.model_validate(row | {"history": [
    ...     {"status": "erledigt", "on": "2026-03-01", "by": "k"}]})])[0]["closed_on"]
    ('2026-03-01', '2026-03-01')
    """
    rows: list[dict[str, Any]] = []
    still_open = {s.value for s in NeedStatus if s.open}   # a set: 20,000 needs in 0.3 s, not 1 s
    with paused_gc():   # 20,000 new dicts beside a large snapshot: no cycles to collect
        _need_rows(needs, areas, still_open, rows)
    return rows


def _need_rows(needs: Iterable[Need | Mapping[str, Any]], areas: set[str] | None,
               still_open: set[str], rows: list[dict[str, Any]]) -> None:
    for need in needs:
        row = need.model_dump(mode="json") if isinstance(need, Need) else need
        if areas is not None and not areas.intersection(row["areas"]):
            continue
        closed = None
        if row["status"] not in still_open:
            closed = next((str(s["on"])[:10] for s in reversed(row.get("history") or [])
                           if s["status"] not in still_open), None)
        rows.append({"id": row["id"], "title": row["title"], "status": row["status"],
                     "areas": list(row["areas"]), "topics": list(row["topics"]),
                     "raised_on": str(row["raised_on"])[:10], "closed_on": closed})


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
