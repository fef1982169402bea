"""The "who to invite" scenario, written through the real SQLite store, and a builder for
literal graphs.

Kreis 10, topic Jugend. The Jugendamt (a city unit for Kreis 10) is responsible but has only one
weak tie. The OJA Wipkingen works with four youth groups and the Jugendamt. In Höngg, the GZ
Höngg is the only contact of two residents' groups; its one other tie goes to the Quartierverein
Höngg, who knows the OJA: the residents' groups are out of the administration's reach.
Kreis 5 has a youth club of its own (experience elsewhere) and no tie to Kreis 10.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

AS_OF = date(2025, 6, 1)


def scenario_batch() -> dict[str, list[dict]]:
    areas = [
        {"id": "stadt", "name": "Stadt Zürich", "level": "city"},
        {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "stadt"},
        {"id": "wipkingen", "name": "Wipkingen", "level": "quartier", "parent": "kreis-10"},
        {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "kreis-10"},
        {"id": "kreis-5", "name": "Kreis 5", "level": "kreis", "parent": "stadt"},
    ]
    topics = [{"id": "jugend", "name": "Jugend"}, {"id": "alter", "name": "Alter"}]

    def actor(i, name, kind, areas, topics=(), **extra):
        return {"id": i, "name": name, "kind": kind, "areas": list(areas), "topics": list(topics),
                **extra}

    actors = [
        actor("jugendamt", "Jugendamt Kreis 10", "city_unit", ["kreis-10"], ["jugend"]),
        actor("sozialdepartement", "Sozialdepartement", "department", ["stadt"]),
        actor("oja-wipkingen", "OJA Wipkingen", "association", ["wipkingen"], ["jugend"]),
        *(actor(f"jugendtreff-{c}", f"Jugendtreff {c.upper()}", "institution", ["wipkingen"],
                ["jugend"]) for c in "abcd"),
        actor("gz-hoengg", "GZ Höngg", "institution", ["hoengg"], ["alter"]),
        actor("bewohner-ruetihof", "Bewohnergruppe Rütihof", "resident_group", ["hoengg"]),
        actor("bewohner-frankental", "Bewohnergruppe Frankental", "resident_group", ["hoengg"]),
        actor("quartierverein-hoengg", "Quartierverein Höngg", "association", ["hoengg"], ["alter"],
              description="Treffpunkt für alle im Quartier"),
        actor("jugendclub-kreis-5", "Jugendclub Kreis 5", "association", ["kreis-5"], ["jugend"]),
        actor("spitex", "Spitex Zürich", "private_provider", ["stadt"], ["alter"]),
    ]

    def tie(s, t, kind="cooperates_with", weight=3, **extra):
        return {"source": s, "target": t, "kind": kind, "weight": weight, **extra}

    ties = [
        tie("jugendamt", "oja-wipkingen", weight=1, asserted_on="2025-01-10"),
        tie("jugendamt", "sozialdepartement", "part_of"),
        *(tie("oja-wipkingen", f"jugendtreff-{c}", weight=4, asserted_on="2025-03-01") for c in "abcd"),
        tie("oja-wipkingen", "quartierverein-hoengg", weight=2, asserted_on="2019-01-01"),
        tie("gz-hoengg", "quartierverein-hoengg", weight=5, asserted_on="2025-02-01"),
        tie("gz-hoengg", "bewohner-ruetihof", weight=4),
        tie("gz-hoengg", "bewohner-frankental", weight=4),
        tie("spitex", "jugendclub-kreis-5", since="2010-01-01", until="2015-12-31"),
    ]
    return {"areas": areas, "topics": topics, "actors": actors, "ties": ties}


@pytest.fixture
def scenario_store(sqlite_store):
    sqlite_store.init()
    sqlite_store.apply(scenario_batch())
    return sqlite_store


@pytest.fixture
def scenario(scenario_store):
    return scenario_store.snapshot()


SECTOR = {"resident_group": "population", "association": "civil_society",
          "institution": "institution", "private_provider": "private",
          "city_unit": "administration", "department": "administration", "forum": None}


def literal(actors: list[tuple[str, str, list[str], list[str]]],
            ties: list[tuple[str, str, int]], *, part_of: list[tuple[str, str]] = ()) -> nx.MultiDiGraph:
    """A snapshot-shaped graph: ``actors`` as (id, kind, areas, topics), cooperation ties
    (a, b, weight), areas stadt > kreis > q1, q2, topics t1, t2."""
    S = nx.MultiDiGraph(
        areas={"stadt": {"id": "stadt", "name": "Stadt", "parent": None, "covers": []},
               "kreis": {"id": "kreis", "name": "Kreis", "parent": "stadt", "covers": []},
               "q1": {"id": "q1", "name": "Q1", "parent": "kreis", "covers": []},
               "q2": {"id": "q2", "name": "Q2", "parent": "kreis", "covers": []}},
        topics={"t1": {"id": "t1", "name": "T1"}, "t2": {"id": "t2", "name": "T2"}})
    for aid, kind, areas, topics in actors:
        S.add_node(aid, name=aid.upper(), kind=kind, sector=SECTOR[kind], areas=list(areas),
                   topics=list(topics), tags=[], description="")
    for a, b, w in ties:
        a, b = min(a, b), max(a, b)
        S.add_edge(a, b, key=f"cooperates_with:{a}:{b}", kind="cooperates_with", weight=w,
                   since=None, until=None, asserted_on=None)
    for child, parent in part_of:
        S.add_edge(child, parent, key=f"part_of:{child}:{parent}", kind="part_of", weight=5,
                   since=None, until=None, asserted_on=None)
    return S
