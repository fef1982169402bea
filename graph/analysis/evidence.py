"""Kontaktpflege: the city units and departments an area has not been in contact with for too
long, the most important first.

"In contact" is defined by the memory (:mod:`graph.store.meetings`): a unit is in contact on
the last day it took part in a meeting (with any actor) or appears in the contact log (a
coordinator's call, mail, site walk, ...). The store gives that day per actor
(:meth:`~graph.store.meetings.Memory.last_contact`); this module only ranks.

Importance is the unit's broker score (:func:`graph.analysis.brokers.broker_scores`): a unit
that connects otherwise separate parts of the Quartier's network loses most when contact
lapses. A unit never in contact comes before one whose contact lapsed, at equal score.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.isolates import months_before
from graph.validation import descendants

#: The kinds of actor Kontaktpflege looks after.
CARED_KINDS = ("city_unit", "department")
#: Months without contact after which a unit is listed (default).
CONTACT_MONTHS = 6


def cared_units(S: nx.MultiDiGraph) -> list[str]:
    """The actors Kontaktpflege looks after (city units and departments), whose last contact
    :func:`kontaktpflege` needs."""
    return [v for v, d in S.nodes(data=True) if d.get("kind") in CARED_KINDS]


def kontaktpflege(
    S: nx.MultiDiGraph,
    last_contact: Mapping[str, date],
    *,
    scores: Mapping[str, float],
    area: str | None = None,
    months: int = CONTACT_MONTHS,
    as_of: date | None = None,
) -> list[dict[str, Any]]:
    """City units and departments (of ``area``, sub-areas included) without contact for more
    than ``months`` months before ``as_of``, most important first.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A store snapshot (nodes with ``kind``, ``name``, ``areas``; ``S.graph["areas"]``).
    last_contact : mapping
        Actor id -> the last day it was in contact (a meeting or a contact log entry).
    scores : mapping
        Actor id -> broker score (:func:`graph.analysis.brokers.broker_scores`); missing: 0.
    area : str, optional
        Only units working in this area or below it; None: all.
    months : int
        Contact older than this many months (or none at all) counts as lapsed.
    as_of : date, optional
        The day to measure from (default: today).

    Returns
    -------
    list of dict
        ``id, name, kind, last_contact`` (ISO day or None), ``days_since`` (None: never),
        ``broker_score``; sorted by broker score descending, never-contacted first, the
        longest lapse first, then id.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={})
    >>> S.add_node("sd", kind="city_unit", name="Soziale Dienste", areas=[])
    >>> S.add_node("gz", kind="institution", name="GZ", areas=[])
    >>> rows = kontaktpflege(S, {"sd": date(2025, 1, 1)}, scores={}, as_of=date(2026, 1, 1))
    >>> [(r["id"], r["days_since"]) for r in rows]
    [('sd', 365)]
    """
    if months < 0:
        raise ValueError("months must not be negative")
    as_of = as_of or date.today()
    cutoff = months_before(as_of, months)
    wanted = None
    if area is not None:
        wanted = descendants(list((S.graph.get("areas") or {}).values()), area)
    rows = []
    for v, data in S.nodes(data=True):
        if data.get("kind") not in CARED_KINDS:
            continue
        if wanted is not None and not wanted & set(data.get("areas") or ()):
            continue
        seen = last_contact.get(v)
        if seen is not None and seen >= cutoff:
            continue
        rows.append({
            "id": v, "name": data.get("name", v), "kind": data.get("kind"),
            "last_contact": seen.isoformat() if seen else None,
            "days_since": (as_of - seen).days if seen else None,
            "broker_score": round(float(scores.get(v, 0.0)), 4),
        })
    rows.sort(key=lambda r: (-r["broker_score"], r["days_since"] is not None,
                             -(r["days_since"] or 0), r["id"]))
    return rows


def evidence_text(evidence: int, since: str | date, lang: str | None = None) -> str:
    """The evidence of a suggested tie in words: "3 gemeinsame Sitzungen seit März 2026".

    >>> evidence_text(3, "2026-03-04", "de"), evidence_text(1, "2026-03-04", "en")
    ('3 gemeinsame Sitzungen seit März 2026', '1 shared meeting since March 2026')
    """
    from graph.i18n import month_year, plural

    day = date.fromisoformat(since) if isinstance(since, str) else since
    return plural("shared_encounters", evidence, lang, month=month_year(day, lang))
