"""The last phase of the invitation: the answer in words.

Each seat gets its role and reasons (why this actor, what it brings) and its alternates (who
would take the seat best); each relevant actor is listed as reached (by which seats) or not
reached (and why); a requirement that is not met gets the reason (:func:`why_unmet`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.analysis.invite.fill import Greedy, Seating
from graph.analysis.invite.validate import Question, Requirement
from graph.analysis.invite_words import either, join, role, say, word
from graph.analysis.network import Network, attribute
from graph.i18n import plural
from graph.model import ActorKind, Sector

#: The role of a seat that is not a responsible unit or a bridge, by the actor's sector.
SECTOR_ROLES = {"population": "residents", "civil_society": "civil_society",
                "institution": "institution", "private": "private",
                "administration": "administration"}


def requirement_value(net: Network, req: Requirement, lang: str | None) -> str:
    """What a requirement asks for, in words (a sector or kind label, an area or actor name)."""
    if req.what == "sector":
        return Sector(req.value).label(lang)
    if req.what == "kind":
        return ActorKind(req.value).label(lang)
    if req.what == "area":
        return net.area_name(req.value)
    return net.name(req.value)


def why_unmet(net: Network, kind: str, req: Requirement | None, topic: str | None,
              eligible: set[str], blocked: set[str], seats: int, k: int, area_label: str,
              topics_label: str, lang: str | None) -> str:
    """Why a requirement (``kind`` ``requirement``) or a responsible unit for ``topic`` (``kind``
    ``responsible``) is not met: too few seats, excluded, or nobody who meets it."""
    if kind == "responsible":
        assert topic is not None
        if blocked and not eligible:
            return _excluded(net, blocked, lang)
        if not eligible:
            return say("why_no_responsible", lang, topic=net.topic_name(topic), area=area_label)
        return say("why_no_seats", lang, seats=seats)
    assert req is not None
    value = requirement_value(net, req, lang)
    if len(eligible) >= k:
        return say("why_no_seats", lang, seats=seats)
    if blocked:
        return _excluded(net, blocked, lang)
    if req.what == "unit":
        return say("why_unit_none", lang, value=value)
    what = word({"sector": "of_sector", "kind": "of_kind", "area": "from_area"}[req.what], lang,
                value=value)
    if not eligible:
        return say("why_none", lang, area=area_label, topics=topics_label, what=what)
    return say("why_too_few", lang, found=len(eligible), k=k, what=what)


def _excluded(net: Network, blocked: set[str], lang: str | None) -> str:
    names = join([net.name(v) for v in sorted(blocked)], lang)
    return plural("why_excluded", len(blocked), lang, names=names)


# ---------------------------------------------------------------------------------------------
# seats


def seat_rows(net: Network, q: Question, seating: Seating, report: list[dict[str, Any]],
              alternates: int, lang: str | None) -> list[dict[str, Any]]:
    """One row per seat, in the order seated, with its alternates."""
    rows = [seat_row(net, q, seating, v, lang) for v in seating.seated]
    for row in rows:
        row["alternates"] = _alternates(net, seating, row["id"], report, alternates)
    return rows


def seat_row(net: Network, q: Question, seating: Seating, v: str, lang: str | None) -> dict[str, Any]:
    """Seat ``v``: ``id, name, kind, sector, role, role_code, reasons, alternates, relevance,
    gain``."""
    scope = seating.scope
    kind, detail = seating.slot[v]
    info = scope.info[v]
    code, reasons = _role_and_reasons(net, q, scope.local, scope.responsible_of, v, kind, detail,
                                      info, lang)
    if info["count"]:
        strength = _num(info["strength"])
        reasons.append(plural("activity", info["count"], lang, strength=strength))
    gain, new, total = seating.gains[v]
    if new:
        reasons.append(plural("reaches", new, lang, new=new, total=total))
    reasons += seating.why[v]
    return {
        "id": v,
        "name": net.name(v),
        "kind": attribute(net, v, "kind"),
        "sector": attribute(net, v, "sector"),
        "role": role(code, lang),
        "role_code": code,
        "reasons": reasons,
        "alternates": [],
        "relevance": round(scope.relevance[v], 3),
        "gain": round(gain, 3),
    }


def _role_and_reasons(net: Network, q: Question, local: set[str], responsible_of: dict[str, list[str]],
                      v: str, kind: str, detail: Any, info: dict[str, Any],
                      lang: str | None) -> tuple[str, list[str]]:
    """The role code of seat ``v`` and the reasons that come with it (before activity and reach)."""
    area_label = join([net.area_name(a) for a in q.area_ids], lang)
    where = join([net.area_name(a) for a in info["areas"]], lang)
    topics = join([net.topic_name(t) for t in info["topics"]], lang)
    reasons: list[str] = [say("must", lang)] if kind == "must" else []
    if v in responsible_of:
        code = ("responsible_department" if attribute(net, v, "kind") == "department"
                else "responsible_unit")
        reasons.append(say("responsible_here", lang, topics=topics, area=where or area_label)
                       if v in local else
                       say("responsible_wide", lang, topics=topics, where=where, area=area_label))
    else:
        sector = attribute(net, v, "sector")
        if kind == "bridge":
            code = "bridge" if detail else "isolated_self"
        elif not info["topics"]:
            code = "hub" if sector != "population" else "residents"
        else:
            code = SECTOR_ROLES.get(sector or "", "hub")
        if info["topics"]:
            reasons.append(say("topics", lang, topics=topics))
        if info["areas"]:
            reasons.append(say("local", lang, where=where) if v in local else
                           say("wide", lang, where=where, area=area_label))
    if kind == "bridge" and detail:
        names = join([net.name(u) for u in detail], lang)
        reasons.append(plural("brings_isolated", len(detail), lang, names=names))
        if v in net.isolated_reasons:
            reasons.append(say("is_isolated", lang, reason=net.isolated_reasons[v]))
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


def unreached_rows(net: Network, q: Question, seating: Seating, reached: set[str],
                   lang: str | None) -> list[dict[str, Any]]:
    """The relevant actors the table does not reach (``id, name, kind, why``)."""
    rows = []
    for u in sorted(seating.scope.relevant - reached):
        reasons = [say("no_tie_to_table", lang)]
        if u in net.isolated_reasons:
            reasons.append(net.isolated_reasons[u])
        if u in q.exclude:
            reasons.insert(0, either(lang, "ausgeschlossen (--exclude)", "excluded (--exclude)"))
        rows.append({"id": u, "name": net.name(u), "kind": attribute(net, u, "kind"),
                     "why": reasons})
    return rows
