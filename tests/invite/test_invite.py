"""The round table on the hand-made scenario (tests/invite/conftest.py), through a real store.

Expected tables, in words:

- 3 seats, Jugend in Kreis 10: the Jugendamt (responsible, though it has only one weak tie),
  the OJA Wipkingen (reaches the four youth clubs) and one youth club (the best remaining gain);
  brute force over every 3-seat table with the Jugendamt finds no better value.
- the same with ``reach_isolated=1``: the GZ Höngg, the only contact of the two residents'
  groups, takes the reserved seat as a bridge.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pytest

from graph.analysis.invite import (
    InviteInputError,
    Requirement,
    brute_force_best,
    prepare,
    table_value,
)
from graph.errors import InvalidInputError, NotFoundError
from tests.invite.conftest import AS_OF, literal
from tests.spoken import invite_table


def test_responsible_unit_is_seated_with_its_reason(scenario):
    table = invite_table(scenario, topics=["Jugend"], areas=["Kreis 10"], seats=3, as_of=AS_OF)
    assert table.ids == ["jugendamt", "oja-wipkingen", "jugendtreff-a"]
    first = table.seats[0]
    assert first["role"] == "zuständige Dienstabteilung"
    assert first["reasons"][0] == "zuständig für Jugend in Kreis 10"
    assert table.requirements[0] == {
        "requirement": "responsible=jugend", "text": "die für Jugend zuständige Dienstabteilung",
        "k": 1, "met": True, "count": 1, "seated": ["jugendamt"], "why": None}
    oja = table.seats[1]
    assert oja["role"] == "Vertretung der Zivilgesellschaft"
    assert "5 Beziehungen zu relevanten Akteuren (Stärke 17)" in oja["reasons"]
    assert "erreicht 4 weitere relevante Akteure (6 insgesamt in Reichweite)" in oja["reasons"]
    # the alternates of a youth club are the other youth clubs
    assert [a["id"] for a in table.seats[2]["alternates"]] == ["jugendtreff-b", "jugendtreff-c"]
    # all six relevant actors are reached: seated, or tied to a seat
    assert [r["id"] for r in table.reached] == ["jugendamt", "jugendtreff-a", "jugendtreff-b",
                                                "jugendtreff-c", "jugendtreff-d", "oja-wipkingen"]
    assert table.unreached == []


def test_hand_made_table_is_optimal(scenario):
    """Second source: brute force over every 3-seat table that seats the responsible unit."""
    table = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=3, as_of=AS_OF)
    best = max(table_value(c, table.relevance, table.cover)
               for c in combinations(sorted(table.relevance), 3) if "jugendamt" in c)
    assert table.objective == pytest.approx(best)


def test_responsible_unit_wins_even_against_a_better_covering_table(scenario):
    """Without the responsibility rule coverage alone would not seat the Jugendamt."""
    free = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=1, as_of=AS_OF,
                        responsible=False)
    assert free.ids == ["oja-wipkingen"]
    ruled = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=1, as_of=AS_OF)
    assert ruled.ids == ["jugendamt"]
    assert free.objective > ruled.objective


def test_isolated_groups_get_their_bridge(scenario):
    table = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=3,
                         reach_isolated=1, as_of=AS_OF)
    assert table.ids == ["jugendamt", "gz-hoengg", "oja-wipkingen"]
    gz = table.seats[1]
    assert gz["role"] == "Brücke zu isolierten Gruppen"
    assert ("bringt 2 sonst unverbundene Akteure an den Tisch: Bewohnergruppe Frankental und "
            "Bewohnergruppe Rütihof") in gz["reasons"]
    iso = table.requirements[-1]
    assert (iso["requirement"], iso["met"], iso["seated"]) == ("reach_isolated=1", True, ["gz-hoengg"])
    without = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=3, as_of=AS_OF)
    assert "gz-hoengg" not in without.ids


def test_no_isolated_groups_is_said(scenario):
    table = invite_table(scenario, topics=["jugend"], areas=["wipkingen"], seats=3,
                         reach_isolated=2, as_of=AS_OF)
    iso = table.requirements[-1]
    assert iso["met"] and iso["why"] == ("in Wipkingen gibt es keine isolierten Gruppen; die Plätze "
                                         "gingen an andere")


def test_unmet_requirements_say_why(scenario):
    table = invite_table(scenario, topics=["jugend"], areas=["hoengg"], seats=4, as_of=AS_OF,
                         requirements=["kind=private_provider:1", "sector=Bevölkerung:3",
                                       "unit=sozialdepartement"],
                         exclude=["jugendamt"])
    by = {r["requirement"]: r for r in table.requirements}
    # the Jugendamt covers Höngg (it works for all of Kreis 10) but is excluded
    assert by["responsible=jugend"]["why"] == (
        "der einzige passende Akteur ist ausgeschlossen: Jugendamt Kreis 10")
    assert by["kind=private_provider:1"]["why"] == (
        "kein Akteur der Art Privater Träger ist in Höngg aktiv oder arbeitet von ausserhalb zu Jugend")
    assert by["sector=population:3"]["why"] == (
        "nur 2 von 3 nötigen Akteuren vorhanden (des Sektors Bevölkerung)")
    assert by["sector=population:3"]["count"] == 2
    # the department itself may take the seat when its unit is excluded
    assert by["unit=sozialdepartement:1"]["seated"] == ["sozialdepartement"]
    assert [r["met"] for r in table.requirements] == [False, False, False, True]
    excluded_too = invite_table(scenario, topics=["jugend"], areas=["hoengg"], seats=4, as_of=AS_OF,
                                requirements=["unit=jugendamt"], exclude=["jugendamt"])
    assert excluded_too.requirements[1]["why"] == (
        "der einzige passende Akteur ist ausgeschlossen: Jugendamt Kreis 10")


def test_requirement_out_of_seats(scenario):
    table = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=1, as_of=AS_OF,
                         requirements=["sector=civil_society:1"])
    req = table.requirements[1]
    assert not req["met"] and req["why"].startswith("keine Plätze mehr frei: 1 Plätze")
    assert table.ids == ["jugendamt"]


def test_unit_requirement_seats_an_office_under_a_department(scenario):
    table = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=2, as_of=AS_OF,
                         requirements=["unit=sozialdepartement"], responsible=False)
    req = table.requirements[0]
    assert req["met"] and req["seated"] == ["jugendamt"]


def test_no_responsible_unit_is_said(scenario):
    table = invite_table(scenario, topics=["alter"], areas=["hoengg"], seats=2, as_of=AS_OF)
    assert table.requirements[0]["why"] == "keine Dienstabteilung ist für Alter in Höngg zuständig"
    assert table.requirements[0]["met"] is False


def test_must_and_english(scenario):
    table = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=2, as_of=AS_OF,
                         must=["spitex"], lang="en")
    assert table.ids == ["spitex", "jugendamt"]
    assert table.seats[0]["reasons"][0] == "seated by the coordinator (must)"
    assert table.seats[1]["role"] == "responsible city unit"
    assert table.method.startswith("greedy choice (Nemhauser, Wolsey & Fisher 1978): at least 63 %")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"must": ["jugendamt"], "exclude": ["jugendamt"]},
     "«jugendamt» steht in --must und in --exclude; einen der beiden Einträge entfernen"),
    ({"must": ["jugendamt", "oja-wipkingen", "spitex"]},
     "3 fest gesetzte Akteure (--must), aber nur 2 Plätze; --seats erhöhen oder --must kürzen"),
    ({"topics": ["Skaten"]}, "unbekanntes Thema «Skaten»"),
    ({"areas": ["kreis-99"]}, "unbekanntes Gebiet «kreis-99»"),
    ({"seats": 0}, "mindestens 1 Platz nötig, nicht 0"),
    ({"requirements": ["colour=rot"]}, "«colour=rot» ist keine Vorgabe"),
    ({"requirements": ["sector=Militär:1"]}, "unbekannter Wert «Militär»"),
])
def test_impossible_input_is_an_error_that_says_so(scenario, kwargs, message):
    args = {"topics": ["jugend"], "areas": ["kreis-10"], "seats": 2, "as_of": AS_OF, **kwargs}
    with pytest.raises(InvalidInputError) as info:
        invite_table(scenario, **args)
    assert isinstance(info.value, InviteInputError)
    assert message in str(info.value)
    assert "nichts wurde gespeichert" not in str(info.value)


def test_unknown_actor_is_not_found(scenario):
    with pytest.raises(NotFoundError, match="Akteur «niemand» nicht gefunden"):
        invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=2, must=["niemand"],
                     as_of=AS_OF)


def test_requirement_parse():
    assert Requirement.parse("sector=Verwaltung:2") == Requirement("sector", "administration", 2)
    assert Requirement.parse("kind=Verein") == Requirement("kind", "association", 1)
    assert str(Requirement.parse("unit=sozialdepartement")) == "unit=sozialdepartement:1"


def test_prepared_network_gives_the_same_answer(scenario):
    net = prepare(scenario, as_of=AS_OF)
    once = invite_table(net, topics=["jugend"], areas=["kreis-10"], seats=3).to_dict()
    again = invite_table(scenario, topics=["jugend"], areas=["kreis-10"], seats=3, as_of=AS_OF)
    assert once == again.to_dict()
    with pytest.raises(ValueError, match="prepared for 2025-06-01"):
        invite_table(net, topics=["jugend"], areas=["kreis-10"], seats=3, as_of=AS_OF.replace(day=2))


def test_brute_force_helper_on_a_star():
    """A star: the centre reaches everyone; one seat, the centre is the optimum."""
    S = literal([("c", "association", ["q1"], ["t1"]),
                 *((f"l{i}", "resident_group", ["q1"], ["t1"]) for i in range(4))],
                [("c", f"l{i}", 3) for i in range(4)])
    table = invite_table(S, topics=["t1"], areas=["kreis"], seats=1, as_of=AS_OF, responsible=False)
    value, best = brute_force_best(table.relevance, table.cover, 1)
    assert table.ids == ["c"] and best == ("c",) and table.objective == pytest.approx(value)
    assert isinstance(S, nx.MultiDiGraph)
