"""Phase 3 of the invitation: the seats the coordinator asks for.

For each topic the responsible city unit (if ``responsible``), then each requirement, while fewer
than ``k`` seated actors meet it: greedy within the actors that meet it (a seated actor counts
for every requirement it meets). A requirement that cannot be met is reported with the reason
(:func:`~graph.analysis.invite.explain.why_unmet`), never dropped.
"""

from __future__ import annotations

from typing import Any

from graph.analysis.invite.explain import area_names, requirement_value, topic_names, why_unmet
from graph.analysis.invite.fill import Seating
from graph.analysis.invite.validate import Question, Requirement
from graph.analysis.network import Network, attribute
from graph.i18n import message


def seat_requirements(net: Network, q: Question, seating: Seating) -> list[dict[str, Any]]:
    """Seat the responsible units and the requirements of ``q``; one report row for each
    (``requirement, text, k, met, count, seated, why``)."""
    scope = seating.scope
    admin = {v for v in scope.candidates
             if (net.G.nodes[v] if v in net.G else {}).get("sector") == "administration"}
    wanted: list[tuple[str, Requirement | None, str | None]] = []
    if q.responsible:
        wanted += [("responsible", None, t) for t in q.topic_ids]
    wanted += [("requirement", r, None) for r in q.requirements]
    labels = (area_names(net, q.area_ids), topic_names(net, q.topic_ids))
    report = []
    for kind, req, topic in wanted:
        if req is None:
            assert topic is not None
            eligible = {v for v in admin if topic in scope.responsible_of.get(v, ())}
            blocked = _blocked_responsible(net, q, seating, topic)
            k, code = 1, f"responsible={topic}"
            text = message("req_responsible", value=net.topic_name(topic))
        else:
            found = matching(net, q, seating, req)
            blocked = {v for v in found if v in q.exclude}
            eligible = found - q.exclude
            k, code = req.k, str(req)
            text = message(f"req_{req.what}", k=req.k, value=requirement_value(net, req))
        seated_ok = _seat_until(seating, eligible, k, q.seats, text)
        met = len(seated_ok) >= k
        reason = None if met else why_unmet(net, kind, req, topic, eligible, blocked, q.seats, k,
                                            labels[0], labels[1])
        for v in seated_ok:
            msg = message("fills", requirement=text)
            if msg not in seating.why[v]:
                seating.why[v].append(msg)
        report.append({"requirement": code, "text": text, "k": k, "met": met,
                       "count": len(seated_ok), "seated": seated_ok, "why": reason})
    return report


def _seat_until(seating: Seating, eligible: set[str], k: int, seats: int,
                text: dict[str, Any]) -> list[str]:
    """Seat the best of ``eligible`` until ``k`` seated ones meet the requirement (or the seats
    run out); the seated ones that meet it."""
    greedy = seating.greedy
    while sum(1 for v in greedy.seated if v in eligible) < k and len(greedy.seated) < seats:
        pick = greedy.best(eligible)
        if pick is None:
            break
        seating.seat(pick, "requirement", text)
    return [v for v in greedy.seated if v in eligible]


def _blocked_responsible(net: Network, q: Question, seating: Seating, topic: str) -> set[str]:
    """Excluded city units that would be responsible for ``topic`` here."""
    scope = seating.scope
    return {v for v in q.exclude if v in net.G and attribute(net, v, "sector") == "administration"
            and v in (scope.local | scope.wide) and topic in (attribute(net, v, "topics") or ())}


def matching(net: Network, q: Question, seating: Seating, r: Requirement) -> set[str]:
    """The candidates that meet ``r``, excluded ones among them; for ``unit=`` also the offices
    under the unit that are not candidates yet (they become candidates with no relevance)."""
    scope = seating.scope
    pool = set(scope.relevance)
    if r.what == "sector":
        return {v for v in pool if attribute(net, v, "sector") == r.value}
    if r.what == "kind":
        return {v for v in pool if attribute(net, v, "kind") == r.value}
    if r.what == "area":
        inside = net.members([r.value])
        return {v for v in pool if v in inside}
    # unit: the unit itself and the offices under it, wherever they work
    under = net.under(r.value)
    for v in under - set(scope.relevance):
        if v in net.G and attribute(net, v, "kind") != "forum":
            scope.relevance[v] = 0.0
            scope.cover[v] = scope.reach(net.G, v)
            scope.info[v] = {"topics": [], "strength": 0.0, "count": 0, "areas": []}
            seating.why[v] = []
    return {v for v in under if v in scope.relevance} | {v for v in under if v in q.exclude}
