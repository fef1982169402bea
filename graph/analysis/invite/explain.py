"""The last phase of the invitation: the answer, explained.

Each seat gets its role and reasons (why this actor, what it brings) and its alternates (who
would take the seat best); each relevant actor is listed as reached (by which seats) or not
reached (and why); a requirement that is not met gets the reason (:func:`why_unmet`). Reasons
are messages (:func:`graph.i18n.message`): codes with parameters, put in words by
:func:`graph.words.worded`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.analysis.invite.fill import Greedy, Seating
from graph.analysis.invite.validate import Question, Requirement
from graph.analysis.network import Network, attribute
from graph.i18n import label, listing, message

#: The role of a seat that is not a responsible unit or a bridge, by the actor's sector.
SECTOR_ROLES = {"population": "residents", "civil_society": "civil_society",
                "institution": "institution", "private": "private",
                "administration": "administration"}


def requirement_value(net: Network, req: Requirement) -> Any:
    """What a requirement asks for: a sector or kind label, an area or actor name."""
    if req.what in ("sector", "kind"):
        return label(req.what, req.value)
    if req.what == "area":
        return net.area_name(req.value)
    return net.name(req.value)


def why_unmet(net: Network, kind: str, req: Requirement | None, topic: str | None,
              eligible: set[str], blocked: set[str], seats: int, k: int, area_label: Any,
              topics_label: Any) -> dict[str, Any]:
    """Why a requirement (``kind`` ``requirement``) or a responsible unit for ``topic`` (``kind``
    ``responsible``) is not met: too few seats, excluded, or nobody who meets it."""
    if kind == "responsible":
        assert topic is not None
        if blocked and not eligible:
            return _excluded(net, blocked)
        if not eligible:
            return message("why_no_responsible", topic=net.topic_name(topic), area=area_label)
        return message("why_no_seats", seats=seats)
    assert req is not None
    value = requirement_value(net, req)
    if len(eligible) >= k:
        return message("why_no_seats", seats=seats)
    if blocked:
        return _excluded(net, blocked)
    if req.what == "unit":
        return message("why_unit_none", value=value)
    what = message({"sector": "of_sector", "kind": "of_kind", "area": "from_area"}[req.what],
                   context="invite", value=value)
    if not eligible:
        return message("why_none", area=area_label, topics=topics_label, what=what)
    return message("why_too_few", found=len(eligible), k=k, what=what)


def _excluded(net: Network, blocked: set[str]) -> dict[str, Any]:
    return message("why_excluded", count=len(blocked), names=names_of(net, sorted(blocked)))


def names_of(net: Network, ids: Iterable[str], limit: int = 4) -> dict[str, Any]:
    """Actor names for a sentence (at most ``limit``, the rest counted)."""
    return listing([net.name(v) for v in ids], limit)


def area_names(net: Network, ids: Iterable[str]) -> dict[str, Any]:
    return listing([net.area_name(a) for a in ids], 4)


def topic_names(net: Network, ids: Iterable[str]) -> dict[str, Any]:
    return listing([net.topic_name(t) for t in ids], 4)


# ---------------------------------------------------------------------------------------------
# seats


def seat_rows(net: Network, q: Question, seating: Seating, report: list[dict[str, Any]],
              alternates: int) -> list[dict[str, Any]]:
    """One row per seat, in the order seated, with its alternates."""
    rows = [seat_row(net, q, seating, v) for v in seating.seated]
    for row in rows:
        row["alternates"] = _alternates(net, seating, row["id"], report, alternates)
    return rows


def seat_row(net: Network, q: Question, seating: Seating, v: str) -> dict[str, Any]:
    """Seat ``v``: ``id, name, kind, sector, role, role_code, reasons, alternates, relevance,
    gain``."""
    scope = seating.scope
    kind, detail = seating.slot[v]
    info = scope.info[v]
    code, reasons = _role_and_reasons(net, q, scope.local, scope.responsible_of, v, kind, detail,
                                      info)
    if info["count"]:
        strength = _num(info["strength"])
        reasons.append(message("activity", count=info["count"], strength=strength))
    gain, new, total = seating.gains[v]
    if new:
        reasons.append(message("reaches", count=new, new=new, total=total))
    reasons += seating.why[v]
    return {
        "id": v,
        "name": net.name(v),
        "kind": attribute(net, v, "kind"),
        "sector": attribute(net, v, "sector"),
        "role": message(code, context="role"),
        "role_code": code,
        "reasons": reasons,
        "alternates": [],
        "relevance": round(scope.relevance[v], 3),
        "gain": round(gain, 3),
    }


def _role_and_reasons(net: Network, q: Question, local: set[str], responsible_of: dict[str, list[str]],
                      v: str, kind: str, detail: Any, info: dict[str, Any],
                      ) -> tuple[str, list[dict[str, Any]]]:
    """The role code of seat ``v`` and the reasons that come with it (before activity and reach)."""
    area_label = area_names(net, q.area_ids)
    where = area_names(net, info["areas"])
    topics = topic_names(net, info["topics"])
    reasons = [message("must")] if kind == "must" else []
    if v in responsible_of:
        code = ("responsible_department" if attribute(net, v, "kind") == "department"
                else "responsible_unit")
        reasons.append(message("responsible_here", topics=topics, area=where if info["areas"] else area_label)
                       if v in local else
                       message("responsible_wide", topics=topics, where=where, area=area_label))
    else:
        sector = attribute(net, v, "sector")
        if kind == "bridge":
            code = "bridge" if detail else "isolated_self"
        elif not info["topics"]:
            code = "hub" if sector != "population" else "residents"
        else:
            code = SECTOR_ROLES.get(sector or "", "hub")
        if info["topics"]:
            reasons.append(message("topics", topics=topics))
        if info["areas"]:
            reasons.append(message("local", where=where) if v in local else
                           message("wide", where=where, area=area_label))
    if kind == "bridge" and detail:
        reasons.append(message("brings_isolated", count=len(detail), names=names_of(net, detail)))
        if v in net.isolated_reasons:
            reasons.append(message("is_isolated", reason=net.isolated_reasons[v]))
    return code, reasons


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _alternates(net: Network, seating: Seating, v: str, report: list[dict[str, Any]],
                limit: int) -> list[dict[str, Any]]:
    """Who would take seat ``v`` best: unseated candidates of the same kind of slot, by the gain
    they would bring to the table without ``v``."""
    if limit <= 0:
        return []
    greedy: Greedy = seating.greedy
    scope = seating.scope
    kind, detail = seating.slot[v]
    seated = set(greedy.seated)
    pool: Iterable[str]
    if kind == "requirement":
        holders = [r for r in report if v in r["seated"] and r["text"] == detail]
        pool = [c for c in scope.candidates if c not in seated and same_slot(net, c, v, holders)]
    elif kind == "bridge":
        pool = [c for c in scope.candidates if c not in seated
                and ({c} | set(net.G.adj[c] if c in net.G else ())) & scope.isolated]
    else:
        sector = attribute(net, v, "sector")
        pool = [c for c in scope.candidates if c not in seated
                and attribute(net, c, "sector") == sector]
    greedy.remove(v)
    try:
        ranked = sorted(pool, key=lambda c: (-greedy.gain(c), -scope.relevance[c], c))[:limit]
        return [{"id": c, "name": net.name(c), "kind": attribute(net, c, "kind"),
                 "gain": round(greedy.gain(c), 3)} for c in ranked]
    finally:
        greedy.restore(v)


def same_slot(net: Network, c: str, v: str, holders: list[dict[str, Any]]) -> bool:
    """``c`` could fill the requirement seat of ``v``: same kind for a responsible unit, same
    sector otherwise (the requirement's own test is in the requirements phase)."""
    if not holders:
        return attribute(net, c, "sector") == attribute(net, v, "sector")
    code = holders[0]["requirement"]
    if code.startswith("responsible="):
        topic = code.split("=", 1)[1]
        return (attribute(net, c, "sector") == "administration"
                and topic in (attribute(net, c, "topics") or ()))
    what, _, rest = code.partition("=")
    value = rest.rsplit(":", 1)[0]
    if what == "sector":
        return attribute(net, c, "sector") == value
    if what == "kind":
        return attribute(net, c, "kind") == value
    if what == "area":
        return c in net.members([value])
    if what == "unit":
        return c in net.under(value)
    return False


# ---------------------------------------------------------------------------------------------
# the relevant actors


def reached_rows(net: Network, seating: Seating) -> tuple[list[dict[str, Any]], set[str]]:
    """The relevant actors the table reaches (``id, name, kind, via``), and their ids."""
    reached_by: dict[str, list[str]] = {}
    for v in seating.seated:
        for u in seating.scope.cover[v]:
            reached_by.setdefault(u, []).append(v)
    rows = [{"id": u, "name": net.name(u), "kind": attribute(net, u, "kind"),
             "via": sorted(reached_by[u])} for u in sorted(reached_by)]
    return rows, set(reached_by)


def unreached_rows(net: Network, q: Question, seating: Seating,
                   reached: set[str]) -> list[dict[str, Any]]:
    """The relevant actors the table does not reach (``id, name, kind, why``)."""
    rows = []
    for u in sorted(seating.scope.relevant - reached):
        reasons = [message("no_tie_to_table")]
        if u in net.isolated_reasons:
            reasons.append(net.isolated_reasons[u])
        if u in q.exclude:
            reasons.insert(0, message("excluded"))
        rows.append({"id": u, "name": net.name(u), "kind": attribute(net, u, "kind"),
                     "why": reasons})
    return rows
