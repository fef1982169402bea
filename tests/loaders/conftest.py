"""Shared helpers for the loader tests: files in ``tmp_path``, a real SQLite store, the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.base import Store

runner = CliRunner()


@pytest.fixture(autouse=True)
def german(monkeypatch):
    """Messages in German unless a test asks otherwise (and --lang does not leak)."""
    monkeypatch.setenv("QUARTIERNETZ_LANG", "de")


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def state(store: Store) -> tuple[int, dict[str, Any]]:
    """What must not change when a load is refused: the version and every count."""
    return store.version(), store.stats()


def cli(db: Path, *args: str) -> Any:
    return runner.invoke(app, ["--db", str(db), *(str(a) for a in args)])


AREAS = (
    "id,name,level,parent,scheme,covers\nzuerich,Stadt Zürich,city,,stadtkreise,\n"
    "kreis-10,Kreis 10,kreis,zuerich,stadtkreise,\n"
    "wipkingen,Wipkingen,quartier,kreis-10,stadtkreise,\n"
    "hoengg,Höngg,quartier,kreis-10,stadtkreise,\n"
    "waidberg,Sozialregion Waidberg,region,,sozialregionen,kreis-10\n"
)
TOPICS = "id,name,description\nalter,Alter,Älter werden im Quartier\njugend,Jugend,\n"
ACTORS = (
    "id,name,kind,areas,topics,description,website,tags\n"
    "gz-wipkingen,GZ Wipkingen,institution,wipkingen,alter|jugend,Gemeinschaftszentrum,"
    "https://gz-zh.ch,GZ\n"
    "qv-wipkingen,Quartierverein Wipkingen,association,wipkingen,alter,,,\n"
    "qv-hoengg,Quartierverein Höngg,Verein,hoengg,,,,\n"
    "netz-10,Quartiernetz Kreis 10,Gremium,kreis-10,,,,\n"
)
TIES = (
    "source,target,kind,weight,since,until,asserted_by,method,asserted_on,note\n"
    "gz-wipkingen,qv-wipkingen,cooperates_with,4,2021-03-01,,Koordination,meeting,2024-05-01,\n"
    "qv-wipkingen,netz-10,member_of,3,01.01.2020,,,,,\n"
    "qv-hoengg,netz-10,member_of,2,,,,,,\n"
)


@pytest.fixture
def network_files(tmp_path) -> list[Path]:
    """A small valid network as four CSV files (areas, topics, actors, ties)."""
    folder = tmp_path / "in"
    folder.mkdir()
    return [
        write(folder, "areas.csv", AREAS),
        write(folder, "topics.csv", TOPICS),
        write(folder, "actors.csv", ACTORS),
        write(folder, "ties.csv", TIES),
    ]
