"""The memory's contract (contact log, meetings, evidence, suggested ties, erasure), run on
both stores: SQLite in tmp_path and the real Bolt server. Expected values written by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph.errors import ConflictError, InvalidInputError, NotFoundError
from graph.store.base import Audit

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
WHO = Audit("coord", "create")


@pytest.fixture
def net(store):
    store.apply({
        "areas": [{"id": "k10", "name": "Kreis 10", "level": "kreis"}],
        "topics": [{"id": "alter", "name": "Alter"}],
        "actors": [
            {"id": "gz", "name": "GZ Höngg", "kind": "institution", "areas": ["k10"]},
            {"id": "qv", "name": "Quartierverein Höngg", "kind": "association", "areas": ["k10"]},
            {"id": "sd", "name": "Soziale Dienste", "kind": "city_unit", "areas": ["k10"]},
            {"id": "kirche", "name": "Kirche Höngg", "kind": "institution", "areas": ["k10"]},
            {"id": "runder-tisch", "name": "Runder Tisch Alter", "kind": "forum",
             "areas": ["k10"]},
        ],
        "ties": [{"source": "gz", "target": "qv", "kind": "cooperates_with",
                  "asserted_on": "2020-01-10"}],
    })
    return store


def meeting(store, day, *people, forum=None, title="Sitzung"):
    data = {"date": day, "title": title, "participants": list(people)}
    if forum:
        data["forum"] = forum
    return store.record_meeting(data, audit=WHO, now=NOW)


def test_a_meeting_is_stored_and_listed_newest_first_by_actor_and_forum(net):
    first = meeting(net, "2026-03-04", "gz", "sd", forum="runder-tisch")
    second = meeting(net, "2026-05-06", "gz", "qv", "gz")  # gz named twice: present once
    assert net.get_meeting(first.id).participants == ["gz", "sd"]
    assert second.participants == ["gz", "qv"]
    assert second.recorded_by == "coord"
    assert [m.id for m in net.list_meetings(actor="gz").items] == [second.id, first.id]
    assert [m.id for m in net.list_meetings(forum="runder-tisch").items] == [first.id]
    assert net.list_meetings(actor="kirche").total == 0
    assert [m.id for m in net.list_meetings(since=date(2026, 4, 1)).items] == [second.id]


def test_a_contact_entry_keeps_kind_topics_and_note(net):
    entry = net.record_contact({"date": "01.06.2026", "kind": "Telefon", "actors": ["sd"],
                                "topics": ["alter"], "note": "Termin Spaziergang"},
                               audit=WHO, now=NOW)
    stored = net.get_contact(entry.id)
    assert (stored.date, stored.kind.value, stored.actors, stored.topics, stored.note) == (
        date(2026, 6, 1), "telefon", ["sd"], ["alter"], "Termin Spaziergang")
    assert [c.id for c in net.list_contacts(actor="sd").items] == [entry.id]
    assert net.list_meetings().total == 0  # a contact is no meeting
    with pytest.raises(NotFoundError):
        net.get_meeting(entry.id)


def test_a_meeting_in_the_future_with_one_participant_is_refused_naming_both_fields(net):
    version = net.version()
    with pytest.raises(InvalidInputError) as err:
        net.record_meeting({"date": "2026-07-01", "title": "Sitzung", "participants": ["gz"]},
                           now=NOW)
    assert {(p.code, p.field) for p in err.value.problems} == {
        ("date_in_future", "date"), ("too_few_participants", "participants")}
    assert "Zukunft" in str(err.value)
    assert net.list_meetings().total == 0
    assert net.version() == version


def test_unknown_actors_topics_and_a_forum_that_is_none_are_refused_and_nothing_is_stored(net):
    with pytest.raises(InvalidInputError) as err:
        net.record_meeting({"date": "2026-03-04", "title": "Sitzung",
                            "participants": ["gz", "nobody"], "forum": "qv",
                            "topics": ["wohnen"]}, now=NOW)
    assert {(p.code, p.field, p.params.get("id")) for p in err.value.problems} == {
        ("unknown_actor", "participants", "nobody"), ("not_a_forum", "forum", "qv"),
        ("unknown_topic", "topics", "wohnen")}
    assert net.list_meetings().total == 0
    assert net.suggested_ties(min_evidence=1) == []  # no evidence either


def test_a_contact_needs_an_actor_and_a_known_kind(net):
    with pytest.raises(InvalidInputError) as err:
        net.record_contact({"date": "2026-03-04", "kind": "brief", "actors": []}, now=NOW)
    assert {p.field for p in err.value.problems} == {"kind", "actors"}
    assert net.list_contacts().total == 0


def test_three_shared_meetings_of_actors_without_a_tie_make_a_suggestion(net):
    meeting(net, "2026-03-04", "sd", "kirche", "gz", "qv")
    meeting(net, "2026-04-01", "sd", "kirche")
    assert net.suggested_ties() == []  # two are not enough
    net.record_contact({"date": "2026-05-20", "kind": "begehung", "actors": ["kirche", "sd"]},
                       now=NOW)
    found = net.suggested_ties()
    # gz and qv met once more, but they have a tie; gz-sd etc. met only once
    assert [(s.id, s.source, s.target, s.evidence, s.since, s.last_seen) for s in found] == [
        ("kirche+sd", "kirche", "sd", 3, "2026-03-04", "2026-05-20")]
    assert [s.id for s in net.suggested_ties(min_evidence=1)][:1] == ["kirche+sd"]
    assert len(net.suggested_ties(min_evidence=1)) == 5  # 6 pairs met, gz-qv is tied


def test_confirming_a_suggestion_creates_a_tie_with_its_provenance(net):
    for day in ("2026-03-04", "2026-04-01", "2026-05-06"):
        meeting(net, day, "sd", "kirche")
    net.confirm_suggestion("kirche+sd", account="coord", audit=WHO, now=NOW)
    tie = net.get_tie("cooperates_with:kirche:sd")
    assert (tie.method.value, tie.asserted_by, tie.asserted_on, tie.since) == (
        "evidence", "coord", date(2026, 6, 30), date(2026, 3, 4))
    assert net.suggested_ties() == []
    with pytest.raises(NotFoundError):
        net.confirm_suggestion("kirche+sd", account="coord", now=NOW)


def test_a_dismissed_suggestion_comes_back_only_with_new_evidence(net):
    for day in ("2026-03-04", "2026-04-01", "2026-05-06"):
        meeting(net, day, "sd", "kirche")
    dismissed = net.dismiss_suggestion("kirche+sd", audit=Audit("coord", "dismiss"), now=NOW)
    assert dismissed.evidence == 3
    assert net.suggested_ties() == []
    assert net.audit_log(record="suggestion").items[0]["record_id"] == "kirche+sd"
    with pytest.raises(NotFoundError):
        net.dismiss_suggestion("kirche+sd", now=NOW)
    meeting(net, "2026-06-01", "sd", "kirche")
    assert [(s.id, s.evidence) for s in net.suggested_ties()] == [("kirche+sd", 4)]


def test_unknown_suggestions_are_not_found_and_create_nothing(net):
    with pytest.raises(NotFoundError):
        net.confirm_suggestion("gz+kirche", account="coord", now=NOW)
    with pytest.raises(NotFoundError):
        net.dismiss_suggestion("gz+kirche", now=NOW)
    assert net.list_ties().total == 1


def test_ties_get_last_seen_from_evidence_in_the_snapshot(net):
    meeting(net, "2026-02-01", "gz", "qv")
    meeting(net, "2026-05-06", "qv", "gz", "sd")
    meeting(net, "2026-04-01", "qv", "gz")  # recorded late: last_seen stays the latest day
    S = net.snapshot()
    assert S.edges["gz", "qv", "cooperates_with:gz:qv"]["last_seen"] == date(2026, 5, 6)
    assert S.edges["gz", "qv", "cooperates_with:gz:qv"]["asserted_on"] == date(2020, 1, 10)
    assert net.last_seen([("qv", "gz"), ("gz", "kirche")]) == {("gz", "qv"): date(2026, 5, 6)}


def test_the_last_contact_of_each_actor_counts_meetings_and_contacts(net):
    meeting(net, "2026-02-01", "gz", "sd")
    net.record_contact({"date": "2026-04-01", "kind": "mail", "actors": ["sd"]}, now=NOW)
    assert net.last_contact(["gz", "sd", "kirche"]) == {
        "gz": date(2026, 2, 1), "sd": date(2026, 4, 1)}


def test_recording_bumps_the_version_and_writes_an_audit_entry(net):
    version = net.version()
    m = meeting(net, "2026-02-01", "gz", "sd")
    assert net.version() > version
    entry = net.audit_log(record="meeting").items[0]
    assert (entry["user"], entry["record_id"], entry["after"]["participants"]) == (
        "coord", m.id, ["gz", "sd"])


def test_deleting_an_actor_erases_it_from_meetings_and_contacts_notes_included(net):
    m = meeting(net, "2026-03-04", "gz", "sd", "kirche")
    for day in ("2026-04-01", "2026-05-06"):
        meeting(net, day, "sd", "kirche")
    shared = net.record_contact({"date": "2026-06-01", "kind": "sitzung",
                                 "actors": ["kirche", "gz"], "note": "Pfarrer Meier"},
                                audit=WHO, now=NOW)
    alone = net.record_contact({"date": "2026-06-02", "kind": "telefon", "actors": ["kirche"],
                                "note": "Sigrist Huber"}, audit=WHO, now=NOW)
    assert [s.id for s in net.suggested_ties()] == ["kirche+sd"]
    net.delete_actor("kirche", audit=Audit("coord", "delete"))
    assert net.get_meeting(m.id).participants == ["gz", "sd"]
    kept = net.get_contact(shared.id)
    assert (kept.actors, kept.note) == (["gz"], "[erased]")
    with pytest.raises(NotFoundError):
        net.get_contact(alone.id)
    assert net.list_meetings(actor="kirche").total == 0
    assert net.suggested_ties(min_evidence=1) == [] or all(
        "kirche" not in (s.source, s.target) for s in net.suggested_ties(min_evidence=1))
    texts = repr(net.audit_log(limit=1000).items)
    assert "Pfarrer Meier" not in texts and "Sigrist Huber" not in texts


def test_a_confirmed_tie_cannot_be_confirmed_twice_even_if_suggested_again(net):
    for day in ("2026-03-04", "2026-04-01", "2026-05-06"):
        meeting(net, day, "sd", "kirche")
    net.confirm_suggestion("kirche+sd", account="coord", now=NOW)
    net.delete_tie("cooperates_with:kirche:sd")
    assert [s.id for s in net.suggested_ties()] == ["kirche+sd"]  # evidence stays
    net.confirm_suggestion("kirche+sd", account="coord", now=NOW)
    assert net.list_ties(actor="kirche").total == 1
    with pytest.raises((NotFoundError, ConflictError)):
        net.confirm_suggestion("kirche+sd", account="coord", now=NOW)


def test_suggestions_come_in_rank_order_and_a_limit_keeps_the_first(net):
    for day in ("2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05"):
        meeting(net, day, "sd", "kirche")
    for day in ("2026-01-06", "2026-02-06", "2026-05-06"):
        meeting(net, day, "gz", "kirche")
    for day in ("2026-01-07", "2026-02-07", "2026-03-07"):
        meeting(net, day, "gz", "sd")
    ranked = [(s.id, s.evidence, s.last_seen) for s in net.suggested_ties()]
    assert ranked == [("kirche+sd", 4, "2026-04-05"), ("gz+kirche", 3, "2026-05-06"),
                      ("gz+sd", 3, "2026-03-07")]
    assert [s.id for s in net.suggested_ties(limit=2)] == ["kirche+sd", "gz+kirche"]


def test_an_import_adds_up_each_pairs_evidence_as_recording_one_by_one_would(net):
    # Imported encounters are written in batches, each pair's evidence added up once; the
    # result must be what recording them one at a time gives (by hand: kirche+sd met on
    # 2026-04-01 (recorded), then 2026-01-10, 2026-05-05 and 2025-12-01 (imported)).
    meeting(net, "2026-04-01", "sd", "kirche")
    stamp = {"recorded_by": "coord", "recorded_at": "2026-06-01T10:00:00+00:00"}
    rows = [{"type": "meeting", "id": "m-1", "date": "2026-01-10", "title": "A",
             "participants": ["sd", "kirche", "qv"], **stamp},
            {"type": "contact_entry", "id": "c-1", "date": "2026-05-05", "kind": "telefon",
             "actors": ["kirche", "sd"], **stamp},
            {"type": "meeting", "id": "m-2", "date": "2025-12-01", "title": "B",
             "participants": ["kirche", "sd", "qv", "gz"], **stamp}]
    assert net.import_encounters(rows, user="coord", now=NOW) == {"created": 3, "unchanged": 0}
    found = {s.id: (s.evidence, s.since, s.last_seen) for s in net.suggested_ties(min_evidence=1)}
    assert found == {"kirche+sd": (4, "2025-12-01", "2026-05-05"),
                     "kirche+qv": (2, "2025-12-01", "2026-01-10"),
                     "qv+sd": (2, "2025-12-01", "2026-01-10"),
                     "gz+kirche": (1, "2025-12-01", "2025-12-01"),
                     "gz+sd": (1, "2025-12-01", "2025-12-01")}  # gz+qv: tied
    assert net.last_contact(["gz", "kirche"]) == {"gz": date(2025, 12, 1),
                                                  "kirche": date(2026, 5, 5)}
    assert [m.id for m in net.list_meetings(actor="qv").items] == ["m-1", "m-2"]
    # again: every row is known and unchanged, nothing is added
    assert net.import_encounters(rows, user="coord", now=NOW) == {"created": 0, "unchanged": 3}
    assert net.suggested_ties(min_evidence=4)[0].evidence == 4
