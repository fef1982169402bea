"""What changed between two days (issue 15 item 4): a hand-made network where every change is
known, ties checked against the store's own ``as_of`` filter on random networks, and the CLI."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from api.cli.main import app
from graph.analysis.changes import network_changes
from graph.analysis.projection import area_members
from graph.store.sqlite import SqliteStore

SINCE, UNTIL = date(2025, 1, 1), date(2026, 1, 1)


def hand_made() -> dict[str, list[dict]]:
    """Verein A works with the Sozialzentrum B and with D (who also knows C) until mid-2025; from
    September 2025 B works with C instead. The forum F had A, B and C as members; B (its only
    administration member) left in March 2025, A (its only civil society member) in June 2025."""
    def actor(i, kind, name):
        return {"id": i, "name": name, "kind": kind, "areas": ["quartier"]}

    def tie(kind, s, t, since=None, until=None):
        return {"kind": kind, "source": s, "target": t, "weight": 3,
                "since": since, "until": until}

    return {
        "areas": [{"id": "stadt", "name": "Stadt", "level": "city"},
                  {"id": "quartier", "name": "Quartier", "level": "quartier", "parent": "stadt"},
                  {"id": "anderswo", "name": "Anderswo", "level": "quartier", "parent": "stadt"}],
        "topics": [],
        "actors": [actor("a", "association", "Verein A"), actor("b", "city_unit", "Sozialzentrum B"),
                   actor("c", "resident_group", "Gruppe C"), actor("d", "association", "Verein D"),
                   actor("f", "forum", "Forum F"),
                   {"id": "x", "name": "Aussen X", "kind": "association", "areas": ["anderswo"]},
                   {"id": "y", "name": "Aussen Y", "kind": "association", "areas": ["anderswo"]}],
        "ties": [tie("cooperates_with", "a", "b", "2020-01-01", "2025-06-30"),
                 tie("cooperates_with", "a", "d", "2019-05-01", "2025-06-30"),
                 tie("cooperates_with", "c", "d", "2018-01-01"),
                 tie("cooperates_with", "b", "c", "2025-09-01"),
                 tie("member_of", "a", "f", "2019-01-01", "2025-06-30"),
                 tie("member_of", "b", "f", "2019-01-01", "2025-03-31"),
                 tie("member_of", "c", "f", "2019-01-01"),
                 tie("cooperates_with", "x", "y", "2025-02-01")],
    }


@pytest.fixture
def network(sqlite_store):
    sqlite_store.apply(hand_made())
    return sqlite_store


def test_every_change_of_the_hand_made_network(network):
    answer = network_changes(network.snapshot(), since=SINCE, until=UNTIL)
    assert [t["id"] for t in answer["ties_gained"]] == ["cooperates_with:x:y", "cooperates_with:b:c"]
    # sorted by the ends' names: Sozialzentrum B - Forum F, then Verein A's three
    assert [(t["source"], t["target"]) for t in answer["ties_lost"]] == [
        ("b", "f"), ("a", "f"), ("a", "b"), ("a", "d")]
    assert answer["ties_gained"][1]["source_name"] == "Sozialzentrum B"
    # A had three ties on 1 January 2025 and none a year later
    assert [r["id"] for r in answer["became_isolated"]] == ["a"]
    assert "no_ties" in answer["became_isolated"][0]["codes"]
    # On 1 January 2025 A, B, C and D each had at least two partners who were not tied to each
    # other (A: B, D and the forum's C; B: A and the forum's C; D: A and C), so each had a broker
    # score above 0. A year later A has none, B only C, D only C; C still has B and D.
    assert {r["id"] for r in answer["stopped_brokering"]} == {"a", "b", "d"}
    assert answer["forums_lost_sector"] == [{"id": "f", "name": "Forum F",
                                             "sectors_lost": ["administration", "civil_society"],
                                             "sectors_now": ["population"]}]
    assert answer["needs_opened"] == answer["needs_closed"] == []


def test_an_area_keeps_its_own_changes(network):
    answer = network_changes(network.snapshot(), since=SINCE, until=UNTIL, area="anderswo")
    assert [t["id"] for t in answer["ties_gained"]] == ["cooperates_with:x:y"]
    assert answer["ties_lost"] == answer["became_isolated"] == answer["forums_lost_sector"] == []


def test_nothing_changes_within_a_day_and_the_period_must_run_forward(network):
    S = network.snapshot()
    same = network_changes(S, since=UNTIL, until=UNTIL)
    assert all(same[k] == [] for k in ("ties_gained", "ties_lost", "became_isolated",
                                       "stopped_brokering", "forums_lost_sector"))
    with pytest.raises(ValueError, match="before"):
        network_changes(S, since=UNTIL, until=SINCE)


def test_needs_opened_and_closed_in_the_period_only():
    import networkx as nx

    needs = [{"id": "n1", "raised_on": "2024-12-31"}, {"id": "n2", "raised_on": "2025-01-02"},
             {"id": "n3", "raised_on": "2024-05-01", "closed_on": "2025-12-31"},
             {"id": "n4", "raised_on": "2025-03-01", "closed_on": "2026-02-01"}]
    answer = network_changes(nx.MultiDiGraph(areas={}, topics={}), since=SINCE, until=UNTIL, needs=needs)
    assert [n["id"] for n in answer["needs_opened"]] == ["n2", "n4"]
    assert [n["id"] for n in answer["needs_closed"]] == ["n3"]


@pytest.mark.parametrize("seed", range(5))
def test_ties_gained_and_lost_equal_the_stores_own_day_filter(tmp_path, seed):
    # Second source: the store's as_of snapshots (SQL on SQLite) of both days, compared as sets.
    rng = random.Random(seed)
    actors = [{"id": f"a{i}", "name": f"Akteur {i}", "kind": rng.choice(["association", "city_unit",
                                                                         "institution"])}
              for i in range(30)]
    ties, seen = [], set()
    start = date(2023, 1, 1)
    for _ in range(80):
        s, t = rng.sample(range(30), 2)
        if (min(s, t), max(s, t)) in seen:
            continue
        seen.add((min(s, t), max(s, t)))
        since = start + timedelta(days=rng.randint(0, 1000)) if rng.random() < 0.7 else None
        until = (since or start) + timedelta(days=rng.randint(0, 900)) if rng.random() < 0.5 else None
        ties.append({"kind": "cooperates_with", "source": f"a{s}", "target": f"a{t}", "weight": 2,
                     "since": since and since.isoformat(), "until": until and until.isoformat()})
    with SqliteStore(tmp_path / "z.db") as store:
        store.apply({"areas": [], "topics": [], "actors": actors, "ties": ties})
        first, last = date(2024, 3, 1), date(2025, 8, 1)
        before = {k for _, _, k in store.snapshot(as_of=first).edges(keys=True)}
        after = {k for _, _, k in store.snapshot(as_of=last).edges(keys=True)}
        answer = network_changes(store.snapshot(), since=first, until=last)
    assert {t["id"] for t in answer["ties_gained"]} == after - before
    assert {t["id"] for t in answer["ties_lost"]} == before - after
    assert after - before or before - after  # the random network did change


@pytest.mark.usefixtures("network")
def test_the_cli_in_german_as_json_and_a_bad_period(tmp_path):
    from typer.testing import CliRunner

    runner = CliRunner()
    args = ["--db", str(tmp_path / "quartiernetz.db")]  # the sqlite_store fixture's file
    out = runner.invoke(app, [*args, "changes", "--since", "01.01.2025", "--until", "2026-01-01"])
    assert out.exit_code == 0, out.output
    assert "Veränderungen vom 01.01.2025 bis 01.01.2026" in out.output
    assert "Neu isolierte Akteure: 1" in out.output and "Verein A" in out.output
    as_json = runner.invoke(app, [*args, "changes", "--since", "2025-01-01", "--until", "2026-01-01",
                                  "--format", "json"])
    answer = json.loads(as_json.output)
    assert {r["id"] for r in answer["stopped_brokering"]} == {"a", "b", "d"}
    assert isinstance(answer["became_isolated"][0]["reasons"][0], str)  # in words
    bad = runner.invoke(app, [*args, "changes", "--since", "2026-02-01", "--until", "2026-01-01"])
    assert bad.exit_code == 2 and "Zeitraum ungültig" in bad.output


def test_needs_raised_and_closed_in_the_period_from_the_store(network, tmp_path):
    from typer.testing import CliRunner

    network.apply({"topics": [{"id": "jugend", "name": "Jugend"}]})
    user = "test"
    early = network.add_need({"id": "n-alt", "title": "Treffpunkt", "areas": ["quartier"],
                              "topics": ["jugend"], "raised_on": "2024-10-01"}, user=user)
    network.step_need(early.id, "nicht_umsetzbar", user=user, on=date(2025, 4, 2), reason="kein Raum")
    network.add_need({"id": "n-neu", "title": "Skatepark", "areas": ["quartier"], "topics": ["jugend"],
                      "raised_on": "2025-05-05"}, user=user)
    network.add_need({"id": "n-weg", "title": "Anderswo", "areas": ["anderswo"], "topics": ["jugend"],
                      "raised_on": "2025-05-06"}, user=user)
    out = CliRunner().invoke(app, ["--db", str(tmp_path / "quartiernetz.db"), "changes", "--since",
                                   "2025-01-01", "--until", "2026-01-01", "--area", "quartier",
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    answer = json.loads(out.output)
    assert [n["id"] for n in answer["needs_opened"]] == ["n-neu"]  # not the one in "anderswo"
    assert [(n["id"], n["closed_on"]) for n in answer["needs_closed"]] == [("n-alt", "2025-04-02")]


# -- the answer of the array engine (graph.analysis.two_days) against a brute force ------------
# Second source: each day on its own, as the analyses judge one day: the store's own as_of
# snapshot of that day (SQL), NetworkX's projection of it (analysis_graph), broker_scores on it,
# and isolated_actors; compared with network_changes on one snapshot with every tie.


def random_city(seed: int, n: int = 60) -> dict[str, list[dict]]:
    """Two Quartiere, actors of every kind (forums, departments above city units), ties of every
    kind with random periods, weights, confirmations; a quarter of the actors have no ties."""
    rng = random.Random(seed)
    kinds = ["association", "city_unit", "institution", "resident_group", "private_provider",
             "department", "forum"]
    actors = [{"id": f"a{i:02d}", "name": f"Akteur {rng.randint(0, 9)}{i}",
               "kind": rng.choice(kinds), "areas": [rng.choice(["nord", "sued"])]}
              for i in range(n)]
    by_kind: dict[str, list[str]] = {}
    for a in actors:
        by_kind.setdefault(a["kind"], []).append(a["id"])
    plain = [a["id"] for a in actors[: 3 * n // 4] if a["kind"] != "forum"]
    start = date(2023, 1, 1)

    def period() -> dict:
        since = start + timedelta(days=rng.randint(0, 1000)) if rng.random() < 0.6 else None
        until = ((since or start) + timedelta(days=rng.randint(0, 900))
                 if rng.random() < 0.4 else None)
        asserted = start + timedelta(days=rng.randint(0, 1000)) if rng.random() < 0.5 else None
        return {"since": since and since.isoformat(), "until": until and until.isoformat(),
                "asserted_on": asserted and asserted.isoformat(), "weight": rng.randint(1, 5)}

    ties, seen = [], set()
    for _ in range(2 * n):
        kind = rng.choice(["cooperates_with", "cooperates_with", "informs", "funds", "member_of"])
        s = rng.choice(plain)
        if kind == "member_of":
            if not by_kind.get("forum"):
                continue
            t = rng.choice(by_kind["forum"])
        else:
            t = rng.choice(plain)
        if s == t or (kind, s, t) in seen or (kind == "cooperates_with" and (kind, t, s) in seen):
            continue
        seen.add((kind, s, t))
        ties.append({"kind": kind, "source": s, "target": t, **period()})
    for unit in by_kind.get("city_unit", []):
        if by_kind.get("department") and rng.random() < 0.7:
            ties.append({"kind": "part_of", "source": unit,
                         "target": rng.choice(by_kind["department"]), **period()})
    return {"areas": [{"id": "stadt", "name": "Stadt", "level": "city"},
                      {"id": "nord", "name": "Nord", "level": "quartier", "parent": "stadt"},
                      {"id": "sued", "name": "Süd", "level": "quartier", "parent": "stadt"}],
            "topics": [], "actors": actors, "ties": ties}


def one_day_at_a_time(store, since, until, area, top=20, method="auto"):
    """became_isolated and stopped_brokering from each day's own snapshot and analyses."""
    from graph.analysis import analysis_graph, broker_scores, isolated_actors
    from graph.analysis.isolates import ISOLATION_CODES

    full = store.snapshot()

    def cut_off(day):
        return {r["id"] for r in isolated_actors(store.snapshot(as_of=day), as_of=day, area=area)
                if set(r["codes"]) & set(ISOLATION_CODES)}

    new = cut_off(until) - cut_off(since)
    isolated = [(r["id"], r["codes"]) for r in isolated_actors(full, as_of=until, area=area)
                if r["id"] in new]

    def ranking(day):
        G = analysis_graph(store.snapshot(as_of=day), area=area)
        return broker_scores(G, top=2 * top, method=method) if len(G) else []

    first = [r for r in ranking(since)[:top] if r["score"] > 0]
    later = {r["id"] for r in ranking(until) if r["score"] > 0}
    stopped = [(r["id"], rank, round(r["score"], 4)) for rank, r in enumerate(first, start=1)
               if r["id"] not in later]
    return isolated, stopped


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("area", [None, "nord"])
def test_isolation_and_brokers_equal_each_day_judged_on_its_own(tmp_path, seed, area):
    first, last = date(2024, 3, 1), date(2025, 8, 1)
    with SqliteStore(tmp_path / "z.db") as store:
        store.apply(random_city(seed))
        actors = [a for a in store.snapshot().nodes if store.snapshot().nodes[a]["kind"] != "forum"]
        rng = random.Random(seed)
        for k in range(6):  # meetings: evidence that refreshes (last_seen) some ties
            store.record_meeting({"date": f"2024-0{k + 2}-10", "title": f"Sitzung {k}",
                                  "participants": rng.sample(actors, 3)},
                                 now=datetime(2025, 9, 1, tzinfo=UTC))
        answer = network_changes(store.snapshot(), since=first, until=last, area=area, top=5)
        isolated, stopped = one_day_at_a_time(store, first, last, area, top=5)
    assert [(r["id"], r["codes"]) for r in answer["became_isolated"]] == isolated
    assert [(r["id"], r["rank_before"], r["score_before"])
            for r in answer["stopped_brokering"]] == stopped


def test_the_sampled_ranking_equals_broker_scores_sampled(tmp_path, monkeypatch):
    # Above SAMPLED_ABOVE actors the ranking samples 256 sources, as broker_scores(method=
    # "sampled"); lowered here so that a small network takes that path (and samples fewer
    # sources than it has actors).
    from graph.analysis import changes

    monkeypatch.setattr(changes, "SAMPLED_ABOVE", 10)
    first, last = date(2024, 3, 1), date(2025, 8, 1)
    with SqliteStore(tmp_path / "z.db") as store:
        store.apply(random_city(3, n=400))
        answer = network_changes(store.snapshot(), since=first, until=last, top=5)
        _, stopped = one_day_at_a_time(store, first, last, None, top=5, method="sampled")
    assert [(r["id"], r["rank_before"], r["score_before"])
            for r in answer["stopped_brokering"]] == stopped
    assert stopped  # brokers did stop


@pytest.mark.parametrize("seed", range(4))
def test_each_days_ranking_and_reasons_equal_the_one_day_analyses(tmp_path, seed):
    # The parts network_changes is made of, every actor compared: the ranking (id and score)
    # with broker_scores on NetworkX's projection of the day's own snapshot, and every reason
    # code with isolated_actors (city and area).
    from graph import nxdicts
    from graph.analysis import analysis_graph, broker_scores, isolated_actors
    from graph.analysis.two_days import (
        Projector,
        broker_ranking,
        read_ties,
        within,
    )
    from graph.analysis.two_days_isolation import Isolation

    days = (date(2024, 3, 1), date(2025, 8, 1))
    with SqliteStore(tmp_path / "z.db") as store:
        store.apply(random_city(seed, n=80))
        S = store.snapshot()
        ties = read_ties(S, days)
        project = Projector(S, ties)
        actors = nxdicts.nodes(S)
        ranked_somewhere = 0
        for d, day in enumerate(days):
            G = project.day(d)
            directed = bool((G.runs != 3).any())
            for area in (None, "nord"):
                expected = analysis_graph(store.snapshot(as_of=day), area=area)
                rows = broker_scores(expected)
                cut, outside = (G, None) if area is None else within(G, area_members(S, area))
                got = broker_ranking(cut, actors, directed=directed, outside=outside)
                assert [(v, round(score, 6)) for v, score in got] == [
                    (r["id"], r["score"]) for r in rows]
                ranked_somewhere += sum(r["score"] > 0 for r in rows)
            iso = Isolation(S, G, day)
            codes = {v: [c for c, _ in iso.codes(i, v, 24)] for i, v in enumerate(G.nodes)}
            reference = {r["id"]: r["codes"] for r in isolated_actors(S, as_of=day)}
            assert {v: c for v, c in codes.items() if c} == reference
    assert ranked_somewhere > 20
