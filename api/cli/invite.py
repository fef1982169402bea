""""Who to invite" commands: ``invite`` (a round table), ``need`` (who takes on a new need) and
``path`` (an introduction path from one actor to another).

Each opens the store, takes a snapshot and prepares it once per store version and day (kept in
the process-wide cache), then calls a pure function of :mod:`graph.analysis`. Output:
``--format table`` (default) or ``json``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from api.cli.common import (
    AsOfOpt,
    Commands,
    OutputFormat,
    cli,
    columns,
    fail,
    kind_label,
    print_json,
    print_table,
    run,
    state,
)
from api.cli.common import day as parse_day
from graph.analysis import CACHE
from graph.analysis.introduction import introduction_path
from graph.analysis.invite import Network, invite_table, prepare
from graph.analysis.need import need_finder
from graph.config import Settings
from graph.i18n import number, plural
from graph.words import worded

FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="table oder json")]
commands = Commands()


def _with_network(day: date | None, ask: Any) -> Any:
    """Open the store, prepare its snapshot for ``day`` (cached by version), call ``ask(net)``."""
    day = day or date.today()

    def work() -> Any:
        settings = state.settings or Settings()
        with state.open() as store:
            where = (str(settings.db) if store.backend == "sqlite"
                     else f"{settings.neo4j_uri}/{settings.neo4j_database}")
            net: Network = CACHE.get_or_compute(
                store.version(), "invite_network", {"as_of": day, "store": where},
                lambda: prepare(store.snapshot(), as_of=day))
            return worded(ask(net))

    return run(work)


def _no_csv(fmt: OutputFormat) -> None:
    if fmt is OutputFormat.csv:
        fail(cli("table_or_json"))


@commands.command()
def invite(
    topic: Annotated[list[str], typer.Option("--topic", help="Thema (Kennung oder Name), mehrfach möglich")],
    area: Annotated[list[str], typer.Option("--area", help="Gebiet (mit Teilgebieten), mehrfach möglich")],
    seats: Annotated[int, typer.Option("--seats", help="höchstens so viele Plätze")] = 8,
    require: Annotated[list[str] | None, typer.Option(
        "--require", help="Vorgabe: sector=Verwaltung:2, kind=Verein:1, unit=ID, area=ID:1")] = None,
    must: Annotated[list[str] | None, typer.Option("--must", help="immer einladen (Kennung)")] = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", help="nie einladen (Kennung)")] = None,
    reach_isolated: Annotated[int, typer.Option(
        "--reach-isolated", help="Plätze für Brücken zu isolierten Gruppen")] = 0,
    responsible: Annotated[bool, typer.Option(
        "--responsible/--no-responsible", help="die zuständige Dienstabteilung je Thema setzen")] = True,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Wer an den Tisch? Ein runder Tisch zu Themen in einem Gebiet, mit Rollen und Gründen."""
    _no_csv(fmt)
    day = parse_day(as_of)
    result = _with_network(day, lambda net: invite_table(
        net, topics=topic, areas=area, seats=seats, requirements=require or [], must=must or [],
        exclude=exclude or [], reach_isolated=reach_isolated, responsible=responsible).to_dict())
    if fmt is OutputFormat.json:
        print_json(result)
        return
    typer.echo(cli("at_table", seated=number(len(result["seats"])), seats=number(seats)))
    for i, s in enumerate(result["seats"]):
        typer.echo(f"{i + 1:>2}. {s['name']} ({kind_label(s['kind'])}): {s['role']}")
        for reason in s["reasons"]:
            typer.echo(f"      - {reason}")
        if s["alternates"]:
            typer.echo("      " + cli("alternates", names=", ".join(a["name"] for a in s["alternates"])))
    typer.echo("")
    typer.echo(cli("requirements"))
    print_table(columns("requirement", "met", "note"),
                [[r["text"], cli("yes") if r["met"] else cli("no"), r["why"] or ""]
                 for r in result["requirements"]])
    typer.echo("")
    relevant = len(result['reached']) + len(result["unreached"])
    typer.echo(plural("reached_of", relevant, context="cli", reached=number(len(result["reached"]))))
    if result["unreached"]:
        typer.echo(cli("not_reached", names="; ".join(f"{u['name']} ({', '.join(u['why'])})"
                                                      for u in result["unreached"])))
    typer.echo(cli("method_line", method=result["method"]))


@commands.command()
def need(
    topic: Annotated[str, typer.Option("--topic", help="Thema (Kennung oder Name)")],
    area: Annotated[str, typer.Option("--area", help="Gebiet (mit Teilgebieten)")],
    keyword: Annotated[list[str] | None, typer.Option(
        "--keyword", help="Stichwort, mehrfach möglich")] = None,
    top: Annotated[int, typer.Option("--top", help="nur die ersten N")] = 10,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Bedarf: welche Institutionen und Dienstabteilungen passen oder zuständig sind."""
    _no_csv(fmt)
    day = parse_day(as_of)
    rows = _with_network(day, lambda net: need_finder(net, topic=topic, area=area,
                                                      keywords=keyword or [], top=top))
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(columns("nr", "actor", "kind", "points", "reasons"),
                [[i + 1, r["name"], kind_label(r["kind"]), f"{r['score']:g}", "; ".join(r["reasons"])]
                 for i, r in enumerate(rows)])


@commands.command()
def path(
    source: Annotated[str, typer.Argument(help="Kennung des Akteurs, von dem aus")],
    target: Annotated[str, typer.Argument(help="Kennung des Akteurs, zu dem hin")],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Vorstellungsweg: die beste Kette von Bekanntschaften von A zu B, jeder Schritt erklärt."""
    _no_csv(fmt)
    day = parse_day(as_of)
    result = _with_network(day, lambda net: introduction_path(net, source, target))
    if fmt is OutputFormat.json:
        print_json(result)
        return
    typer.echo(result["summary"])
    for i, hop in enumerate(result["hops"]):
        typer.echo(f"  {i + 1}. {hop['text']}")
    for note in result.get("notes", []):
        typer.echo(f"  {note}")
    if result.get("nearest"):
        typer.echo(cli("nearest"))
        for near in result["nearest"]:
            typer.echo(f"  - {near['name']}: {near['text']}")
