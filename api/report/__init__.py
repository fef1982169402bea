"""The Quartierbericht: one area's network, strengths, gaps and changes as HTML and PDF.

:func:`build_report` is the one entry point (the CLI's ``quartiernetz report`` and the API's
``/api/v1/reports/{area}`` call it): a snapshot in, a document out. The parts:

- :mod:`api.report.data`: the figures, from the analyses the API serves (numbers and codes);
- :mod:`api.report.svg`: the figures as SVG (the area on the city map of :mod:`api.geo`, the
  network with a seeded layout and labels that do not overlap, bar charts in sszvis colours);
- :mod:`api.report.render`: the Jinja2 template (autoescape) and WeasyPrint for the PDF.

Sections about records kept elsewhere (Anliegen, contacts of the city units) come from
*section providers*: callables ``provider(S, data, lang) -> list[Section]`` passed as
``sections=``. A provider's sections go under "Anliegen" (``place="needs"``) or "Lücken"
(``place="gaps"``); without one the report says in one line that nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import networkx as nx

from api.report.data import ReportData, report_data
from api.report.render import REPORT_CSP, render_html, render_pdf
from graph.errors import InvalidInputError, Problem

#: The default period: this many days before the as-of day.
PERIOD_DAYS = 365


@dataclass
class Section:
    """A section a provider adds: a title, paragraphs and an optional table (all plain text,
    escaped when drawn). ``open`` counts open needs (the first page's key figure)."""

    place: Literal["needs", "gaps"]
    title: str
    paragraphs: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    open: int = 0


SectionProvider = Callable[[nx.MultiDiGraph, ReportData, str], Sequence[Section]]


def period_start(as_of: date, since: date | None) -> date:
    """``since``, else :data:`PERIOD_DAYS` before ``as_of``."""
    return since if since is not None else date.fromordinal(as_of.toordinal() - PERIOD_DAYS)


def build_report(S: nx.MultiDiGraph, area: str, *, as_of: date, since: date | None = None,
                 lang: str = "de", fmt: Literal["html", "pdf"] = "html",
                 sections: Sequence[SectionProvider] = (), made: datetime | None = None) -> bytes:
    """The report of ``area`` (with its sub-areas) on ``as_of`` for the period from ``since``
    as HTML (UTF-8) or PDF bytes. ``S`` is a snapshot with every tie and without personal data.

    Raises
    ------
    NotFoundError
        if ``area`` is unknown.
    InvalidInputError
        if ``since`` is after ``as_of``.
    """
    start = period_start(as_of, since)
    if start > as_of:
        raise InvalidInputError([Problem("report_since_after", {"since": start.isoformat(),
                                                                 "as_of": as_of.isoformat()},
                                         field="since")])
    data = report_data(S, area, as_of=as_of, since=start)
    for provider in sections:
        data.extra.extend(provider(S, data, lang))
    html = render_html(data, lang, made=made)
    return render_pdf(html) if fmt == "pdf" else html.encode("utf-8")


__all__ = ["PERIOD_DAYS", "REPORT_CSP", "ReportData", "Section", "SectionProvider", "build_report",
           "period_start", "render_html", "render_pdf", "report_data"]
