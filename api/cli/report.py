"""``quartiernetz report``: the Quartierbericht of one area, or of every area of a level, as PDF
or HTML (see :mod:`api.report`).

    quartiernetz --db zh.db report --area wipkingen -o wipkingen.pdf
    quartiernetz --db zh.db report --area kreis-10 --since 2025-01-01 --as-of 2026-06-30 -o k10.html
    quartiernetz --db zh.db --lang en report --area wipkingen -o wipkingen-en.pdf
    quartiernetz --db zh.db report --all-areas --level quartier -o berichte/
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from api.cli.common import AsOfOpt, Commands, cli, fail, run, state
from api.cli.common import day as parse_day
from api.report import SectionProvider, build_report
from api.report.records import contacts_section, needs_section
from graph.analysis.evidence import cared_units
from graph.i18n import current_language, number
from graph.model import slugify

commands = Commands()
SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


@commands.command()
def report(
    output: Annotated[Path, typer.Option("-o", "--output",
                                         help="PDF- oder HTML-Datei; mit --all-areas ein Ordner")],
    area: Annotated[str | None, typer.Option("--area", help="Gebiet (mit Teilgebieten)")] = None,
    all_areas: Annotated[bool, typer.Option("--all-areas", help="ein Bericht je Gebiet der --level")] = False,
    level: Annotated[str, typer.Option("--level", help="Ebene für --all-areas")] = "quartier",
    since: Annotated[str | None, typer.Option(
        "--since", help="Beginn des Zeitraums (Standard: ein Jahr vor dem Stichtag)")] = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="pdf oder html (Standard: nach der Endung von -o, mit --all-areas pdf)")] = None,
) -> None:
    """Quartierbericht als PDF oder HTML: Netzwerk, Stärken, Lücken und Veränderungen eines Gebiets."""
    if bool(area) == all_areas:
        fail(cli("report_area_or_all"))
    if fmt is not None and fmt not in ("pdf", "html"):
        fail(cli("report_bad_format", value=fmt))
    day = parse_day(as_of) or date.today()
    start = parse_day(since)
    lang = current_language()
    if area:
        kind = fmt or SUFFIXES.get(output.suffix.lower())
        if kind is None:
            fail(cli("report_suffix", output=output))

        def one() -> bytes:
            with state.open() as store:
                S, needs = store.snapshot(), store.all_needs()
                contacts = store.last_contact(cared_units(S))
            return build_report(S, area, as_of=day, since=start, lang=lang, fmt=kind,  # type: ignore[arg-type]
                                sections=[needs_section(needs), contacts_section(contacts)])

        data = run(one)
        output.write_bytes(data)
        typer.echo(cli("report_written", output=output, size=number(round(len(data) / 1024))))
        return
    kind = fmt or "pdf"
    with state.open() as store:
        S, needs = run(store.snapshot), run(store.all_needs)
        contacts = run(lambda: store.last_contact(cared_units(S)))
    areas = S.graph.get("areas") or {}
    chosen = sorted((a for a, d in areas.items() if d.get("level") == level),
                    key=lambda a: (str(areas[a].get("name") or a), a))
    if not chosen:
        fail(cli("report_no_level", level=level))
    output.mkdir(parents=True, exist_ok=True)
    providers = [needs_section(needs), contacts_section(contacts)]
    written = _all(S, chosen, output, kind, day, start, lang, providers)  # type: ignore[arg-type]
    typer.echo(cli("reports_written", count=len(written), output=output))


def _all(S, chosen: list[str], output: Path, kind: Literal["pdf", "html"], day: date,  # type: ignore[no-untyped-def]
         start: date | None, lang: str, sections: list[SectionProvider]) -> list[Path]:
    """One report per area, with a progress bar on a terminal (tqdm, silent in a pipe)."""
    from tqdm import tqdm

    written = []
    with tqdm(chosen, desc=cli("report_progress"), unit=cli("report_unit"), disable=None,
              leave=False) as bar:
        for a in bar:
            path = output / f"{slugify(a) or 'gebiet'}.{kind}"
            path.write_bytes(run(lambda a=a: build_report(S, a, as_of=day, since=start, lang=lang,
                                                          fmt=kind, sections=sections)))
            written.append(path)
    return written
