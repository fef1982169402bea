"""Broker measures against published values, NetworkX and brute force."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis import _kernels, betweenness, brokerage_roles, burt_measures
from graph.words import text
from tests.spoken import broker_scores


@pytest.fixture(params=["c", "python"])
def kernel(request, monkeypatch):
    """Run a test once with the compiled kernel and once with the pure-Python fallback."""
    if request.param == "python":
        monkeypatch.setattr(_kernels, "_load", lambda: None)
    elif _kernels.kernel_name() != "c":
        pytest.fail("the C kernel was not built: reinstall the package (pip install -e .)")
    return request.param


@pytest.mark.usefixtures("kernel")
def test_florentine_families_betweenness():
    """Padgett's Florentine marriage network (Padgett & Ansell 1993), published normalised
    betweenness: Medici 0.522 (the highest), Guadagni 0.255."""
    b = betweenness(nx.florentine_families_graph(), weight=None).values
    assert b["Medici"] == pytest.approx(0.522, abs=5e-4)
    assert b["Guadagni"] == pytest.approx(0.255, abs=5e-4)
    assert max(b, key=b.get) == "Medici"


@pytest.mark.usefixtures("kernel")
def test_krackhardt_kite():
    """Krackhardt (1990), kite network: Heather (node 7) has the highest betweenness, 0.389;
    Diane (node 3) the highest degree."""
    G = nx.krackhardt_kite_graph()
    b = betweenness(G, weight=None).values
    assert max(b, key=b.get) == 7
    assert b[7] == pytest.approx(0.389, abs=5e-4)
    assert max(G.degree, key=lambda nd: nd[1])[0] == 3


def _borgatti_graph(weighted: bool) -> nx.Graph:
    """Borgatti (1997) example, the graph NetworkX's tests use with values from UCINET."""
    weights = {("A", "B"): 2, ("A", "F"): 3, ("A", "G"): 5, ("A", "E"): 2, ("E", "G"): 8,
               ("F", "G"): 3, ("B", "G"): 4, ("B", "D"): 1, ("D", "G"): 3, ("G", "C"): 10}
    G = nx.Graph()
    for (u, v), w in weights.items():
        G.add_edge(u, v, weight=w if weighted else 1)
    return G


@pytest.mark.usefixtures("kernel")
def test_burt_unweighted_ucinet():
    """UCINET values as in NetworkX's test_structuralholes.py: constraint G 0.400, A 0.595,
    C 1; effective size G 4.67, A 2.50, C 1."""
    c, e = burt_measures(_borgatti_graph(False), weight=None)
    assert (c["G"], c["A"], c["C"]) == pytest.approx((0.400, 0.595, 1.0), abs=1e-3)
    assert (e["G"], e["A"], e["C"]) == pytest.approx((4.67, 2.50, 1.0), abs=1e-2)


@pytest.mark.usefixtures("kernel")
def test_burt_weighted_ucinet():
    """UCINET values as in NetworkX's tests, weighted: constraint G 0.299, A 0.795, C 1;
    effective size G 5.47, A 2.47, C 1."""
    c, e = burt_measures(_borgatti_graph(True))
    assert (c["G"], c["A"], c["C"]) == pytest.approx((0.299, 0.795, 1.0), abs=1e-3)
    assert (e["G"], e["A"], e["C"]) == pytest.approx((5.47, 2.47, 1.0), abs=1e-2)


@pytest.mark.usefixtures("kernel")
def test_burt_isolated_is_nan():
    """NetworkX gives NaN for a node without ties; so do we."""
    G = _borgatti_graph(True)
    G.add_node("Z")
    c, e = burt_measures(G)
    assert math.isnan(c["Z"]) and math.isnan(e["Z"])


def _random_weighted(n: int, m: int, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(n, m, seed=seed)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.randint(1, 5)
        G[u][v]["length"] = 1 / G[u][v]["weight"]
    G.add_nodes_from([n, n + 1])  # two isolated nodes
    return G


@pytest.mark.parametrize("seed", [1, 2])
def test_exact_betweenness_agrees_with_networkx(kernel, seed):
    """Second source: nx.betweenness_centrality (distance = 1 / weight), to 1e-9, on random
    graphs of 400 actors and 1,200 ties with weights 1..5 (many equal-length paths)."""
    G = _random_weighted(400 if kernel == "c" else 100, 1200 if kernel == "c" else 300, seed)
    for weight, nx_weight in ((None, None), ("weight", "length")):
        ours = betweenness(G, weight=weight).values
        ref = nx.betweenness_centrality(G, weight=nx_weight)
        assert max(abs(ours[v] - ref[v]) for v in G) < 1e-9


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("seed", [1, 2])
def test_burt_agrees_with_networkx(seed):
    """Second source: nx.constraint and nx.effective_size with nodes= (NetworkX's path that is
    right on weighted graphs; slow, hence 120 actors), to 1e-9."""
    G = _random_weighted(120, 360, seed)
    c, e = burt_measures(G)
    rc = nx.constraint(G, nodes=list(G), weight="weight")
    re_ = nx.effective_size(G, nodes=list(G), weight="weight")
    for v in G:
        if math.isnan(rc[v]):
            assert math.isnan(c[v]) and math.isnan(e[v])
        else:
            assert c[v] == pytest.approx(rc[v], abs=1e-9)
            assert e[v] == pytest.approx(re_[v], abs=1e-9)


def test_sampled_estimate_names_method_and_error():
    """With all nodes as sources the estimate is exact; with fewer it says so and its error."""
    G = _random_weighted(300, 900, 7)
    exact = betweenness(G).values
    assert betweenness(G, method="sampled", samples=10_000).values == pytest.approx(exact)
    est = betweenness(G, method="sampled", samples=100, seed=3)
    assert est.method == "sampled" and est.sources == 100
    assert "100" in text(est.describe(), "de") and "Standardfehler" in text(est.describe(), "de")
    top = max(exact, key=exact.get)
    # the estimate of the top broker lies within 4 standard errors of the exact value
    assert abs(est.values[top] - exact[top]) < 4 * est.error[top] + 1e-12
    assert betweenness(G, method="sampled", samples=100, seed=3).values == est.values


def _brute_force_roles(G: nx.Graph, group: dict) -> dict:
    roles = {v: dict.fromkeys(("coordinator", "itinerant", "gatekeeper", "representative",
                               "liaison"), 0) for v in G}
    for v in G:
        for a, b in itertools.permutations(G[v], 2):
            if G.has_edge(a, b):
                continue
            ga, gv, gb = group[a], group[v], group[b]
            if ga == gv == gb:
                roles[v]["coordinator"] += 1
            elif ga == gb:
                roles[v]["itinerant"] += 1
            elif ga == gv:
                roles[v]["representative"] += 1
            elif gb == gv:
                roles[v]["gatekeeper"] += 1
            else:
                roles[v]["liaison"] += 1
    return roles


@pytest.mark.usefixtures("kernel")
def test_gould_fernandez_hand_computed():
    """Hand computation (Gould & Fernandez 1989 roles, every tie read both ways).

    v is in group X; its partners: a1, a2 (X), b1, b2 (Y), c1 (Z); a1 and b1 are tied to each
    other, no other partners are. Ordered two-paths a -> v -> b with a, b not tied:

    - coordinator (X-X-X): a1->a2, a2->a1 = 2
    - itinerant (Y-X-Y): b1->b2, b2->b1 = 2 (Z has one member: none)
    - representative (X-X-other): {a1, a2} x {b1, b2, c1} = 6, minus a1->b1 (tied) = 5
    - gatekeeper (other-X-X): the same pairs reversed = 5
    - liaison (Y-X-Z and Z-X-Y): b1->c1, b2->c1, c1->b1, c1->b2 = 4
    """
    G = nx.Graph([("v", p) for p in ("a1", "a2", "b1", "b2", "c1")] + [("a1", "b1")])
    sector = {"v": "X", "a1": "X", "a2": "X", "b1": "Y", "b2": "Y", "c1": "Z"}
    nx.set_node_attributes(G, sector, "sector")
    assert brokerage_roles(G)["v"] == {"coordinator": 2, "itinerant": 2, "gatekeeper": 5,
                                       "representative": 5, "liaison": 4}
    # a1's partners v and b1 are tied to each other: a1 brokers nothing
    assert sum(brokerage_roles(G)["a1"].values()) == 0


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("seed", range(3))
def test_gould_fernandez_brute_force(seed):
    """Second source: enumerating every ordered two-path on random graphs."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 120, seed=seed)
    group = {v: rng.choice("ABCD") for v in G}
    nx.set_node_attributes(G, group, "area_group")
    assert brokerage_roles(G, group_by="area_group") == _brute_force_roles(G, group)


def test_group_by_area_reads_first_area():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: ["k1", "k2"], 1: ["k2"], 2: ["k3"]}, "areas")
    assert brokerage_roles(G, group_by="area")[1]["liaison"] == 2


def test_broker_reason_in_coordinators_words(zurich):
    """The Quartierverein ties four residents' groups to two city units that have no other
    contact: said so in German and English."""
    from graph.analysis import analysis_graph
    from tests.analysis.conftest import AS_OF

    G = analysis_graph(zurich, as_of=AS_OF)
    rows = broker_scores(G, top=3)
    assert rows[0]["id"] == "quartierverein-wipkingen"
    assert rows[0]["reasons"][0] == ("verbindet 4 Bewohnergruppen mit 2 Dienstabteilungen, "
                                     "die sonst keinen Kontakt haben")
    en = broker_scores(G, top=1, lang="en")[0]["reasons"][0]
    assert en == "connects 4 residents' groups with 2 city units who have no other contact"
    gz = next(r for r in rows if r["id"] == "gz-wipkingen")
    assert gz["reasons"][0].startswith("verbindet 1 Verein mit 1 Privaten Träger")
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert set(rows[0]) >= {"id", "name", "kind", "sector", "betweenness", "constraint",
                            "effective_size", "brokerage", "score", "reasons"}
    assert "ß" not in " ".join(r for row in rows for r in row["reasons"])



@pytest.mark.usefixtures("kernel")
def test_partners_met_only_in_a_forum_are_said_so():
    """A hub tied directly to two associations and sitting in one forum with three more: its
    reasons say that 3 of its 5 contacts run only through that forum (by name) and are counted;
    a partner with a tie of its own besides the forum is not among them (counted by hand)."""
    from graph.analysis import analysis_graph

    S = nx.MultiDiGraph(areas={}, topics={})
    S.add_node("hub", kind="city_unit", sector="administration", name="Hub")
    S.add_node("forum", kind="forum", name="Quartierkonferenz")
    for v in ("a", "b", "c", "d", "e"):
        S.add_node(v, kind="association", sector="civil_society", name=v.upper())
    for v in ("a", "b"):
        S.add_edge("hub", v, key=f"t-{v}", kind="cooperates_with", weight=3)
    for v in ("hub", "b", "c", "d", "e"):
        S.add_edge(v, "forum", key=f"m-{v}", kind="member_of", weight=3)
    rows = {r["id"]: r for r in broker_scores(analysis_graph(S))}
    said = rows["hub"]["reasons"]
    assert ("3 der 5 Kontakte laufen nur über das Gremium Quartierkonferenz (gemeinsam Mitglied, "
            "keine direkte Beziehung) und sind mitgezählt") in said
    assert not any("Gremium" in r for r in rows["a"]["reasons"])  # a has no forum at all
    en = {r["id"]: r for r in broker_scores(analysis_graph(S), lang="en")}["hub"]["reasons"]
    assert any(r.startswith("3 of 5 contacts run only through the forum Quartierkonferenz")
               for r in en)

def test_broker_ranking_ties_sorted_by_id():
    """A cycle: every node scores the same, so the order is by id."""
    rows = broker_scores(nx.cycle_graph(["d", "b", "a", "c"]), weight=None)
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(3, 25), p=st.floats(0.05, 0.6), seed=st.integers(0, 10_000),
       weighted=st.booleans())
def test_betweenness_between_zero_and_one(n, p, seed, weighted):
    """Property: normalised betweenness lies in [0, 1] on any graph."""
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.randint(1, 5)
    values = betweenness(G, weight="weight" if weighted else None).values
    assert all(-1e-12 <= x <= 1 + 1e-12 for x in values.values())


@pytest.mark.parametrize("seed", range(4))
def test_reasons_from_kernel_equal_pure_python(monkeypatch, seed):
    """Second source: the pure-Python reasons (sets of partners per node) on random graphs
    with several groups, actors of unknown kind and actors without a group, in both
    languages; the compiled kernel must give the same sentences for every actor."""
    if _kernels.kernel_name() != "c":
        pytest.fail("the C kernel was not built: reinstall the package (pip install -e .)")
    rng = random.Random(seed)
    G = nx.gnm_random_graph(80, 320, seed=seed)
    kinds = ["resident_group", "association", "city_unit", "institution", None, "robot"]
    for v in G:
        G.nodes[v]["kind"] = rng.choice(kinds)
        G.nodes[v]["sector"] = rng.choice(["population", "administration", "civil_society",
                                           None, 7])
    for u, v in G.edges:
        G[u][v]["weight"] = rng.randint(1, 5)
    for lang in ("de", "en"):
        fast = broker_scores(G, lang=lang)
        monkeypatch.setattr(_kernels, "_load", lambda: None)
        slow = broker_scores(G, lang=lang)
        monkeypatch.undo()
        assert [r["reasons"] for r in fast] == [r["reasons"] for r in slow]
        assert sum(1 for r in fast if r["reasons"] and "verbindet" in r["reasons"][0]
                   or r["reasons"] and "connects" in r["reasons"][0]) > 20


@pytest.mark.usefixtures("kernel")
def test_exact_betweenness_with_wide_weight_range_agrees_with_networkx():
    """Second source: nx.betweenness_centrality, to 1e-9, where tie weights span more than
    the bucket queue takes (1..100,000: the kernel's heap path) and where they span little
    (the bucket queue), each with many equal-length paths."""
    for spread in (100_000, 3):
        rng = random.Random(spread)
        G = nx.gnm_random_graph(200, 600, seed=5)
        for u, v in G.edges:
            w = rng.choice([1, 2, spread])
            G[u][v]["weight"] = w
            G[u][v]["length"] = 1 / w
        ours = betweenness(G).values
        ref = nx.betweenness_centrality(G, weight="length")
        assert max(abs(ours[v] - ref[v]) for v in G) < 1e-9


def test_auto_method_is_exact_up_to_the_limit_then_sampled(monkeypatch):
    """method="auto" (the default) is exact up to EXACT_LIMIT actors and sampled above, and
    says so in every row; "exact" can still be asked for at any size."""
    from graph.analysis import measures

    G = _random_weighted(120, 360, 3)
    assert broker_scores(G, top=1)[0]["method"] == "exact"
    monkeypatch.setattr(measures, "EXACT_LIMIT", 100)
    est = betweenness(G, samples=40)
    assert (est.method, est.sources) == ("sampled", 40) and est.max_error > 0
    rows = broker_scores(G, samples=40)
    assert {r["method"] for r in rows} == {"sampled"}
    assert {r["method"] for r in broker_scores(G, method="exact")} == {"exact"}
    with pytest.raises(ValueError, match="auto"):
        broker_scores(G, method="fast")


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("weighted", [False, True])
def test_linear_scaling_over_all_sources_is_exact(weighted):
    """Geisberger, Sanders & Schultes (2008): with every node as a source, twice the
    distance-shared dependencies are the exact dependencies (the two ends' shares of a pair
    add up to 1); checked against Brandes' accumulation, to 1e-9 relative. Weights 1, 2, 4:
    lengths 1, 0.5, 0.25 add up exactly in floating point, so a path that ties from one end
    ties from the other too (with 1/3 or 1/5 the two directions may round differently)."""
    G = _random_weighted(60, 180, 4)
    rng = random.Random(4)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.choice([1, 2, 4])
    csr = _kernels.to_csr(G)
    sources = list(range(csr.n))
    exact = _kernels.dependencies(csr, sources, weighted=weighted)
    shared = _kernels.dependencies(csr, sources, weighted=weighted, linear=True)
    assert [2 * x for x in shared] == pytest.approx(exact, rel=1e-9, abs=1e-9)
    assert max(exact) > 10
