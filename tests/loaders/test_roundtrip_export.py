"""Export, then import into an empty store: the same snapshot, for every format. And what an
export must leave out (personal data) or defuse (formulas)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph.store.sqlite import SqliteStore
from loaders.export import export_network
from loaders.load import load_files
from tests.loaders.conftest import cli, write

FORMATS = ["csv", "xlsx", "json", "graphml", "gexf"]


def full_network(store) -> None:
    """Every field used at least once: contact, lists, dates, notes, odd characters."""
    store.apply(
        {
            "areas": [
                {"id": "zuerich", "name": "Stadt Zürich", "level": "city"},
                {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "zuerich"},
                {"id": "wipkingen", "name": "Wipkingen", "level": "quartier", "parent": "kreis-10"},
                {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "kreis-10"},
                {
                    "id": "waidberg",
                    "name": "Sozialregion Waidberg",
                    "level": "region",
                    "scheme": "sozialregionen",
                    "covers": ["kreis-10"],
                },
            ],
            "topics": [
                {"id": "alter", "name": "Alter", "description": "Älter werden, «zuhause»"},
                {"id": "jugend", "name": "Jugend"},
            ],
            "actors": [
                {
                    "id": "gz-wipkingen",
                    "name": "GZ Wipkingen",
                    "kind": "institution",
                    "areas": ["wipkingen"],
                    "topics": ["alter", "jugend"],
                    "description": 'Treffpunkt\nmit Café; "offen" & <gratis>',
                    "website": "https://gz-zh.ch",
                    "tags": ["GZ", "ZGZ"],
                    "contact": {
                        "name": "Anna Muster",
                        "role": "Leitung",
                        "email": "anna@example.ch",
                        "phone": "+41 44 000 00 00",
                    },
                },
                {
                    "id": "formel",
                    "name": '=HYPERLINK("http://evil")',
                    "kind": "resident_group",
                    "areas": ["hoengg"],
                    "description": "-minus",
                    "tags": ["@home", "+plus"],
                },
                {
                    "id": "qv-hoengg",
                    "name": "Quartierverein Höngg",
                    "kind": "association",
                    "areas": ["hoengg"],
                },
                {"id": "soz", "name": "Soziale Dienste", "kind": "department"},
                {
                    "id": "sz-wipkingerplatz",
                    "name": "Sozialzentrum Wipkingerplatz",
                    "kind": "city_unit",
                    "areas": ["kreis-10"],
                },
                {"id": "netz-10", "name": "Quartiernetz 10", "kind": "forum", "areas": ["kreis-10"]},
                {"id": "privat", "name": "Spitex Zürich", "kind": "private_provider"},
            ],
            "ties": [
                {
                    "source": "qv-hoengg",
                    "target": "gz-wipkingen",
                    "kind": "cooperates_with",
                    "weight": 4,
                    "since": "2021-03-01",
                    "until": "2025-12-31",
                    "asserted_by": "Koordination",
                    "method": "meeting",
                    "asserted_on": "2024-05-01",
                    "note": '=1+1, "Zitat"',
                },
                {"source": "qv-hoengg", "target": "netz-10", "kind": "member_of", "weight": 2},
                {"source": "sz-wipkingerplatz", "target": "soz", "kind": "part_of", "weight": 5},
                {"source": "soz", "target": "gz-wipkingen", "kind": "funds", "method": "document"},
                {
                    "source": "gz-wipkingen",
                    "target": "qv-hoengg",
                    "kind": "informs",
                    "method": "illustrative",
                },
            ],
        }
    )


def snapshot(store) -> dict:
    graph = store.snapshot(include_personal=True)
    return {
        "nodes": sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True)),
        "edges": sorted((k, sorted(d.items())) for _, _, k, d in graph.edges(keys=True, data=True)),
        "areas": graph.graph["areas"],
        "topics": graph.graph["topics"],
    }


def exported(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / ("out-csv" if fmt == "csv" else f"netz.{fmt}")


def import_files(path: Path, fmt: str) -> list[Path]:
    return sorted(path.glob("*.csv")) if fmt == "csv" else [path]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_into_an_empty_store_gives_the_same_snapshot(sqlite_store, tmp_path, fmt):
    full_network(sqlite_store)
    path = exported(tmp_path, fmt)
    export_network(
        sqlite_store, fmt, path, include_personal=True, with_areas_topics=True, with_hierarchy=True
    )
    with SqliteStore(tmp_path / "leer.db") as empty:
        report = load_files(empty, import_files(path, fmt))
        assert report.result.counts["tie"].created == 5
        assert snapshot(empty) == snapshot(sqlite_store)
        version = empty.version()
        load_files(empty, import_files(path, fmt))  # and once more: nothing changes
        assert empty.version() == version


@pytest.mark.parametrize("fmt", FORMATS)
def test_contact_details_only_with_include_personal(sqlite_store, tmp_path, fmt):
    full_network(sqlite_store)
    db = tmp_path / "quartiernetz.db"
    plain, personal = tmp_path / "ohne", tmp_path / "mit"
    plain.mkdir()
    personal.mkdir()
    out_plain, out_personal = exported(plain, fmt), exported(personal, fmt)
    assert cli(db, "export", "--format", fmt, "-o", out_plain).exit_code == 0
    result = cli(db, "export", "--format", fmt, "-o", out_personal, "--include-personal")
    assert result.exit_code == 0, result.output
    assert "Personendaten" in result.output

    def text(path: Path) -> str:
        if fmt == "xlsx":
            book = load_workbook(path, read_only=True)
            cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
            book.close()
            return " ".join(cells)
        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        return " ".join(f.read_text(encoding="utf-8-sig") for f in files)

    assert "anna@example.ch" not in text(out_plain) and "Anna Muster" not in text(out_plain)
    assert "anna@example.ch" in text(out_personal) and "Anna Muster" in text(out_personal)


def test_csv_export_defuses_formulas(sqlite_store, tmp_path):
    full_network(sqlite_store)
    export_network(sqlite_store, "csv", tmp_path / "out")
    with (tmp_path / "out" / "actors.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    assert rows["formel"]["name"] == '\'=HYPERLINK("http://evil")'
    assert rows["formel"]["description"] == "'-minus"
    assert rows["formel"]["tags"] == "'@home|+plus"
    assert rows["qv-hoengg"]["name"] == "Quartierverein Höngg"
    with (tmp_path / "out" / "ties.csv").open(encoding="utf-8-sig", newline="") as handle:
        notes = [r["note"] for r in csv.DictReader(handle)]
    assert '\'=1+1, "Zitat"' in notes


def test_excel_export_defuses_formulas_and_writes_text_cells(sqlite_store, tmp_path):
    full_network(sqlite_store)
    export_network(sqlite_store, "xlsx", tmp_path / "netz.xlsx")
    book = load_workbook(tmp_path / "netz.xlsx")
    assert book.sheetnames == ["Gebiete", "Themen", "Akteure", "Beziehungen"]
    sheet = book["Akteure"]
    header = [c.value for c in sheet[1]]
    names = {row[0].value: row[header.index("name")] for row in sheet.iter_rows(min_row=2)}
    cell = names["formel"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://evil")'
    book.close()


def test_export_of_one_area_keeps_its_actors_and_the_ties_among_them(sqlite_store, tmp_path):
    full_network(sqlite_store)
    export_network(sqlite_store, "json", tmp_path / "hoengg.json", area="hoengg")
    data = json.loads((tmp_path / "hoengg.json").read_text())
    assert data["format"] == "quartiernetz" and data["version"] == 1
    assert sorted(a["id"] for a in data["actors"]) == ["formel", "qv-hoengg"]
    assert data["ties"] == []
    assert len(data["areas"]) == 5  # all areas, so references stay valid
    export_network(sqlite_store, "json", tmp_path / "k10.json", area="kreis-10")
    data = json.loads((tmp_path / "k10.json").read_text())
    assert len(data["actors"]) == 5 and len(data["ties"]) == 3


def test_export_of_an_unknown_area_says_so(sqlite_store, tmp_path):
    full_network(sqlite_store)
    result = cli(
        tmp_path / "quartiernetz.db", "export", "--format", "csv", "-o", tmp_path / "x", "--area", "atlantis"
    )
    assert result.exit_code == 1 and "«atlantis» nicht gefunden" in result.output


def test_gephi_reads_what_we_write_with_kinds_and_attributes(sqlite_store, tmp_path):
    full_network(sqlite_store)
    export_network(sqlite_store, "graphml", tmp_path / "netz.graphml")
    export_network(sqlite_store, "gexf", tmp_path / "netz.gexf")
    graphml = nx.read_graphml(tmp_path / "netz.graphml", force_multigraph=True)
    assert graphml.nodes["gz-wipkingen"]["label"] == "GZ Wipkingen"
    assert graphml.nodes["gz-wipkingen"]["sector"] == "institution"
    edge = (
        graphml.edges["qv-hoengg", "gz-wipkingen", "cooperates_with:gz-wipkingen:qv-hoengg"]
        if graphml.has_edge("qv-hoengg", "gz-wipkingen")
        else graphml.edges["gz-wipkingen", "qv-hoengg", "cooperates_with:gz-wipkingen:qv-hoengg"]
    )
    assert edge["weight"] == 4 and edge["directed"] is False
    assert graphml.nodes["gz-wipkingen"]["betweenness"] >= 0.0  # our measures, for Gephi
    assert not graphml.has_edge("sz-wipkingerplatz", "soz")  # part_of only when asked


def test_json_errors_name_the_line_of_the_record(sqlite_store, tmp_path):
    full_network(sqlite_store)
    export_network(sqlite_store, "json", tmp_path / "netz.json")
    lines = (tmp_path / "netz.json").read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if '"kind": "member_of"' in line)
    lines[at] = lines[at].replace('"weight": 2', '"weight": -9')
    (tmp_path / "netz.json").write_text("\n".join(lines))
    with SqliteStore(tmp_path / "leer.db") as empty:
        result = cli(tmp_path / "leer.db", "load", tmp_path / "netz.json")
        assert result.exit_code == 1
        assert f"netz.json:{at + 1}: weight: Gewicht -9 ist nicht grösser als 0" in result.output
        assert empty.version() == 0


def test_excel_errors_name_sheet_row_and_column(sqlite_store, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Akteure"
    sheet.append(["id", "Name", "Typ"])
    sheet.append(["a", "A", "Verein"])
    sheet.append(["b", "B", "Sportplatz"])
    ties = book.create_sheet("Beziehungen")
    ties.append(["Quelle", "Ziel", "Art", "von"])
    from datetime import datetime

    ties.append(["a", "b", "informiert", datetime(2024, 5, 1)])
    book.save(tmp_path / "kontakte.xlsx")
    result = cli(tmp_path / "quartiernetz.db", "load", tmp_path / "kontakte.xlsx")
    assert result.exit_code == 1
    assert "kontakte.xlsx[Akteure]:3: Typ: unbekannter Wert «Sportplatz»" in result.output
    assert (
        "kontakte.xlsx[Beziehungen]:2: Ziel: der Akteur «b» in kontakte.xlsx[Akteure]:3 ist "
        "ungültig" in result.output
    )
    assert sqlite_store.version() == 0
    sheet["C3"] = "Institution"
    book.save(tmp_path / "kontakte.xlsx")
    assert cli(tmp_path / "quartiernetz.db", "load", tmp_path / "kontakte.xlsx").exit_code == 0
    assert str(sqlite_store.get_tie("informs:a:b").since) == "2024-05-01"


def test_an_xlsx_that_is_not_one(sqlite_store, tmp_path):
    fake = write(tmp_path, "netz.xlsx", "id,name,kind\n")
    result = cli(tmp_path / "quartiernetz.db", "load", fake)
    assert result.exit_code == 1 and "netz.xlsx: keine gültige Excel-Datei" in result.output
    assert sqlite_store.version() == 0


def _readme_block(lang: str, marker: str) -> str:
    text = (Path(__file__).parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    blocks = text.split("```" + lang + "\n")[1:]
    return next(b.split("```")[0] for b in blocks if marker in b)


@pytest.mark.parametrize(
    ("lang", "name", "marker"),
    [("json", "netz.json", '"format"'), ("xml", "netz.gexf", "<gexf")],
)
def test_the_examples_in_the_readme_load(sqlite_store, tmp_path, lang, name, marker):
    path = write(tmp_path, name, _readme_block(lang, marker))
    report = load_files(sqlite_store, [path])
    assert report.result.counts["actor"].created == 2 and report.result.counts["tie"].created == 1
    assert sqlite_store.get_tie("cooperates_with:gz-wipkingen:qv-wipkingen").weight == 4
