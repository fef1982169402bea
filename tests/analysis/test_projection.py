"""The analysis graph: which ties count, with which weight."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.analysis import analysis_graph
from graph.errors import NotFoundError
from tests.analysis.conftest import AS_OF


def test_ties_and_weights(zurich):
    G = analysis_graph(zurich, as_of=AS_OF)
    assert "forum-k10" not in G and "sozialdepartement" in G
    # cooperation keeps its weight
    assert G["quartierverein-wipkingen"]["sd-jugend"]["weight"] == 2.0
    # funding (4) and the shared forum: three members, min(3, 3) / (3 - 1) = 1.5
    edge = G["gz-wipkingen"]["sd-quartierkoordination"]
    assert edge["weight"] == pytest.approx(5.5)
    assert edge["kinds"] == ["funds", "member_of"] and edge["forums"] == ["forum-k10"]
    # Spitex (membership weight 2): min(2, 3) / 2 = 1
    assert G["spitex-hoengg"]["gz-wipkingen"]["weight"] == pytest.approx(1.0)
    # part_of is kept apart
    assert not G.has_edge("sd-jugend", "sozialdepartement")
    assert G.graph["part_of"] == {"sd-jugend": "sozialdepartement",
                                  "sd-quartierkoordination": "sozialdepartement"}
    # the tie that ended in 2020 is gone on AS_OF, there in 2019
    assert not G.has_edge("alt-verein", "sd-jugend")
    assert analysis_graph(zurich, as_of=date(2019, 1, 1)).has_edge("alt-verein", "sd-jugend")


def test_keep_forums(zurich):
    G = analysis_graph(zurich, as_of=AS_OF, keep_forums=True)
    assert G.has_edge("gz-wipkingen", "forum-k10")
    assert G["gz-wipkingen"]["sd-quartierkoordination"]["kinds"] == ["funds"]


def test_area_marks_outside_partners(zurich):
    """Wipkingen: its actors, and partners elsewhere (the city units of Kreis 10) as outside."""
    G = analysis_graph(zurich, as_of=AS_OF, area="wipkingen")
    inside = {v for v in G if not G.nodes[v]["outside"]}
    assert inside == {"quartierverein-wipkingen", "gz-wipkingen",
                      *(f"bewohner-{c}" for c in "abcd")}
    assert {v for v in G if G.nodes[v]["outside"]} == {"sd-quartierkoordination", "sd-jugend",
                                                       "spitex-hoengg"}
    # ties among outside partners are dropped
    assert not G.has_edge("sd-quartierkoordination", "spitex-hoengg")
    # Kreis 10 includes its quarters
    assert "spitex-hoengg" in analysis_graph(zurich, area="kreis-10")
    with pytest.raises(NotFoundError):
        analysis_graph(zurich, area="atlantis")


def test_kinds_and_tie_kinds(zurich):
    G = analysis_graph(zurich, as_of=AS_OF, kinds=["resident_group", "association"])
    assert {G.nodes[v]["kind"] for v in G} == {"resident_group", "association"}
    H = analysis_graph(zurich, as_of=AS_OF, tie_kinds=["cooperates_with"])
    assert not H.has_edge("gz-wipkingen", "sd-quartierkoordination")


def test_forum_weighting_newman():
    """Newman (2001): a forum of k members adds w / (k - 1) per pair, so each member's
    strength from the forum is w (here 4 members, weight 3: each pair 1, each member 3)."""
    S = nx.MultiDiGraph(areas={}, topics={})
    S.add_node("f", kind="forum")
    for a in "abcd":
        S.add_node(a, kind="association", sector="civil_society")
        S.add_edge(a, "f", key=f"m{a}", kind="member_of", weight=3)
    G = analysis_graph(S)
    assert G.number_of_edges() == 6
    assert all(w == pytest.approx(1.0) for *_, w in G.edges(data="weight"))
    assert G.degree("a", weight="weight") == pytest.approx(3.0)
