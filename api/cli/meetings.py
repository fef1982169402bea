"""The network's memory on the command line: ``meeting add|list``, ``contact add|list``,
``ties suggested|confirm|dismiss``, ``kontaktpflege``, ``forum health``.

Writes say what was stored and exit 0; bad input names the field and exits 1 with nothing
stored. Lists take ``--format table|json|csv``; the JSON shapes are those of the API.
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import (
    AreaOpt,
    AsOfOpt,
    Commands,
    FormatOpt,
    OutputFormat,
    cli,
    columns,
    kind_label,
    print_csv,
    print_json,
    print_table,
    run,
    state,
)
from api.cli.common import day as parse_day
from api.memory import forum_meetings, kontaktpflege_of
from graph.analysis.evidence import CONTACT_MONTHS, evidence_text
from graph.analysis.forums import forum_health
from graph.i18n import join
from graph.model import Sector
from graph.store import Store
from graph.store.base import Audit
from graph.store.meetings import SUGGEST_AFTER

commands = Commands()
meeting = commands.group(typer.Typer(
    help="Sitzungen erfassen und auflisten (Belege, dass Akteure in Kontakt sind).",
    no_args_is_help=True), "meeting")
contact = commands.group(typer.Typer(
    help="Kontaktprotokoll: Telefon, Mail, Anlass, Begehung, Sitzung.", no_args_is_help=True),
    "contact")
ties = commands.group(typer.Typer(
    help="Vorgeschlagene Beziehungen aus gemeinsamen Sitzungen: anzeigen, bestätigen, verwerfen.",
    no_args_is_help=True), "ties")
forum = commands.group(typer.Typer(help="Gremien: Zustand, Teilnahme, fehlende Sektoren.",
                                   no_args_is_help=True), "forum")

DateOpt = Annotated[str, typer.Option("--date", help="Datum (JJJJ-MM-TT oder TT.MM.JJJJ)")]
TopicOpt = Annotated[list[str] | None, typer.Option("--topic", help="Thema (mehrmals möglich)")]
ByOpt = Annotated[str | None, typer.Option("--by", help="wer erfasst (Standard: Benutzername)")]
ThresholdOpt = Annotated[int, typer.Option(
    "--min-evidence", help="ab wie vielen gemeinsamen Sitzungen vorgeschlagen wird")]


def _who(by: str | None) -> str:
    try:
        return by or getpass.getuser()
    except (KeyError, OSError):  # no user name in a container
        return "cli"


def _with(fn: Any) -> Any:
    def work() -> Any:
        with state.open() as store:
            return fn(store)

    return run(work)


@meeting.command("add")
def meeting_add(
    date_: DateOpt,
    title: Annotated[str, typer.Option("--title", help="Titel der Sitzung")],
    participant: Annotated[list[str], typer.Option(
        "--participant", help="Kennung eines anwesenden Akteurs (mindestens zwei)")],
    forum_id: Annotated[str | None, typer.Option("--forum", help="Kennung des Gremiums")] = None,
    topic: TopicOpt = None,
    by: ByOpt = None,
) -> None:
    """Eine Sitzung mit den Anwesenden erfassen; die Kennung steht auf der letzten Zeile."""
    data: dict[str, Any] = {"date": date_, "title": title, "participants": participant,
                            "topics": topic or []}
    if forum_id:
        data["forum"] = forum_id
    who = _who(by)
    item = _with(lambda s: s.record_meeting(data, audit=Audit(who, "create")))
    typer.echo(cli("recorded_meeting", id=item.id, count=len(item.participants),
                   date=item.date.isoformat()))
    typer.echo(item.id)


@contact.command("add")
def contact_add(
    date_: DateOpt,
    kind: Annotated[str, typer.Option(
        "--kind", help="sitzung, telefon, anlass, mail oder begehung")],
    actor: Annotated[list[str], typer.Option("--actor", help="Kennung eines beteiligten Akteurs")],
    note: Annotated[str, typer.Option(
        "--note", help="kurze Notiz, keine Personendaten (höchstens 500 Zeichen)")] = "",
    topic: TopicOpt = None,
    by: ByOpt = None,
) -> None:
    """Einen Kontakt ins Protokoll schreiben; die Kennung steht auf der letzten Zeile.
    Notizen sind nicht für Personendaten."""
    data = {"date": date_, "kind": kind, "actors": actor, "note": note, "topics": topic or []}
    who = _who(by)
    if note:
        typer.echo(cli("note_warning"), err=True)
    item = _with(lambda s: s.record_contact(data, audit=Audit(who, "create")))
    typer.echo(cli("recorded_contact", id=item.id, date=item.date.isoformat()))
    typer.echo(item.id)


def _encounter_json(item: Any) -> dict[str, Any]:
    return item.model_dump(mode="json")


@meeting.command("list")
def meeting_list(
    actor: Annotated[str | None, typer.Option("--actor", help="nur Sitzungen dieses Akteurs")] = None,
    forum_id: Annotated[str | None, typer.Option("--forum", help="nur dieses Gremium")] = None,
    limit: Annotated[int, typer.Option("--limit", help="höchstens so viele")] = 50,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Sitzungen, die neuesten zuerst."""
    page = _with(lambda s: s.list_meetings(actor=actor, forum=forum_id, limit=limit))
    if fmt is OutputFormat.json:
        print_json([_encounter_json(m) for m in page.items])
        return
    rows = [[m.id, m.date.isoformat(), m.title, m.forum or "", ", ".join(m.participants)]
            for m in page.items]
    (print_csv if fmt is OutputFormat.csv else print_table)(
        columns("id", "date", "title", "forum", "participants"), rows)


@contact.command("list")
def contact_list(
    actor: Annotated[str | None, typer.Option("--actor", help="nur Kontakte dieses Akteurs")] = None,
    limit: Annotated[int, typer.Option("--limit", help="höchstens so viele")] = 50,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Das Kontaktprotokoll, die neuesten zuerst."""
    page = _with(lambda s: s.list_contacts(actor=actor, limit=limit))
    if fmt is OutputFormat.json:
        print_json([_encounter_json(c) for c in page.items])
        return
    rows = [[c.id, c.date.isoformat(), c.kind.label(), ", ".join(c.actors), c.note]
            for c in page.items]
    (print_csv if fmt is OutputFormat.csv else print_table)(
        columns("id", "date", "kind", "actors", "note"), rows)


def suggestion_json(s: Any, names: dict[str, str]) -> dict[str, Any]:
    return {**s.to_dict(), "source_name": names.get(s.source, s.source),
            "target_name": names.get(s.target, s.target),
            "text": evidence_text(s.evidence, s.since)}


def _names(store: Store, ids: set[str]) -> dict[str, str]:
    return {i: r["name"] for i, r in store._get("actor", sorted(ids)).items()}


@ties.command("suggested")
def ties_suggested(min_evidence: ThresholdOpt = SUGGEST_AFTER,
                   top: Annotated[int | None, typer.Option("--top", help="nur die ersten N")] = None,
                   fmt: FormatOpt = OutputFormat.table) -> None:
    """Paare ohne Beziehung, die sich oft getroffen haben: zum Bestätigen oder Verwerfen."""
    def work(store: Store) -> list[dict[str, Any]]:
        found = store.suggested_ties(min_evidence=min_evidence,
                                     limit=None if top is None else max(0, top))
        names = _names(store, {a for s in found for a in (s.source, s.target)})
        return [suggestion_json(s, names) for s in found]

    rows = _with(work)
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    if not rows and fmt is OutputFormat.table:
        typer.echo(cli("no_suggestions", count=min_evidence))
        return
    (print_csv if fmt is OutputFormat.csv else print_table)(
        columns("suggestion", "actor_a", "actor_b", "evidence", "note"),
        [[r["id"], r["source_name"], r["target_name"], r["evidence"], r["text"]] for r in rows])


@ties.command("confirm")
def ties_confirm(
    suggestion: Annotated[str, typer.Argument(help="Kennung des Vorschlags (a+b)")],
    min_evidence: ThresholdOpt = SUGGEST_AFTER, by: ByOpt = None,
) -> None:
    """Einen Vorschlag bestätigen: legt die Beziehung (Zusammenarbeit) an, Methode «Belege»."""
    who = _who(by)

    def work(store: Store) -> None:
        found = next((s for s in store.suggested_ties(min_evidence=min_evidence)
                      if s.id == suggestion), None)
        note = evidence_text(found.evidence, found.since) if found else ""
        store.confirm_suggestion(suggestion, account=who, min_evidence=min_evidence, note=note,
                                 audit=Audit(who, "create"))

    _with(work)
    a, b = suggestion.split("+", 1)
    typer.echo(cli("confirmed_tie", id=f"cooperates_with:{a}:{b}", by=who))


@ties.command("dismiss")
def ties_dismiss(
    suggestion: Annotated[str, typer.Argument(help="Kennung des Vorschlags (a+b)")],
    min_evidence: ThresholdOpt = SUGGEST_AFTER, by: ByOpt = None,
) -> None:
    """Einen Vorschlag verwerfen: er kommt erst mit neuen gemeinsamen Sitzungen wieder."""
    who = _who(by)
    _with(lambda s: s.dismiss_suggestion(suggestion, min_evidence=min_evidence,
                                         audit=Audit(who, "dismiss")))
    typer.echo(cli("dismissed", id=suggestion))


def kontaktpflege_rows(store: Store, *, area: str | None, months: int,
                       as_of: date) -> list[dict[str, Any]]:
    """Kontaktpflege over a store: the API's (:func:`api.memory.kontaktpflege_of`) on the
    whole snapshot of ``as_of``."""
    return kontaktpflege_of(store, store.snapshot(as_of), area=area, months=months, as_of=as_of)


@commands.command("kontaktpflege")
def kontaktpflege_cmd(
    area: AreaOpt = None,
    months: Annotated[int, typer.Option(
        "--months", min=0, help="ohne Kontakt seit mehr als so vielen Monaten")] = CONTACT_MONTHS,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Dienstabteilungen und Departemente ohne Kontakt seit mehr als N Monaten, die
    wichtigsten (Broker-Score) zuerst."""
    day = parse_day(as_of) or date.today()
    rows = _with(lambda s: kontaktpflege_rows(s, area=area, months=months, as_of=day))
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    if not rows and fmt is OutputFormat.table:
        typer.echo(cli("nothing_lapsed", months=months))
        return
    never = cli("never")
    (print_csv if fmt is OutputFormat.csv else print_table)(
        columns("nr", "actor", "kind", "last_contact", "days", "score"),
        [[i + 1, r["name"], kind_label(r["kind"]), r["last_contact"] or never,
          "" if r["days_since"] is None else r["days_since"], f"{r['broker_score']:.3f}"]
         for i, r in enumerate(rows)])


def forum_health_of(store: Store, forum_id: str, as_of: date) -> dict[str, Any]:
    """Forum health over a store: the snapshot and the forum's meetings."""
    return forum_health(store.snapshot(as_of), forum_id, forum_meetings(store, forum_id, as_of),
                        as_of=as_of)


@forum.command("health")
def forum_health_cmd(
    forum_id: Annotated[str, typer.Argument(help="Kennung des Gremiums")],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Zustand eines Gremiums: Mitglieder und Teilnahme, fehlende Sektoren, Verlauf, wer
    dazukommen sollte."""
    day = parse_day(as_of) or date.today()
    h = _with(lambda s: forum_health_of(s, forum_id, day))
    if fmt is OutputFormat.json:
        print_json(h)
        return
    rows = [[m["name"], kind_label(m["kind"]), m["role"] or "", m["attended"],
             "" if m["rate"] is None else f"{m['rate']:.0%}", m["last_attended"] or cli("never"),
             cli("yes") if m["missed_last"] else ""] for m in h["members"]]
    headers = columns("actor", "kind", "role", "attended", "rate", "last_attended", "missed")
    if fmt is OutputFormat.csv:
        print_csv(headers, rows)
        return
    typer.echo(cli("forum_head", name=h["name"], meetings=len(h["meetings"]),
                   members=len(h["members"])))
    print_table(headers, rows)
    typer.echo("")
    typer.echo(cli("forum_sectors", present=join(Sector(s).label() for s in h["sectors_present"]) or "-",
                   missing=join(Sector(s).label() for s in h["sectors_missing"]) or "-"))
    trend = cli(f"trend_{h['trend'] or 'none'}")
    if h["trend_change"] is not None:
        trend = f"{trend} ({h['trend_change']:+.0%})"
    typer.echo(cli("forum_trend", trend=trend))
    if h["should_join"]:
        typer.echo(cli("forum_should_join", names=join(r["name"] for r in h["should_join"])))


@meeting.command("import")
def meeting_import(
    path: Annotated[Path, typer.Argument(help="Kalenderdatei (.ics)")],
    mapping: Annotated[list[str] | None, typer.Option(
        "--map", help="NAME=AKTEUR (von Hand zuordnen); NAME= lässt die Person weg")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="nur die Zuordnung zeigen")] = False,
    by: ByOpt = None,
) -> None:
    """Sitzungen aus einem Kalender (.ics): Teilnehmende werden Akteuren zugeordnet; gespeichert
    wird erst, wenn jeder Name zugeordnet (oder mit --map NAME= weggelassen) ist."""
    from loaders.ics import match_calendar, read_calendar

    mapped = dict(m.split("=", 1) for m in mapping or [] if "=" in m)
    who = _who(by)

    def work(store: Store) -> tuple[list[Any], int]:
        matched = match_calendar(read_calendar(path), store._all("actor"), mapped=mapped)
        if dry_run or any(m.unknown for m in matched):
            return matched, -1
        done = {t for m in store.list_meetings(limit=1000).items for t in m.tags}
        count = 0
        for m in matched:
            tag = f"ics:{m.uid}"
            if m.problem or tag in done:
                continue
            store.record_meeting({"date": m.day.isoformat(), "title": m.title,
                                  "participants": m.participants, "tags": [tag]},
                                 audit=Audit(who, "import"))
            count += 1
        return matched, count

    matched, count = _with(work)
    print_table(columns("date", "title", "participants", "note"),
                [[m.day.isoformat(), m.title, ", ".join(m.participants),
                  "; ".join([*(f"? {u}" for u in m.unknown), *([m.problem] if m.problem else [])])]
                 for m in matched])
    unknown = sorted({u for m in matched for u in m.unknown})
    if dry_run:
        return
    if unknown:
        typer.echo(cli("ics_unknown", names=", ".join(unknown)), err=True)
        raise typer.Exit(1)
    typer.echo(cli("ics_recorded", count=count))
