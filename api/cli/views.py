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

from api.cli.common import AsOfOpt, Commands, cli, fail, run, state
from api.cli.common import day as parse_day
from api.views import snapshot_view
from graph.i18n import current_language, number

commands = Commands()


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
        fail(cli("view_ego_alone"))
    if invite and (not topic or not areas):
        fail(cli("view_invite_needs"))
    if not invite and topic:
        fail(cli("view_topic_alone"))
    if not invite and len(areas) > 1:
        fail(cli("view_one_area"))
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
    typer.echo(cli("view_written", output=output, size=number(round(len(page.encode("utf-8")) / 1024))))
