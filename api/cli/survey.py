"""``quartiernetz survey create|list|links|letters|status|close|revoke|erase`` (and, in
:mod:`api.cli.survey_review`, ``reconcile|proposals|decide``):
network surveys (Umfragen) that the actors answer themselves, from the start of a campaign to
the reconciliation of each tie.

``survey create`` prints the new survey's id alone on its last line; ``survey links ID --format
json`` is a list of ``{actor, url}``. The links are made from the survey key
(:func:`api.survey_key.survey_key`: ``QUARTIERNETZ_SURVEY_KEY`` or the file ``survey.key`` next
to the database) and the public address (``--base-url``, else ``QUARTIERNETZ_PUBLIC_URL``).
Contact persons are personal data: as ``export --include-personal`` does, the CSV of links has
them only when asked for with ``--with-contacts`` (whoever runs the command line holds the
database itself). Writes are recorded under ``$QUARTIERNETZ_USER`` (else ``cli:`` and the
login name); bad input names the field, exits 1 and stores nothing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import (
    Commands,
    FormatOpt,
    OutputFormat,
    cli,
    columns,
    day,
    fail,
    print_csv,
    print_json,
    print_table,
    run,
    state,
    who,
)
from api.survey.campaigns import actor_names
from graph.analysis.survey import dashboard
from graph.config import Settings
from graph.i18n import current_language, number, say
from graph.model import Sector, TieKind
from graph.store import Store
from graph.store.base import Audit

commands = Commands()
survey = commands.group(typer.Typer(
    help="Umfragen: Akteure nennen ihre Partner selbst; die Koordination gleicht ab.",
    no_args_is_help=True), "survey")

SurveyArg = Annotated[str, typer.Argument(help="Kennung der Umfrage (umfrage-…)")]
BaseUrlOpt = Annotated[str | None, typer.Option(
    "--base-url", help="Adresse, unter der die Befragten den Server erreichen "
                       "(Standard: $QUARTIERNETZ_PUBLIC_URL)")]
#: Where the links point when neither ``--base-url`` nor ``QUARTIERNETZ_PUBLIC_URL`` says
#: (``quartiernetz serve``'s default address; a warning says so).
LOCAL_URL = "http://127.0.0.1:8000"


def cli_audit(action: str, **detail: Any) -> Audit:
    return Audit(who(), action, detail=detail)


def with_store(fn: Any) -> Any:
    def work() -> Any:
        with state.open() as store:
            return fn(store)

    return run(work)


def _day(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if isinstance(value, date) else str(value or "")


def _status_word(value: str) -> str:
    return say(f"survey_status_{value}", context="cli")


def _base_url(given: str | None) -> str:
    settings = state.settings or Settings()
    base = given or getattr(settings, "public_url", None) or os.environ.get("QUARTIERNETZ_PUBLIC_URL")
    if not base:
        typer.echo(cli("survey_local_url", url=LOCAL_URL), err=True)
        base = LOCAL_URL
    if not base.startswith(("http://", "https://")):
        fail(cli("survey_bad_url", url=base))
    return base.rstrip("/")


def _key() -> bytes:
    from api.survey_key import survey_key

    return survey_key(state.settings or Settings())


def names_of(store: Store, ids: list[str]) -> dict[str, str]:
    """The names of these actors (the id where none is stored): one batch read, no snapshot."""
    found = actor_names(store, ids)
    return {i: found.get(i) or i for i in ids}


# -- campaigns ---------------------------------------------------------------------------------

@survey.command("create")
def survey_create(
    title: Annotated[str, typer.Option("--title", help="Titel der Umfrage")],
    until: Annotated[str, typer.Option("--until", help="letzter Tag für Antworten (JJJJ-MM-TT "
                                                       "oder TT.MM.JJJJ)")],
    area: Annotated[list[str] | None, typer.Option("--area", help="Gebiet (mehrfach möglich)")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Thema (mehrfach möglich)")] = None,
    actor: Annotated[list[str] | None, typer.Option(
        "--actor", help="eingeladener Akteur (mehrfach möglich; ohne: die Akteure der Gebiete "
                        "und Themen, ohne Gremien)")] = None,
    message: Annotated[str | None, typer.Option("--message", help="Nachricht an die Befragten")] = None,
) -> None:
    """Eine Umfrage starten; die neue Kennung steht auf der letzten Zeile."""
    last = day(until)
    made = with_store(lambda s: s.create_survey(title, last, areas=area or (), topics=topic or (),
                                           actors=actor or None, message=message,
                                           audit=cli_audit("create")))
    typer.echo(cli("survey_created", title=made.title, count=len(made.actors),
                   until=_day(made.until)))
    typer.echo(made.id)


@survey.command("list")
def survey_list(fmt: FormatOpt = OutputFormat.table) -> None:
    """Alle Umfragen mit Status, letztem Tag und Rücklauf."""

    def work(store: Store) -> list[dict[str, Any]]:
        rows = []
        for s in store.list_surveys():
            answered = sum(1 for a in store.answers(s.id) if a.state == "submitted")
            rows.append({**s.model_dump(mode="json"), "invited": len(s.actors),
                         "answered": answered})
        return rows

    rows = with_store(work)
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    table = [[r["id"], r["title"], _status_word(r["status"]), r["until"], r["invited"],
              r["answered"]] for r in rows]
    headers = columns("id", "title", "status", "until", "invited", "answered")
    if fmt is OutputFormat.csv:
        print_csv(headers, table)
    elif not table:
        typer.echo(cli("survey_none"))
    else:
        print_table(headers, table)


@survey.command("close")
def survey_close(survey_id: SurveyArg) -> None:
    """Eine Umfrage schliessen: ihre Links nehmen keine Antworten mehr an."""
    closed = with_store(lambda s: s.close_survey(survey_id, audit=cli_audit("close")))
    typer.echo(cli("survey_closed", id=closed.id, title=closed.title))


# -- links and letters -------------------------------------------------------------------------

def _links(store: Store, survey_id: str, base: str) -> list[dict[str, str]]:
    tokens = store.survey_links(survey_id, _key(), audit=cli_audit("links"))
    return [{"actor": t["actor"], "url": f"{base}/s/{t['token']}"} for t in tokens]


@survey.command("links")
def survey_links(
    survey_id: SurveyArg,
    base_url: BaseUrlOpt = None,
    with_contacts: Annotated[bool, typer.Option(
        "--with-contacts", help="CSV: Kontaktpersonen (Personendaten) mit ausgeben")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Die persönlichen Links der Eingeladenen (CSV für einen Serienbrief)."""
    base = _base_url(base_url)

    def work(store: Store) -> tuple[list[dict[str, str]], dict[str, Any], dict[str, Any]]:
        links = _links(store, survey_id, base)
        ids = [r["actor"] for r in links]
        contacts = {}
        if with_contacts and fmt is OutputFormat.csv:
            for actor_id in ids:
                contacts[actor_id] = store.get_actor(actor_id).contact
        return links, names_of(store, ids), contacts

    links, names, contacts = with_store(work)
    if fmt is OutputFormat.json:
        print_json(links)
        return
    if fmt is OutputFormat.csv:
        from loaders.columns import neutralise

        headers = columns("id", "actor", "link")
        if with_contacts:
            headers += columns("contact", "email", "phone")
        rows = []
        for r in links:
            row = [r["actor"], names[r["actor"]], r["url"]]
            if with_contacts:
                c = contacts.get(r["actor"])
                row += [c.name or "", c.email or "", c.phone or ""] if c else ["", "", ""]
            rows.append([neutralise(str(v)) for v in row])
        print_csv(headers, rows)
        return
    print_table(columns("actor", "link"), [[names[r["actor"]], r["url"]] for r in links])


@survey.command("letters")
def survey_letters(
    survey_id: SurveyArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="PDF-Datei (eine A4-Seite je Akteur)")],
    base_url: BaseUrlOpt = None,
) -> None:
    """Briefe als PDF: je Akteur eine Seite mit Titel, Nachricht, Frist, Link und QR-Code."""
    from api.report.letters import letters_pdf

    base = _base_url(base_url)

    def work(store: Store) -> tuple[Any, list[tuple[str, str]]]:
        s = store.get_survey(survey_id)
        links = _links(store, survey_id, base)
        names = names_of(store, [r["actor"] for r in links])
        return s, sorted(((names[r["actor"]], r["url"]) for r in links),
                         key=lambda p: p[0].casefold())

    found, letters = with_store(work)
    pdf = run(lambda: letters_pdf(found.title, found.until, found.message, letters,
                                  lang=current_language()))
    out.write_bytes(pdf)
    typer.echo(cli("survey_letters_written", count=len(letters), path=str(out)))


@survey.command("revoke")
def survey_revoke(survey_id: SurveyArg,
                  actor: Annotated[str, typer.Argument(help="Kennung des Akteurs")],
                  base_url: BaseUrlOpt = None) -> None:
    """Den Link eines Akteurs sperren und einen neuen ausgeben (der alte geht nicht mehr)."""
    base = _base_url(base_url)

    def work(store: Store) -> str:
        store.revoke_link(survey_id, actor, audit=cli_audit("revoke_link", actor=actor))
        return next(r["url"] for r in _links(store, survey_id, base) if r["actor"] == actor)

    url = with_store(work)
    typer.echo(cli("survey_revoked", actor=actor))
    typer.echo(url)


@survey.command("erase")
def survey_erase(survey_id: SurveyArg,
                 actor: Annotated[str, typer.Argument(help="Kennung des Akteurs")]) -> None:
    """Die Antworten eines Akteurs auf dessen Wunsch löschen (auch im Protokoll)."""
    with_store(lambda s: s.erase_answers(survey_id, actor, audit=cli_audit("erase_answers", actor=actor)))
    typer.echo(cli("survey_erased", actor=actor, id=survey_id))


# -- the dashboard -----------------------------------------------------------------------------

def _sector_word(value: str) -> str:
    try:
        return Sector(value).label()
    except ValueError:
        return say("survey_no_sector", context="cli")


def _rate(r: dict[str, Any]) -> str:
    return f"{number(r['percent'], digits=1)} %"


@survey.command("status")
def survey_status(survey_id: SurveyArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """Rücklauf nach Sektor und Gebiet, wer fehlt, einseitige Nennungen, grösste Unterschiede."""

    def work(store: Store) -> tuple[Any, dict[str, Any], dict[str, str], dict[str, str]]:
        s = store.get_survey(survey_id)
        S = store.snapshot()
        board = dashboard(s, store.answers(survey_id), dict(S.nodes(data=True)),
                          store.perspectives(survey_id))
        names = {v: d.get("name") or v for v, d in S.nodes(data=True)}
        areas = {a: f.get("name") or a for a, f in S.graph["areas"].items()}
        return s, board, names, areas

    found, board, names, areas = with_store(work)
    if fmt is OutputFormat.json:
        print_json({**found.model_dump(mode="json"), "dashboard": board})
        return
    waiting = [[r["id"], r["name"], _sector_word(r["sector"]),
                ", ".join(areas.get(a, a) for a in r["areas"]),
                say("survey_draft" if r["draft"] else "survey_no_answer", context="cli")]
               for r in board["not_answered"]]
    if fmt is OutputFormat.csv:  # the list for a reminder
        print_csv(columns("id", "actor", "sector", "areas", "status"), waiting)
        return
    total = board["total"]
    typer.echo(cli("survey_head", title=found.title, status=_status_word(found.status),
                   until=_day(found.until), answered=total["answered"], invited=total["invited"],
                   rate=_rate(total), drafts=total["drafts"]))
    typer.echo("")
    print_table(columns("sector", "invited", "answered", "rate"),
                [[_sector_word(r["sector"]), r["invited"], r["answered"], _rate(r)]
                 for r in board["by_sector"]])
    typer.echo("")
    print_table(columns("area", "invited", "answered", "rate"),
                [[areas.get(r["area"], r["area"]), r["invited"], r["answered"], _rate(r)]
                 for r in board["by_area"]])
    typer.echo("")
    typer.echo(cli("survey_waiting", count=len(waiting)))
    if waiting:
        print_table(columns("actor", "sector", "areas", "status"), [w[1:] for w in waiting])
    typer.echo("")
    typer.echo(cli("survey_one_sided", count=len(board["one_sided"])))
    if board["one_sided"]:
        print_table(columns("subject", "detail"), [[
            say("survey_only", context="cli", a=names.get(r["named_by"], r["named_by"]),
                b=names.get(r["other"], r["other"])),
            _kinds(r["kinds"]) + ("" if r["other_answered"] else
                                  "; " + say("survey_other_silent", context="cli")) + _decided(r)]
            for r in board["one_sided"]])
    typer.echo("")
    typer.echo(cli("survey_disagreements", count=len(board["disagreements"])))
    if board["disagreements"]:
        print_table(columns("subject", "detail"), [[
            f"{names.get(r['source'], r['source'])} – {names.get(r['target'], r['target'])}",
            "; ".join(say("survey_says", context="cli", name=names.get(x, x), weight=w,
                          kinds=_kinds(r["kinds"][x])) for x, w in r["weights"].items()) + _decided(r)]
            for r in board["disagreements"]])


def _decided(row: dict[str, Any]) -> str:
    return "; " + say("survey_decided_mark", context="cli") if row.get("decided") else ""


def _kinds(kinds: list[dict[str, str]]) -> str:
    return ", ".join(TieKind(k["kind"]).label() for k in kinds)
