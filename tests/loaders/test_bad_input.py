"""Every bad input of issue 5: the message names file, line and column; the store is unchanged."""

from __future__ import annotations

import tracemalloc
import zipfile

import pytest

from loaders.csvfile import read_csv
from loaders.load import load_files
from tests.loaders.conftest import cli, state, write


@pytest.fixture
def loaded(sqlite_store, network_files, tmp_path):
    """A store holding the small network (version 1), and a function that runs ``load`` on it
    and returns (exit code, output) after checking that nothing changed."""
    load_files(sqlite_store, network_files)
    before = state(sqlite_store)
    assert before[0] == 1

    def refused(*files):
        result = cli(tmp_path / "quartiernetz.db", "load", *files)
        assert result.exit_code == 1, result.output
        assert "nichts wurde gespeichert" in result.output
        assert state(sqlite_store) == before
        return result.output

    return refused


def test_a_tie_to_an_unknown_actor(loaded, tmp_path):
    ties = write(
        tmp_path,
        "ties.csv",
        "source,target,kind\ngz-wipkingen,qv-wipkingen,cooperates_with\ngz-wipkingen,qv-nirgends,informs\n",
    )
    out = loaded(ties)
    assert "ties.csv:3: target: unbekannter Akteur «qv-nirgends»" in out


def test_an_unknown_kind(loaded, tmp_path):
    actors = write(tmp_path, "akteure.csv", "id;Name;Typ\nspielplatz-x;Spielplatz X;Spielplatz\n")
    out = loaded(actors)
    assert (
        "akteure.csv:2: Typ: unbekannter Wert «Spielplatz»; erlaubt: resident_group "
        "(Bewohnergruppe), association (Verein)" in out
    )


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("0", "Gewicht 0 ist nicht grösser als 0"),
        ("-2.5", "Gewicht -2.5 ist nicht grösser als 0"),
        ("drei", "«drei» ist keine Zahl (erwartet: eine positive Zahl, von Hand 1 bis 5)"),
    ],
)
def test_a_weight_not_positive_or_not_a_number(loaded, tmp_path, weight, message):
    ties = write(
        tmp_path,
        "beziehungen.csv",
        f"Quelle;Ziel;Art;Gewicht\ngz-wipkingen;qv-hoengg;arbeitet zusammen mit;{weight}\n",
    )
    assert f"beziehungen.csv:2: Gewicht: {message}" in loaded(ties)


def test_until_before_since(loaded, tmp_path):
    ties = write(
        tmp_path,
        "ties.csv",
        "source,target,kind,von,bis\ngz-wipkingen,qv-hoengg,informs,01.05.2024,30.04.2024\n",
    )
    assert (
        "ties.csv:2: bis: Enddatum «bis» (2024-04-30) liegt vor dem Startdatum «von» (2024-05-01)"
    ) in loaded(ties)


def test_a_date_that_does_not_exist(loaded, tmp_path):
    ties = write(
        tmp_path, "ties.csv", "source,target,kind,since\ngz-wipkingen,qv-hoengg,informs,31.02.2024\n"
    )
    assert "ties.csv:2: since: «31.02.2024» ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)" in loaded(
        ties
    )


def test_an_empty_name(loaded, tmp_path):
    actors = write(tmp_path, "actors.csv", "id,name,kind\nok,OK,association\nleer,   ,association\n")
    out = loaded(actors)
    assert "actors.csv:3: name: Name darf nicht leer sein" in out
    assert "actors.csv:2" not in out


def test_a_duplicate_id_with_different_content(loaded, tmp_path):
    actors = write(
        tmp_path, "actors.csv", "id,name,kind\nneu,Neu,association\nx,X,forum\nneu,Neu anders,institution\n"
    )
    assert (
        "actors.csv:4: id: die Kennung «neu» kommt mehrfach mit unterschiedlichem Inhalt vor "
        "(zuerst in Zeile 2)"
    ) in loaded(actors)


def test_an_exact_repeat_is_not_an_error(sqlite_store, tmp_path):
    actors = write(tmp_path, "actors.csv", "id,name,kind\nneu,Neu,association\nneu,Neu,association\n")
    assert load_files(sqlite_store, [actors]).result.counts["actor"].created == 1


def test_a_missing_required_column(loaded, tmp_path):
    ties = write(tmp_path, "ties.csv", "source,target,weight\ngz-wipkingen,qv-hoengg,3\n")
    assert "ties.csv:1: kind: Pflichtspalte «kind» fehlt (vorhanden: source, target, weight)" in loaded(ties)


def test_an_empty_file(loaded, tmp_path):
    actors = write(tmp_path, "actors.csv", "")
    assert "actors.csv: die Datei ist leer" in loaded(actors)


def test_a_file_with_only_blank_lines_is_empty_too(loaded, tmp_path):
    actors = write(tmp_path, "actors.csv", "\n\n  \n")
    assert "actors.csv: die Datei ist leer" in loaded(actors)


def test_a_binary_file_renamed_csv(loaded, tmp_path):
    picture = tmp_path / "actors.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    out = loaded(picture)
    assert "actors.csv: das ist keine Textdatei (CSV), sondern Binärdaten" in out


def test_an_excel_file_renamed_csv_gets_a_hint(loaded, tmp_path):
    book = tmp_path / "actors.csv"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "vermutlich eine Excel-Datei" in loaded(book)


def test_several_problems_in_several_files_are_reported_together(loaded, tmp_path):
    actors = write(tmp_path, "actors.csv", "id,name,kind\na,A,Spielplatz\n")
    ties = write(tmp_path, "ties.csv", "source,target,kind,weight\ngz-wipkingen,qv-hoengg,informs,-7\n")
    out = loaded(actors, ties)
    assert out.index("actors.csv:2: kind") < out.index("ties.csv:2: weight")
    assert out.startswith("2 Fehler")


def _big_csv(path, rows, tail=""):
    """A CSV file of about 1 KB per row (a long description), written in pieces."""
    filler = "Angebot für alle im Quartier " * 34
    with path.open("w", encoding="utf-8") as out:
        out.write("id,name,kind,description\n")
        chunk = []
        for i in range(rows):
            chunk.append(f"a{i},Akteur {i},association,{filler}\n")
            if len(chunk) == 1000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk) + tail)
    return path


def test_a_50_mb_file_is_streamed_not_read_whole(tmp_path):
    big = _big_csv(tmp_path / "actors.csv", 50_000)
    assert big.stat().st_size > 50_000_000
    tracemalloc.start()
    try:
        sheet = read_csv(big)
        count = sum(1 for _ in sheet.rows)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_000
    assert peak < 2_000_000  # a fraction of the file: rows are read one by one


def test_a_50_mb_file_with_a_broken_last_row_names_that_row(loaded, tmp_path):
    big = _big_csv(tmp_path / "actors.csv", 50_000, tail="z,Z,association,x,überzählig\n")
    assert "actors.csv:50002: die Zeile hat 5 Zellen, die Kopfzeile nur 4" in loaded(big)


def test_a_cell_too_large_for_csv_is_reported_with_its_line(loaded, tmp_path):
    huge = write(
        tmp_path, "actors.csv", 'id,name,kind,description\na,A,association,"' + "x" * 200_000 + '"\n'
    )
    assert "actors.csv:2: die Zeile ist kein gültiges CSV" in loaded(huge)


def test_a_graphml_file_with_an_external_entity_is_refused_unresolved(loaded, tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIMES-PASSWORT")
    graphml = write(
        tmp_path,
        "netz.graphml",
        f"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file://{secret}">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="name" for="node" attr.name="name" attr.type="string"/>
<key id="kind" for="node" attr.name="kind" attr.type="string"/>
<graph edgedefault="directed">
<node id="x"><data key="name">&xxe;</data><data key="kind">association</data></node>
</graph></graphml>
""",
    )
    out = loaded(graphml)
    assert "netz.graphml:1: die Datei enthält eine DOCTYPE-/ENTITY-Deklaration" in out
    assert "GEHEIMES-PASSWORT" not in out


def test_a_gexf_entity_bomb_is_refused_too(loaded, tmp_path):
    bomb = write(
        tmp_path,
        "netz.gexf",
        """<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph><nodes>
<node id="x" label="&b;"/></nodes></graph></gexf>
""",
    )
    assert "netz.gexf:1: die Datei enthält eine DOCTYPE-/ENTITY-Deklaration" in loaded(bomb)


def test_a_file_that_does_not_exist_and_an_unknown_ending(loaded, tmp_path):
    odd = write(tmp_path, "netz.pdf", "%PDF-1.4")
    out = loaded(tmp_path / "fehlt.csv", odd)
    assert "fehlt.csv: Datei nicht gefunden" in out
    assert "netz.pdf: Format nicht erkannt" in out


def test_errors_in_english_on_request(sqlite_store, network_files, tmp_path):
    load_files(sqlite_store, network_files)
    ties = write(tmp_path, "ties.csv", "source,target,kind,weight\ngz-wipkingen,qv-hoengg,informs,0\n")
    result = cli(tmp_path / "quartiernetz.db", "--lang", "en", "load", ties)
    assert result.exit_code == 1
    assert "1 error(s), nothing was stored:" in result.output
    assert "ties.csv:2: weight: weight 0 is not greater than 0" in result.output


def test_an_invisible_control_character(loaded, tmp_path):
    """A vertical tab (U+000B, e.g. pasted from a Word table) cannot be written to xlsx, GraphML
    or GEXF (XML 1.0 forbids it), so it is refused on the way in, with line and column; tabs and
    line breaks inside a quoted cell stay allowed."""
    actors = write(tmp_path, "akteure.csv",
                   'id,name,kind,description\nqt-x,Quartiertreff\x0bX,association,ok\n'
                   'qt-y,Quartiertreff Y,association,"zwei\n\tZeilen"\n')
    out = loaded(actors)
    assert ("akteure.csv:2: name: enthält ein unsichtbares Steuerzeichen (U+000B), das keine "
            "Datei (Excel, GraphML, GEXF) aufnehmen kann: entfernen Sie es") in out
    assert "akteure.csv:3" not in out
