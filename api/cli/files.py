"""Command line for files in and out: ``load``, ``export``, ``load-sample``, ``generate``.

Registered on the app by :mod:`api.cli.main`. Errors in files are
printed all at once as ``file:line: column: message`` (exit code 1, nothing written).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import Commands, print_json, print_table, run, state
from loaders import words
from loaders.columns import RECORDS


class FileFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    graphml = "graphml"
    gexf = "gexf"


commands = Commands()


def _counts_table(result, memory=None) -> None:  # type: ignore[no-untyped-def]
    headers = [words.word("what"), words.word("created"), words.word("updated"), words.word("unchanged")]
    rows = [
        [words.word(r), result.counts[r].created, result.counts[r].updated, result.counts[r].unchanged]
        for r in RECORDS
    ]
    rows += [[words.word(k), c.get("created", 0), c.get("updated", 0), c.get("unchanged", 0)]
             for k, c in (memory or {}).items()]
    print_table(headers, rows)


@commands.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="Dateien: CSV, XLSX, JSON, GraphML, GEXF")],
    fmt: Annotated[
        FileFormat | None, typer.Option("--format", help="Format erzwingen (sonst nach Dateiendung)")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Nur prüfen und zeigen, was sich ändern würde")
    ] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Ungültige Zeilen auslassen und den Rest laden")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Zeichenkodierung der CSV-Dateien (sonst erkannt)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Ergebnis als JSON")] = False,
    default_kind: Annotated[
        str | None, typer.Option("--default-kind", help="GraphML/GEXF: Akteursart jedes Knotens ohne Art")
    ] = None,
    kind_from: Annotated[
        str | None, typer.Option("--kind-from", help="GraphML/GEXF: Knotenattribut, das die Art angibt")
    ] = None,
    maps: Annotated[
        list[str] | None, typer.Option("--map", help="mit --kind-from: WERT=ART (wiederholbar)")
    ] = None,
    name_from: Annotated[
        str | None, typer.Option("--name-from", help="GraphML/GEXF: Knotenattribut mit dem Namen")
    ] = None,
    tie_kind: Annotated[
        str | None,
        typer.Option("--tie-kind", help="GraphML/GEXF: Art jeder Kante ohne Art "
                     "(sonst cooperates_with ungerichtet, informs gerichtet)"),
    ] = None,
    id_prefix: Annotated[
        str | None, typer.Option("--id-prefix", help="GraphML/GEXF: Präfix vor jeder Knotenkennung")
    ] = None,
) -> None:
    """Akteure, Beziehungen, Gebiete und Themen aus Dateien laden: alles oder nichts."""
    from loaders.generic import parse_choices
    from loaders.load import load_files

    def work():  # type: ignore[no-untyped-def]
        choices = parse_choices(default_kind=default_kind, kind_from=kind_from, maps=maps,
                                name_from=name_from, tie_kind=tie_kind, id_prefix=id_prefix)
        with state.open() as store:
            return load_files(
                store,
                files,
                fmt=fmt.value if fmt else None,
                encoding=encoding,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=sys.stderr.isatty(),
                choices=choices,
            )

    report = run(work)
    result = report.result
    if as_json:
        print_json(
            {
                "dry_run": result.dry_run,
                "version": result.version,
                "counts": {r: vars(c) for r, c in result.counts.items()},
                "memory": report.memory,
                "skipped": [p.to_dict() | {"text": p.render()} for p in report.skipped],
                "notes": [p.render() for p in report.notes],
            }
        )
        return
    if report.notes:
        typer.echo(words.say("warnings"), err=True)
        for note in report.notes:
            typer.echo("  " + note.render(), err=True)
    if report.skipped:
        typer.echo(words.say("skipped_rows", count=len({(p.file, p.line) for p in report.skipped})), err=True)
        for problem in report.skipped:
            typer.echo("  " + problem.render(), err=True)
    if result.dry_run:
        typer.echo(words.say("dry_run"))
    elif not result.changed and not any(c.get("created") or c.get("updated")
                                        for c in report.memory.values()):
        typer.echo(words.say("nothing_changed", version=result.version))
    else:
        typer.echo(words.say("loaded", files=", ".join(report.files), version=result.version))
    _counts_table(result, report.memory)


@commands.command()
def export(
    fmt: Annotated[FileFormat, typer.Option("--format", help="csv, xlsx, json, graphml, gexf")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Zieldatei (bei csv: ein Ordner mit vier Dateien)")
    ],
    area: Annotated[
        str | None, typer.Option("--area", help="Nur Akteure in diesem Gebiet (und darunter)")
    ] = None,
    include_personal: Annotated[
        bool, typer.Option("--include-personal", help="Kontaktdaten (Personendaten) mit exportieren")
    ] = False,
    with_areas_topics: Annotated[
        bool, typer.Option("--with-areas-topics", help="GEXF: Gebiete und Themen als eigene Knoten")
    ] = False,
    with_hierarchy: Annotated[
        bool, typer.Option("--with-hierarchy", help="GraphML/GEXF: auch «gehört zu» (part_of)")
    ] = False,
    measures: Annotated[
        bool | None,
        typer.Option("--measures/--no-measures",
                     help="GraphML/GEXF: unsere Kennzahlen als Knotenattribute (sonst bis 10'000 Akteure)"),
    ] = None,
) -> None:
    """Das Netzwerk in eine Datei schreiben (für Excel, Gephi oder eine andere Quartiernetz).

    GraphML und GEXF: nur Akteure, mit unseren Kennzahlen als Knotenattribute."""
    from loaders.export import export_network

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            return export_network(store, fmt.value, output, area=area, include_personal=include_personal,
                                  with_areas_topics=with_areas_topics, with_hierarchy=with_hierarchy,
                                  with_measures=measures)

    report = run(work)
    typer.echo(
        words.say(
            "exported",
            path=report.path,
            actors=report.counts["actor"],
            ties=report.counts["tie"],
            areas=report.counts["area"],
            topics=report.counts["topic"],
            personal=words.say("with_personal") if include_personal else "",
        )
    )
    if fmt.value == "gexf" and not with_areas_topics:
        typer.echo(words.say("gexf_areas_as_attributes"))


@commands.command("load-sample")
def load_sample_command(
    name: Annotated[str, typer.Argument(help="Beispielnetz: zurich")] = "zurich",
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Nur laden, wenn die Datenbank leer ist (für make run)")
    ] = False,
) -> None:
    """Das Beispielnetz laden: öffentliche Angaben zur Stadt Zürich, Beziehungen illustrativ."""
    from loaders.sample import SAMPLES, load_sample

    if name not in SAMPLES:
        typer.echo(words.say("unknown_sample", name=name, known=", ".join(SAMPLES)), err=True)
        raise typer.Exit(2)

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            stats = store.stats()
            stored = sum(stats["actors"].values()) + sum(stats["ties"].values())
            if if_empty and stored + stats["areas"] + stats["topics"]:
                return None, store.version()
            return load_sample(store, name), None

    result, version = run(work)
    if result is None:
        typer.echo(words.say("sample_skipped", version=version))
        return
    typer.echo(words.say("sample_loaded", name=name, version=result.version))
    _counts_table(result)


@commands.command()
def generate(
    actors: Annotated[int, typer.Option("--actors", min=11, help="Anzahl Akteure")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Ordner für die CSV-Dateien")],
    seed: Annotated[int, typer.Option("--seed", help="Zufallsstartwert (gleich: gleiche Daten)")] = 1,
    ties: Annotated[
        int | None, typer.Option("--ties", min=0, help="Anzahl Beziehungen (Standard: 5 pro Akteur)")
    ] = None,
) -> None:
    """Ein synthetisches Netzwerk als CSV-Dateien erzeugen (für Lasttests), reproduzierbar."""
    from loaders.generate import generate as make

    made = make(output, actors=actors, seed=seed, ties=ties)
    typer.echo(
        words.say(
            "generated",
            path=made.path,
            actors=made.counts["actor"],
            ties=made.counts["tie"],
            areas=made.counts["area"],
            topics=made.counts["topic"],
            seed=seed,
        )
    )
