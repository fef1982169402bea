"""Section providers from the living memory's records: the area's Anliegen (open and closed in
the period, each open one with its status and age, and the city units' time to first answer),
and the city units not in contact for long (Kontaktpflege).

The CLI and the API read the records from the store and hand them in; the report itself stays a
function of its inputs (no store here, :mod:`api.report`'s import contract).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import networkx as nx

from api.report import Section, SectionProvider
from api.report.data import LIST_LIMIT, ReportData
from api.report.render import day, words
from graph.analysis.changes import need_days
from graph.analysis.evidence import CONTACT_MONTHS, kontaktpflege
from graph.analysis.needs import response_times
from graph.i18n import number
from graph.model.needs import Need
from graph.validation import descendants


def needs_section(needs: Sequence[Need]) -> SectionProvider:
    """A provider of the "Anliegen" section for the needs of the report's area (its sub-areas
    included; the caller hands in the needs the reader may see)."""

    def provide(S: nx.MultiDiGraph, data: ReportData, lang: str) -> list[Section]:
        w = words(lang)
        below = descendants((S.graph.get("areas") or {}).values(), data.area["id"])
        mine = [n for n in needs if below.intersection(n.areas) and n.raised_on <= data.as_of]
        if not mine:
            return []
        rows = need_days(mine)
        opened = [r for r in rows if data.since < date.fromisoformat(r["raised_on"]) <= data.as_of]
        closed = [r for r in rows if r["closed_on"]
                  and data.since < date.fromisoformat(r["closed_on"]) <= data.as_of]
        still_open = sorted((n for n in mine if n.status.open), key=lambda n: (n.raised_on, n.id))
        names = {v: str(d.get("name", v)) for v, d in S.nodes(data=True)}
        overview = Section(
            place="needs", title="", open=len(still_open),
            paragraphs=[w("needs_line", open=number(len(still_open)),
                          opened=number(len(opened)), closed=number(len(closed)),
                          since=day(data.since, lang))],
            headers=[w("need_title"), w("need_status"), w("need_raised"), w("need_handed_to")],
            rows=[[n.title, n.status.label(lang), day(n.raised_on, lang),
                   ", ".join(names[a] for a in n.assigned_to if a in names) or "–"]
                  for n in still_open[:LIST_LIMIT]])
        sections = [overview]
        kinds = {v: str(d.get("kind")) for v, d in S.nodes(data=True)}
        times = response_times(mine, kinds)
        if times:
            sections.append(Section(
                place="needs", title=w("needs_answer_times"),
                headers=[w("need_unit"), w("need_handed"), w("need_answered"), w("need_median")],
                rows=[[names.get(t["actor"], t["actor"]), number(t["handed"]),
                       number(t["answered"]),
                       number(t["median_days"]) if t["median_days"] is not None else "–"]
                      for t in times[:LIST_LIMIT]]))
        return sections

    return provide


def contacts_section(last_contact: Mapping[str, date], *, months: int = CONTACT_MONTHS) -> SectionProvider:
    """A provider of the Lücken section "city units not in contact for long" (Kontaktpflege:
    :func:`graph.analysis.evidence.kontaktpflege`) from each unit's last meeting or contact."""

    def provide(S: nx.MultiDiGraph, data: ReportData, lang: str) -> list[Section]:
        if not last_contact:  # no meeting or contact recorded at all: the report says so
            return []
        w = words(lang)
        scores = {r["id"]: r["score"] for r in data.brokers}
        rows = kontaktpflege(S, last_contact, scores=scores, area=data.area["id"], months=months,
                             as_of=data.as_of)
        section = Section(place="gaps", title=w("contacts_lapsed", months=months))
        if not rows:
            section.paragraphs.append(w("contacts_all_recent", months=months))
            return [section]
        section.headers = [w("need_unit"), w("contact_last"), w("contact_days")]
        section.rows = [[r["name"], day(date.fromisoformat(r["last_contact"]), lang)
                         if r["last_contact"] else w("contact_never"),
                         number(r["days_since"]) if r["days_since"] is not None else "–"]
                        for r in rows[:LIST_LIMIT]]
        return [section]

    return provide
