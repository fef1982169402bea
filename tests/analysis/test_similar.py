"""Similar actors (issue 14 item 4): the score against a brute force written from the definition
with Python's sets, the reasons, ties on the day, and an unknown actor."""

from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest

from graph.analysis.similar import similar_actors
from graph.errors import NotFoundError
from graph.words import worded

AREAS = {"stadt": {"id": "stadt", "level": "city", "parent": None, "name": "Stadt"},
         "k1": {"id": "k1", "level": "kreis", "parent": "stadt", "name": "Kreis 1"},
         "k2": {"id": "k2", "level": "kreis", "parent": "stadt", "name": "Kreis 2"},
         "q1": {"id": "q1", "level": "quartier", "parent": "k1", "name": "Q1"},
         "q2": {"id": "q2", "level": "quartier", "parent": "k1", "name": "Q2"},
         "q3": {"id": "q3", "level": "quartier", "parent": "k2", "name": "Q3"}}
UP = {"q1": {"q1", "k1"}, "q2": {"q2", "k1"}, "q3": {"q3", "k2"}, "k1": {"k1"}, "k2": {"k2"}}


def brute(S, a):
    def jac(x, y):
        return len(x & y) / len(x | y) if x | y else 0.0

    me = S.nodes[a]
    mine_t = set(me["topics"])
    mine_a = set().union(*(UP[x] for x in me["areas"]))
    out = {}
    for v, d in S.nodes(data=True):
        if v == a or d["kind"] == "forum":
            continue
        t, ar = set(d["topics"]), set().union(*(UP[x] for x in d["areas"]))
        same = d["kind"] == me["kind"]
        if mine_t & t or (same and mine_a & ar):
            out[v] = round(2 * jac(mine_t, t) + jac(mine_a, ar) + (0.5 if same else 0), 4)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_scores_equal_a_brute_force(seed):
    rng = random.Random(seed)
    S = nx.MultiDiGraph(areas=AREAS, topics={})
    for i in range(25):
        S.add_node(f"a{i}", name=f"A{i}", kind=rng.choice(["association", "institution", "forum"]),
                   topics=rng.sample(["alter", "jugend", "kultur", "wohnen"], rng.randint(0, 2)),
                   areas=rng.sample(["q1", "q2", "q3"], rng.randint(1, 2)))
    for v in ("a0", "a1", "a2"):
        if S.nodes[v]["kind"] == "forum":
            continue
        got = {r["id"]: r["score"] for r in similar_actors(S, v, top=100)}
        assert got == brute(S, v)


def test_reasons_and_ties_on_the_day():
    S = nx.MultiDiGraph(areas=AREAS, topics={"alter": {"name": "Alter"}})
    S.add_node("a", name="Verein A", kind="association", topics=["alter"], areas=["q1"])
    S.add_node("b", name="Verein B", kind="association", topics=["alter"], areas=["q2"])
    S.add_node("c", name="GZ C", kind="institution", topics=["alter"], areas=["q3"])
    S.add_edge("a", "b", key="t", kind="cooperates_with", until=date(2024, 12, 31))
    rows = worded(similar_actors(S, "a", as_of=date(2024, 6, 1)), "de")
    assert [r["id"] for r in rows] == ["b", "c"]  # B shares Kreis 1 and the kind
    assert rows[0]["reasons"] == ["gleiches Thema: Alter", "im gleichen Gebiet: Kreis 1",
                                  "ebenfalls Verein", "schon verbunden"]
    later = similar_actors(S, "a", as_of=date(2025, 6, 1))
    assert later[0]["tied"] is False  # the tie ended
    with pytest.raises(NotFoundError):
        similar_actors(S, "niemand")
