"""Loading files into a store: read, check every row, write all or nothing.

:func:`read_files` turns CSV, Excel, JSON, GraphML and GEXF files into raw records, remembering
the file, line and column of each. :func:`load_files` hands them to :meth:`Store.apply` (which
checks each record and then the batch against itself and the store, in one transaction) and
maps every problem back to ``file:line: column``. With ``skip_invalid`` the invalid rows, and
the rows that depend on them, are left out and the rest is loaded.

Hostile files: every file is held to :class:`~graph.config.FileLimits` (bytes, unpacked
bytes of an .xlsx, rows and cells counted while reading); a file over one is refused with
:class:`FileTooLargeError` (413 in the API) naming the limit and its setting. Any other exception
a file causes in a reader (a cut-off zip, XML or JSON, nesting too deep, a number too long)
becomes a problem of that file, never a traceback; nothing is written in either case.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.config import FileLimits
from graph.errors import InvalidInputError, Problem
from graph.store.base import ApplyResult, Store
from loaders import words
from loaders.columns import RECORDS, row_maker
from loaders.locate import drop_invalid, locate, sort_key
from loaders.sheets import (
    TOO_LARGE,
    FileError,
    FileProblem,
    FileTooLargeError,
    LoadError,
    Records,
    Sheet,
    size_text,
)

if TYPE_CHECKING:
    from loaders.generic import ImportChoices

FORMATS = ("csv", "xlsx", "json", "graphml", "gexf")
_ENDINGS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".graphml": "graphml",
    ".xml": "graphml",
    ".gexf": "gexf",
}


@dataclass
class LoadReport:
    """What a load did (or, with ``dry_run``, would do)."""

    result: ApplyResult
    files: list[str]
    rows: int
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    #: the memory records (JSON, Excel): ``need`` and ``encounter`` -> created, updated,
    #: unchanged (empty when the files held none)
    memory: dict[str, dict[str, int]] = field(default_factory=dict)


def detect_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    found = _ENDINGS.get(path.suffix.lower())
    if found is None:
        raise FileError(FileProblem("unknown_format", file=path.name))
    return found


def read_files(
    paths: Sequence[Path],
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    progress: bool = False,
    limits: FileLimits | None = None,
    choices: ImportChoices | None = None,
) -> Records:
    """Read every file; problems with files and headers are collected, not raised.

    Every exception a file causes becomes a problem of that file (``file_unreadable`` at the
    least), so a hostile file can never end in a traceback."""
    limits = limits or FileLimits.from_settings()
    records = Records()
    bar = _progress(progress)
    names = [p.name for p in paths]
    try:
        for path in paths:
            label = path.name if names.count(path.name) == 1 else str(path)
            if not path.is_file():
                records.problems.append(FileProblem("file_missing", file=str(path)))
                continue
            sheets: list[Sheet] = []
            try:
                kind = detect_format(path, fmt)
                size = path.stat().st_size
                if size > limits.max_file_bytes:
                    raise FileError(
                        FileProblem(
                            "file_too_large",
                            {
                                "size": size_text(size),
                                "limit": size_text(limits.max_file_bytes),
                                "setting": "QUARTIERNETZ_MAX_FILE_BYTES",
                            },
                            file=label,
                        )
                    )
                if kind == "csv":
                    from loaders.csvfile import read_csv

                    sheets = [read_csv(path, label=label, encoding=encoding, limits=limits)]
                elif kind == "xlsx":
                    from loaders.excel import read_xlsx

                    sheets = read_xlsx(path, label=label, limits=limits, records=records)
                elif kind == "json":
                    from loaders.jsonfile import read_json

                    read_json(path, records, label=label, encoding=encoding, limits=limits)
                else:
                    from loaders.graphfiles import read_graph

                    read_graph(path, records, fmt=kind, label=label, limits=limits, choices=choices)
                for sheet in sheets:
                    _consume(sheet, records, bar)
            except FileError as exc:
                records.problems.extend(exc.problems)
            except Exception as exc:  # whatever else a file causes: said once, in our words
                detail = (str(exc).splitlines() or [""])[0][:200]
                records.problems.append(
                    FileProblem(
                        "file_unreadable",
                        {"detail": f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__},
                        file=label,
                    )
                )
            finally:
                for sheet in sheets:
                    sheet.close()
    finally:
        if bar is not None:
            bar.close()
    return records


def _progress(enabled: bool) -> Any:
    """A row counter on a terminal; None (silent) in a pipe or CI."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(
        desc=words.word("reading"), unit=words.word("rows"), disable=None, leave=False, mininterval=0.5
    )


def _consume(sheet: Sheet, records: Records, bar: Any) -> None:
    records.columns[sheet.label] = {f: h for f, h in zip(sheet.fields, sheet.headers, strict=True) if f}
    records.notes.extend(sheet.notes)
    record, label = sheet.record, sheet.label
    make = row_maker(record, sheet.fields)
    add = records.add
    count = 0
    for line, cells in sheet.rows:
        add(record, make(cells), label, line)
        count += 1
        if bar is not None and count % 1000 == 0:
            bar.update(1000)
    if bar is not None:
        bar.update(count % 1000)


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while a big batch is built (there is no cyclic garbage,
    and collecting over a million fresh objects again and again costs a third of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_files(
    store: Store,
    paths: Sequence[Path],
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: bool = False,
    limits: FileLimits | None = None,
    choices: ImportChoices | None = None,
    user: str = "load",
    memory: bool = True,
) -> LoadReport:
    """Load files into ``store`` in one transaction.

    The memory records of JSON and Excel files (needs, meetings, contacts:
    :mod:`loaders.memory`) are written in the same transaction (audited as imported by
    ``user``); a refused one stops the whole load, also with ``skip_invalid``. A store wrapper
    with ``load_checks`` (:class:`loaders.memory.LoadChecks`: the API's upload) has them
    checked inside that transaction. With ``memory`` False they are left out with a note.

    ``limits`` bound what each file may hold (default: from the settings, i.e. the
    ``QUARTIERNETZ_MAX_...`` environment variables). ``choices`` say how GraphML and GEXF
    nodes and edges without our kinds and ids become actors and ties
    (:class:`loaders.generic.ImportChoices`).

    Raises
    ------
    FileTooLargeError
        a file is over a limit (the problems name it); nothing was written.
    LoadError
        listing every problem as ``file:line: column: message``; nothing was written.
    """
    with _bulk():
        records = read_files(
            paths, fmt=fmt, encoding=encoding, progress=progress, limits=limits, choices=choices
        )
        if records.problems:
            problems = sorted(records.problems, key=_order(paths))
            if any(p.code in TOO_LARGE for p in problems):
                raise FileTooLargeError(problems)
            raise LoadError(problems)
        held = [place for places in records.memory.values() for place in places]
        if held and not memory:
            records.notes.append(FileProblem("memory_not_loaded", {"count": len(held)},
                                             file=held[0][1]))
            records.memory.clear()
        for record in ("actor", "tie"):  # id order: much faster into the store's indexes
            records.sort(record, partial(sort_key, record))
        skipped: list[Problem] = []
        dropped: dict[str, set[int]] = {r: set() for r in RECORDS}
        memory_counts: dict[str, dict[str, int]] = {}
        for _attempt in range(5):
            batch = _batch(records, dropped)
            try:
                if any(records.memory.values()):
                    from loaders.memory import apply_with_memory

                    result = apply_with_memory(store, batch, records.memory, dry_run=dry_run,
                                               user=user, counts=memory_counts)
                else:
                    result = store.apply(batch, dry_run=dry_run)
                break
            except LoadError:
                raise
            except InvalidInputError as exc:
                located = sorted(locate(exc.problems, records, dropped), key=_order(paths))
                if not skip_invalid or any(p.index is None for p in located):
                    raise LoadError(_areas_first(located, paths) + located) from None
                skipped.extend(located)
                drop_invalid(located, records, dropped, skipped)
        else:
            raise LoadError(skipped)
    skipped.sort(key=_order(paths))
    return LoadReport(result, [p.name for p in paths], len(records), skipped, records.notes,
                      memory_counts)


def _areas_first(problems: list[Problem], paths: Sequence[Path]) -> list[Problem]:
    """One closing line when a GEXF file names areas or topics the store does not know: a GEXF
    export without ``--with-areas-topics`` holds them only as the actors' attributes."""
    unknown = {p.params.get("id") for p in problems if p.code in ("unknown_area", "unknown_topic")}
    gexf = [p.name for p in paths if p.suffix.lower() == ".gexf"]
    if not unknown or not gexf:
        return []
    return [Problem("gexf_areas_first", {"file": gexf[0], "count": len(unknown)})]


def _batch(records: Records, dropped: dict[str, set[int]]) -> dict[str, list[dict[str, Any]]]:
    if not any(dropped.values()):
        return records.batch()
    return {
        r + "s": [row for i, row in enumerate(rows) if i not in dropped[r]]
        for r, rows in records.rows.items()
    }


def _order(paths: Sequence[Path]) -> Any:
    rank = {**{str(p): i for i, p in enumerate(paths)}, **{p.name: i for i, p in enumerate(paths)}}
    return lambda p: (rank.get(p.file or "", -1), p.file or "", p.line or 0, p.column or "")
