"""Phase 2 of the invitation: who is relevant, who may be seated, and how relevant each one is.

**Relevant actors** ``P``: every actor (not a forum) that works on one of the topics and is
active in one of the areas or below them (*local*), or in an area that contains one of them, such
as a city-wide unit (*wide*). **Candidates** are the relevant actors and every other local actor
(a well-tied one may be the best way to reach the others), without the excluded ones; a ``must``
outside the area is a candidate all the same.

**Relevance** of a candidate ``v``::

    r(v) = 2 * (share of the topics v works on)
         + 1 if local, 0.5 if wide
         + 2 if responsible (a city unit or department that is relevant)
         + min(1, strength of v's ties to relevant actors / 10)   (activity)

**Cover** of ``v``: the relevant actors it reaches (itself, or one current tie away).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.invite.validate import Question
from graph.analysis.network import Network

#: Weights of the relevance score (see the module's description).
W_TOPIC, W_LOCAL, W_WIDE, W_RESPONSIBLE, W_ACTIVITY = 2.0, 1.0, 0.5, 2.0, 1.0
#: Tie strength to relevant actors at which the activity part of relevance is full.
ACTIVITY_FULL = 10.0


@dataclass
class Scope:
    """Who counts for one question: the areas around it, the relevant actors, the candidates with
    their relevance and cover (a requirement for a city unit may add candidates later)."""

    below: set[str]
    above: set[str]
    local: set[str]
    wide: set[str]
    relevant: frozenset[str]
    candidates: set[str]
    relevance: dict[str, float]
    cover: dict[str, frozenset[str]]
    #: per candidate: ``topics`` it works on, tie ``strength`` and ``count`` to relevant actors,
    #: the ``areas`` that make it local or wide
    info: dict[str, dict[str, Any]]
    #: responsible city units and departments, with the topics they are responsible for
    responsible_of: dict[str, list[str]]
    #: local actors cut off from the neighbourhood (see ISOLATION_CODES)
    isolated: set[str]

    def reach(self, G: nx.Graph, v: str) -> frozenset[str]:
        """The relevant actors ``v`` reaches: itself and its neighbours in the analysis graph."""
        return frozenset(({v} | set(G.adj[v]) if v in G else {v}) & self.relevant)


def score_candidates(net: Network, q: Question) -> Scope:
    """The :class:`Scope` of question ``q``: relevant actors, candidates, relevance and cover."""
    G = net.G
    tset = set(q.topic_ids)
    below = {b for a in q.area_ids for b in net.below.get(a, (a,))}
    above = net.above(q.area_ids)
    local = {v for v in net.members(q.area_ids) if v in G}
    wide = {v for a in above for v in net.by_area.get(a, ()) if v in G} - local
    topical = {v for t in q.topic_ids for v in net.by_topic.get(t, ()) if v in G}
    relevant = frozenset((local | wide) & topical)
    candidates = set(relevant | local) - q.exclude
    for m in q.must:  # a must outside the area is seated all the same
        if m in G:
            candidates.add(m)
    scope = Scope(below=below, above=above, local=local, wide=wide, relevant=relevant,
                  candidates=candidates, relevance={}, cover={}, info={}, responsible_of={},
                  isolated={v for v in local if v in net.isolated})
    for v in sorted(candidates | set(q.must)):
        _score(net, scope, v, tset)
    scope.cover = {v: scope.reach(G, v) for v in scope.relevance}
    return scope


def _score(net: Network, scope: Scope, v: str, tset: set[str]) -> None:
    """Relevance, responsibility and info of candidate ``v``."""
    G = net.G
    data = G.nodes[v] if v in G else net.S.nodes[v]
    mine = tset.intersection(data.get("topics") or ())
    strength, count = 0.0, 0
    if v in G:
        for u, e in G.adj[v].items():
            if u in scope.relevant:
                strength += e.get("weight", 1.0)
                count += 1
    is_resp = v in scope.relevant and data.get("sector") == "administration"
    area_part = W_LOCAL if v in scope.local else W_WIDE if v in scope.wide else 0.0
    scope.relevance[v] = (W_TOPIC * len(mine) / len(tset) + area_part
                          + (W_RESPONSIBLE if is_resp else 0.0)
                          + W_ACTIVITY * min(1.0, strength / ACTIVITY_FULL))
    if is_resp:
        scope.responsible_of[v] = sorted(mine)
    areas = data.get("areas") or ()
    scope.info[v] = {"topics": sorted(mine), "strength": strength, "count": count,
                     "areas": [a for a in areas if a in scope.below] if v in scope.local
                     else [a for a in areas if a in scope.above]}
