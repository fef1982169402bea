"""GraphML and GEXF files in and out: which reader and writer, and the import choices.

The one place :mod:`loaders.load` and :mod:`loaders.export` call for graph files (the readers
and writers are in :mod:`loaders.gexf` and :mod:`loaders.graphml`, what they share in
:mod:`loaders.xmlgraph`, the choices in :mod:`loaders.generic`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.generic import ImportChoices, add_records
from loaders.gexf import parse_gexf, write_gexf
from loaders.graphml import add_graph_data, parse_graphml, write_graphml
from loaders.sheets import Budget, FileError, FileProblem, Records


def write_graph(
    path: Path, tables: dict[str, list[dict[str, Any]]], *, fmt: str, include_personal: bool, **shape: Any
) -> None:
    if fmt == "graphml":
        write_graphml(path, tables, include_personal=include_personal, **shape)
    else:
        write_gexf(path, tables, include_personal=include_personal, **shape)


def read_graph(
    path: Path,
    records: Records,
    *,
    fmt: str,
    label: str | None = None,
    limits: Any = None,
    choices: ImportChoices | None = None,
) -> None:
    """Add the records of a GraphML or GEXF file to ``records``, each with its line."""
    label = label or path.name
    if path.stat().st_size == 0:
        raise FileError(FileProblem("file_empty", file=label))
    budget = Budget(limits, label)
    if fmt == "graphml":
        fg = parse_graphml(path, label, budget)
        add_graph_data(fg, records, label)
    else:
        fg = parse_gexf(path, label, budget)
    add_records(fg, records, label, choices)
