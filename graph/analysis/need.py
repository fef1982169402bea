"""The need finder ("Bedarf"): which institutions and units are best suited or responsible when a
new need appears on a topic in an area."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph import nxdicts
from graph.analysis.network import Network, network_of
from graph.i18n import listing, message
from graph.model import search_key

#: Points per reason (see need_finder).
SCORES = {"responsible": 3.0, "active": 2.0, "partner": 0.5, "partner_max": 1.5,
          "elsewhere": 1.0, "present": 0.5, "keyword": 1.0}

#: Kinds that can take on a need (residents' groups and forums are not asked to).
KINDS = ("association", "institution", "private_provider", "city_unit", "department")


def need_finder(
    S: nx.MultiDiGraph | Network,
    *,
    topic: str,
    area: str,
    keywords: Sequence[str] = (),
    top: int | None = 10,
    as_of: date | None = None,
) -> list[dict[str, Any]]:
    """The institutions and units best suited or responsible for a need, each with its reasons.

    Score (points add up; an actor needs at least one of the first four or a keyword):

    - **responsible** (3): a city unit or department working on the topic, active in the area,
      below it or in an area that contains it (a city-wide unit);
    - **active here** (2): works on the topic and is active in the area or below it;
    - **partner** (0.5 each, at most 1.5): current ties to actors active on the topic here;
    - **experience elsewhere** (1): works on the topic, but outside the area;
    - **present** (0.5): active in the area (on other topics);
    - **keyword** (1 each): a keyword in its name, description or tags (case and accents
      ignored, "hongg" finds "Höngg").

    Parameters
    ----------
    S : networkx.MultiDiGraph or Network
        A snapshot, or a prepared one (:func:`graph.analysis.network.prepare`).
    topic, area : str
        Id or name.
    keywords : sequence of str
        Words describing the need ("Skatepark", "Treffpunkt").
    top : int, optional
        Only the first ``top`` (None: all).
    as_of : datetime.date, optional
        The day (default: today, or the prepared network's day).

    Returns
    -------
    list of dict
        ``id, name, kind, sector, score, codes, reasons`` by score descending, then id;
        ``reasons`` are messages (:func:`graph.words.worded` puts them in words).

    Raises
    ------
    InvalidInputError
        for an unknown topic or area.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={"k": {"id": "k", "name": "Kreis"}},
    ...                     topics={"jugend": {"id": "jugend", "name": "Jugend"}})
    >>> S.add_node("amt", name="Jugendamt", kind="city_unit", sector="administration",
    ...            areas=["k"], topics=["jugend"])
    >>> [r["id"] for r in need_finder(S, topic="Jugend", area="k", as_of=date(2025, 1, 1))]
    ['amt']

    References
    ----------
    .. [1] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge University Press
       (1994), ch. 4 (actor attributes and ties as evidence of a role).
    """
    net = network_of(S, as_of)
    tid = net.topic_id(topic)
    ask = _question(net, tid, net.area_id(area), keywords)
    scored = [row for v in ask.candidates if (row := _score(ask, v)) is not None]
    scored.sort(key=lambda r: (r[0], r[1]))
    if top is not None:
        scored = scored[:max(0, top)]
    # reasons only for what is shown
    return [_row(net, ask, net.topic_name(tid), v, -neg, codes, sorted(known), found)
            for neg, v, codes, known, found in scored]


@dataclass
class _Question:
    """Who is where for one need: the actors of the area and around it, on the topic, their
    partners and the keyword hits."""

    nodes: Any
    below: frozenset[str]
    above: set[str]
    local: set[str]
    wide: set[str]
    topical: set[str]
    active_here: set[str]
    partners: dict[str, list[str]]
    hits: dict[str, list[str]]
    candidates: set[str]


def _question(net: Network, tid: str, aid: str, keywords: Sequence[str]) -> _Question:
    G = net.G
    above = net.above([aid])
    local = {v for v in net.members([aid]) if v in G}
    wide = {v for a in above for v in net.by_area.get(a, ()) if v in G} - local
    topical = {v for v in net.by_topic.get(tid, ()) if v in G}
    active_here = local & topical
    words = [(k, search_key(k)) for k in keywords if k and k.strip()]
    candidates = set(topical) | local
    partners: dict[str, list[str]] = {}
    for v in active_here:
        for u in G.adj[v]:
            partners.setdefault(u, []).append(v)
    candidates |= set(partners)
    hits: dict[str, list[str]] = {}
    if words:
        for v, text in net.texts().items():
            found = [k for k, key in words if key in text]
            if found and v in G:
                hits[v] = found
        candidates |= set(hits)
    return _Question(nodes=nxdicts.nodes(G),  # the attribute dicts, without a view per lookup
                     below=net.below.get(aid, frozenset({aid})), above=above, local=local,
                     wide=wide, topical=topical, active_here=active_here, partners=partners,
                     hits=hits, candidates=candidates)


def _score(ask: _Question, v: str) -> tuple[float, str, list[str], list[str], list[str]] | None:
    """``(-score, id, codes, partners, keywords)`` of candidate ``v``, None if it has no reason."""
    data = ask.nodes[v]
    if data.get("kind") not in KINDS:
        return None
    mine = v in ask.topical
    is_local = v in ask.local
    codes: list[str] = []
    score = 0.0
    if mine and data.get("sector") == "administration" and (is_local or v in ask.wide):
        codes.append("responsible")
        score += SCORES["responsible"]
    active = v in ask.active_here
    if active:
        codes.append("active")
        score += SCORES["active"]
    known = [u for u in ask.partners.get(v, ()) if u != v]
    if known:
        codes.append("partner")
        score += min(SCORES["partner_max"], SCORES["partner"] * len(known))
    if mine and not is_local and v not in ask.wide:
        codes.append("elsewhere")
        score += SCORES["elsewhere"]
    found = ask.hits.get(v, [])
    if not codes and not found:
        return None
    if is_local and not active:
        codes.append("present")
        score += SCORES["present"]
    if found:
        codes.append("keyword")
        score += SCORES["keyword"] * len(found)
    return (-round(score, 3), v, codes, known, found)


def _row(net: Network, ask: _Question, topic_name: str, v: str, score: float, codes: list[str],
         known: list[str], found: list[str]) -> dict[str, Any]:
    data = net.G.nodes[v]
    areas = list(data.get("areas") or ())
    here = [net.area_name(a) for a in areas if a in ask.below]
    over = [net.area_name(a) for a in areas if a in ask.above]
    reasons: list[dict[str, Any]] = []
    for code in codes:
        if code == "responsible":
            reasons.append(message("need_responsible", topic=topic_name,
                                   where=listing(here or over, 4)))
        elif code == "active":
            reasons.append(message("need_active", topic=topic_name, where=listing(here, 4)))
        elif code == "partner":
            names = listing([net.name(u) for u in known], 3)
            reasons.append(message("need_partners", count=len(known), names=names, topic=topic_name))
        elif code == "elsewhere":
            reasons.append(message("need_elsewhere", topic=topic_name,
                                   where=listing([net.area_name(a) for a in areas], 3)))
        elif code == "present":
            reasons.append(message("need_present", where=listing(here, 4)))
        elif code == "keyword":
            reasons.append(message("need_keywords", words=", ".join(found)))
    return {"id": v, "name": net.name(v), "kind": data.get("kind"), "sector": data.get("sector"),
            "score": score, "codes": codes, "reasons": reasons}
