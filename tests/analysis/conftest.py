"""A small Zurich-like network, written through the real SQLite store.

Wipkingen: the Quartierverein works with four residents' groups and two city units, who have
no other contact; the GZ meets the Quartierkoordination and Spitex Höngg in the Kreis 10 forum.
Left out: the Seniorentreff Höngg (no ties at all), two residents' groups in Kreis 5 that only
know each other, and an old association whose only tie ended in 2020.
"""

from __future__ import annotations

from datetime import date

import pytest

AS_OF = date(2025, 6, 1)


def zurich_batch() -> dict[str, list[dict]]:
    areas = [
        {"id": "stadt", "name": "Stadt Zürich", "level": "city"},
        {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "stadt"},
        {"id": "wipkingen", "name": "Wipkingen", "level": "quartier", "parent": "kreis-10"},
        {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "kreis-10"},
        {"id": "kreis-5", "name": "Kreis 5", "level": "kreis", "parent": "stadt"},
    ]
    topics = [{"id": t, "name": n} for t, n in
              (("alter", "Alter"), ("jugend", "Jugend"), ("wohnen", "Wohnen"))]

    def actor(i, name, kind, areas, topics=()):
        return {"id": i, "name": name, "kind": kind, "areas": list(areas), "topics": list(topics)}

    actors = [
        actor("quartierverein-wipkingen", "Quartierverein Wipkingen", "association",
              ["wipkingen"], ["alter"]),
        actor("gz-wipkingen", "GZ Wipkingen", "institution", ["wipkingen"], ["jugend"]),
        *(actor(f"bewohner-{c}", f"Bewohnergruppe {c.upper()}", "resident_group", ["wipkingen"],
                ["alter"]) for c in "abcd"),
        actor("sd-quartierkoordination", "Quartierkoordination", "city_unit", ["kreis-10"],
              ["alter", "wohnen"]),
        actor("sd-jugend", "Offene Jugendarbeit", "city_unit", ["kreis-10"], ["jugend"]),
        actor("sozialdepartement", "Sozialdepartement", "department", ["stadt"]),
        actor("forum-k10", "Quartierkonferenz Kreis 10", "forum", ["kreis-10"]),
        actor("spitex-hoengg", "Spitex Höngg", "private_provider", ["hoengg"], ["alter"]),
        actor("seniorentreff-hoengg", "Seniorentreff Höngg", "association", ["hoengg"],
              ["alter"]),
        actor("bewohner-e", "Bewohnergruppe E", "resident_group", ["kreis-5"], ["wohnen"]),
        actor("bewohner-f", "Bewohnergruppe F", "resident_group", ["kreis-5"], ["wohnen"]),
        actor("alt-verein", "Alter Verein", "association", ["kreis-5"], ["wohnen"]),
    ]

    def tie(s, t, kind="cooperates_with", weight=3, **extra):
        return {"source": s, "target": t, "kind": kind, "weight": weight, **extra}

    ties = [
        *(tie("quartierverein-wipkingen", f"bewohner-{c}") for c in "abcd"),
        tie("quartierverein-wipkingen", "sd-quartierkoordination", weight=4),
        tie("quartierverein-wipkingen", "sd-jugend", weight=2),
        tie("quartierverein-wipkingen", "gz-wipkingen", weight=5),
        tie("gz-wipkingen", "forum-k10", "member_of"),
        tie("sd-quartierkoordination", "forum-k10", "member_of"),
        tie("spitex-hoengg", "forum-k10", "member_of", weight=2),
        tie("sd-quartierkoordination", "sozialdepartement", "part_of"),
        tie("sd-jugend", "sozialdepartement", "part_of"),
        tie("sd-quartierkoordination", "gz-wipkingen", "funds", weight=4),
        tie("bewohner-e", "bewohner-f"),
        tie("alt-verein", "sd-jugend", since="2015-01-01", until="2020-12-31"),
    ]
    return {"areas": areas, "topics": topics, "actors": actors, "ties": ties}


@pytest.fixture
def zurich_store(sqlite_store):
    sqlite_store.init()
    sqlite_store.apply(zurich_batch())
    return sqlite_store


@pytest.fixture
def zurich(zurich_store):
    """The snapshot with every tie (expired ones too)."""
    return zurich_store.snapshot()
