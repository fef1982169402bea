"""Queries over needs: proposals, time to first answer per city unit, and gaps.

Expected values are counted by hand from the literal needs below (days between the dates).
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from graph.analysis.needs import first_answer, need_gaps, proposed_actors, response_times
from graph.model.needs import Need, NeedStep

D = date(2026, 11, 1)


def step(status, day, action="step", actor=None):
    return NeedStep(status=status, on=date(2026, 10, day), by="anna", action=action, actor=actor)


def need(nid, history, assigned, **over):
    return Need.model_validate({"id": nid, "title": nid, "raised_on": "2026-10-01",
                                "areas": ["k"], "topics": ["alter"], "history": history,
                                "assigned": assigned, "status": history[-1].status, **over})


KINDS = {"amt": "city_unit", "dep": "department", "verein": "association"}
NEEDS = [
    # amt: 7 days (2 -> 9); verein is no city unit
    need("a", [step("neu", 1), step("abgeklaert", 1), step("vermittelt", 2),
               step("in_bearbeitung", 9)],
         [{"actor": "amt", "on": "2026-10-02"}, {"actor": "verein", "on": "2026-10-02"}]),
    # amt: 2 days; dep: added on the 5th, its own answer on the 20th (15 days); the step on
    # the 4th was for amt only
    need("b", [step("neu", 1), step("vermittelt", 2), step("in_bearbeitung", 4, actor="amt"),
               step("in_bearbeitung", 5, action="assign"), step("erledigt", 20, actor="dep")],
         [{"actor": "amt", "on": "2026-10-02"}, {"actor": "dep", "on": "2026-10-05"}]),
    # amt: handed on the 3rd, no answer yet
    need("c", [step("neu", 1), step("vermittelt", 3)], [{"actor": "amt", "on": "2026-10-03"}]),
    # amt: 4 days, answered "not feasible" for the need as a whole
    need("d", [step("neu", 1), step("vermittelt", 10), step("nicht_umsetzbar", 14)],
         [{"actor": "amt", "on": "2026-10-10"}], reason="kein Budget"),
]


def test_first_answer_follows_the_documented_rule():
    assert first_answer(NEEDS[1], "amt", date(2026, 10, 2)) == date(2026, 10, 4)
    assert first_answer(NEEDS[1], "dep", date(2026, 10, 5)) == date(2026, 10, 20)
    assert first_answer(NEEDS[2], "amt", date(2026, 10, 3)) is None


def test_response_times_median_per_city_unit():
    rows = response_times(NEEDS, KINDS)
    # amt: 7, 2, 4 answered -> sorted 2, 4, 7 -> median 4; c waiting. dep: 15.
    assert [(r["actor"], r["handed"], r["answered"], r["waiting"], r["median_days"], r["days"])
            for r in rows] == [("dep", 1, 1, 0, 15, [15]), ("amt", 4, 3, 1, 4, [2, 4, 7])]


def _net():
    S = nx.MultiDiGraph(areas={"k": {"id": "k", "name": "Kreis"}},
                        topics={"alter": {"id": "alter", "name": "Alter"},
                                "wohnen": {"id": "wohnen", "name": "Wohnen"}})
    S.add_node("amt", name="Fachstelle Alter", kind="city_unit", sector="administration",
               areas=["k"], topics=["alter"])
    S.add_node("verein", name="Mieterverein", kind="association", sector="civil_society",
               areas=["k"], topics=["wohnen"])
    return S


def test_gaps_are_open_needs_without_a_responsible_actor():
    S = _net()
    wohnen = need("w", [step("neu", 1)], [], topics=["wohnen"])
    alter = need("x", [step("neu", 1)], [])
    closed = need("z", [step("neu", 1), step("nicht_umsetzbar", 2)], [], topics=["wohnen"],
                  reason="nein")
    gaps = need_gaps(S, [wohnen, alter, closed], as_of=D)
    assert [(g["id"], g["suited"]) for g in gaps] == [("w", ["verein"])]


def test_proposed_actors_rank_the_need_finder_over_topics():
    S = _net()
    both = need("y", [step("neu", 1)], [], topics=["alter", "wohnen"])
    assert proposed_actors(S, both, as_of=D) == ["amt", "verein"]
