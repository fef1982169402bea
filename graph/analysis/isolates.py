"""Isolated actors: who is left out, each with every reason that applies."""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from graph.analysis._kernels import paused_gc
from graph.analysis.projection import analysis_graph, area_members, valid_on
from graph.i18n import label, listing, message

#: Reason codes that mean "cut off from the neighbourhood" (``stale`` and ``no_forum`` alone do
#: not): the views mark these actors as isolated and the invitation offers bridges to them.
ISOLATION_CODES = ("no_ties", "hierarchy_only", "no_admin_in_component", "admin_unreachable",
                   "own_sector_only")

#: Weight of each reason in the ranking (how much it cuts an actor off).
REASON_WEIGHTS = {
    "no_ties": 5,
    "hierarchy_only": 5,
    "no_admin_in_component": 4,
    "admin_unreachable": 3,
    "stale": 3,
    "own_sector_only": 2,
    "no_forum": 1,
}


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day where it has none).

    >>> months_before(date(2026, 3, 31), 1), months_before(date(2026, 1, 15), 6)
    (datetime.date(2026, 2, 28), datetime.date(2025, 7, 15))
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    # the same day of the month, or the month's last day
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def isolated_actors(
    S: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    stale_months: int = 24,
    area: str | None = None,
    projected: nx.Graph | None = None,
) -> list[dict[str, Any]]:
    """Actors that are left out, each with every reason that applies, most isolated first.

    Reasons (code, weight in the ranking):

    - ``no_ties`` (5): no current tie to another actor in the analysis graph (cooperation,
      funding, information, a forum shared with someone).
    - ``hierarchy_only`` (5): instead of ``no_ties`` when the actor's only current ties are
      hierarchy (``part_of``: a unit of a department, or a department's units): "nur
      organisatorisch verbunden", with the names of those it is tied to that way. Belonging to
      the same department is not a working contact (:func:`analysis_graph`), but it is not
      "no tie" either: the browser lists and draws that tie.
    - ``no_admin_in_component`` (4): in a connected part of the network without any city unit.
    - ``admin_unreachable`` (3): no path of length at most 2 to a city unit ("für die
      Verwaltung nicht erreichbar"). Both admin reasons are not given to the administration.
    - ``stale`` (3): the actor has ties on record, but every one has expired (``until`` before
      ``as_of``) or was last confirmed (``asserted_on``, or later ``last_seen``: a shared
      meeting or contact) more than ``stale_months`` months before ``as_of``. A long-standing
      tie (an old ``since``) is not stale by itself.
    - ``own_sector_only`` (2): it has partners, but all in its own sector.
    - ``no_forum`` (1): member of no forum on ``as_of``.

    Adding a current tie never adds a reason it does not also take away a heavier one for: a
    new tie can only end ``no_ties`` (or ``hierarchy_only``), ``stale`` and the admin reasons,
    and ``own_sector_only`` can appear only where one of the first two goes.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot with every tie (``Store.snapshot()`` without ``as_of``), so that expired ties
        are seen.
    as_of : datetime.date, optional
        The day to judge (default: today).
    stale_months : int
        How old a tie may be before it counts as stale.
    area : str, optional
        Report only actors of this area and its sub-areas (judged on the whole network).
    projected : networkx.Graph, optional
        ``analysis_graph(S, as_of=as_of)`` if the caller has made it already (it is made here
        otherwise).

    Returns
    -------
    list of dict
        ``id, name, kind, sector, codes, reasons, score`` sorted by number of reasons, then
        summed weight (both descending), then id. ``reasons`` are messages (code and
        parameters, :func:`graph.i18n.message`), in words with :func:`graph.words.worded`.

    Raises
    ------
    NotFoundError
        if ``area`` is unknown.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_node("a", kind="association", sector="civil_society", name="A")
    >>> [r["codes"][0] for r in isolated_actors(S)]
    ['no_ties']

    References
    ----------
    .. [1] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge University Press
       (1994), ch. 4 (isolates, components, reachability).
    """
    as_of = as_of or date.today()
    with paused_gc():
        return _isolated(S, as_of, stale_months, area, projected)


def _isolated(S: nx.MultiDiGraph, as_of: date, stale_months: int, area: str | None,
              projected: nx.Graph | None) -> list[dict[str, Any]]:
    G = analysis_graph(S, as_of=as_of) if projected is None else projected
    wanted = area_members(S, area) if area is not None else None
    units = [v for v, d in G.nodes(data=True) if d.get("kind") == "city_unit"]
    reach: set[Any] = set(units)
    frontier = set(units)
    for _ in range(2):
        frontier = {u for v in frontier for u in G.adj[v]} - reach
        reach |= frontier
    component_size: dict[Any, int] = {}
    for comp in nx.connected_components(G):
        if not any(G.nodes[v].get("kind") == "city_unit" for v in comp):
            for v in comp:
                component_size[v] = len(comp)
    cutoff = months_before(as_of, stale_months)
    recorded: dict[Any, int] = {}
    fresh: set[Any] = set()
    in_forum: set[Any] = set()
    hierarchy: dict[Any, list[Any]] = {}  # actor -> those it is tied to by a current part_of
    for u, v, data in S.edges(data=True):
        if data.get("kind") == "part_of":
            if u != v and valid_on(data, as_of):
                hierarchy.setdefault(u, []).append(v)
                hierarchy.setdefault(v, []).append(u)
            continue
        current = valid_on(data, as_of)
        if data.get("kind") == "member_of" and current:
            in_forum.add(u)
        confirmed = _as_date(data.get("asserted_on"))
        seen = _as_date(data.get("last_seen"))  # evidence: the latest shared meeting or contact
        if seen is not None and seen <= as_of and (confirmed is None or seen > confirmed):
            confirmed = seen
        is_fresh = current and (confirmed is None or confirmed >= cutoff)
        for end in (u, v):
            recorded[end] = recorded.get(end, 0) + 1
            if is_fresh:
                fresh.add(end)
    rows = []
    for v, data in S.nodes(data=True):
        if data.get("kind") == "forum" or (wanted is not None and v not in wanted):
            continue
        codes: list[tuple[str, dict[str, Any]]] = []
        admin = data.get("sector") == "administration"
        degree = G.degree(v) if v in G else 0
        if degree == 0 and hierarchy.get(v):
            names = sorted({str(S.nodes[u].get("name", u)) for u in hierarchy[v]})
            codes.append(("hierarchy_only", {"names": listing(names, limit=3)}))
        elif degree == 0:
            codes.append(("no_ties", {}))
        if not admin and v in component_size:
            codes.append(("no_admin_in_component",
                          {"actors": message("actor", context="term", count=component_size[v])}))
        if not admin and v not in reach:
            codes.append(("admin_unreachable", {}))
        if recorded.get(v) and v not in fresh:
            codes.append(("stale", {"count": recorded[v], "months": stale_months}))
        if degree and all(G.nodes[u].get("sector") == data.get("sector") for u in G.adj[v]):
            codes.append(("own_sector_only",
                          {"sector": label("sector", data.get("sector"))}))
        if v not in in_forum:
            codes.append(("no_forum", {}))
        if not codes:
            continue
        codes.sort(key=lambda c: (-REASON_WEIGHTS[c[0]], c[0]))
        score = sum(REASON_WEIGHTS[c] for c, _ in codes)
        rows.append({
            "id": v,
            "name": data.get("name", str(v)),
            "kind": data.get("kind"),
            "sector": data.get("sector"),
            "codes": [c for c, _ in codes],
            "reasons": [message(c, **p) for c, p in codes],
            "score": score,
        })
    rows.sort(key=lambda r: (-len(r["codes"]), -r["score"], str(r["id"])))
    return rows
