"""Loading CSV files: recognition, Swiss Excel habits, idempotence, dry runs, --skip-invalid."""

from __future__ import annotations

from datetime import date

from graph.model import ActorKind, TieKind
from loaders.load import load_files
from tests.loaders.conftest import cli, state, write


def test_a_network_loads_from_four_csv_files(sqlite_store, network_files):
    report = load_files(sqlite_store, network_files)
    counts = report.result.counts
    assert (
        counts["area"].created,
        counts["topic"].created,
        counts["actor"].created,
        counts["tie"].created,
    ) == (5, 2, 4, 3)
    hoengg = sqlite_store.get_actor("qv-hoengg")
    assert hoengg.kind is ActorKind.association and hoengg.areas == ["hoengg"]
    gz = sqlite_store.get_actor("gz-wipkingen")
    assert gz.topics == ["alter", "jugend"] and gz.website == "https://gz-zh.ch"
    tie = sqlite_store.get_tie("member_of:qv-wipkingen:netz-10")
    assert tie.since == date(2020, 1, 1) and tie.weight == 3
    assert sqlite_store.get_area("waidberg").covers == ["kreis-10"]


def test_swiss_excel_csv_semicolons_windows_1252_german_headers_and_labels(sqlite_store, tmp_path):
    # what Excel on a Swiss-German Windows writes with "Speichern unter: CSV (Trennzeichen-getrennt)"
    actors = write(
        tmp_path,
        "Akteure.csv",
        "id;Name;Typ\r\nqv-hoengg;Quartierverein Höngg;Verein\r\n"
        "soz-waidberg;Sozialzentrum Wipkingerplatz;Dienstabteilung\r\n",
        "cp1252",
    )
    ties = write(
        tmp_path,
        "Beziehungen.csv",
        "Quelle;Ziel;Art;Gewicht;von;bis\r\n"
        "qv-hoengg;soz-waidberg;arbeitet zusammen mit;4;01.05.2024;31.12.2025\r\n",
        "cp1252",
    )
    load_files(sqlite_store, [actors, ties])
    assert sqlite_store.get_actor("qv-hoengg").name == "Quartierverein Höngg"
    assert sqlite_store.get_actor("soz-waidberg").kind is ActorKind.city_unit
    tie = sqlite_store.get_tie("cooperates_with:qv-hoengg:soz-waidberg")
    assert (tie.kind, tie.weight, tie.since, tie.until) == (
        TieKind.cooperates_with,
        4,
        date(2024, 5, 1),
        date(2025, 12, 31),
    )


def test_utf8_with_bom_and_tabs_and_a_name_that_does_not_say_what_it_holds(sqlite_store, tmp_path):
    # the header decides: source/target means ties, kind means actors
    actors = write(
        tmp_path, "export1.csv", "\ufeffid\tname\tkind\na\tÄrztehaus Zürich\tinstitution\nb\tB\tforum\n"
    )
    ties = write(tmp_path, "export2.csv", "\ufeffsource\ttarget\tkind\na\tb\tmember_of\n")
    load_files(sqlite_store, [actors, ties])
    assert sqlite_store.get_actor("a").name == "Ärztehaus Zürich"
    assert sqlite_store.get_tie("member_of:a:b").weight == 3


def test_a_ties_file_alone_may_refer_to_actors_already_stored(sqlite_store, network_files):
    load_files(sqlite_store, network_files[:3])
    report = load_files(sqlite_store, [network_files[3]])
    assert report.result.counts["tie"].created == 3


def test_loading_the_same_files_twice_changes_nothing_and_keeps_the_version(sqlite_store, network_files):
    load_files(sqlite_store, network_files)
    before = state(sqlite_store)
    report = load_files(sqlite_store, network_files)
    assert state(sqlite_store) == before
    assert report.result.changed == 0 and report.result.counts["actor"].unchanged == 4


def test_a_changed_row_updates_its_record(sqlite_store, network_files, tmp_path):
    load_files(sqlite_store, network_files)
    version = sqlite_store.version()
    changed = write(
        tmp_path,
        "actors.csv",
        "id,name,kind,areas\nqv-hoengg,Quartierverein Höngg (neu),association,hoengg\n",
    )
    report = load_files(sqlite_store, [changed])
    assert report.result.counts["actor"].updated == 1
    assert sqlite_store.get_actor("qv-hoengg").name == "Quartierverein Höngg (neu)"
    assert sqlite_store.version() == version + 1


def test_dry_run_reports_what_would_change_and_writes_nothing(sqlite_store, network_files, tmp_path):
    before = state(sqlite_store)
    result = cli(tmp_path / "quartiernetz.db", "load", *network_files, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Probelauf: nichts wurde gespeichert" in result.output
    assert "Akteure      4" in result.output.replace("  ", "  ")
    assert state(sqlite_store) == before


def test_cli_load_prints_counts_in_german_and_english(sqlite_store, network_files, tmp_path):
    db = tmp_path / "quartiernetz.db"
    first = cli(db, "load", *network_files)
    assert first.exit_code == 0, first.output
    assert "Geladen aus areas.csv, topics.csv, actors.csv, ties.csv (Version 1)" in first.output
    again = cli(db, "--lang", "en", "load", *network_files)
    assert "Nothing changed" in again.output and "unchanged" in again.output
    assert sqlite_store.version() == 1


def test_no_progress_bar_in_a_pipe(network_files, tmp_path):
    result = cli(tmp_path / "quartiernetz.db", "load", *network_files)
    assert "\r" not in result.output and "it/s" not in result.output and "Zeilen" not in result.output


def test_skip_invalid_loads_the_valid_rows_and_lists_the_others(sqlite_store, tmp_path):
    actors = write(tmp_path, "actors.csv", "id,name,kind\na,A,association\nb,B,Spielplatz\nc,C,institution\n")
    ties = write(
        tmp_path,
        "ties.csv",
        "source,target,kind,weight\na,c,cooperates_with,4\na,b,cooperates_with,3\nc,a,informs,0\n",
    )
    result = cli(tmp_path / "quartiernetz.db", "load", actors, ties, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "actors.csv:3: kind: unbekannter Wert «Spielplatz»" in result.output
    assert (
        "ties.csv:3: target: der Akteur «b» in actors.csv:3 ist ungültig, darum auch diese Beziehung"
    ) in result.output
    assert "ties.csv:4: weight: Gewicht 0 ist nicht grösser als 0" in result.output
    assert sorted(a.id for a in sqlite_store.list_actors().items) == ["a", "c"]
    assert [t.id for t in sqlite_store.list_ties().items] == ["cooperates_with:a:c"]


def test_a_formula_guard_added_by_our_export_is_removed_on_the_way_in(sqlite_store, tmp_path):
    actors = write(tmp_path, "actors.csv", "id,name,kind\na,'=Treff,association\nb,'-Jugend,forum\n")
    load_files(sqlite_store, [actors])
    assert sqlite_store.get_actor("a").name == "=Treff"
    assert sqlite_store.get_actor("b").name == "-Jugend"


def test_semicolons_in_text_do_not_fool_the_delimiter_detection(sqlite_store, tmp_path):
    actors = write(
        tmp_path,
        "actors.csv",
        'id,name,kind,description\na,A,association,"Treff; Café; Beratung"\n'
        'b,B,forum,"Runder Tisch; jeden Monat; offen"\n',
    )
    load_files(sqlite_store, [actors])
    assert sqlite_store.get_actor("a").description == "Treff; Café; Beratung"


def test_a_progress_counter_on_a_terminal(network_files, monkeypatch):
    import io
    import sys

    from loaders.load import read_files

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    records = read_files(network_files, progress=True)
    assert len(records) == 14
    assert "Lesen" in terminal.getvalue() and "Zeilen" in terminal.getvalue()


def test_two_files_with_the_same_name_are_told_apart_in_messages(sqlite_store, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", "actors.csv", "id,name,kind\nx,X,association\n")
    second = write(tmp_path / "b", "actors.csv", "id,name,kind\ny,Y,Spielplatz\n")
    result = cli(tmp_path / "quartiernetz.db", "load", first, second)
    assert result.exit_code == 1
    assert f"{second}:2: kind: unbekannter Wert «Spielplatz»" in result.output
    assert sqlite_store.version() == 0


def test_rows_out_of_id_order_still_report_their_own_lines(sqlite_store, tmp_path):
    # the loader writes in id order (faster); messages must still point at the file's rows
    actors = write(tmp_path, "actors.csv", "id,name,kind\nzz,Z,association\nmm,M,Spielplatz\naa,A,forum\n")
    more = write(tmp_path, "more.csv", "id,name,kind\nbb,,association\n")
    result = cli(tmp_path / "quartiernetz.db", "load", actors, more)
    assert result.exit_code == 1
    assert "actors.csv:3: kind: unbekannter Wert «Spielplatz»" in result.output
    assert "more.csv:2: name: Name darf nicht leer sein" in result.output
    assert result.output.index("actors.csv:3") < result.output.index("more.csv:2")
    assert sqlite_store.version() == 0
