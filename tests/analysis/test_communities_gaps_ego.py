"""Communities (Louvain), coordination gaps and ego networks."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import analysis_graph, communities, ego_network
from graph.errors import InvalidInputError, NotFoundError
from tests.analysis.conftest import AS_OF
from tests.spoken import coordination_gaps


def test_karate_club_modularity():
    """Zachary's karate club (unweighted): the best possible modularity is 0.4198 (Brandes et
    al. 2008, proven optimum); Louvain finds at least 0.40 (Blondel et al. 2008 report 0.42).
    Same seed, same communities; NetworkX's modularity of our partition is what we report."""
    G = nx.Graph(nx.karate_club_graph().edges)
    first = communities(G, seed=1, weight=None)
    assert 0.40 <= first["modularity"] <= 0.4198 + 1e-4
    assert first == communities(G, seed=1, weight=None)
    parts = [c["members"] for c in first["communities"]]
    assert first["modularity"] == pytest.approx(nx.community.modularity(G, parts, weight=None))
    assert sum(len(p) for p in parts) == 34


def test_two_groups_and_their_brokers(zurich):
    result = communities(analysis_graph(zurich, as_of=AS_OF))
    c1 = result["communities"][0]
    assert c1["members"][:4] == [f"bewohner-{c}" for c in "abcd"]
    assert c1["areas"][0] == {"id": "wipkingen", "name": "Wipkingen", "count": 5}
    assert c1["sectors"]["population"] == 4
    assert c1["brokers"][0]["id"] == "quartierverein-wipkingen"
    # the never-tied Seniorentreff, the old association and the department stay out
    assert result["unassigned"] == 3


def test_gaps_pairs_and_sectors(zurich):
    G = analysis_graph(zurich, as_of=AS_OF)
    gaps = coordination_gaps(G, topic="alter", area="hoengg")
    assert [(p["a"], p["b"]) for p in gaps["pairs"]] == [("seniorentreff-hoengg",
                                                          "spitex-hoengg")]
    assert gaps["pairs"][0]["reason"] == ("beide zu «Alter» in Höngg aktiv, aber weder direkt "
                                          "noch über einen gemeinsamen Partner verbunden")
    assert [g["sectors"] for g in gaps["sectors"]] == [["civil_society", "private"]]
    # in Wipkingen the residents' groups share the Quartierverein as partner: no pair gap
    wip = coordination_gaps(G, topic="alter", area="wipkingen")
    assert wip["pairs"] == []
    k10 = coordination_gaps(G, area="kreis-10")["sectors"]
    assert k10[0]["sectors"] == ["population", "administration"]
    assert k10[0]["reason"] == "in Kreis 10 keine Beziehung zwischen Bevölkerung (4) und " \
        "Verwaltung (2)"
    with pytest.raises(NotFoundError):
        coordination_gaps(G, area="atlantis")


def test_ego_network(zurich):
    ego = ego_network(zurich, "gz-wipkingen", hops=2, as_of=AS_OF)
    first = [a["id"] for a in ego["actors"] if a["distance"] == 1]
    # nearest first, strongest tie first: cooperation 5 and funding 4 before membership 3
    assert first == ["quartierverein-wipkingen", "sd-quartierkoordination", "forum-k10"]
    via = {a["id"]: a["via"] for a in ego["actors"]}
    assert via["sd-quartierkoordination"] == ["funds"]
    assert {a["id"] for a in ego["actors"] if a["distance"] == 2} >= {
        "bewohner-a", "sd-jugend", "spitex-hoengg", "sozialdepartement"}
    assert ego["kinds"]["resident_group"] == 4
    one = ego_network(zurich, "gz-wipkingen", hops=1, tie_kinds=["cooperates_with"])
    assert [a["id"] for a in one["actors"]] == ["quartierverein-wipkingen"]
    assert [t["kind"] for t in one["ties"]] == ["cooperates_with"]
    with pytest.raises(NotFoundError):
        ego_network(zurich, "nobody")
    with pytest.raises(InvalidInputError):
        ego_network(zurich, "gz-wipkingen", hops=4)
