"""Forum health: who sits in a Gremium, who comes, which sectors are at the table, and who
should join.

A forum is an actor of kind ``forum``; its members are the actors with a current ``member_of``
tie to it (a short ``note`` on that tie is the member's role there: "Vorsitz", "Protokoll"). Its
meetings are the store's meetings with this ``forum`` (:mod:`graph.store.meetings`), given here
as ``(day, participants)`` pairs: the analysis takes a graph and data, never a store.

Measures (each a plain count or rate, no model):

- attendance per member: meetings attended, the rate over the forum's meetings since the member
  joined (``since`` of the tie, else all), ``last_attended``;
- ``missed_last`` : members who missed each of the last three meetings (needs three);
- ``trend``: the mean attendance rate of the last three meetings against the three before
  (``rising`` / ``falling`` when it moved by more than :data:`TREND_STEP`, else ``steady``;
  None with fewer than four meetings);
- sectors present among the members and missing (of the five sectors: no Verwaltung at the
  table is the classic gap);
- ``should_join``: the round table the invitation logic composes for the forum's topics and
  areas (:func:`graph.analysis.invite.invite_table`), without those already members.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import networkx as nx

from graph.errors import NotFoundError
from graph.model import Sector, valid_between

#: How many of the latest meetings "missed the last meetings" and the trend look at.
LAST = 3
#: A change of the mean attendance rate larger than this is a trend.
TREND_STEP = 0.1
#: A membership tie's note up to this long is the member's role ("Vorsitz", "Protokoll").
ROLE_MAX = 40
#: Seats of the round table behind "who should join".
JOIN_SEATS = 8


def forum_health(
    S: nx.MultiDiGraph,
    forum: str,
    meetings: Iterable[tuple[date, Sequence[str]]],
    *,
    as_of: date | None = None,
    should_join: bool = True,
    seats: int = JOIN_SEATS,
) -> dict[str, Any]:
    """The health of one forum.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A store snapshot.
    forum : str
        The forum's actor id.
    meetings : iterable of (date, participants)
        The forum's meetings (any order).
    as_of : date, optional
        Membership on this day (default: today); meetings after it are left out.
    should_join : bool
        Compose "who should join" from the invitation logic (needs the forum's topics and
        areas; else an empty list).
    seats : int
        Seats of that round table.

    Returns
    -------
    dict
        ``id, name, topics, areas, meetings`` (each ``date, present, members_present,
        rate``), ``members`` (each ``id, name, kind, sector, role, since, attended, rate,
        last_attended, missed_last``), ``sectors_present, sectors_missing, missed_last``
        (member ids), ``trend`` and ``trend_change``, ``should_join`` (seat rows).

    Raises
    ------
    NotFoundError
        if ``forum`` is not an actor of kind forum in ``S``.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_node("rt", kind="forum", name="Runder Tisch", topics=[], areas=[])
    >>> S.add_node("sd", kind="city_unit", name="Soziale Dienste", sector="administration")
    >>> _ = S.add_edge("sd", "rt", key="member_of:sd:rt", kind="member_of", since=None, until=None)
    >>> h = forum_health(S, "rt", [(date(2026, 1, 5), ["sd"])], as_of=date(2026, 2, 1))
    >>> h["members"][0]["last_attended"], h["sectors_missing"][:1]
    ('2026-01-05', ['population'])
    """
    if forum not in S or S.nodes[forum].get("kind") != "forum":
        raise NotFoundError("actor", forum)
    as_of = as_of or date.today()
    info = S.nodes[forum]
    held = sorted(((d, list(dict.fromkeys(p))) for d, p in meetings if d <= as_of),
                  key=lambda m: m[0])
    members: dict[str, dict[str, Any]] = {}
    for u, _, data in S.in_edges(forum, data=True):
        if data.get("kind") != "member_of" or not valid_between(data.get("since"),
                                                                  data.get("until"), as_of):
            continue
        since = data.get("since")
        node = S.nodes[u]
        members[u] = {"id": u, "name": node.get("name", u), "kind": node.get("kind"),
                      "sector": node.get("sector"), "role": _role(data.get("note")),
                      "since": since.isoformat() if since else None}
    for row in members.values():
        since = date.fromisoformat(row["since"]) if row["since"] else None
        due = [m for m in held if since is None or m[0] >= since]
        went = [d for d, present in due if row["id"] in present]
        row["attended"] = len(went)
        row["rate"] = round(len(went) / len(due), 3) if due else None
        row["last_attended"] = max(went).isoformat() if went else None
        last = held[-LAST:]
        row["missed_last"] = len(held) >= LAST and all(row["id"] not in p for _, p in last)
    series = []
    for day, present in held:
        count = sum(1 for m in members if m in present)
        series.append({"date": day.isoformat(), "present": len(present),
                       "members_present": count,
                       "rate": round(count / len(members), 3) if members else None})
    counts = [sum(1 for m in members if m in present) for _, present in held]
    trend, change = _trend([c / len(members) for c in counts] if members else [])
    present_sectors = {m["sector"] for m in members.values() if m["sector"]}
    out = {
        "id": forum, "name": info.get("name", forum),
        "topics": list(info.get("topics") or []), "areas": list(info.get("areas") or []),
        "meetings": series,
        "members": sorted(members.values(), key=lambda m: (m["missed_last"], m["name"], m["id"])),
        "sectors_present": [s.value for s in Sector if s.value in present_sectors],
        "sectors_missing": [s.value for s in Sector if s.value not in present_sectors],
        "missed_last": sorted(m["id"] for m in members.values() if m["missed_last"]),
        "trend": trend, "trend_change": change,
        "should_join": [],
    }
    if should_join and out["topics"] and out["areas"]:
        out["should_join"] = _should_join(S, forum, out["topics"], out["areas"], set(members),
                                          seats, as_of)
    return out


def _role(note: str | None) -> str | None:
    """The member's role: the membership tie's note when it is a short one ("Vorsitz");
    a longer note is a remark, not a role."""
    if not note or len(note) > ROLE_MAX:
        return None
    return note


def _trend(rates: list[float]) -> tuple[str | None, float | None]:
    known = rates
    if len(known) < LAST + 1:
        return None, None
    recent = known[-LAST:]
    before = known[-2 * LAST:-LAST]
    change = round(sum(recent) / len(recent) - sum(before) / len(before), 3)
    if change > TREND_STEP:
        return "rising", change
    if change < -TREND_STEP:
        return "falling", change
    return "steady", change


def _should_join(S: nx.MultiDiGraph, forum: str, topics: list[str], areas: list[str],
                 members: set[str], seats: int, as_of: date) -> list[dict[str, Any]]:
    from graph.analysis.invite import invite_table

    table = invite_table(S, topics=topics, areas=areas, seats=seats + len(members),
                         exclude=[forum], as_of=as_of, alternates=0)
    keys = ("id", "name", "kind", "sector", "role", "reasons")
    rows: list[dict[str, Any]] = [{k: seat[k] for k in keys if k in seat}
                                  for seat in table.seats if seat["id"] not in members]
    return rows[:seats]
