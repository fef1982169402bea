"""The memory (needs with their history, meetings, contact log entries) in the network's JSON and
Excel files: export, load into an empty store, the same records; a broken record named by
file, line and field with nothing stored; loading twice changes nothing; formulas stay text.
Both stores (SQLite in tmp_path, the real Bolt server). Expected values written by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from graph.store.base import Audit
from graph.store.sqlite import SqliteStore
from loaders.export import export_network
from loaders.load import LoadError, load_files

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
WHO = Audit("coord", "create")
HOSTILE = '=cmd|" /C calc"!A0'


@pytest.fixture
def net(store):
    return seed_memory(store)


def seed_memory(store):
    """A small network with a need (three steps), a meeting of a forum and a contact."""
    store.apply({
        "areas": [{"id": "k10", "name": "Kreis 10", "level": "kreis"}],
        "topics": [{"id": "alter", "name": "Alter"}],
        "actors": [
            {"id": "gz", "name": "GZ Höngg", "kind": "institution", "areas": ["k10"],
             "topics": ["alter"]},
            {"id": "qv", "name": "Quartierverein Höngg", "kind": "association", "areas": ["k10"]},
            {"id": "sd", "name": "Soziale Dienste", "kind": "city_unit", "areas": ["k10"]},
            {"id": "runder-tisch", "name": "Runder Tisch Alter", "kind": "forum",
             "areas": ["k10"]},
        ],
        "ties": [{"source": "gz", "target": "qv", "kind": "cooperates_with",
                  "asserted_on": "2020-01-10"}],
    })
    need = store.add_need({"title": "Sitzbänke an der Limmat", "areas": ["k10"],
                           "topics": ["alter"], "raised_on": "2026-09-01", "raised_by": "qv"},
                          user="anna", now=NOW)
    store.step_need(need.id, "abgeklaert", user="anna", proposed=["sd", "gz"], confirmed=["sd"],
                    note="Fachstelle zuständig", on=date(2026, 9, 20), now=NOW)
    store.assign_need(need.id, ["sd"], user="ben", on=date(2026, 10, 1), now=NOW)
    store.record_meeting({"date": "2026-03-04", "title": "Runder Tisch März",
                          "participants": ["gz", "sd", "qv"], "forum": "runder-tisch",
                          "topics": ["alter"], "tags": ["Frühling"]}, audit=WHO, now=NOW)
    store.record_contact({"date": "2026-06-01", "kind": "telefon", "actors": ["sd", "gz"],
                          "topics": ["alter"], "note": HOSTILE}, audit=WHO, now=NOW)
    return store


@pytest.fixture
def empty(store, request, tmp_path):
    """A second, empty store of the same kind."""
    if isinstance(store, SqliteStore):
        other = SqliteStore(tmp_path / "empty.db")
    else:
        from graph.store.neo4j import Neo4jStore

        uri, user, password, make_database, wipe = request.getfixturevalue("bolt_target")
        if wipe:
            pytest.skip("a real Neo4j gives one database: no second empty store")
        other = Neo4jStore(uri, user, password, database=make_database())
        other.init()
    yield other
    other.close()


def memory_of(store):
    """Everything a user sees of the memory (the import stamps created_at/updated_at anew)."""
    needs = [n.model_dump(mode="json", exclude={"created_at", "updated_at"})
             for n in store.all_needs()]
    return {"needs": needs, "meetings": [m.model_dump(mode="json") for m in
                                         store.list_meetings(limit=100).items],
            "contacts": [c.model_dump(mode="json") for c in store.list_contacts(limit=100).items]}


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_and_load_into_an_empty_store_gives_the_same_memory(net, empty, tmp_path, fmt):
    path = tmp_path / f"netz.{fmt}"
    report = export_network(net, fmt, path, include_personal=True)
    assert (report.counts["need"], report.counts["meeting"], report.counts["contact"]) == (1, 1, 1)
    loaded = load_files(empty, [path])
    assert loaded.memory == {"need": {"created": 1, "updated": 0, "unchanged": 0},
                             "encounter": {"created": 2, "unchanged": 0}}
    assert memory_of(empty) == memory_of(net)
    assert memory_of(empty)["contacts"][0]["note"] == HOSTILE
    assert [n.history[1].note for n in empty.all_needs()] == ["Fachstelle zuständig"]
    # the evidence comes along: gz, sd met twice (meeting, contact), so do last contacts
    assert empty.last_contact(["gz", "qv"]) == {"gz": date(2026, 6, 1), "qv": date(2026, 3, 4)}
    assert empty.snapshot().number_of_nodes() == net.snapshot().number_of_nodes()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_loading_the_same_file_twice_changes_nothing(net, empty, tmp_path, fmt):
    path = tmp_path / f"netz.{fmt}"
    export_network(net, fmt, path, include_personal=True)
    load_files(empty, [path])
    version, before = empty.version(), memory_of(empty)
    again = load_files(empty, [path])
    assert again.memory == {"need": {"created": 0, "updated": 0, "unchanged": 1},
                            "encounter": {"created": 0, "unchanged": 2}}
    assert empty.version() == version
    assert memory_of(empty) == before
    # gz and sd met twice (the meeting, the contact): the evidence is not counted again
    assert [(s.source, s.target, s.evidence) for s in empty.suggested_ties(min_evidence=2)] == [
        ("gz", "sd", 2)]


def test_without_personal_data_notes_stay_out_and_a_reload_keeps_the_stored_ones(net, tmp_path):
    path = tmp_path / "netz.json"
    export_network(net, "json", path)
    text = path.read_text(encoding="utf-8")
    assert "Fachstelle" not in text and "cmd" not in text
    data = json.loads(text)
    assert "note" not in data["contacts"][0]
    assert all("note" not in step for step in data["needs"][0]["history"])
    version, before = net.version(), memory_of(net)
    load_files(net, [path])  # into the same store: nothing changes, the notes stay
    assert net.version() == version and memory_of(net) == before


def test_csv_export_is_unchanged_by_the_memory(net, tmp_path):
    export_network(net, "csv", tmp_path / "csv")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "actors.csv", "areas.csv", "ties.csv", "topics.csv"]


def test_a_formula_in_a_note_stays_text_in_excel(net, empty, tmp_path):
    path = tmp_path / "netz.xlsx"
    export_network(net, "xlsx", path, include_personal=True)
    book = load_workbook(path)
    assert book.sheetnames[-4:] == ["Anliegen", "Verlauf", "Treffen", "Kontakte"]
    sheet = book["Kontakte"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("note") + 1)
    assert cell.data_type == "s" and cell.value == "'" + HOSTILE
    load_files(empty, [path])
    assert empty.list_contacts().items[0].note == HOSTILE


def _json_with(net, tmp_path, key, change):
    """The network's JSON export with one memory record changed; (path, its line)."""
    path = tmp_path / "netz.json"
    export_network(net, "json", path, include_personal=True)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f'"{key}": [')
    row = json.loads(lines[start + 1].rstrip(","))
    change(row)
    lines[start + 1] = json.dumps(row, ensure_ascii=False) + ("," if lines[start + 1].endswith(",") else "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, start + 2


def _nothing_stored(empty):
    assert empty.all_needs() == [] and empty.list_meetings().total == 0
    assert empty.list_contacts().total == 0 and empty.snapshot().number_of_nodes() == 0


def test_a_meeting_in_the_future_names_file_line_and_field_and_stores_nothing(net, empty,
                                                                             tmp_path):
    path, line = _json_with(net, tmp_path, "meetings", lambda r: r.update(date="2999-01-01"))
    with pytest.raises(LoadError) as err:
        load_files(empty, [path])
    assert [(p.code, p.file, p.line, p.column) for p in err.value.problems] == [
        ("date_in_future", "netz.json", line, "date")]
    _nothing_stored(empty)


def test_an_unknown_actor_in_a_contact_names_file_line_and_field_and_stores_nothing(
        net, empty, tmp_path):
    path, line = _json_with(net, tmp_path, "contacts", lambda r: r.update(actors=["sd", "niemand"]))
    with pytest.raises(LoadError) as err:
        load_files(empty, [path])
    assert [(p.code, p.params.get("id"), p.file, p.line, p.column)
            for p in err.value.problems] == [("unknown_actor", "niemand", "netz.json", line, "actors")]
    _nothing_stored(empty)


def test_a_need_step_not_allowed_names_file_line_and_field_and_stores_nothing(net, empty,
                                                                             tmp_path):
    def skip_ahead(row):
        row["history"][1]["status"] = "erledigt"  # neu -> erledigt: not a step a need takes

    path, line = _json_with(net, tmp_path, "needs", skip_ahead)
    with pytest.raises(LoadError) as err:
        load_files(empty, [path])
    found = [(p.code, p.file, p.line, p.column) for p in err.value.problems]
    assert ("need_step_not_allowed", "netz.json", line, "history") in found
    assert err.value.problems[0].render()  # said in words, with the place
    _nothing_stored(empty)


def test_a_broken_row_in_an_excel_sheet_names_the_sheet_line_and_column(net, empty, tmp_path):
    path = tmp_path / "netz.xlsx"
    export_network(net, "xlsx", path, include_personal=True)
    book = load_workbook(path)
    sheet = book["Treffen"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("participants") + 1, value="gz|unbekannt")
    book.save(path)
    with pytest.raises(LoadError) as err:
        load_files(empty, [path])
    assert [(p.code, p.file, p.line, p.column) for p in err.value.problems] == [
        ("unknown_actor", "netz.xlsx[Treffen]", 2, "participants")]
    _nothing_stored(empty)


def test_a_step_of_a_need_missing_from_the_sheet_is_refused(net, empty, tmp_path):
    path = tmp_path / "netz.xlsx"
    export_network(net, "xlsx", path, include_personal=True)
    book = load_workbook(path)
    book["Verlauf"].cell(row=3, column=1, value="anliegen-gibt-es-nicht")
    book.save(path)
    with pytest.raises(LoadError) as err:
        load_files(empty, [path])
    assert [(p.code, p.file, p.line, p.column) for p in err.value.problems] == [
        ("step_without_need", "netz.xlsx[Verlauf]", 3, "need")]
    _nothing_stored(empty)


def test_a_meeting_stored_with_other_details_is_refused_not_overwritten(net, tmp_path):
    path, line = _json_with(net, tmp_path, "meetings", lambda r: r.update(title="Anders"))
    version = net.version()
    with pytest.raises(LoadError) as err:
        load_files(net, [path])
    assert [(p.code, p.line, p.column) for p in err.value.problems] == [
        ("encounter_differs", line, "id")]
    assert net.version() == version
    assert net.list_meetings().items[0].title == "Runder Tisch März"


def test_an_area_export_keeps_only_the_memory_among_its_actors(net, tmp_path):
    net.apply({"areas": [{"id": "k11", "name": "Kreis 11", "level": "kreis"}],
               "actors": [{"id": "fern", "name": "Verein Fern", "kind": "association",
                           "areas": ["k11"]}]})
    net.record_contact({"date": "2026-06-02", "kind": "telefon", "actors": ["fern", "gz"]},
                       audit=WHO, now=NOW)
    path = tmp_path / "k10.json"
    export_network(net, "json", path, area="k10")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [c["actors"] for c in data["contacts"]] == [["sd", "gz"]]
    assert len(data["meetings"]) == 1 and len(data["needs"]) == 1


def test_a_workbook_without_memory_sheets_loads_as_before(store, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Gebiete"
    sheet.append(["id", "name", "level"])
    sheet.append(["k10", "Kreis 10", "kreis"])
    book.save(tmp_path / "a.xlsx")
    report = load_files(store, [tmp_path / "a.xlsx"])
    assert report.memory == {} and report.result.counts["area"].created == 1


def test_a_dry_run_counts_the_memory_and_stores_nothing(net, empty, tmp_path):
    path = tmp_path / "netz.json"
    export_network(net, "json", path, include_personal=True)
    report = load_files(empty, [path], dry_run=True)
    assert report.result.dry_run and report.result.counts["actor"].created == 4
    assert report.memory["encounter"] == {"created": 2, "unchanged": 0}
    _nothing_stored(empty)
    assert empty.last_contact(["gz"]) == {}


def test_without_memory_the_network_loads_and_a_note_says_what_was_left_out(net, empty,
                                                                            tmp_path):
    path = tmp_path / "netz.json"
    export_network(net, "json", path, include_personal=True)
    report = load_files(empty, [path], memory=False)
    assert report.result.counts["actor"].created == 4 and report.memory == {}
    assert [(n.code, n.params, n.file) for n in report.notes] == [
        ("memory_not_loaded", {"count": 3}, "netz.json")]
    assert "nicht geladen" in report.notes[0].render()
    assert empty.all_needs() == [] and empty.list_meetings().total == 0


def test_the_cli_exports_and_loads_the_memory_and_says_so(tmp_path):
    from tests.loaders.conftest import cli

    source = SqliteStore(tmp_path / "quelle.db")
    try:
        seed_memory(source)
    finally:
        source.close()
    out = tmp_path / "netz.json"
    assert cli(tmp_path / "quelle.db", "export", "--format", "json", "-o", out,
               "--include-personal").exit_code == 0
    result = cli(tmp_path / "leer.db", "load", out)
    assert result.exit_code == 0, result.output
    assert "Anliegen" in result.output and "Treffen und Kontakte" in result.output
    again = cli(tmp_path / "leer.db", "load", out)
    assert again.exit_code == 0 and "nichts geändert" in again.output.lower(), again.output
