"""Illustrative meetings and contacts for the Zurich sample (h/memory): made up,
deterministically, like the sample's ties, and labelled so: every meeting's title starts with
"Illustrativ:" and carries the tag ``illustrativ``, every contact's note says so.

What they show: forums that meet (one whose members stay away, for forum health), a pair of
actors without a tie who keep meeting (a suggested tie), and city units with recent and with
old contact (Kontaktpflege). Added once: loading the sample again adds nothing
(:func:`add_illustrative_memory` does nothing when the store holds a meeting tagged
``illustrativ``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from graph.store.base import Audit, Store
from loaders.sample.ties import ASSERTED_BY, SEED

TAG = "illustrativ"
NOTE = "Illustrativ: für das Beispielnetz erfunden, kein wirklicher Kontakt."
#: The sample's meetings lie between these days (all in the past).
FIRST, LAST = date(2025, 7, 1), date(2026, 10, 31)  # after the invitation tests' day
FORUMS = 3


def _days(rng: random.Random, count: int) -> list[date]:
    span = (LAST - FIRST).days
    return sorted(FIRST + timedelta(days=rng.randrange(span)) for _ in range(count))


def illustrative_memory(store: Store) -> list[tuple[str, dict[str, Any]]]:
    """The sample's meetings and contacts as ``("meeting"|"contact", data)``, deterministic."""
    rng = random.Random(SEED + 15)
    S = store.snapshot()
    members: dict[str, list[str]] = {}
    for u, v, data in S.edges(data=True):
        if data.get("kind") == "member_of" and S.nodes[v].get("kind") == "forum":
            members.setdefault(v, []).append(u)
    forums = sorted(f for f, m in members.items() if len(m) >= 4)[:FORUMS]
    out: list[tuple[str, dict[str, Any]]] = []
    for i, forum in enumerate(forums):
        people = sorted(members[forum])
        name = S.nodes[forum].get("name", forum)
        for day in _days(rng, 4):
            stays_away = people[0] if i == 0 and day >= date(2026, 1, 1) else None
            present = [p for p in people if p != stays_away and rng.random() < 0.6]
            if len(present) < 2:
                present = people[:2]
            out.append(("meeting", {"date": day.isoformat(), "title": f"Illustrativ: {name}",
                                    "participants": present, "forum": forum, "tags": [TAG]}))
    tied = {frozenset((u, v)) for u, v in S.edges() if u != v}
    candidates = sorted(v for v, d in S.nodes(data=True)
                        if d.get("kind") in ("association", "institution"))
    pair = next(((a, b) for a in candidates for b in candidates
                 if a < b and frozenset((a, b)) not in tied), None)
    if pair is not None:
        for day in (date(2026, 3, 12), date(2026, 6, 18), date(2026, 9, 24)):
            out.append(("meeting", {"date": day.isoformat(), "title": "Illustrativ: Vernetzungstreffen",
                                    "participants": list(pair), "tags": [TAG]}))
    units = sorted(v for v, d in S.nodes(data=True) if d.get("kind") == "city_unit")
    kinds = ("telefon", "mail", "sitzung", "begehung", "anlass")
    for j, unit in enumerate(units[: len(units) // 2]):
        recent = j % 3 != 0  # every third unit only long ago: Kontaktpflege lists it
        day = date(2026, 9, 1) + timedelta(days=j) if recent else date(2025, 7, 1) + timedelta(days=j)
        out.append(("contact", {"date": day.isoformat(), "kind": kinds[j % len(kinds)],
                                "actors": [unit], "note": NOTE}))
    return out


def add_illustrative_memory(store: Store) -> int:
    """Record the sample's illustrative meetings and contacts once; how many were recorded."""
    page = store.list_meetings(limit=1000)
    if any(TAG in m.tags for m in page.items):
        return 0
    audit = Audit(ASSERTED_BY, "import")
    items = illustrative_memory(store)
    for kind, data in items:
        if kind == "meeting":
            store.record_meeting(data, audit=audit)
        else:
            store.record_contact(data, audit=audit)
    return len(items)
