"""``quartiernetz init`` (create or upgrade the database), ``compact`` (rewrite the SQLite file) and
``stats`` (counts)."""

from __future__ import annotations

from typing import Any

import typer

from api.cli.common import (
    Commands,
    FormatOpt,
    OutputFormat,
    fail,
    is_german,
    print_csv,
    print_json,
    print_table,
    run,
    state,
)
from graph.config import Settings
from graph.i18n import current_language
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
            if current_language() == "de":
                typer.echo(f"Datenbank bereit: {where} (Speicher {store.backend}, "
                           f"Version {store.version()})")
            else:
                typer.echo(f"Database ready: {where} (store {store.backend}, "
                           f"version {store.version()})")

    run(work)


@commands.command()
def compact() -> None:
    """SQLite-Datei neu schreiben (VACUUM): gibt freien Platz zurück und entfernt Reste gelöschter Daten."""

    def work() -> None:
        with state.open() as store:
            if store.backend != "sqlite":
                fail("«compact» gilt nur für den SQLite-Speicher; Neo4j verwaltet seine Dateien selbst"
                     if is_german() else "'compact' is for the SQLite store only; Neo4j manages "
                     "its own files")
            before, after = store.compact()  # type: ignore[attr-defined]
            typer.echo(f"Datenbank neu geschrieben: {before:,} -> {after:,} Bytes".replace(",", "'")
                       if is_german() else f"Database rewritten: {before:,} -> {after:,} bytes")

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
    de = current_language() == "de"
    rows: list[list[Any]] = []
    for kind, count in data["actors"].items():
        rows.append(["Akteure" if de else "actors", ActorKind(kind).label(), count])
    for kind, count in data["ties"].items():
        rows.append(["Beziehungen" if de else "ties", TieKind(kind).label(), count])
    rows.append(["Gebiete" if de else "areas", "", data["areas"]])
    rows.append(["Themen" if de else "topics", "", data["topics"]])
    rows.append(["Version", "", data["version"]])
    headers = ["Bereich", "Art", "Anzahl"] if de else ["what", "kind", "count"]
    if fmt is OutputFormat.csv:
        print_csv(headers, rows)
        return
    print_table(headers, rows)


def _stats() -> dict[str, Any]:
    with state.open() as store:
        return store.stats()
