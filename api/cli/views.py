"""``quartiernetz view``: the network, an area, an actor's surroundings or a round table as one
offline HTML file (see :mod:`api.views`).

    quartiernetz --db zh.db view -o netz.html
    quartiernetz --db zh.db view --area wipkingen -o wipkingen.html
    quartiernetz --db zh.db view --ego gz-wipkingen --hops 2 -o gz.html
    quartiernetz --db zh.db view --invite --topic Jugend --area "Kreis 10" --seats 8 -o tisch.html
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import AsOfOpt, Commands, is_german, run, state
from api.cli.common import day as parse_day
from api.views import snapshot_view
from graph.i18n import current_language

commands = Commands()


def _fail(de: str, en: str) -> None:
    typer.echo(("Fehler: " + de) if is_german() else ("Error: " + en), err=True)
    raise typer.Exit(2)


@commands.command()
def view(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML-Datei, die geschrieben wird")],
    area: Annotated[list[str] | None, typer.Option(
        "--area", help="Gebiet (mit Teilgebieten); mit --invite mehrfach möglich")] = None,
    ego: Annotated[str | None, typer.Option("--ego", help="Umfeld dieses Akteurs (Kennung)")] = None,
    hops: Annotated[int, typer.Option("--hops", help="Schritte um --ego (1 bis 3)")] = 2,
    invite: Annotated[bool, typer.Option("--invite", help="runder Tisch (mit --topic und --area)")] = False,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Thema für --invite")] = None,
    seats: Annotated[int, typer.Option("--seats", help="Plätze für --invite")] = 8,
    require: Annotated[list[str] | None, typer.Option(
        "--require", help="Vorgabe für --invite: sector=Verwaltung:2, kind=Verein:1, ...")] = None,
    reach_isolated: Annotated[int, typer.Option(
        "--reach-isolated", help="Plätze für Brücken zu isolierten Gruppen (--invite)")] = 0,
    mark: Annotated[int, typer.Option("--brokers", help="so viele Broker markieren")] = 10,
    as_of: AsOfOpt = None,
) -> None:
    """Netzwerkansicht als HTML-Datei (offline): ganzes Netz, Gebiet, Umfeld oder runder Tisch."""
    areas = area or []
    if ego and (areas or invite):
        _fail("--ego passt nicht zu --area oder --invite", "--ego does not go with --area or --invite")
    if invite and (not topic or not areas):
        _fail("--invite braucht --topic und --area", "--invite needs --topic and --area")
    if not invite and topic:
        _fail("--topic gilt nur mit --invite", "--topic only goes with --invite")
    if not invite and len(areas) > 1:
        _fail("ohne --invite nur ein --area", "only one --area without --invite")
    day = parse_day(as_of) or date.today()
    lang = current_language()

    def work() -> str:
        with state.open() as store:
            S = store.snapshot()
        table = None
        if invite:
            table = {"topics": topic or [], "areas": areas, "seats": seats,
                     "requirements": require or [], "reach_isolated": reach_isolated}
        return snapshot_view(S, area=areas[0] if areas and not invite else None, ego=ego, hops=hops,
                             invite=table, as_of=day, mark_brokers=mark, lang=lang)

    page = run(work)
    output.write_text(page, encoding="utf-8")
    size = f"{len(page.encode('utf-8')) / 1024:,.0f} KB".replace(",", "'")
    typer.echo(f"Ansicht geschrieben: {output} ({size})" if is_german()
               else f"View written: {output} ({size})")
