"""Writing the network out: CSV (a folder of four files), Excel, JSON, GraphML, GEXF.

What is written can be loaded again into an empty store and gives the same network (the same
snapshot, timestamps included). JSON and Excel also hold the memory (needs with their history,
meetings, contact log entries: :mod:`loaders.memory`). Personal data (an actor's ``contact``,
the notes of contacts and of need steps) is left out unless ``include_personal`` is set.
``area`` keeps the actors in that area or below it and the ties among them; areas and topics
are always written whole, so the actors' references stay valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graph.store.base import Store
from loaders.columns import RECORDS, cells_from_record, export_columns
from loaders.memory import MEMORY

CSV_FILES = {"area": "areas.csv", "topic": "topics.csv", "actor": "actors.csv", "tie": "ties.csv"}


@dataclass
class ExportReport:
    path: Path
    counts: dict[str, int]
    include_personal: bool


def export_tables(
    store: Store, *, area: str | None = None, include_personal: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """The records to export, as stored (JSON-ready dicts), sorted by id."""
    keep = store.area_and_below(area) if area else None  # NotFoundError for an unknown area
    actors = store._all("actor")
    if keep is not None:
        actors = [a for a in actors if keep.intersection(a.get("areas") or ())]
    if not include_personal:
        actors = [{k: v for k, v in a.items() if k != "contact"} for a in actors]
    ties = store._all("tie")
    if keep is not None:
        ids = {a["id"] for a in actors}
        ties = [t for t in ties if t["source"] in ids and t["target"] in ids]
    from loaders.memory import memory_tables

    memory = memory_tables(store, actors=None if keep is None else {a["id"] for a in actors},
                           include_personal=include_personal)
    return {"area": store._all("area"), "topic": store._all("topic"), "actor": actors, "tie": ties,
            **memory}


def export_network(
    store: Store,
    fmt: str,
    path: Path,
    *,
    area: str | None = None,
    include_personal: bool = False,
    with_areas_topics: bool = False,
    with_hierarchy: bool = False,
    with_measures: bool | None = None,
    network: nx.MultiDiGraph | None = None,
) -> ExportReport:
    """Write the network (or the part in ``area``) to ``path`` in ``fmt``.

    GraphML and GEXF (for Gephi and yEd): actors only, with our measures as node attributes
    (``with_measures``, :mod:`loaders.measures`, computed on ``network``, by default the whole
    network's snapshot (the API gives a read-scoped account's part); None: up to
    ``MEASURES_LIMIT`` actors); ``with_areas_topics`` adds GEXF nodes for areas and topics
    (GraphML always keeps them as graph data), ``with_hierarchy`` the ``part_of`` ties. Both
    together re-import to the same network into an empty store; the other formats always do."""
    tables = export_tables(store, area=area, include_personal=include_personal)
    shape: dict[str, Any] = {}
    if fmt in ("graphml", "gexf"):
        shape = {"with_areas_topics": with_areas_topics, "with_hierarchy": with_hierarchy}
        from loaders.measures import MEASURES_LIMIT, actor_measures

        if with_measures is None:
            with_measures = len(tables["actor"]) <= MEASURES_LIMIT
        if with_measures:
            ids = {a["id"] for a in tables["actor"]}
            measured = actor_measures(store.snapshot() if network is None else network)
            shape["measures"] = {v: m for v, m in measured.items() if v in ids}
    write_tables(tables, fmt, path, include_personal=include_personal, **shape)
    return ExportReport(path, written_counts(tables, fmt, with_areas_topics=with_areas_topics,
                                             with_hierarchy=with_hierarchy), include_personal)


def written_counts(tables: dict[str, list[dict[str, Any]]], fmt: str, *, with_areas_topics: bool,
                   with_hierarchy: bool) -> dict[str, int]:
    """The records the file holds: GraphML and GEXF leave ``part_of`` ties out unless asked, and a
    GEXF without ``with_areas_topics`` names areas and topics only as the actors' attributes, so
    it holds no area or topic records (a re-import needs them in the target store)."""
    counts = {r: len(tables[r]) for r in RECORDS}
    if fmt in ("json", "xlsx"):
        counts |= {k: len(tables.get(k, ())) for k in MEMORY}
    if fmt in ("graphml", "gexf") and not with_hierarchy:
        counts["tie"] = sum(1 for t in tables["tie"] if t["kind"] != "part_of")
    if fmt == "gexf" and not with_areas_topics:
        counts["area"] = counts["topic"] = 0
    return counts


def write_tables(
    tables: dict[str, list[dict[str, Any]]],
    fmt: str,
    path: Path,
    *,
    include_personal: bool = False,
    **shape: Any,
) -> None:
    if fmt == "csv":
        from loaders.csvfile import write_csv

        path.mkdir(parents=True, exist_ok=True)
        for record in RECORDS:
            write_csv(
                path / CSV_FILES[record],
                export_columns(record, include_personal=include_personal),
                _cells(record, tables[record], include_personal),
            )
    elif fmt == "xlsx":
        from loaders.excel import write_xlsx

        write_xlsx(
            path,
            {
                record: (
                    export_columns(record, include_personal=include_personal),
                    _cells(record, tables[record], include_personal),
                )
                for record in RECORDS
            },
            memory={k: tables.get(k, []) for k in MEMORY},
        )
    elif fmt == "json":
        from loaders.jsonfile import write_json

        write_json(path, tables)
    elif fmt in ("graphml", "gexf"):
        from loaders.graphfiles import write_graph

        write_graph(path, tables, fmt=fmt, include_personal=include_personal, **shape)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _cells(record: str, rows: list[dict[str, Any]], include_personal: bool) -> Iterator[list[Any]]:
    for row in rows:
        yield cells_from_record(record, row, include_personal=include_personal)
