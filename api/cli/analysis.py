"""Analysis commands: ``brokers``, ``isolates``, ``communities``, ``gaps``, ``ego``, ``changes``.

Each opens the store, takes a snapshot, projects it onto the analysis graph and calls a pure
function of :mod:`graph.analysis`; results are kept in the process-wide cache under the store's
version. Output: ``--format table`` (default), ``json`` or ``csv``.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

import typer

from api.cli.common import (
    AreaOpt,
    AsOfOpt,
    Commands,
    FormatOpt,
    OutputFormat,
    WithSurveyOpt,
    basis_line,
    cli,
    columns,
    fail,
    kind_label,
    print_csv,
    print_json,
    print_table,
    run,
    snapshot,
    state,
)
from api.cli.common import day as parse_day
from graph.analysis import (
    CACHE,
    analysis_graph,
    broker_scores,
    communities,
    coordination_gaps,
    ego_network,
    isolated_actors,
)
from graph.analysis.brokers import Betweenness
from graph.analysis.changes import CHANGE_KEYS, need_days, network_changes
from graph.config import Settings
from graph.i18n import number, plural
from graph.model import TieKind
from graph.words import label as group_label
from graph.words import text, worded

commands = Commands()


def _num(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}"


def _output(fmt: OutputFormat, headers: list[str], rows: list[list[Any]]) -> None:
    if fmt is OutputFormat.csv:
        print_csv(headers, rows)
    else:
        print_table(headers, rows)


def _cached(name: str, options: dict[str, Any], compute: Any) -> Any:
    """Open the store, and compute ``compute(store)`` unless cached for its version."""

    def work() -> Any:
        settings = state.settings or Settings()
        with state.open() as store:
            where = (str(settings.db) if store.backend == "sqlite"
                     else f"{settings.neo4j_uri}/{settings.neo4j_database}")
            opts = {**options, "store": where}  # words are made after the cache: any language
            if options.get("with_survey"):  # answers do not change the store's version
                return compute(store)
            return CACHE.get_or_compute(store.version(), name, opts, lambda: compute(store))

    return run(work)


@commands.command()
def brokers(
    area: AreaOpt = None,
    by: Annotated[str, typer.Option("--by", help="Gruppierung: sector, area oder ein Attribut")] = "sector",
    top: Annotated[int, typer.Option("--top", help="nur die ersten N")] = 20,
    as_of: AsOfOpt = None,
    method: Annotated[
        str, typer.Option("--method", help="auto (exakt bis 20'000 Akteure, darüber geschätzt), "
                                            "exact oder sampled (schneller, geschätzt)")
    ] = "auto",
    samples: Annotated[int, typer.Option("--samples", help="Startpunkte bei --method sampled")] = 256,
    with_survey: WithSurveyOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Brokers: wer das Quartier zusammenhält (Betweenness, Constraint, Rollen, Gründe)."""
    day = parse_day(as_of)
    if method not in ("auto", "exact", "sampled"):
        fail(cli("bad_method"))

    def compute(store: Any) -> list[dict[str, Any]]:
        G = analysis_graph(snapshot(store, day, with_survey=with_survey), as_of=day, area=area)
        return broker_scores(G, group_by=by, top=top, method=method, samples=samples)

    rows = worded(_cached("brokers", {"area": area, "by": by, "top": top, "as_of": day,
                                      "method": method, "samples": samples,
                                      "with_survey": with_survey}, compute))
    basis_line(with_survey, fmt)
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    roles = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
    if fmt is OutputFormat.csv:
        headers = ["id", "name", "kind", "sector", "betweenness", "betweenness_error",
                   "constraint", "effective_size", *roles, "score", "reasons"]
        print_csv(headers, [[r["id"], r["name"], r["kind"], r["sector"], r["betweenness"],
                        r["betweenness_error"], r["constraint"], r["effective_size"],
                        *(r["brokerage"][k] for k in roles), r["score"],
                        " | ".join(r["reasons"])] for r in rows])
        return
    headers = columns("nr", "actor", "kind", "betweenness", "constraint", "effective_size",
                      "brokerage", "score", "reasons")
    table = [[i + 1, r["name"], kind_label(r["kind"]), _num(r["betweenness"]), _num(r["constraint"]),
              _num(r["effective_size"], 1), sum(r["brokerage"].values()) - r["brokerage"]["coordinator"],
              _num(r["score"]), "; ".join(r["reasons"])] for i, r in enumerate(rows)]
    print_table(headers, table)
    if rows and rows[0]["method"] == "sampled":
        error = max(r["betweenness_error"] for r in rows)
        note = text(Betweenness({}, "sampled", samples, {"x": error}).describe())
    else:
        note = text(Betweenness({}, "exact", 0).describe())
    typer.echo(cli("method_line", method=note))


@commands.command()
def isolates(
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    stale_months: Annotated[
        int, typer.Option("--stale-months", help="ab wie vielen Monaten eine Beziehung veraltet ist")
    ] = 24,
    top: Annotated[int | None, typer.Option("--top", help="nur die ersten N")] = None,
    with_survey: WithSurveyOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Isolierte Akteure, mit allen Gründen (keine Beziehungen, nur im eigenen Sektor, ...)."""
    day = parse_day(as_of) or date.today()

    def compute(store: Any) -> list[dict[str, Any]]:
        return isolated_actors(snapshot(store, with_survey=with_survey), as_of=day,
                               stale_months=stale_months, area=area)

    rows = worded(_cached("isolates", {"area": area, "as_of": day, "stale": stale_months,
                                       "with_survey": with_survey}, compute))
    if top is not None:
        rows = rows[:max(0, top)]
    basis_line(with_survey, fmt)
    if fmt is OutputFormat.json:
        print_json([{k: r[k] for k in ("id", "name", "kind", "sector", "codes", "reasons",
                                         "reasons_codes", "score") if k in r} for r in rows])
        return
    if fmt is OutputFormat.csv:
        print_csv(["id", "name", "kind", "sector", "score", "codes", "reasons"],
             [[r["id"], r["name"], r["kind"], r["sector"], r["score"], " | ".join(r["codes"]),
               " | ".join(r["reasons"])] for r in rows])
        return
    headers = columns("nr", "actor", "kind", "reasons")
    print_table(headers, [[i + 1, r["name"], kind_label(r["kind"]), "; ".join(r["reasons"])]
                          for i, r in enumerate(rows)])


@commands.command("communities")
def communities_cmd(
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Zufallsstartwert (gleicher Wert, gleiches Ergebnis)")
    ] = 0,
    resolution: Annotated[float, typer.Option("--resolution", help="über 1: kleinere Gemeinschaften")] = 1.0,
    with_survey: WithSurveyOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Gemeinschaften (Louvain): Grösse, Gebiete, Sektoren, Themen, Brokers; Modularität."""
    day = parse_day(as_of)

    def compute(store: Any) -> dict[str, Any]:
        G = analysis_graph(snapshot(store, day, with_survey=with_survey), as_of=day, area=area)
        return communities(G, seed=seed, resolution=resolution)

    result = _cached("communities", {"area": area, "as_of": day, "seed": seed,
                                     "resolution": resolution, "with_survey": with_survey}, compute)
    basis_line(with_survey, fmt)
    if fmt is OutputFormat.json:
        print_json(result)
        return
    headers = columns("community", "size", "areas", "sectors", "topics", "brokers")
    sep = " | " if fmt is OutputFormat.csv else ", "
    rows = [[c["id"], c["size"],
             sep.join(f"{a['name']} ({a['count']})" for a in c["areas"]),
             sep.join(f"{group_label('sector', s)} ({n})" for s, n in c["sectors"].items()),
             sep.join(f"{t['name']} ({t['count']})" for t in c["topics"]),
             sep.join(b["name"] for b in c["brokers"])] for c in result["communities"]]
    _output(fmt, headers, rows)
    if fmt is OutputFormat.table:
        typer.echo(cli("modularity_line", modularity=number(result["modularity"], digits=3),
                       unassigned=number(result["unassigned"])))


@commands.command()
def gaps(
    topic: Annotated[str | None, typer.Option("--topic", help="nur dieses Thema")] = None,
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    top: Annotated[int | None, typer.Option("--top", help="nur die ersten N je Liste")] = None,
    with_survey: WithSurveyOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Koordinationslücken: Akteure zum gleichen Thema im gleichen Gebiet ohne Verbindung,
    und Sektoren ohne Beziehung in einem Gebiet."""
    day = parse_day(as_of)

    def compute(store: Any) -> dict[str, Any]:
        return coordination_gaps(analysis_graph(snapshot(store, day, with_survey=with_survey),
                                                as_of=day), topic=topic, area=area)

    result = worded(_cached("gaps", {"topic": topic, "area": area, "as_of": day,
                                     "with_survey": with_survey}, compute))
    basis_line(with_survey, fmt)
    if top is not None:
        result = {k: v[:max(0, top)] for k, v in result.items()}
    if fmt is OutputFormat.json:
        print_json(result)
        return
    if fmt is OutputFormat.csv:
        rows = [["pair", p["a"], p["b"], "|".join(p["topics"]), "|".join(p["areas"]), p["score"],
                 p["reason"]] for p in result["pairs"]]
        rows += [["sectors", g["sectors"][0], g["sectors"][1], "", g["area"], g["score"],
                  g["reason"]] for g in result["sectors"]]
        print_csv(["type", "a", "b", "topics", "areas", "score", "reason"], rows)
        return
    typer.echo(cli("gaps_pairs"))
    print_table(columns("actor_a", "actor_b", "topics", "areas"),
                [[p["a_name"], p["b_name"], ", ".join(p["topic_names"]),
                  ", ".join(p["area_names"])]
                 for p in result["pairs"]])
    typer.echo("")
    typer.echo(cli("gaps_sectors"))
    print_table(columns("area", "sector_a", "sector_b", "actors"),
                [[g["area_name"], group_label("sector", g["sectors"][0]),
                  group_label("sector", g["sectors"][1]), f"{g['counts'][0]} / {g['counts'][1]}"]
                 for g in result["sectors"]])


@commands.command()
def ego(
    actor: Annotated[str, typer.Argument(help="Kennung des Akteurs")],
    hops: Annotated[int, typer.Option("--hops", help="Schritte: 1 bis 3")] = 2,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="nur diese Beziehungsarten")] = None,
    as_of: AsOfOpt = None,
    with_survey: WithSurveyOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Ego-Netzwerk eines Akteurs: Partner in 1 bis 3 Schritten, mit ihrer Art."""
    day = parse_day(as_of)
    kinds = None
    if kind:
        try:
            kinds = [TieKind.parse(k).value for k in kind]
        except Exception:
            fail(cli("bad_tie_kind", kinds=", ".join(k.value for k in TieKind)))

    def compute(store: Any) -> dict[str, Any]:
        return ego_network(snapshot(store, day, with_survey=with_survey), actor, hops=hops,
                           tie_kinds=kinds, as_of=day)

    result = _cached("ego", {"actor": actor, "hops": hops, "kinds": kinds, "as_of": day,
                             "with_survey": with_survey}, compute)
    basis_line(with_survey, fmt)
    if fmt is OutputFormat.json:
        print_json(result)
        return
    sep = "|" if fmt is OutputFormat.csv else ", "
    rows = [[a["id"], a["name"], kind_label(a["kind"]), a["distance"],
             sep.join(TieKind(k).label() for k in a["via"])] for a in result["actors"]]
    _output(fmt, columns("id", "actor", "kind", "steps", "via"), rows)
    if fmt is OutputFormat.table:
        center = result["center"]
        counts = ", ".join(f"{kind_label(k)} {n}" for k, n in result["kinds"].items())
        typer.echo(plural("ego_line", hops, context="cli", name=center["name"],
                          kind=kind_label(center["kind"]), actors=number(len(result["actors"])))
                   + (f" ({counts})" if counts else ""))


@commands.command("changes")
def changes_cmd(
    since: Annotated[str, typer.Option("--since", help="erster Tag (JJJJ-MM-TT oder TT.MM.JJJJ)")],
    until: Annotated[str | None, typer.Option("--until", help="letzter Tag (Standard: heute)")] = None,
    area: AreaOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Was sich verändert hat: Beziehungen neu und beendet, neu isolierte Akteure, Brokers, die
    keine mehr sind, Gremien, denen ein Sektor fehlt."""
    first, last = parse_day(since), parse_day(until) or date.today()
    if first is None or last < first:
        fail(cli("bad_period", since=since, until=last.isoformat()))

    def compute(store: Any) -> dict[str, Any]:
        below = store.area_and_below(area) if area else None
        return network_changes(store.snapshot(), since=first, until=last, area=area,
                               needs=need_days(store.stored_needs(), below))

    answer = worded(_cached("changes", {"area": area, "since": first, "until": last}, compute))
    if fmt is OutputFormat.json:
        print_json(answer)
        return
    rows = [[key, r["id"], _change_name(r), _change_detail(key, r)]
            for key in CHANGE_KEYS for r in answer[key]]
    if fmt is OutputFormat.csv:
        print_csv(["change", "id", "name", "detail"], rows)
        return
    typer.echo(cli("changes_head", since=first.strftime("%d.%m.%Y"), until=last.strftime("%d.%m.%Y")))
    for key in CHANGE_KEYS:
        found = [r for r in rows if r[0] == key]
        typer.echo("")
        typer.echo(cli(f"changes_{key}", count=len(found)))
        if found:
            print_table(columns("subject", "detail"), [[r[2], r[3]] for r in found])


def _change_name(row: dict[str, Any]) -> str:
    if "source_name" in row:
        return f"{row['source_name']} – {row['target_name']}"
    return str(row.get("name") or row.get("title") or row["id"])


def _change_detail(key: str, row: dict[str, Any]) -> str:
    if key in ("ties_gained", "ties_lost"):
        return group_label("tie", row.get("kind"))
    if key == "became_isolated":
        return "; ".join(row["reasons"])
    if key == "stopped_brokering":
        return cli("was_rank", rank=row["rank_before"])
    if key == "forums_lost_sector":
        return ", ".join(group_label("sector", s) for s in row["sectors_lost"])
    if row.get("status"):
        from graph.model.needs import NeedStatus

        return NeedStatus(row["status"]).label()
    return ""
