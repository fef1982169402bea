"""The memory's commands against a real SQLite file: meeting, contact, ties suggested /
confirm / dismiss, kontaktpflege, forum health (German by default, exit 1 on bad input)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.sqlite import SqliteStore

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "netz.db"
    with SqliteStore(path) as store:
        store.apply({
            "areas": [{"id": "zuerich", "name": "Zürich", "level": "city"},
                      {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "zuerich"}],
            "topics": [{"id": "alter", "name": "Alter"}],
            "actors": [
                {"id": "gz", "name": "GZ Höngg", "kind": "institution", "areas": ["hoengg"],
                 "topics": ["alter"]},
                {"id": "qv", "name": "Quartierverein Höngg", "kind": "association",
                 "areas": ["hoengg"], "topics": ["alter"]},
                {"id": "sd", "name": "Soziale Dienste", "kind": "city_unit", "areas": ["hoengg"],
                 "topics": ["alter"]},
                {"id": "afs", "name": "Amt für Städtebau", "kind": "city_unit",
                 "areas": ["hoengg"]},
                {"id": "rt", "name": "Runder Tisch Alter", "kind": "forum", "areas": ["hoengg"],
                 "topics": ["alter"]},
            ],
            "ties": [{"source": "gz", "target": "rt", "kind": "member_of", "note": "Vorsitz"},
                     {"source": "qv", "target": "rt", "kind": "member_of"},
                     {"source": "gz", "target": "qv", "kind": "cooperates_with"}],
        })
    return str(path)


def cli(db, *args):
    return runner.invoke(app, ["--db", db, *args])


def _add(db, day, *people, forum=None):
    args = ["meeting", "add", "--date", day, "--title", "Runder Tisch"]
    for p in people:
        args += ["--participant", p]
    if forum:
        args += ["--forum", forum]
    return cli(db, *args)


def test_meeting_add_prints_the_id_last_and_stores_it(db):
    result = _add(db, "04.03.2026", "gz", "qv", forum="rt")
    assert result.exit_code == 0, result.output
    new_id = result.output.strip().splitlines()[-1]
    assert "Sitzung erfasst" in result.output and new_id.startswith("m-")
    listed = json.loads(cli(db, "meeting", "list", "--format", "json").output)
    assert [(m["id"], m["date"], m["forum"]) for m in listed] == [(new_id, "2026-03-04", "rt")]


def test_bad_meetings_exit_1_naming_the_field_and_store_nothing(db):
    future = (date.today() + timedelta(days=2)).isoformat()
    result = _add(db, future, "gz")
    assert result.exit_code == 1
    assert "Feld date" in result.output and "Feld participants" in result.output
    assert "Zukunft" in result.output
    unknown = _add(db, "2026-03-04", "gz", "niemand")
    assert unknown.exit_code == 1 and "«niemand»" in unknown.output
    english = runner.invoke(app, ["--db", db, "--lang", "en", "meeting", "add", "--date",
                                  future, "--title", "x", "--participant", "gz"])
    assert "in the future" in english.output
    with SqliteStore(db) as store:
        assert store.list_meetings().total == 0


def test_contact_add_warns_about_personal_data_and_lists_in_csv(db):
    result = cli(db, "contact", "add", "--date", "2026-03-04", "--kind", "Telefon", "--actor",
                 "sd", "--note", "Begehung vereinbart")
    assert result.exit_code == 0, result.output
    assert "nicht für Personendaten" in result.output
    csv = cli(db, "contact", "list", "--format", "csv").output.splitlines()
    assert csv[0].split(",")[1:] == ["Datum", "Art", "Akteure", "Hinweis"]
    assert csv[1].endswith("2026-03-04,Telefon,sd,Begehung vereinbart")
    bad = cli(db, "contact", "add", "--date", "2026-03-04", "--kind", "brief", "--actor", "sd")
    assert bad.exit_code == 1 and "Feld kind" in bad.output


def test_suggested_ties_confirmed_and_dismissed_from_the_command_line(db):
    for day in ("2026-03-04", "2026-04-01", "2026-05-06"):
        assert _add(db, day, "sd", "qv", "afs").exit_code == 0
    table = cli(db, "ties", "suggested")
    assert "3 gemeinsame Sitzungen seit März 2026" in table.output
    data = json.loads(cli(db, "ties", "suggested", "--format", "json").output)
    assert [(s["id"], s["evidence"], s["since"]) for s in data] == [
        ("afs+qv", 3, "2026-03-04"), ("afs+sd", 3, "2026-03-04"), ("qv+sd", 3, "2026-03-04")]
    confirmed = cli(db, "ties", "confirm", "qv+sd", "--by", "anna")
    assert confirmed.exit_code == 0, confirmed.output
    assert cli(db, "ties", "dismiss", "afs+qv").exit_code == 0
    left = json.loads(cli(db, "ties", "suggested", "--format", "json").output)
    assert [s["id"] for s in left] == ["afs+sd"]
    with SqliteStore(db) as store:
        tie = store.get_tie("cooperates_with:qv:sd")
    assert (tie.method.value, tie.asserted_by, tie.note) == (
        "evidence", "anna", "3 gemeinsame Sitzungen seit März 2026")
    missing = cli(db, "ties", "confirm", "gz+qv")
    assert missing.exit_code == 1


def test_kontaktpflege_lists_units_without_recent_contact(db):
    cli(db, "contact", "add", "--date", (date.today() - timedelta(days=10)).isoformat(),
        "--kind", "mail", "--actor", "sd")
    rows = json.loads(cli(db, "kontaktpflege", "--area", "hoengg", "--format", "json").output)
    assert [(r["id"], r["last_contact"]) for r in rows] == [("afs", None)]
    table = cli(db, "kontaktpflege", "--months", "0")
    assert "Amt für Städtebau" in table.output and "Soziale Dienste" in table.output
    assert "nie" in table.output
    assert cli(db, "kontaktpflege", "--area", "nirgends").exit_code == 1


def test_forum_health_shows_attendance_sectors_and_who_missed(db):
    for day in ("2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10"):
        _add(db, day, "gz", "sd", forum="rt")
    data = json.loads(cli(db, "forum", "health", "rt", "--format", "json").output)
    members = {m["id"]: m for m in data["members"]}
    assert (members["gz"]["role"], members["gz"]["last_attended"]) == ("Vorsitz", "2026-04-10")
    assert (members["qv"]["last_attended"], members["qv"]["missed_last"]) == (None, True)
    assert data["missed_last"] == ["qv"]
    assert "administration" in data["sectors_missing"]  # sd came but is no member
    table = cli(db, "forum", "health", "rt").output
    assert "Gremium Runder Tisch Alter: 4 Sitzungen, 2 Mitglieder" in table
    assert "es fehlen:" in table and "Verwaltung" in table
    assert cli(db, "forum", "health", "gz").exit_code == 1


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Kalender//DE\r\n"
       "BEGIN:VEVENT\r\nUID:e1@example.ch\r\nDTSTAMP:20261101T080000Z\r\n"
       "DTSTART:20260304T140000Z\r\nSUMMARY:Runder Tisch Alter\r\n"
       "ATTENDEE;CN=Anna Muster (GZ Höngg):mailto:anna@gz.example.ch\r\n"
       "ATTENDEE;CN=Quartierverein Höngg:mailto:info@qv.example.ch\r\n"
       "ATTENDEE;CN=Hans Unbekannt:mailto:hans@example.ch\r\n"
       "END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_meetings_from_a_calendar_only_once_every_name_is_placed(db, tmp_path):
    path = tmp_path / "kalender.ics"
    path.write_text(ICS, encoding="utf-8")
    dry = cli(db, "meeting", "import", str(path), "--dry-run")
    assert dry.exit_code == 0 and "? Hans Unbekannt" in dry.output
    refused = cli(db, "meeting", "import", str(path))
    assert refused.exit_code == 1 and "Hans Unbekannt" in refused.output
    with SqliteStore(db) as store:
        assert store.list_meetings().total == 0
    done = cli(db, "meeting", "import", str(path), "--map", "Hans Unbekannt=")
    assert done.exit_code == 0, done.output
    again = cli(db, "meeting", "import", str(path), "--map", "Hans Unbekannt=")
    assert "0 Sitzungen" in again.output  # the same event is not recorded twice
    with SqliteStore(db) as store:
        [m] = store.list_meetings().items
    assert (m.date, m.title, m.participants) == (date(2026, 3, 4), "Runder Tisch Alter",
                                                 ["gz", "qv"])
    assert "Anna" not in repr(m)  # people's names are for matching only
