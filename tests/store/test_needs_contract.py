"""The needs (Anliegen) contract: every behaviour runs against both stores (SQLite and Bolt).

Expected values are written by hand from the small network of tests/store/test_contract.py and
the steps taken here (a second source: reading the literal data).
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from graph.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PreconditionFailedError,
    StepNotAllowedError,
)
from graph.model.needs import NeedStatus
from graph.store.audit import ERASED, Audit
from graph.store.records import etag
from graph.store.sqlite import SCHEMA_VERSION, SqliteStore
from tests.store.test_contract import seed

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
DATA = Path(__file__).parent / "data"


def raise_need(store, **over):
    data = {"title": "Sitzbänke an der Limmat", "areas": ["hoengg"], "topics": ["alter"],
            "raised_on": "2026-09-01", "raised_by": "qv-hoengg", **over}
    return store.add_need(data, user="anna", now=NOW)


def walk_to(store, need_id, status):
    """Take the allowed steps from neu up to ``status`` (the path of a need's life)."""
    path = ["abgeklaert", "vermittelt", "in_bearbeitung", "erledigt"]
    for step in path[:path.index(status) + 1]:
        if step == "vermittelt":
            store.assign_need(need_id, ["sd"], user="anna", on=date(2026, 10, 11), now=NOW)
        else:
            store.step_need(need_id, step, user="anna", on=date(2026, 10, 11), now=NOW)


@pytest.fixture
def seeded(store):
    seed(store)
    return store


def test_add_need_is_stored_as_neu_with_one_history_step(seeded):
    need = raise_need(seeded, id="anliegen-baenke")
    got = seeded.get_need("anliegen-baenke")
    assert got == need
    assert got.status is NeedStatus.neu
    assert [(s.status.value, s.action, s.by, s.on) for s in got.history] == [
        ("neu", "create", "anna", date(2026, 9, 1))]
    assert got.raised_by == "qv-hoengg"
    assert got.created_at == NOW and got.updated_at == NOW


def test_add_need_without_id_gets_a_fresh_one(seeded):
    a, b = raise_need(seeded), raise_need(seeded)
    assert a.id != b.id and a.id.startswith("anliegen-")
    assert {n.id for n in seeded.all_needs()} == {a.id, b.id}


def test_need_raised_by_the_population_has_no_actor(seeded):
    need = raise_need(seeded, raised_by=None)
    assert seeded.get_need(need.id).raised_by is None


@pytest.mark.parametrize(("over", "field", "code"), [
    ({"topics": []}, "topics", "missing"),
    ({"areas": []}, "areas", "missing"),
    ({"areas": ["atlantis"]}, "areas", "unknown_area"),
    ({"topics": ["raumfahrt"]}, "topics", "unknown_topic"),
    ({"raised_by": "niemand"}, "raised_by", "unknown_actor"),
    ({"title": " "}, "title", "empty_name"),
    ({"raised_on": "31.02.2026"}, "raised_on", "bad_date"),
    ({"raised_on": "2026-11-02"}, "raised_on", "need_step_future"),
])
def test_bad_need_names_the_field_and_stores_nothing(seeded, over, field, code):
    version = seeded.version()
    with pytest.raises(InvalidInputError) as info:
        raise_need(seeded, **over)
    assert [(p.code, p.field) for p in info.value.problems] == [(code, field)]
    assert seeded.all_needs() == []
    assert seeded.version() == version


def test_the_whole_life_is_kept_in_the_history(seeded):
    need = raise_need(seeded)
    seeded.step_need(need.id, "abgeklärt", user="anna", proposed=["sd", "gz-hoengg"],
                     confirmed=["sd"], note="Fachstelle zuständig", on=date(2026, 9, 20),
                     now=NOW)
    seeded.assign_need(need.id, ["sd"], user="ben", on=date(2026, 10, 1), now=NOW)
    seeded.step_need(need.id, "in_bearbeitung", user="ben", actor="sd", on=date(2026, 10, 8),
                     now=NOW)
    done = seeded.step_need(need.id, "erledigt", user="anna", note="Bänke stehen",
                            on=date(2026, 10, 20), now=NOW)
    assert done.status is NeedStatus.erledigt
    assert done.proposed == ["sd", "gz-hoengg"] and done.confirmed == ["sd"]
    assert [(a.actor, a.on) for a in done.assigned] == [("sd", date(2026, 10, 1))]
    assert [(s.status.value, s.by, s.note) for s in done.history] == [
        ("neu", "anna", None), ("abgeklaert", "anna", "Fachstelle zuständig"),
        ("vermittelt", "ben", None), ("in_bearbeitung", "ben", None),
        ("erledigt", "anna", "Bänke stehen")]
    assert done.history[3].actor == "sd"
    assert seeded.get_need(need.id) == done


def test_stored_needs_give_the_same_days_as_the_validated_records(seeded):
    """``changes`` reads the stored rows (not validated again); second source: the same days
    from the validated :class:`Need` records."""
    from graph.analysis.changes import need_days

    done = raise_need(seeded)
    seeded.step_need(done.id, "abgeklärt", user="anna", on=date(2026, 9, 20), now=NOW)
    seeded.step_need(done.id, "nicht_umsetzbar", user="anna", note="kein Platz",
                     on=date(2026, 10, 2), now=NOW)
    raise_need(seeded)
    rows = need_days(seeded.stored_needs())
    assert rows == need_days(seeded.all_needs())
    assert sorted(r["closed_on"] or "" for r in rows) == ["", "2026-10-02"]


@pytest.mark.parametrize(("start", "to", "allowed"), [
    ("neu", "erledigt", ["abgeklaert", "nicht_umsetzbar"]),
    ("neu", "vermittelt", ["abgeklaert", "nicht_umsetzbar"]),
    ("erledigt", "neu", ["in_bearbeitung"]),
    ("vermittelt", "abgeklaert", ["in_bearbeitung", "nicht_umsetzbar"]),
])
def test_a_step_not_allowed_names_from_to_and_allowed_and_stores_nothing(seeded, start, to,
                                                                           allowed):
    need = raise_need(seeded)
    if start != "neu":
        walk_to(seeded, need.id, start)
    before = seeded.get_need(need.id)
    with pytest.raises(StepNotAllowedError) as info:
        seeded.step_need(need.id, to, user="anna", actors=["sd"], now=NOW)
    err = info.value
    assert (err.from_status, err.to_status, err.allowed) == (start, to, allowed)
    problem = err.problems[0]
    assert (problem.code, problem.field, problem.id) == ("need_step_not_allowed", "status", need.id)
    # in the reader's words, not the ids ("abgeklärt", "in Bearbeitung")
    from graph.model.needs import NeedStatus

    said = problem.message("de")
    assert f"«{NeedStatus(start).label('de')}» nach «{NeedStatus(to).label('de')}»" in said
    assert all(NeedStatus(s).label("de") in said.rsplit(":", 1)[1] for s in allowed)
    assert seeded.get_need(need.id) == before


def test_a_step_dated_before_the_last_or_in_the_future_is_refused(seeded):
    need = raise_need(seeded)
    seeded.step_need(need.id, "abgeklaert", user="anna", on=date(2026, 10, 1), now=NOW)
    for day, code in ((date(2026, 9, 30), "need_step_before"), (date(2026, 11, 2),
                                                                "need_step_future")):
        with pytest.raises(InvalidInputError) as info:
            seeded.assign_need(need.id, ["sd"], user="anna", on=day, now=NOW)
        assert [(p.code, p.field) for p in info.value.problems] == [(code, "on")]
    assert seeded.get_need(need.id).status is NeedStatus.abgeklaert


def test_reopening_is_the_one_step_back(seeded):
    need = raise_need(seeded)
    walk_to(seeded, need.id, "erledigt")
    again = seeded.step_need(need.id, "in_bearbeitung", user="anna", note="Bank kaputt", now=NOW)
    assert again.status is NeedStatus.in_bearbeitung
    assert [s.status.value for s in again.history][-2:] == ["erledigt", "in_bearbeitung"]


def test_nicht_umsetzbar_needs_a_reason_and_is_final(seeded):
    need = raise_need(seeded)
    with pytest.raises(InvalidInputError) as info:
        seeded.step_need(need.id, "nicht_umsetzbar", user="anna", now=NOW)
    assert [(p.code, p.field) for p in info.value.problems] == [("need_reason_required", "reason")]
    assert seeded.get_need(need.id).status is NeedStatus.neu
    closed = seeded.step_need(need.id, "nicht umsetzbar", user="anna",
                              note="kein Platz am Ufer", now=NOW)
    assert (closed.status, closed.reason) == (NeedStatus.nicht_umsetzbar, "kein Platz am Ufer")
    with pytest.raises(StepNotAllowedError) as final:
        seeded.step_need(need.id, "in_bearbeitung", user="anna", now=NOW)
    assert final.value.problems[0].code == "need_step_final"


def test_assigning_an_unknown_actor_is_refused(seeded):
    need = raise_need(seeded)
    seeded.step_need(need.id, "abgeklaert", user="anna", now=NOW)
    with pytest.raises(InvalidInputError) as info:
        seeded.assign_need(need.id, ["sd", "niemand"], user="anna", now=NOW)
    assert [(p.code, p.field, p.params) for p in info.value.problems] == [
        ("unknown_actor", "assigned", {"id": "niemand"})]
    assert seeded.get_need(need.id).status is NeedStatus.abgeklaert
    assert seeded.get_need(need.id).assigned == []


def test_assign_before_clarifying_is_refused_and_later_adds_actors(seeded):
    need = raise_need(seeded)
    with pytest.raises(StepNotAllowedError):
        seeded.assign_need(need.id, ["sd"], user="anna", now=NOW)
    walk_to(seeded, need.id, "vermittelt")
    more = seeded.assign_need(need.id, ["oja", "sd"], user="anna", on=date(2026, 10, 20), now=NOW)
    assert more.status is NeedStatus.vermittelt
    assert more.assigned_to == ["sd", "oja"]
    assert more.history[-1].action == "assign"


def test_list_needs_by_area_with_sub_areas_topic_status_and_age(seeded):
    a = raise_need(seeded, id="a-hoengg", raised_on="2026-01-10")
    b = raise_need(seeded, id="b-wipkingen", areas=["wipkingen"], topics=["jugend"],
                   raised_on="2026-10-01")
    c = raise_need(seeded, id="c-unterstrass", areas=["unterstrass"], raised_on="2026-05-01")
    walk_to(seeded, c.id, "erledigt")
    ids = lambda page: [n.id for n in page.items]  # noqa: E731
    assert ids(seeded.list_needs(area="kreis-10")) == [a.id, b.id]
    assert ids(seeded.list_needs(area="waidberg")) == [a.id, c.id, b.id]  # covers both Kreise
    assert ids(seeded.list_needs(topic="jugend")) == [b.id]
    assert ids(seeded.list_needs(open_only=True)) == [a.id, b.id]
    assert ids(seeded.list_needs(status="erledigt")) == [c.id]
    page = seeded.list_needs(open_only=True, older_than=60, today=date(2026, 11, 1))
    assert (ids(page), page.total) == ([a.id], 1)
    assert seeded.list_needs(limit=1, offset=1).total == 3
    with pytest.raises(NotFoundError):
        seeded.list_needs(area="atlantis")


def test_if_match_guards_a_step(seeded):
    need = raise_need(seeded)
    stale = etag(need)
    seeded.step_need(need.id, "abgeklaert", user="anna", if_match=stale, now=NOW)
    with pytest.raises(PreconditionFailedError):
        seeded.step_need(need.id, "nicht_umsetzbar", user="anna", note="x", if_match=stale)
    assert seeded.get_need(need.id).status is NeedStatus.abgeklaert


def test_every_write_of_a_need_is_in_the_audit_log(seeded):
    need = raise_need(seeded)
    seeded.step_need(need.id, "abgeklaert", user="ben", now=NOW)
    entries = seeded.audit_log(record="need", record_id=need.id).items
    assert [(e["user"], e["action"]) for e in entries] == [("ben", "update"), ("anna", "create")]
    assert entries[0]["before"]["status"] == "neu" and entries[0]["after"]["status"] == "abgeklaert"


def test_deleting_an_actor_removes_it_from_needs_and_erases_its_notes(seeded):
    need = raise_need(seeded, raised_by="qv-hoengg")
    seeded.step_need(need.id, "abgeklaert", user="anna", proposed=["sd"], confirmed=["sd"],
                     now=NOW)
    seeded.assign_need(need.id, ["sd", "oja"], user="anna", now=NOW)
    seeded.step_need(need.id, "in_bearbeitung", user="anna", actor="sd",
                     note="Rückruf von Frau Beispiel, 079 123 45 67", now=NOW)
    seeded.delete("actor", "sd", audit=Audit("admin", "delete"))
    seeded.delete("actor", "qv-hoengg", audit=Audit("admin", "delete"))
    got = seeded.get_need(need.id)
    assert got.raised_by is None
    assert got.assigned_to == ["oja"] and got.proposed == [] and got.confirmed == []
    assert got.history[-1].note == ERASED and got.history[-1].actor is None
    assert got.status is NeedStatus.in_bearbeitung
    for e in seeded.audit_log(record="need", record_id=need.id, limit=100).items:
        assert "079 123 45 67" not in str(e["before"]) + str(e["after"])


def test_update_need_changes_fields_not_the_status(seeded):
    need = raise_need(seeded)
    got = seeded.update_need(need.id, {"follow_up": "2026-12-01", "round_table": "rt-alter",
                                       "areas": ["hoengg", "wipkingen"]}, user="anna", now=NOW)
    assert (got.follow_up, got.round_table, got.areas) == (date(2026, 12, 1), "rt-alter",
                                                           ["hoengg", "wipkingen"])
    with pytest.raises(InvalidInputError):
        seeded.update_need(need.id, {"status": "erledigt"}, user="anna")
    with pytest.raises(InvalidInputError):
        seeded.update_need(need.id, {"topics": []}, user="anna")
    assert seeded.get_need(need.id).status is NeedStatus.neu
    assert seeded.get_need(need.id).topics == ["alter"]


def test_unknown_need_and_duplicate_id(seeded):
    with pytest.raises(NotFoundError):
        seeded.get_need("anliegen-nichts")
    with pytest.raises(NotFoundError):
        seeded.step_need("anliegen-nichts", "abgeklaert", user="anna")
    raise_need(seeded, id="anliegen-eins")
    with pytest.raises(ConflictError):
        raise_need(seeded, id="anliegen-eins")


def test_import_needs_round_trip_and_all_or_nothing(seeded):
    need = raise_need(seeded, id="anliegen-eins")
    walk_to(seeded, need.id, "in_bearbeitung")
    exported = [n.model_dump(mode="json") for n in seeded.all_needs()]
    assert seeded.import_needs(exported, user="anna") == {"created": 0, "updated": 0,
                                                          "unchanged": 1}
    bad = [{**exported[0], "id": "anliegen-zwei"}, {**exported[0], "id": "anliegen-drei",
                                                      "areas": ["atlantis"]}]
    with pytest.raises(InvalidInputError) as info:
        seeded.import_needs(bad, user="anna")
    assert [(p.code, p.id) for p in info.value.problems] == [("unknown_area", "anliegen-drei")]
    assert [n.id for n in seeded.all_needs()] == ["anliegen-eins"]
    counts = seeded.import_needs(bad[:1], user="anna")
    assert counts["created"] == 1
    assert seeded.get_need("anliegen-zwei").history == seeded.get_need("anliegen-eins").history


def test_import_refuses_a_history_the_life_does_not_allow(seeded):
    need = raise_need(seeded, id="anliegen-eins")
    row = {**need.model_dump(mode="json"), "status": "erledigt"}
    with pytest.raises(InvalidInputError) as info:
        seeded.import_needs([row], user="anna")
    assert [(p.code, p.field) for p in info.value.problems] == [("need_step_not_allowed",
                                                                 "status")]
    assert seeded.get_need("anliegen-eins").status is NeedStatus.neu


def test_an_sqlite_file_written_by_the_previous_version_opens_and_takes_needs(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "quartiernetz-schema3.db", path)
    with SqliteStore(path) as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [a.id for a in store.list_actors().items] == ["sd-alter", "gz-hoengg"]
        assert store.get_actor("sd-alter").contact is not None
        need = store.add_need({"title": "Treffpunkt für Ältere", "areas": ["hoengg"],
                               "topics": ["alter"]}, user="anna")
        assert [n.id for n in store.list_needs(area="kreis-10").items] == [need.id]
    with SqliteStore(path) as again:  # reopened: migrated once, the need kept
        assert again.get_need(need.id).title == "Treffpunkt für Ältere"


def test_a_control_character_in_a_note_or_an_actor_id_is_a_problem_not_a_crash(seeded):
    with pytest.raises(InvalidInputError) as info:
        raise_need(seeded, note="a\x00b")
    assert [(p.code, p.field) for p in info.value.problems] == [("control_character",
                                                                 "history.0.note")]
    need = raise_need(seeded)
    seeded.step_need(need.id, "abgeklaert", user="anna", now=NOW)
    with pytest.raises(InvalidInputError) as bad:
        seeded.assign_need(need.id, ["Kein Slug!"], user="anna", now=NOW)
    assert [p.code for p in bad.value.problems] == ["bad_slug"]
    assert seeded.get_need(need.id).status is NeedStatus.abgeklaert
