"""The ``quartiernetz`` command line: builds the Typer app and registers every command module.

Global options come before the command: ``quartiernetz --db netz.db stats``. Each command module
(:mod:`api.cli.database`, :mod:`~api.cli.files`, :mod:`~api.cli.analysis`, :mod:`~api.cli.invite`,
:mod:`~api.cli.views`, :mod:`~api.cli.report`, :mod:`~api.cli.users`, :mod:`~api.cli.serve`)
keeps its commands in a :class:`~api.cli.common.Commands` and imports only :mod:`api.cli.common`;
this module registers them, so no command module imports another. What a coordinator reads is
German by default; ``--lang en`` or ``QUARTIERNETZ_LANG=en`` switches.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli import analysis, database, files, invite, report, serve, users, views
from api.cli.common import cli, fail, state
from graph.config import Settings
from graph.i18n import set_language

app = typer.Typer(
    name="quartiernetz",
    help="Quartiernetz: das Netzwerk der Quartierkoordination (Akteure, Beziehungen, Analysen).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
    if lang is not None:  # first: the other options' errors speak the language asked for
        if lang not in ("de", "en"):
            fail(cli("bad_lang", value=lang))
        overrides["QUARTIERNETZ_LANG"] = lang
    set_language(lang)
    if store is not None:
        if store not in ("sqlite", "neo4j"):
            fail(cli("bad_store", store=store))
        overrides["QUARTIERNETZ_STORE"] = store
    state.settings = Settings(**overrides) if overrides else Settings()


def _print_version(shown: bool) -> None:
    """``quartiernetz 0.1.0 (kernel c)``: the package version and which analysis kernel runs."""
    if not shown:
        return
    from graph.analysis._kernels import kernel_name
    from graph.config import package_version

    typer.echo(f"quartiernetz {package_version()} (kernel {kernel_name()})")
    raise typer.Exit(0)


for module in (database, files, analysis, invite, views, report, users, serve):
    module.commands.register(app)

# -- appended by h/needs: needs (Anliegen) ----------------------------------------------------
from api.cli import anliegen  # noqa: E402

anliegen.commands.register(app)
# -- h/memory: meetings, contacts, suggested ties, Kontaktpflege, forum health ----------------
from api.cli import meetings as _meetings  # noqa: E402

_meetings.commands.register(app)
# -- end h/memory ------------------------------------------------------------------------------
# -- h/survey-desk: network surveys (issue 17) ------------------------------------------------
from api.cli import survey as _survey  # noqa: E402
from api.cli import survey_review as _survey_review  # noqa: E402,F401  (registers reconcile, ...)

_survey.commands.register(app)
# -- end h/survey-desk -------------------------------------------------------------------------


def main() -> None:
    app()


if __name__ == "__main__":
    main()
