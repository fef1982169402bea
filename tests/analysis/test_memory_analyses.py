"""Kontaktpflege, forum health and evidence-based freshness, on literal graphs and on a
SQLite store in tmp_path. Expected values counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import networkx as nx
import pytest

from graph.analysis.evidence import kontaktpflege
from graph.analysis.forums import forum_health
from graph.analysis.isolates import isolated_actors
from graph.analysis.network import tie_cost, tie_day
from graph.errors import NotFoundError

D = date


def _net() -> nx.MultiDiGraph:
    S = nx.MultiDiGraph(areas={"k10": {"id": "k10", "parent": None, "covers": []},
                               "hoengg": {"id": "hoengg", "parent": "k10", "covers": []},
                               "k4": {"id": "k4", "parent": None, "covers": []}},
                        topics={"alter": {"id": "alter", "name": "Alter"}})
    nodes = {
        "sd": ("city_unit", "administration", ["hoengg"]),
        "gd": ("department", "administration", ["k10"]),
        "ssd": ("city_unit", "administration", ["k10"]),
        "sk4": ("city_unit", "administration", ["k4"]),
        "qv": ("association", "civil_society", ["hoengg"]),
        "gz": ("institution", "institution", ["hoengg"]),
        "rt": ("forum", None, ["hoengg"]),
    }
    for v, (kind, sector, areas) in nodes.items():
        S.add_node(v, kind=kind, sector=sector, areas=areas, name=v.upper(), topics=["alter"])
    return S


def test_kontaktpflege_lists_lapsed_and_never_contacted_units_of_the_area_by_broker_score():
    S = _net()
    last = {"sd": D(2026, 5, 1), "gd": D(2025, 6, 1), "sk4": D(2020, 1, 1)}
    rows = kontaktpflege(S, last, scores={"gd": 0.2, "ssd": 0.2, "sd": 0.9}, area="k10",
                         months=6, as_of=D(2026, 6, 30))
    # sd was in contact 2 months ago: not listed; sk4 is in Kreis 4; qv is no city unit.
    # gd and ssd have the same score: the never-contacted ssd first.
    assert [(r["id"], r["last_contact"], r["days_since"]) for r in rows] == [
        ("ssd", None, None), ("gd", "2025-06-01", 394)]
    everywhere = kontaktpflege(S, last, scores={}, months=1, as_of=D(2026, 6, 30))
    assert [r["id"] for r in everywhere] == ["ssd", "sk4", "gd", "sd"]


def test_kontaktpflege_months_is_the_threshold_inclusive_of_the_day():
    S = _net()
    last = {v: D(2026, 1, 15) for v in ("sd", "gd", "ssd", "sk4")}
    assert kontaktpflege(S, last, scores={}, months=6, as_of=D(2026, 7, 15)) == []
    assert len(kontaktpflege(S, last, scores={}, months=6, as_of=D(2026, 7, 16))) == 4


def _forum() -> nx.MultiDiGraph:
    S = _net()
    for v, since, note in (("sd", None, "Vorsitz"), ("qv", None, None), ("gz", D(2026, 3, 1), None)):
        S.add_edge(v, "rt", key=f"member_of:{v}:rt", kind="member_of", since=since, until=None,
                   note=note)
    S.add_edge("ssd", "rt", key="member_of:ssd:rt", kind="member_of", since=None,
               until=D(2025, 1, 1))  # left: no member any more
    return S


MEETINGS = [
    (D(2026, 1, 10), ["sd", "qv"]),
    (D(2026, 2, 10), ["sd", "qv"]),
    (D(2026, 3, 10), ["sd", "qv", "gz"]),
    (D(2026, 4, 10), ["sd", "gz"]),
    (D(2026, 5, 10), ["sd"]),
    (D(2026, 6, 10), ["sd", "ssd"]),
    (D(2026, 7, 10), ["sd", "qv", "gz"]),  # after as_of: left out
]


def test_forum_health_attendance_missing_members_sectors_and_trend():
    h = forum_health(_forum(), "rt", MEETINGS, as_of=D(2026, 6, 30), should_join=False)
    members = {m["id"]: m for m in h["members"]}
    assert set(members) == {"sd", "qv", "gz"}
    assert (members["sd"]["role"], members["sd"]["attended"], members["sd"]["rate"]) == (
        "Vorsitz", 6, 1.0)
    assert (members["qv"]["last_attended"], members["qv"]["missed_last"]) == ("2026-03-10", True)
    # gz joined on 1 March: 2 of the 4 meetings since, last on 10 April; missed the last three? no
    assert (members["gz"]["attended"], members["gz"]["rate"], members["gz"]["missed_last"]) == (
        2, 0.5, False)
    assert h["missed_last"] == ["qv"]
    assert h["sectors_present"] == ["civil_society", "institution", "administration"]
    assert h["sectors_missing"] == ["population", "private"]
    # members present / 3 members: 2,2,3 then 2,1,1 -> mean 7/9 vs 4/9: falling by 0.333
    assert [m["members_present"] for m in h["meetings"]] == [2, 2, 3, 2, 1, 1]
    assert (h["trend"], h["trend_change"]) == ("falling", -0.333)
    assert h["members"][-1]["id"] == "qv"  # who missed the last meetings comes last


def test_forum_health_of_no_forum_is_not_found():
    with pytest.raises(NotFoundError):
        forum_health(_forum(), "sd", [], as_of=D(2026, 6, 30))


def test_tie_day_and_cost_use_the_latest_of_confirmation_and_evidence():
    old = {"asserted_on": D(2019, 1, 1)}
    seen = {"asserted_on": D(2019, 1, 1), "last_seen": D(2026, 5, 1)}
    assert tie_day(old) == D(2019, 1, 1)
    assert tie_day(seen) == D(2026, 5, 1)
    assert tie_day({"since": "2024-01-01", "last_seen": "2023-01-01"}) == D(2024, 1, 1)


def test_a_tie_seen_in_a_recent_meeting_is_not_stale(sqlite_store):
    s = sqlite_store
    s.apply({"actors": [{"id": "a", "name": "A", "kind": "association"},
                        {"id": "b", "name": "B", "kind": "institution"}],
             "ties": [{"source": "a", "target": "b", "kind": "cooperates_with",
                       "asserted_on": "2020-01-01"}]})
    as_of = D(2026, 6, 30)
    assert "stale" in _codes(isolated_actors(s.snapshot(), as_of=as_of, stale_months=24), "a")
    s.record_meeting({"date": "2026-03-01", "title": "Vernetzung", "participants": ["a", "b"]},
                     now=datetime(2026, 6, 30, tzinfo=UTC))
    assert "stale" not in _codes(isolated_actors(s.snapshot(), as_of=as_of, stale_months=24), "a")
    assert tie_cost(4, 0.3) == 1.25  # unchanged meaning of the cost


def _codes(rows, actor):
    return next((r["codes"] for r in rows if r["id"] == actor), [])


def test_evidence_after_the_day_asked_about_does_not_count():
    seen = {"asserted_on": D(2019, 1, 1), "last_seen": D(2026, 5, 1)}
    assert tie_day(seen, D(2026, 6, 1)) == D(2026, 5, 1)
    assert tie_day(seen, D(2025, 6, 1)) == D(2019, 1, 1)


def test_a_historic_snapshot_leaves_later_evidence_out(sqlite_store):
    s = sqlite_store
    s.apply({"actors": [{"id": "a", "name": "A", "kind": "association"},
                        {"id": "b", "name": "B", "kind": "institution"}],
             "ties": [{"source": "a", "target": "b", "kind": "cooperates_with"}]})
    s.record_meeting({"date": "2026-03-01", "title": "Vernetzung", "participants": ["a", "b"]},
                     now=datetime(2026, 6, 30, tzinfo=UTC))
    key = ("a", "b", "cooperates_with:a:b")
    assert s.snapshot(D(2026, 3, 1)).edges[key]["last_seen"] == D(2026, 3, 1)
    assert "last_seen" not in s.snapshot(D(2026, 2, 28)).edges[key]
