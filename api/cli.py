"""The ``quartiernetz`` command line.

Global options come before the command: ``quartiernetz --db netz.db stats``. Commands of later
features live in their own modules and register themselves on :data:`app` (see the bottom).
What a coordinator reads is German by default; ``--lang en`` or ``QUARTIERNETZ_LANG=en`` switches.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.config import Settings
from graph.errors import QuartiernetzError
from graph.i18n import current_language, set_language
from graph.model import ActorKind, TieKind
from graph.store import Store, open_store

app = typer.Typer(
    name="quartiernetz",
    help="Quartiernetz: das Netzwerk der Quartierkoordination (Akteure, Beziehungen, Analysen).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class State:
    """Options shared by every command (set by the callback)."""

    settings: Settings | None = None

    def open(self) -> Store:
        return open_store(self.settings or Settings())


state = State()


@app.callback()
def main_options(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite-Datei (Standard: $QUARTIERNETZ_DB, sonst ./quartiernetz.db)"),
    ] = None,
    store: Annotated[
        str | None, typer.Option("--store", help="Speicher: sqlite (Standard) oder neo4j")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Sprache: de (Standard) oder en")] = None,
    version: Annotated[bool, typer.Option(  # noqa: ARG001 (handled by its eager callback)
        "--version", is_eager=True, callback=lambda shown: _print_version(shown),
        help="Version und Rechenkern (c oder python) zeigen")] = False,
) -> None:
    """Quartiernetz: das Netzwerk der Quartierkoordination."""
    overrides: dict[str, Any] = {}
    if db is not None:
        overrides["QUARTIERNETZ_DB"] = db
    if store is not None:
        if store not in ("sqlite", "neo4j"):
            fail(f"--store muss sqlite oder neo4j sein, nicht «{store}»")
        overrides["QUARTIERNETZ_STORE"] = store
    if lang is not None:
        if lang not in ("de", "en"):
            fail(f"--lang muss de oder en sein, nicht «{lang}»")
        overrides["QUARTIERNETZ_LANG"] = lang
    set_language(lang)
    state.settings = Settings(**overrides) if overrides else Settings()


def _print_version(shown: bool) -> None:
    """``quartiernetz 0.1.0 (kernel c)``: the package version and which analysis kernel runs."""
    if not shown:
        return
    from graph.analysis._kernels import kernel_name
    from graph.config import package_version

    typer.echo(f"quartiernetz {package_version()} (kernel {kernel_name()})")
    raise typer.Exit(0)


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"Fehler: {message}" if current_language() == "de" else f"Error: {message}", err=True)
    raise typer.Exit(code)


def run(fn: Any) -> Any:
    """Call ``fn()``; turn our errors into a clear message and exit code 1 (no traceback)."""
    try:
        return fn()
    except QuartiernetzError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned text table (no colours, so it reads the same in a pipe)."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    typer.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    typer.echo("  ".join("-" * w for w in widths))
    for row in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command()
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


@app.command()
def stats(
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, json oder csv")] = OutputFormat.table,
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
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(headers)
        writer.writerows(rows)
        return
    print_table(headers, rows)


def _stats() -> dict[str, Any]:
    with state.open() as store:
        return store.stats()


# the commands of later features register themselves on ``app`` when imported
from api import cli_analysis, cli_invite, cli_loaders, cli_users, cli_views  # noqa: E402,F401


def main() -> None:
    app()


if __name__ == "__main__":
    main()
