"""Analysis commands: ``brokers``, ``isolates``, ``communities``, ``gaps``, ``ego``.

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
    is_german,
    kind_label,
    print_csv,
    print_json,
    print_table,
    run,
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
from graph.config import Settings
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
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Brokers: wer das Quartier zusammenhält (Betweenness, Constraint, Rollen, Gründe)."""
    day = parse_day(as_of)
    if method not in ("auto", "exact", "sampled"):
        typer.echo(("Fehler: --method muss auto, exact oder sampled sein" if is_german()
                    else "Error: --method must be auto, exact or sampled"), err=True)
        raise typer.Exit(2)

    def compute(store: Any) -> list[dict[str, Any]]:
        G = analysis_graph(store.snapshot(day), as_of=day, area=area)
        return broker_scores(G, group_by=by, top=top, method=method, samples=samples)

    rows = worded(_cached("brokers", {"area": area, "by": by, "top": top, "as_of": day,
                                      "method": method, "samples": samples}, compute))
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    de = is_german()
    roles = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
    if fmt is OutputFormat.csv:
        headers = ["id", "name", "kind", "sector", "betweenness", "betweenness_error",
                   "constraint", "effective_size", *roles, "score", "reasons"]
        print_csv(headers, [[r["id"], r["name"], r["kind"], r["sector"], r["betweenness"],
                        r["betweenness_error"], r["constraint"], r["effective_size"],
                        *(r["brokerage"][k] for k in roles), r["score"],
                        " | ".join(r["reasons"])] for r in rows])
        return
    headers = (["Nr", "Akteur", "Art", "Betweenness", "Constraint", "Eff. Grösse", "Vermittlung",
                "Score", "Gründe"] if de else
               ["#", "actor", "kind", "betweenness", "constraint", "eff. size", "brokerage",
                "score", "reasons"])
    table = [[i + 1, r["name"], kind_label(r["kind"]), _num(r["betweenness"]), _num(r["constraint"]),
              _num(r["effective_size"], 1), sum(r["brokerage"].values()) - r["brokerage"]["coordinator"],
              _num(r["score"]), "; ".join(r["reasons"])] for i, r in enumerate(rows)]
    print_table(headers, table)
    if rows and rows[0]["method"] == "sampled":
        error = max(r["betweenness_error"] for r in rows)
        note = text(Betweenness({}, "sampled", samples, {"x": error}).describe())
    else:
        note = text(Betweenness({}, "exact", 0).describe())
    typer.echo(("Methode: " if de else "Method: ") + note)


@commands.command()
def isolates(
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    stale_months: Annotated[
        int, typer.Option("--stale-months", help="ab wie vielen Monaten eine Beziehung veraltet ist")
    ] = 24,
    top: Annotated[int | None, typer.Option("--top", help="nur die ersten N")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Isolierte Akteure, mit allen Gründen (keine Beziehungen, nur im eigenen Sektor, ...)."""
    day = parse_day(as_of) or date.today()

    def compute(store: Any) -> list[dict[str, Any]]:
        return isolated_actors(store.snapshot(), as_of=day, stale_months=stale_months, area=area)

    rows = worded(_cached("isolates", {"area": area, "as_of": day, "stale": stale_months}, compute))
    if top is not None:
        rows = rows[:max(0, top)]
    if fmt is OutputFormat.json:
        print_json([{k: r[k] for k in ("id", "name", "kind", "sector", "codes", "reasons",
                                         "reasons_codes", "score") if k in r} for r in rows])
        return
    if fmt is OutputFormat.csv:
        print_csv(["id", "name", "kind", "sector", "score", "codes", "reasons"],
             [[r["id"], r["name"], r["kind"], r["sector"], r["score"], " | ".join(r["codes"]),
               " | ".join(r["reasons"])] for r in rows])
        return
    headers = ["Nr", "Akteur", "Art", "Gründe"] if is_german() else ["#", "actor", "kind", "reasons"]
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
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Gemeinschaften (Louvain): Grösse, Gebiete, Sektoren, Themen, Brokers; Modularität."""
    day = parse_day(as_of)

    def compute(store: Any) -> dict[str, Any]:
        G = analysis_graph(store.snapshot(day), as_of=day, area=area)
        return communities(G, seed=seed, resolution=resolution)

    result = _cached("communities", {"area": area, "as_of": day, "seed": seed,
                                     "resolution": resolution}, compute)
    if fmt is OutputFormat.json:
        print_json(result)
        return
    de = is_german()
    headers = (["Gemeinschaft", "Grösse", "Gebiete", "Sektoren", "Themen", "Brokers"] if de else
               ["community", "size", "areas", "sectors", "topics", "brokers"])
    sep = " | " if fmt is OutputFormat.csv else ", "
    rows = [[c["id"], c["size"],
             sep.join(f"{a['name']} ({a['count']})" for a in c["areas"]),
             sep.join(f"{group_label('sector', s)} ({n})" for s, n in c["sectors"].items()),
             sep.join(f"{t['name']} ({t['count']})" for t in c["topics"]),
             sep.join(b["name"] for b in c["brokers"])] for c in result["communities"]]
    _output(fmt, headers, rows)
    if fmt is OutputFormat.table:
        typer.echo(f"{'Modularität' if de else 'Modularity'}: {result['modularity']:.3f}; "
                   f"{'ohne Beziehungen' if de else 'without ties'}: {result['unassigned']}")


@commands.command()
def gaps(
    topic: Annotated[str | None, typer.Option("--topic", help="nur dieses Thema")] = None,
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    top: Annotated[int | None, typer.Option("--top", help="nur die ersten N je Liste")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Koordinationslücken: Akteure zum gleichen Thema im gleichen Gebiet ohne Verbindung,
    und Sektoren ohne Beziehung in einem Gebiet."""
    day = parse_day(as_of)

    def compute(store: Any) -> dict[str, Any]:
        return coordination_gaps(analysis_graph(store.snapshot(day), as_of=day),
                                 topic=topic, area=area)

    result = worded(_cached("gaps", {"topic": topic, "area": area, "as_of": day}, compute))
    if top is not None:
        result = {k: v[:max(0, top)] for k, v in result.items()}
    if fmt is OutputFormat.json:
        print_json(result)
        return
    de = is_german()
    if fmt is OutputFormat.csv:
        rows = [["pair", p["a"], p["b"], "|".join(p["topics"]), "|".join(p["areas"]), p["score"],
                 p["reason"]] for p in result["pairs"]]
        rows += [["sectors", g["sectors"][0], g["sectors"][1], "", g["area"], g["score"],
                  g["reason"]] for g in result["sectors"]]
        print_csv(["type", "a", "b", "topics", "areas", "score", "reason"], rows)
        return
    typer.echo("Akteure ohne Verbindung" if de else "Actors without a connection")
    print_table(["Akteur A", "Akteur B", "Themen", "Gebiete"] if de else
                ["actor A", "actor B", "topics", "areas"],
                [[p["a_name"], p["b_name"], ", ".join(p["topic_names"]),
                  ", ".join(p["area_names"])]
                 for p in result["pairs"]])
    typer.echo("")
    typer.echo("Sektoren ohne Beziehung" if de else "Sectors without a tie")
    print_table(["Gebiet", "Sektor A", "Sektor B", "Akteure"] if de else
                ["area", "sector A", "sector B", "actors"],
                [[g["area_name"], group_label("sector", g["sectors"][0]),
                  group_label("sector", g["sectors"][1]), f"{g['counts'][0]} / {g['counts'][1]}"]
                 for g in result["sectors"]])


@commands.command()
def ego(
    actor: Annotated[str, typer.Argument(help="Kennung des Akteurs")],
    hops: Annotated[int, typer.Option("--hops", help="Schritte: 1 bis 3")] = 2,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="nur diese Beziehungsarten")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Ego-Netzwerk eines Akteurs: Partner in 1 bis 3 Schritten, mit ihrer Art."""
    day = parse_day(as_of)
    kinds = None
    if kind:
        try:
            kinds = [TieKind.parse(k).value for k in kind]
        except Exception:
            typer.echo(("Fehler: unbekannte Beziehungsart; erlaubt: " if is_german() else
                        "Error: unknown tie kind; allowed: ") + ", ".join(k.value for k in TieKind),
                       err=True)
            raise typer.Exit(2) from None

    def compute(store: Any) -> dict[str, Any]:
        return ego_network(store.snapshot(day), actor, hops=hops, tie_kinds=kinds, as_of=day)

    result = _cached("ego", {"actor": actor, "hops": hops, "kinds": kinds, "as_of": day}, compute)
    if fmt is OutputFormat.json:
        print_json(result)
        return
    de = is_german()
    sep = "|" if fmt is OutputFormat.csv else ", "
    rows = [[a["id"], a["name"], kind_label(a["kind"]), a["distance"],
             sep.join(TieKind(k).label() for k in a["via"])] for a in result["actors"]]
    _output(fmt, ["Kennung", "Akteur", "Art", "Schritte", "über"] if de else
            ["id", "actor", "kind", "steps", "via"], rows)
    if fmt is OutputFormat.table:
        center = result["center"]
        counts = ", ".join(f"{kind_label(k)} {n}" for k, n in result["kinds"].items())
        steps = (("Schritt" if hops == 1 else "Schritten") if de else
                 ("step" if hops == 1 else "steps"))
        typer.echo(f"{center['name']} ({kind_label(center['kind'])}): {len(result['actors'])} "
                   f"{'Akteure in' if de else 'actors within'} {hops} {steps}"
                   + (f" ({counts})" if counts else ""))
