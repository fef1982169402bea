"""Phase 4 of the invitation: seats reserved for bridges to isolated groups.

``reach_isolated`` seats go, one at a time, to the candidate that reaches the most isolated local
actors (cut off per :func:`~graph.analysis.isolates.isolated_actors`, see
:data:`~graph.analysis.isolates.ISOLATION_CODES`) not yet reached by the table; ties by the
greedy gain. Seats not needed go back to the free seats.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.analysis.invite.explain import area_names, names_of
from graph.analysis.invite.fill import Seating
from graph.analysis.invite.validate import Question
from graph.analysis.network import Network
from graph.i18n import message


def seat_bridges(net: Network, q: Question, seating: Seating) -> dict[str, Any] | None:
    """Seat up to ``q.reach_isolated`` bridges; the report row of this requirement (None if no
    seat was reserved)."""
    if q.reach_isolated <= 0:
        return None
    scope, greedy = seating.scope, seating.greedy
    isolated = scope.isolated
    G = net.G
    cover_iso = {v: frozenset(({v} | set(G.adj[v]) if v in G else {v}) & isolated)
                 for v in scope.relevance}

    def iso_left() -> set[str]:
        seen: set[str] = set()
        for s in greedy.seated:
            seen |= cover_iso[s]
        return isolated - seen

    def most_left(left: set[str]) -> Callable[[str], float]:
        return lambda c: len(cover_iso[c] & left)

    bridges = 0
    while bridges < q.reach_isolated and len(greedy.seated) < q.seats:
        left = iso_left()
        pick = greedy.best([c for c in scope.candidates if cover_iso[c] & left],
                           key_extra=most_left(left))
        if pick is None:
            break
        seating.seat(pick, "bridge", sorted((cover_iso[pick] & left) - {pick}))
        bridges += 1
    left = iso_left()
    met = not left or bridges >= q.reach_isolated
    return {"requirement": f"reach_isolated={q.reach_isolated}",
            "text": message("req_isolated", count=q.reach_isolated, k=q.reach_isolated),
            "k": q.reach_isolated, "met": met, "count": bridges,
            "seated": [v for v in greedy.seated if seating.slot[v][0] == "bridge"],
            "why": _why_not_reached(net, q, seating, left, bridges, met)}


def _why_not_reached(net: Network, q: Question, seating: Seating, left: set[str], bridges: int,
                     met: bool) -> dict[str, Any] | None:
    if not seating.scope.isolated:
        return message("why_no_isolated", area=area_names(net, q.area_ids))
    if met:
        return None
    names = names_of(net, sorted(left))
    if len(seating.seated) >= q.seats:
        return message("why_isolated_seats", found=bridges, count=len(left), names=names)
    return message("why_isolated_left", count=len(left), names=names)
