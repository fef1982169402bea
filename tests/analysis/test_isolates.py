"""Isolated actors: every reason on the Zurich sample, and properties on random networks."""

from __future__ import annotations

import random
from datetime import date

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.analysis.conftest import AS_OF
from tests.spoken import isolated_actors


def _by_id(rows):
    return {r["id"]: r for r in rows}


def test_every_reason_on_the_sample(zurich):
    """Hand-checked against the sample's story (tests/analysis/conftest.py)."""
    rows = isolated_actors(zurich, as_of=AS_OF)
    found = _by_id(rows)
    assert found["alt-verein"]["codes"] == ["no_ties", "no_admin_in_component",
                                            "admin_unreachable", "stale", "no_forum"]
    assert "die einzige Beziehung ist abgelaufen oder älter als 24 Monate" in \
        found["alt-verein"]["reasons"]
    assert found["seniorentreff-hoengg"]["codes"] == ["no_ties", "no_admin_in_component",
                                                      "admin_unreachable", "no_forum"]
    assert found["bewohner-e"]["codes"] == ["no_admin_in_component", "admin_unreachable",
                                            "own_sector_only", "no_forum"]
    assert "für die Verwaltung nicht erreichbar" in found["bewohner-e"]["reasons"][1]
    assert "in einem Teilnetz ohne Dienstabteilung (2 Akteure)" in found["bewohner-e"]["reasons"]
    # ranked by number of reasons, then weight: the old association first
    assert [r["id"] for r in rows[:2]] == ["alt-verein", "seniorentreff-hoengg"]
    # the GZ sits in a forum with the Quartierkoordination: not isolated at all
    assert "gz-wipkingen" not in found
    # the city units are never "out of the administration's reach"
    assert "admin_unreachable" not in found["sd-jugend"]["codes"]


def test_stale_by_age(zurich):
    """Before 2021 the old association's tie was current (it began in 2015, but a long-standing
    tie is not stale); a tie last confirmed more than 24 months ago is."""
    assert "alt-verein" not in {r["id"] for r in isolated_actors(zurich, as_of=date(2019, 1, 1))
                                if "stale" in r["codes"]}
    S = nx.MultiDiGraph(areas={}, topics={})
    S.add_node("a", kind="association", sector="civil_society")
    S.add_node("u", kind="city_unit", sector="administration")
    S.add_edge("a", "u", key="t", kind="cooperates_with", weight=3,
               since=date(2010, 1, 1), asserted_on=date(2020, 1, 1))
    assert "stale" in isolated_actors(S, as_of=date(2023, 6, 1), stale_months=24)[0]["codes"]
    assert isolated_actors(S, as_of=date(2021, 6, 1), stale_months=24)[0]["codes"] == ["no_forum"]


def test_area_filter(zurich):
    rows = isolated_actors(zurich, as_of=AS_OF, area="kreis-5")
    assert {r["id"] for r in rows} == {"alt-verein", "bewohner-e", "bewohner-f"}


def test_english(zurich):
    rows = isolated_actors(zurich, as_of=AS_OF, lang="en")
    assert _by_id(rows)["seniorentreff-hoengg"]["reasons"][0] == "no current tie to any other actor"


KINDS = ["resident_group", "association", "institution", "private_provider", "city_unit", "forum"]
SECTOR = {"resident_group": "population", "association": "civil_society",
          "institution": "institution", "private_provider": "private",
          "city_unit": "administration", "forum": None}


def _network(seed: int, n: int, m: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    S = nx.MultiDiGraph(areas={}, topics={})
    for i in range(n):
        kind = rng.choice(KINDS)
        S.add_node(f"n{i}", kind=kind, sector=SECTOR[kind])
    nodes = list(S)
    for j in range(m):
        u, v = rng.sample(nodes, 2)
        if S.nodes[v]["kind"] == "forum" and S.nodes[u]["kind"] != "forum":
            S.add_edge(u, v, key=f"m{j}", kind="member_of", weight=3)
        elif "forum" not in (S.nodes[u]["kind"], S.nodes[v]["kind"]):
            until = date(2020, 1, 1) if rng.random() < 0.2 else None
            S.add_edge(u, v, key=f"c{j}", kind="cooperates_with", weight=rng.randint(1, 5),
                       until=until)
    return S


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(2, 20), m=st.integers(0, 30))
def test_actor_without_ties_is_always_reported(seed, n, m):
    """Property: an actor with no tie at all is reported, with the reason no_ties."""
    S = _network(seed, n, m)
    S.add_node("alone", kind="association", sector="civil_society")
    found = _by_id(isolated_actors(S, as_of=AS_OF))
    assert "no_ties" in found["alone"]["codes"]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(2, 20), m=st.integers(0, 30),
       pick=st.integers(0, 10_000))
def test_adding_a_tie_never_isolates_more(seed, n, m, pick):
    """Property: after adding a current cooperation tie no actor has more reasons, and none
    with as many has a heavier score."""
    S = _network(seed, n, m)
    actors = sorted(v for v in S if S.nodes[v]["kind"] != "forum")
    if len(actors) < 2:
        return
    rng = random.Random(pick)
    u, v = rng.sample(actors, 2)
    before = _by_id(isolated_actors(S, as_of=AS_OF))
    S.add_edge(u, v, key="new", kind="cooperates_with", weight=rng.randint(1, 5))
    after = _by_id(isolated_actors(S, as_of=AS_OF))
    for actor, row in after.items():
        old = before.get(actor)
        assert old is not None, f"{actor} became isolated"
        assert (len(row["codes"]), row["score"]) <= (len(old["codes"]), old["score"])


def test_tied_only_by_hierarchy_is_said_so_not_no_tie():
    """A unit whose only current tie is ``part_of`` (and the department above it, whose only tie
    is that unit) is "nur organisatorisch verbunden", naming the other end; an expired ``part_of``
    leaves plain ``no_ties``; a working tie ends it (checked by hand on this graph)."""
    S = nx.MultiDiGraph(areas={}, topics={})
    S.add_node("amt", kind="city_unit", sector="administration", name="Amt für Hochbauten")
    S.add_node("dep", kind="department", sector="administration", name="Hochbaudepartement")
    S.add_node("alt", kind="city_unit", sector="administration", name="Altes Amt")
    S.add_edge("amt", "dep", key="p1", kind="part_of")
    S.add_edge("alt", "dep", key="p2", kind="part_of", until=date(2020, 1, 1))
    found = _by_id(isolated_actors(S, as_of=date(2026, 1, 1)))
    assert found["amt"]["codes"] == ["hierarchy_only", "no_forum"]
    assert found["amt"]["reasons"][0] == ("nur organisatorisch verbunden (Hochbaudepartement): "
                                          "keine aktuelle Arbeitsbeziehung zu einem anderen Akteur")
    assert found["dep"]["codes"] == ["hierarchy_only", "no_forum"]
    assert "(Amt für Hochbauten)" in found["dep"]["reasons"][0]
    assert found["alt"]["codes"] == ["no_ties", "no_forum"]
    S.add_node("verein", kind="association", sector="civil_society", name="Verein")
    S.add_edge("amt", "verein", key="c", kind="cooperates_with", weight=3)
    assert "hierarchy_only" not in _by_id(isolated_actors(S, as_of=date(2026, 1, 1)))["amt"]["codes"]
