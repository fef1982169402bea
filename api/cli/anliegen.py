"""``quartiernetz anliegen add|list|show|assign|status|response-times|gaps|export|import``:
needs (Anliegen) from intake to answer.

``anliegen add`` prints the new id alone on the last line. ``anliegen status ID abgeklaert``
keeps the actors the need finder proposes (and those confirmed with ``--confirm``). A step the
need's life does not allow, a missing topic or area, an unknown actor: a message naming the
field, exit status 1, nothing stored. Steps are recorded under ``$QUARTIERNETZ_USER`` (else
``cli:`` and the login name).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import (
    AreaOpt,
    Commands,
    FormatOpt,
    OutputFormat,
    cli,
    columns,
    day,
    print_csv,
    print_json,
    print_table,
    run,
    state,
    who,
)
from graph.analysis.needs import need_gaps, proposed_actors, response_times
from graph.model.needs import Need, NeedStatus
from graph.store import Store

commands = Commands()
anliegen = commands.group(
    typer.Typer(help="Anliegen aus dem Quartier: erfassen, abklären, vermitteln, beantworten.",
                no_args_is_help=True), "anliegen")

TopicsOpt = Annotated[list[str] | None, typer.Option("--topic", help="Thema (mehrfach möglich)")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Notiz zum Schritt (keine "
                                                             "Personendaten)")]
DateOpt = Annotated[str | None, typer.Option("--date", help="Tag (JJJJ-MM-TT oder TT.MM.JJJJ; "
                                                             "Standard: heute)")]
#: Pages read at a time when a command lists every need.
PAGE = 1000


def _status_label(value: NeedStatus | str) -> str:
    return NeedStatus(value).label()


@anliegen.command("add")
def anliegen_add(
    title: Annotated[str, typer.Option("--title", help="Titel des Anliegens")],
    topic: TopicsOpt = None,
    area: Annotated[list[str] | None, typer.Option("--area", help="Gebiet (mehrfach möglich)")] = None,
    raised_by: Annotated[str | None, typer.Option(
        "--raised-by", help="Akteur, der es einbringt (ohne: die Bevölkerung)")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="eingebracht am (Standard: heute)")] = None,
    description: Annotated[str, typer.Option("--description", help="Beschreibung")] = "",
    follow_up: Annotated[str | None, typer.Option("--follow-up", help="Wiedervorlage am")] = None,
) -> None:
    """Ein Anliegen erfassen; die neue Kennung steht auf der letzten Zeile."""
    raised_on = day(date_) or date.today()
    data: dict[str, Any] = {"title": title, "topics": topic or [], "areas": area or [],
                            "raised_by": raised_by, "raised_on": raised_on.isoformat(),
                            "description": description}
    if follow_up:
        data["follow_up"] = follow_up
    with state.open() as store:
        need = run(lambda: store.add_need(data, user=who()))
    typer.echo(cli("need_added", title=need.title, status=_status_label(need.status)))
    typer.echo(need.id)


@anliegen.command("list")
def anliegen_list(
    status: Annotated[list[str] | None, typer.Option("--status", help="Status (mehrfach möglich)")] = None,
    area: AreaOpt = None,
    topic: TopicsOpt = None,
    open_: Annotated[bool, typer.Option("--open", help="nur offene Anliegen")] = False,
    older_than: Annotated[int | None, typer.Option("--older-than", help="mindestens so viele "
                                                                         "Tage alt")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Anliegen auflisten (älteste zuerst), gefiltert nach Status, Gebiet, Thema und Alter."""
    today = date.today()
    with state.open() as store:
        needs = run(lambda: _every(store, status=status, area=area, topic=topic,
                                   open_only=open_, older_than=older_than, today=today))
    if fmt is OutputFormat.json:
        print_json([n.public_dict(today) for n in needs])
        return
    headers = columns("id", "title", "status", "age", "areas", "topics", "assigned")
    rows = [[n.id, n.title, _status_label(n.status), n.age_days(today), ", ".join(n.areas),
             ", ".join(n.topics), ", ".join(n.assigned_to)] for n in needs]
    if fmt is OutputFormat.csv:
        print_csv(headers, rows)
    elif not rows:
        typer.echo(cli("need_none"))
    else:
        print_table(headers, rows)


def _every(store: Store, **filters: Any) -> list[Need]:
    found: list[Need] = []
    while True:
        page = store.list_needs(**filters, offset=len(found), limit=PAGE)
        found += page.items
        if not page.items or len(found) >= page.total:
            return found


@anliegen.command("show")
def anliegen_show(
    need_id: Annotated[str, typer.Argument(help="Kennung des Anliegens")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Ein Anliegen mit seinem Verlauf zeigen."""
    today = date.today()
    with state.open() as store:
        need = run(lambda: store.get_need(need_id))
    data = need.public_dict(today)
    if fmt is OutputFormat.json:
        print_json(data)
        return
    head = columns("id", "title", "status", "raised_on", "raised_by", "age", "areas", "topics",
                   "assigned")
    values = [need.id, need.title, _status_label(need.status), need.raised_on.isoformat(),
              need.raised_by or cli_population(), need.age_days(today), ", ".join(need.areas),
              ", ".join(need.topics), ", ".join(need.assigned_to)]
    steps = [[s.on.isoformat(), _status_label(s.status), s.by, s.note or ""] for s in need.history]
    if fmt is OutputFormat.csv:
        print_csv(columns("when", "status", "by", "note"), steps)
        return
    width = max(len(h) for h in head)
    for h, v in zip(head, values, strict=True):
        typer.echo(f"{h.ljust(width)}  {v}")
    typer.echo("")
    print_table(columns("when", "status", "by", "note"), steps)


def cli_population() -> str:
    from graph.i18n import say

    return say("need_population", context="term")


@anliegen.command("assign")
def anliegen_assign(
    need_id: Annotated[str, typer.Argument(help="Kennung des Anliegens")],
    to: Annotated[list[str] | None, typer.Option("--to", help="Akteur, dem es übergeben wird "
                                                               "(mehrfach möglich)")] = None,
    note: NoteOpt = None,
    date_: DateOpt = None,
) -> None:
    """Ein abgeklärtes Anliegen Akteuren übergeben (vermittelt), oder weitere dazunehmen."""
    with state.open() as store:
        need = run(lambda: store.assign_need(need_id, to or [], user=who(), note=note,
                                             on=day(date_)))
    typer.echo(cli("need_stepped", id=need.id, status=_status_label(need.status)))


@anliegen.command("status")
def anliegen_status(
    need_id: Annotated[str, typer.Argument(help="Kennung des Anliegens")],
    status: Annotated[str, typer.Argument(help="neu, abgeklaert, vermittelt, in_bearbeitung, "
                                               "erledigt, nicht_umsetzbar")],
    note: NoteOpt = None,
    date_: DateOpt = None,
    actor: Annotated[str | None, typer.Option("--actor", help="der übergebene Akteur, von dem "
                                                               "oder für den der Schritt ist")] = None,
    confirm: Annotated[list[str] | None, typer.Option(
        "--confirm", help="bei abgeklaert: bestätigter zuständiger Akteur (mehrfach möglich)")] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="bei vermittelt: Akteur")] = None,
    follow_up: Annotated[str | None, typer.Option("--follow-up", help="Wiedervorlage am")] = None,
) -> None:
    """Den nächsten Schritt eines Anliegens festhalten (nur erlaubte Schritte)."""
    with state.open() as store:
        def step() -> Need:
            proposed = None
            if _is(status, NeedStatus.abgeklaert):
                current = store.get_need(need_id)
                proposed = proposed_actors(store.snapshot(), current)
                if proposed:
                    typer.echo(cli("need_proposed", names=", ".join(proposed)))
            return store.step_need(need_id, status, user=who(), note=note, on=day(date_),
                                   actor=actor, actors=to or [], proposed=proposed,
                                   confirmed=confirm, follow_up=day(follow_up))

        need = run(step)
    typer.echo(cli("need_stepped", id=need.id, status=_status_label(need.status)))


def _is(text: str, status: NeedStatus) -> bool:
    try:
        return NeedStatus(NeedStatus.parse(text)) is status
    except Exception:  # an unknown status: the store says so, naming the field
        return False


@anliegen.command("response-times")
def anliegen_response_times(fmt: FormatOpt = OutputFormat.table) -> None:
    """Anliegen, die Dienstabteilungen übergeben wurden: Median der Tage bis zur ersten Antwort."""
    with state.open() as store:
        nodes = dict(store.snapshot().nodes(data=True))
        rows = response_times(store.all_needs(), {v: d.get("kind") for v, d in nodes.items()})
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    headers = columns("actor", "handed", "answered", "waiting", "median_days")
    table = [[nodes.get(r["actor"], {}).get("name", r["actor"]), r["handed"], r["answered"], r["waiting"],
              "" if r["median_days"] is None else r["median_days"]] for r in rows]
    (print_csv if fmt is OutputFormat.csv else print_table)(headers, table)


@anliegen.command("gaps")
def anliegen_gaps(fmt: FormatOpt = OutputFormat.table) -> None:
    """Offene Anliegen, für die der Bedarfsfinder keine zuständige Stelle findet (Lücken)."""
    with state.open() as store:
        gaps = need_gaps(store.snapshot(), store.all_needs())
    if fmt is OutputFormat.json:
        print_json(gaps)
        return
    headers = columns("id", "title", "topics", "areas", "raised_on", "suited")
    rows = [[g["id"], g["title"], ", ".join(g["topics"]), ", ".join(g["areas"]), g["raised_on"],
             ", ".join(g["suited"])] for g in gaps]
    if fmt is OutputFormat.csv:
        print_csv(headers, rows)
    elif not rows:
        typer.echo(cli("need_no_gaps"))
    else:
        print_table(headers, rows)


@anliegen.command("export")
def anliegen_export(path: Annotated[Path, typer.Argument(
        help="JSON-Datei (zum Wiedereinlesen) oder .xlsx (zum Lesen, mit Verlauf)")]) -> None:
    """Alle Anliegen mit Verlauf als JSON (oder Excel: Endung .xlsx) schreiben."""
    with state.open() as store:
        needs = store.all_needs()
    from loaders.needs import write_needs_json, write_needs_xlsx

    (write_needs_xlsx if path.suffix.lower() == ".xlsx" else write_needs_json)(needs, path)
    typer.echo(cli("need_exported", count=len(needs), path=str(path)))


@anliegen.command("import")
def anliegen_import(path: Annotated[Path, typer.Argument(help="JSON-Datei (aus anliegen export)")]) -> None:
    """Anliegen aus einer JSON-Datei einlesen (neu oder ersetzt; alles oder nichts)."""
    from loaders.needs import read_needs_json

    rows = run(lambda: read_needs_json(path))
    with state.open() as store:
        counts = run(lambda: store.import_needs(rows, user=who()))
    typer.echo(cli("need_imported", **counts))
