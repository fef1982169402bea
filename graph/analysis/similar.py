"""Similar actors: who else does what an actor does (the coordinator's "wer macht das auch?"),
each with the reasons, and whether the two are already tied.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.projection import valid_on
from graph.errors import NotFoundError
from graph.i18n import message

#: Weights of the score: shared topics count most, then shared areas, then the same kind.
W_TOPICS, W_AREAS, W_KIND = 2.0, 1.0, 0.5


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def similar_actors(S: nx.MultiDiGraph, actor: str, *, top: int = 5,
                   as_of: date | None = None) -> list[dict[str, Any]]:
    """The actors most like ``actor``: ``score = 2 J(topics) + J(areas) + 0.5`` if of the same
    kind (``J`` the Jaccard index of the two sets; an actor's areas include the areas above them
    up to, not including, the city, so two Quartiere of one Kreis share it); only actors sharing
    a topic, or of the same kind sharing an area, count; forums are left out. Sorted by score
    descending, then name.

    Returns ``id, name, kind, sector, score, shared_topics, shared_areas, tied, reasons``
    (``tied``: a tie between the two holds on ``as_of``, any kind, either way).

    Raises
    ------
    NotFoundError
        if ``actor`` is not in ``S``.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_node("a", name="A", kind="association", topics=["alter"], areas=["k"])
    >>> S.add_node("b", name="B", kind="association", topics=["alter"], areas=["k"])
    >>> S.add_node("c", name="C", kind="institution", topics=["jugend"], areas=["k"])
    >>> [(r["id"], r["score"]) for r in similar_actors(S, "a")]
    [('b', 3.5)]
    """
    if actor not in S:
        raise NotFoundError("actor", actor)
    me = S.nodes[actor]
    area_names = S.graph.get("areas") or {}
    topics, areas = set(me.get("topics") or ()), _with_parents(me.get("areas") or (), area_names)
    tied = {u for u in nx.all_neighbors(S, actor)
            if any(valid_on(d, as_of) for d in _edges(S, actor, u))}
    topic_names = S.graph.get("topics") or {}
    rows = []
    for v, d in S.nodes(data=True):
        if v == actor or d.get("kind") == "forum":
            continue
        their_topics = set(d.get("topics") or ())
        their_areas = _with_parents(d.get("areas") or (), area_names)
        same_kind = d.get("kind") == me.get("kind")
        shared_topics, shared_areas = sorted(topics & their_topics), sorted(areas & their_areas)
        if not shared_topics and not (same_kind and shared_areas):
            continue
        score = (W_TOPICS * _jaccard(topics, their_topics) + W_AREAS * _jaccard(areas, their_areas)
                 + (W_KIND if same_kind else 0.0))
        reasons = []
        if shared_topics:
            reasons.append(message("similar_topics", count=len(shared_topics), topics=[
                (topic_names.get(t) or {}).get("name", t) for t in shared_topics]))
        if shared_areas:
            reasons.append(message("similar_areas", count=len(shared_areas), areas=[
                (area_names.get(a) or {}).get("name", a) for a in shared_areas]))
        if same_kind:
            reasons.append(message("similar_kind", kind={"label": "kind", "value": d.get("kind")}))
        reasons.append(message("similar_tied" if v in tied else "similar_untied"))
        rows.append({"id": v, "name": d.get("name", v), "kind": d.get("kind"),
                     "sector": d.get("sector"), "score": round(score, 4),
                     "shared_topics": shared_topics, "shared_areas": shared_areas,
                     "tied": v in tied, "reasons": reasons})
    rows.sort(key=lambda r: (-r["score"], str(r["name"]), str(r["id"])))
    return rows[:max(0, top)]


def _with_parents(areas: Any, known: dict[str, Any]) -> set[str]:
    """The areas and every area above them, the city left out."""
    out: set[str] = set()
    for a in areas:
        while a and a not in out and (known.get(a) or {}).get("level") != "city":
            out.add(a)
            a = (known.get(a) or {}).get("parent")
    return out


def _edges(S: nx.MultiDiGraph, a: str, b: str) -> list[dict[str, Any]]:
    out = list((S.get_edge_data(a, b) or {}).values())
    return out + list((S.get_edge_data(b, a) or {}).values())
