"""``quartiernetz init`` (create or upgrade the database), ``compact`` (rewrite the SQLite file) and
``stats`` (counts)."""

from __future__ import annotations

from typing import Any

import typer

from api.cli.common import (
    Commands,
    FormatOpt,
    OutputFormat,
    cli,
    columns,
    fail,
    print_csv,
    print_json,
    print_table,
    run,
    state,
)
from graph.config import Settings
from graph.i18n import number
from graph.model import ActorKind, TieKind

commands = Commands()


@commands.command()
def init() -> None:
    """Datenbank anlegen (falls nötig) und Schema einrichten."""

    def work() -> None:
        with state.open() as store:
            store.init()
            settings = state.settings or Settings()
            where = settings.db if store.backend == "sqlite" else settings.neo4j_uri
            typer.echo(cli("db_ready", where=where, backend=store.backend, version=store.version()))

    run(work)


@commands.command()
def compact() -> None:
    """SQLite-Datei neu schreiben (VACUUM): gibt freien Platz zurück und entfernt Reste gelöschter Daten."""

    def work() -> None:
        with state.open() as store:
            if store.backend != "sqlite":
                fail(cli("compact_sqlite_only"))
            before, after = store.compact()  # type: ignore[attr-defined]
            typer.echo(cli("compacted", before=number(before), after=number(after)))

    run(work)


@commands.command()
def stats(
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Anzahl Akteure nach Art, Beziehungen nach Art, Gebiete, Themen und die Version."""
    data = run(lambda: _stats())
    if fmt is OutputFormat.json:
        print_json(data)
        return
    actors, ties, areas, topics = columns("actors", "ties", "areas", "topics")
    rows: list[list[Any]] = []
    for kind, count in data["actors"].items():
        rows.append([actors, ActorKind(kind).label(), count])
    for kind, count in data["ties"].items():
        rows.append([ties, TieKind(kind).label(), count])
    rows.append([areas, "", data["areas"]])
    rows.append([topics, "", data["topics"]])
    rows.append(["Version", "", data["version"]])
    headers = columns("what", "kind", "count")
    if fmt is OutputFormat.csv:
        print_csv(headers, rows)  # the counts as plain numbers, for a spreadsheet
        return
    print_table(headers, [[what, kind, count if isinstance(count, str) else number(count)]
                          for what, kind, count in rows])


def _stats() -> dict[str, Any]:
    with state.open() as store:
        return store.stats()
