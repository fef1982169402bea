"""What every command shares: the global settings, output (tables, JSON, CSV), errors and the
options used by several commands. Command modules import this module only (never each other
or :mod:`api.cli.main`), and :mod:`api.cli.main` registers their :class:`Commands`.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from graph.config import Settings
from graph.errors import QuartiernetzError
from graph.i18n import say, translate
from graph.model import ActorKind, parse_day
from graph.store import Store, open_store


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="table, json oder csv")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Stichtag (JJJJ-MM-TT oder TT.MM.JJJJ)")]
AreaOpt = Annotated[str | None, typer.Option("--area", help="Gebiet (mit seinen Teilgebieten)")]
WithSurveyOpt = Annotated[bool, typer.Option(
    "--with-survey", help="auch Umfrageantworten, die noch nicht abgeglichen sind, als Beziehungen "
                          "zählen (Standard: nur bestätigte Beziehungen)")]


class State:
    """Options shared by every command (set by the callback in :mod:`api.cli.main`)."""

    settings: Settings | None = None

    def open(self) -> Store:
        settings = self.settings or Settings()
        store = open_store(settings)
        # Another write (the server, another import) may hold the lock: wait for it, longer
        # than the API does, and say so once.
        store.lock_wait = settings.cli_write_wait
        store.on_lock_wait = _say_waiting
        return store


def _say_waiting(seconds: float) -> None:
    typer.echo(translate("store_waiting", {"seconds": f"{seconds:g}"}), err=True)


state = State()


class Commands:
    """The commands of one module, kept until :mod:`api.cli.main` registers them on the app
    (``@commands.command()`` takes the same arguments as Typer's ``@app.command()``)."""

    def __init__(self) -> None:
        self._commands: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
        self._groups: list[tuple[typer.Typer, str]] = []

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def keep(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._commands.append((fn, args, kwargs))
            return fn

        return keep

    def group(self, group: typer.Typer, name: str) -> typer.Typer:
        """A group of subcommands (``quartiernetz users add``)."""
        self._groups.append((group, name))
        return group

    def register(self, app: typer.Typer) -> None:
        for fn, args, kwargs in self._commands:
            app.command(*args, **kwargs)(fn)
        for group, name in self._groups:
            app.add_typer(group, name=name)


def cli(code: str, **params: Any) -> str:
    """A CLI sentence from the catalogue (context ``cli``) in the user's language (a parameter
    may not be called ``lang`` or ``context``: :func:`~graph.i18n.say` takes those itself)."""
    return say(code, None, context="cli", **params)


def columns(*names: str) -> list[str]:
    """A table's column headers (codes ``col_NAME``, context ``cli``) in the user's language."""
    return [say(f"col_{name}", context="cli") for name in names]


def snapshot(store: Store, as_of: date | None = None, *, with_survey: bool = False) -> Any:
    """The store's snapshot for an analysis: confirmed ties only, or with ``with_survey`` also
    the submitted survey answers not yet reconciled (:meth:`Store.snapshot`)."""
    return store.snapshot(as_of, with_survey=True) if with_survey else store.snapshot(as_of)


def basis_line(with_survey: bool, fmt: OutputFormat) -> None:
    """With ``--with-survey``, say so: "Grundlage: bestätigte Beziehungen inkl.
    Umfrageantworten (nicht abgeglichen)", above a table, on stderr beside JSON and CSV (the
    machine formats keep their shape). Without it nothing is added: the output stays as it was,
    on confirmed ties (``basis_confirmed`` is the API's and the browser's word for that)."""
    if with_survey:
        typer.echo(cli("basis_with_survey"), err=fmt is not OutputFormat.table)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(cli("error", message=message), err=True)
    raise typer.Exit(code)


def run(fn: Any) -> Any:
    """Call ``fn()``; turn our errors into a clear message and exit code 1 (no traceback)."""
    try:
        return fn()
    except QuartiernetzError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


def day(text: str | None) -> date | None:
    """The day of an ``--as-of`` option (ISO or Swiss), or None; exit 2 naming it if invalid."""
    if text is None or not text.strip():
        return None
    try:
        return parse_day(text)
    except ValueError:
        fail(say("bad_date", value=text))


def kind_label(value: Any) -> str:
    """An actor kind's label in the user's language (the raw value if it is not a kind)."""
    try:
        return ActorKind(value).label() if value else ""
    except ValueError:
        return str(value)


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


def print_csv(headers: list[str], rows: list[list[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    typer.echo(buffer.getvalue(), nl=False)


def who() -> str:
    """The name the command line's writes are recorded under: ``$QUARTIERNETZ_USER``, else
    ``cli:`` + the login name (``cli`` where there is none, as in some containers)."""
    try:
        return os.environ.get("QUARTIERNETZ_USER") or f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
