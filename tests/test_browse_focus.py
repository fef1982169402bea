"""The browser's focus views on the Zurich sample: the city as areas (tie counts checked against a
brute force over every pair of areas and every tie) and an actor's neighbourhood (checked
against NetworkX's shortest path lengths), both stable from one call to the next."""

from __future__ import annotations

import math
from itertools import combinations

import networkx as nx
import pytest

from graph.analysis.layout import spread_layout
from graph.analysis.projection import area_members
from graph.errors import NotFoundError
from graph.focus import area_overview, neighbourhood
from graph.store.sqlite import SqliteStore
from loaders.sample import load_sample


@pytest.fixture(scope="module")
def zurich(tmp_path_factory) -> nx.MultiDiGraph:
    store = SqliteStore(tmp_path_factory.mktemp("focus") / "zh.db")
    try:
        load_sample(store, "zurich")
        return store.snapshot()
    finally:
        store.close()


def brute_force(S: nx.MultiDiGraph, level: str) -> tuple[dict, dict, dict]:
    """Actors per area, ties within each area, ties between each pair: by the definition, one
    area pair and one tie at a time (every tie of the snapshot, by its key)."""
    areas = sorted(a for a, d in S.graph["areas"].items() if d.get("level") == level)
    members = {a: area_members(S, a) for a in areas}
    ties = list(S.edges(keys=True))
    within = {a: sum(1 for u, v, _ in ties if u in members[a] and v in members[a]) for a in areas}
    between = {}
    for a, b in combinations(areas, 2):
        n = sum(1 for u, v, _ in ties if (u in members[a] and v in members[b])
                or (u in members[b] and v in members[a]))
        if n:
            between[(a, b)] = n
    return {a: len(m) for a, m in members.items()}, within, between


@pytest.mark.parametrize("level", ["kreis", "quartier"])
def test_overview_counts_equal_a_brute_force(zurich, level):
    got = area_overview(zurich, level=level)
    actors, within, between = brute_force(zurich, level)
    assert {a["id"]: a["actors"] for a in got["areas"]} == actors
    assert {a["id"]: a["within"] for a in got["areas"]} == within
    assert {(link["source"], link["target"]): link["ties"] for link in got["links"]} == between
    assert len(got["areas"]) == (12 if level == "kreis" else 34)
    assert got["actors"] == zurich.number_of_nodes() == 273
    # every actor of no Kreis/Quartier is a city-wide one, counted once
    placed = set().union(*(area_members(zurich, a["id"]) for a in got["areas"]))
    assert got["unassigned"] == 273 - len(placed) > 0
    assert got == area_overview(zurich, level=level)  # the same each time


def test_overview_of_a_scope_only_its_areas_and_tie_kinds_filter(zurich):
    scope = {"kreis-10", "hoengg", "wipkingen"}
    got = area_overview(zurich, level="quartier", scope=scope)
    assert [a["id"] for a in got["areas"]] == ["hoengg", "wipkingen"]
    informs = area_overview(zurich, level="kreis", tie_kinds={"informs"})
    every = area_overview(zurich, level="kreis")
    assert sum(x["ties"] for x in informs["links"]) < sum(x["ties"] for x in every["links"])
    with pytest.raises(ValueError, match="level"):
        area_overview(zurich, level="region")


def test_overview_positions_given_kept_the_others_on_a_circle(zurich):
    got = area_overview(zurich, level="kreis", positions={"kreis-1": (500.0, 400.0)})
    xy = {a["id"]: (a["x"], a["y"]) for a in got["areas"]}
    assert xy["kreis-1"] == (500.0, 400.0)
    others = [v for k, v in xy.items() if k != "kreis-1"]
    assert len(set(others)) == 11  # each its own place


@pytest.mark.parametrize("depth", [1, 2])
def test_neighbourhood_is_everyone_within_depth(zurich, depth):
    actor = "gz-wipkingen"
    U = nx.Graph(zurich.to_undirected(as_view=True))
    expected = nx.single_source_shortest_path_length(U, actor, cutoff=depth)
    got = neighbourhood(zurich, actor, depth=depth)
    assert {n["id"]: n["hops"] for n in got["nodes"]} == expected
    shown = set(expected)
    keys = sorted(k for u, v, k in zurich.edges(keys=True) if u in shown and v in shown)
    assert [e["id"] for e in got["edges"]] == keys
    assert got["layout"] == "server" and got["omitted"] == 0 and got["center"] == actor
    # the same positions each time, and no two actors on one spot
    assert got == neighbourhood(zurich, actor, depth=depth)
    pos = [(n["x"], n["y"]) for n in got["nodes"]]
    assert min(math.dist(p, q) for p, q in combinations(pos, 2)) > 10


def test_neighbourhood_limit_keeps_the_nearest_and_unknown_is_not_found(zurich):
    got = neighbourhood(zurich, "sozialdepartement", depth=2, limit=10)
    assert len(got["nodes"]) == 10 and got["omitted"] == got["count"] - 10 > 0
    hops = sorted(n["hops"] for n in got["nodes"])
    full = sorted(n["hops"] for n in neighbourhood(zurich, "sozialdepartement", depth=2)["nodes"])
    assert hops == full[:10]
    with pytest.raises(NotFoundError):
        neighbourhood(zurich, "no-such-actor")
    with pytest.raises(NotFoundError):  # outside the reader's scope: as unknown
        neighbourhood(zurich, "gz-wipkingen", scope={"hoengg"})


def test_spread_layout_separates_a_hubs_partners():
    G = nx.star_graph(30)
    pos = spread_layout(G)
    leaves = [pos[i] for i in range(1, 31)]
    assert min(math.dist(p, q) for p, q in combinations(leaves, 2)) > 15
    assert pos == spread_layout(G)
