"""``quartiernetz survey reconcile|proposals|decide``: the coordinator's side of a survey
(:mod:`api.cli.survey`): every pair with all its perspectives, one decision at a time, and the
proposed new actors and record corrections. Registered on the ``survey`` group of
:mod:`api.cli.survey` when imported (:mod:`api.cli.main` does)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.common import (
    FormatOpt,
    OutputFormat,
    cli,
    columns,
    fail,
    print_csv,
    print_json,
    print_table,
)
from api.cli.survey import SurveyArg, cli_audit, names_of, survey, with_store
from graph.i18n import say
from graph.model import TieKind
from graph.store import Store

# -- reconciliation ----------------------------------------------------------------------------

def perspective_line(p: dict[str, Any], names: dict[str, str]) -> str:
    """Every perspective of a pair in one line: "A sagt 5, B sagt 2; erfasst: 3" or "nur A
    nennt B; erfasst: –"."""
    said = list(p["assertions"])
    if len({a["asserted_by"] for a in said}) == 1:
        a = said[0]
        other = p["target"] if a["asserted_by"] == p["source"] else p["source"]
        parts = [say("survey_only_weight", context="cli", a=names.get(a["asserted_by"], a["asserted_by"]),
                     b=names.get(other, other), weight=a["weight"])]
    else:
        parts = [", ".join(say("survey_says_short", context="cli",
                               name=names.get(a["asserted_by"], a["asserted_by"]),
                               weight=a["weight"]) for a in said)]
    tie = p.get("tie")
    parts.append(say("survey_recorded", context="cli",
                     weight=tie["weight"] if tie and tie.get("weight") is not None else "–"))
    return "; ".join(parts)


@survey.command("reconcile")
def survey_reconcile(
    survey_id: SurveyArg,
    source: Annotated[str | None, typer.Option("--source", help="Akteur A des Paars")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Akteur B des Paars")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Beziehungsart")] = None,
    accept: Annotated[str | None, typer.Option(
        "--accept", help="die Stärke übernehmen, die dieser Akteur angibt")] = None,
    weight: Annotated[int | None, typer.Option("--weight", help="selbst eine Stärke 1-5 setzen")] = None,
    reject: Annotated[bool, typer.Option("--reject", help="verwerfen: die Beziehung bleibt, wie "
                                                          "sie ist")] = False,
    all_: Annotated[bool, typer.Option("--all", help="auch entschiedene Paare zeigen")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Offene Paare mit allen Sichtweisen; mit --source/--target/--kind: ein Paar entscheiden."""
    chosen = [x for x in (accept is not None, weight is not None, reject) if x]
    if source or target or kind or chosen:
        if not (source and target and kind) or len(chosen) != 1:
            fail(cli("survey_reconcile_usage"))
        decision = "accept" if accept else ("set" if weight is not None else "reject")
        done = with_store(lambda s: s.reconcile(
            survey_id, source, target, kind, decision=decision, asserted_by=accept, weight=weight,
            audit=cli_audit("reconcile", decision=decision)))
        names = with_store(lambda s: names_of(s, [done["source"], done["target"]]))
        tie = done.get("tie") or {}
        typer.echo(cli(f"survey_decided_{decision}", a=names[done["source"]], b=names[done["target"]],
                       kind=TieKind(done["kind"]).label(), weight=tie.get("weight", "–")))
        return

    def work(store: Store) -> tuple[list[dict[str, Any]], dict[str, str]]:
        found = [p for p in store.perspectives(survey_id) if all_ or p["status"] == "open"]
        ids = sorted({x for p in found for x in (p["source"], p["target"])})
        return found, names_of(store, ids)

    found, names = with_store(work)
    if fmt is OutputFormat.json:
        print_json(found)
        return
    rows = [[p["source"], p["target"], p["kind"], names[p["source"]], names[p["target"]],
             TieKind(p["kind"]).label(), perspective_line(p, names),
             say(f"survey_pair_{p['status']}", context="cli")] for p in found]
    if fmt is OutputFormat.csv:
        print_csv(["source", "target", "kind", *columns("actor_a", "actor_b", "kind",
                                                         "perspectives", "status")], rows)
    elif not rows:
        typer.echo(cli("survey_no_pairs"))
    else:
        print_table(columns("actor_a", "actor_b", "kind", "perspectives", "status"),
                    [r[3:] for r in rows])
        typer.echo(cli("survey_reconcile_hint", id=survey_id))


# -- proposed new actors and record corrections ------------------------------------------------

@survey.command("proposals")
def survey_proposals(survey_id: SurveyArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """Vorgeschlagene neue Akteure («nicht in der Liste») und Korrekturen der eigenen Angaben."""

    def work(store: Store) -> tuple[list[dict[str, Any]], dict[str, str]]:
        found = store.proposals(survey_id)
        return found, names_of(store, sorted({p["proposed_by"] for p in found}))

    found, names = with_store(work)
    if fmt is OutputFormat.json:
        print_json(found)
        return
    rows = [[p["id"], say(f"survey_proposal_{p.get('type', 'actor')}", context="cli"), p["name"],
             names.get(p["proposed_by"], p["proposed_by"]),
             say(f"survey_pair_{p['status']}", context="cli")] for p in found]
    headers = columns("id", "what", "actor", "proposed_by", "status")
    if fmt is OutputFormat.csv:
        print_csv(headers, rows)
    elif not rows:
        typer.echo(cli("survey_no_proposals"))
    else:
        print_table(headers, rows)


@survey.command("decide")
def survey_decide(
    proposal_id: Annotated[str, typer.Argument(help="Kennung des Vorschlags (aus survey proposals)")],
    accept: Annotated[bool, typer.Option("--accept/--reject", help="annehmen oder verwerfen")],
    kind: Annotated[str | None, typer.Option("--kind", help="bei einem neuen Akteur: seine Art "
                                                            "(z.B. association)")] = None,
    area: Annotated[list[str] | None, typer.Option("--area", help="Gebiet des neuen Akteurs")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Thema des neuen Akteurs")] = None,
) -> None:
    """Einen Vorschlag annehmen (neuer Akteur: mit --kind) oder verwerfen."""
    fields: dict[str, Any] = {}
    if kind:
        fields["kind"] = kind
    if area:
        fields["areas"] = area
    if topic:
        fields["topics"] = topic
    done = with_store(lambda s: s.decide_proposal(proposal_id, accept, actor_fields=fields or None,
                                             audit=cli_audit("decide_proposal")))
    typer.echo(cli("survey_proposal_accepted" if accept else "survey_proposal_rejected",
                   name=done["name"], actor=done.get("actor") or ""))
