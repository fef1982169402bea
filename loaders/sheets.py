"""What every reader hands on: tables of rows with the place each row came from.

A reader turns a file into :class:`Sheet` objects (one per table: a CSV file, an Excel sheet)
or, for record formats (JSON, GraphML, GEXF), straight into records with their lines. Problems
with the file itself (empty, binary, a missing column) are :class:`FileProblem`, located like
any :class:`~graph.errors.Problem` as ``file:line: column``.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.config import FileLimits
from graph.errors import InvalidInputError, Problem, TooLargeError

_RECORDS = ("area", "topic", "actor", "tie")


@dataclass(frozen=True)
class FileProblem(Problem):
    """A problem with a file, a header or a cell that the loaders find (their codes are in the
    one catalogue, graph/locale, like every other)."""


class LoadError(InvalidInputError):
    """The files cannot be loaded; ``problems`` say where (``file:line: column``). Nothing was
    written. (Importable from :mod:`loaders.load`.)"""


class FileTooLargeError(LoadError, TooLargeError):
    """A file is over one of the :class:`~graph.config.FileLimits`; ``problems`` name the file
    and the limit. Nothing was written (413 in the API)."""


class FileError(Exception):
    """A file cannot be read at all; carries the problems (one or more)."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(p.render() for p in problems))
        self.problems = list(problems)


@dataclass
class Sheet:
    """One table of a file: its rows as cells, with spreadsheet line numbers.

    ``label`` names it in messages (``akteure.csv``, ``netz.xlsx[Akteure]``); ``headers`` are
    the column names as written; ``fields`` the field each one maps to (None: ignored).
    """

    label: str
    record: str
    headers: list[str]
    fields: list[str | None]
    rows: Iterator[tuple[int, list[Any]]]
    notes: list[Problem] = field(default_factory=list)
    #: releases the open file (called once the rows are read, or if they never are)
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        if self.closer is not None:
            self.closer()
            self.closer = None


#: Problem codes that mean "over a limit" (413 in the API), not "wrong" (422).
TOO_LARGE = frozenset(
    {
        "file_too_large",
        "unpacked_too_large",
        "member_too_large",
        "zip_ratio",
        "zip_members",
        "too_many_rows",
        "too_many_cells_in_file",
    }
)

#: Most digits a number in a file may have: weights are 1..5, and float() of a longer one
#: is not exact (an int of 5,000 digits cannot even be converted).
MAX_DIGITS = 15
_MAX_INT = 10**MAX_DIGITS


def size_text(n: int | float) -> str:
    """Bytes as a person reads them: ``512 MB``, ``900 Bytes``."""
    return f"{n / 1024**2:.0f} MB" if n >= 1024**2 else f"{n:.0f} Bytes"


class Budget:
    """Rows and cells one file may still hold: counted while the file is read, so a file over
    :class:`FileLimits` is refused as soon as it passes the limit, before it is held whole."""

    def __init__(self, limits: FileLimits | None, label: str) -> None:
        limits = limits or FileLimits()
        self.max_rows, self.max_cells = limits.max_rows, limits.max_cells
        self.label = label
        self.rows = 0
        self.cells = 0

    def take(self, cells: int, line: int | None, where: str | None = None, *, row: bool = True) -> None:
        """Count one row of ``cells`` cells (``row=False``: cells only, e.g. an empty row)."""
        self.rows += row
        self.cells += cells
        if self.rows > self.max_rows or self.cells > self.max_cells:
            self._refuse(line, where)

    def _refuse(self, line: int | None, where: str | None) -> None:
        if self.rows > self.max_rows:
            code, limit, setting = "too_many_rows", self.max_rows, "QUARTIERNETZ_MAX_ROWS"
        else:
            code, limit, setting = "too_many_cells_in_file", self.max_cells, "QUARTIERNETZ_MAX_CELLS"
        problem = FileProblem(code, {"limit": limit, "setting": setting}, file=where or self.label, line=line)
        raise FileError(problem)


def bad_number(value: Any) -> str | None:
    """The text of ``value`` if it is a number no record can hold (infinite, not a number, more
    than :data:`MAX_DIGITS` digits), else None. Text that is no number at all is left to the
    record checks (they say "not a number")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -_MAX_INT < value < _MAX_INT else _short(str(value))
    if isinstance(value, float):
        return None if math.isfinite(value) else str(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            return None
        mantissa = text.lower().split("e")[0]
        if not math.isfinite(number) or sum(ch.isdigit() for ch in mantissa) > MAX_DIGITS:
            return _short(text)
    return None


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)})"


class Records:
    """Records read from files, ready for :meth:`Store.apply`, and where each came from.

    Places are kept compactly (an array of line numbers and the file of each run of rows):
    a million rows would otherwise cost a hundred megabytes of tuples.
    """

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {r: [] for r in _RECORDS}
        self._lines: dict[str, array[int]] = {r: array("l") for r in _RECORDS}
        self._files: dict[str, list[tuple[int, str]]] = {r: [] for r in _RECORDS}
        #: per file label: field -> column name as written in that file
        self.columns: dict[str, dict[str, str]] = {}
        #: problems found while reading (bad files, headers, cells)
        self.problems: list[Problem] = []
        #: notes that do not stop a load (ignored columns)
        self.notes: list[Problem] = []
        #: the memory records of a JSON or Excel file (needs, meetings, contacts: see
        #: :mod:`loaders.memory`): kind -> (record, file label, line)
        self.memory: dict[str, list[tuple[dict[str, Any], str, int | None]]] = {}

    def add(self, record: str, raw: dict[str, Any], label: str, line: int | None) -> None:
        if record == "tie":
            weight = raw.get("weight")
            kind = type(weight)  # exact types, the common cases first: cheaper than isinstance
            quick = ((kind is int and -_MAX_INT < weight < _MAX_INT)  # type: ignore[operator]
                     or (kind is str and len(weight) < 3))  # type: ignore[arg-type]
            if weight is not None and not quick and (text := bad_number(weight)):
                self.problems.append(
                    FileProblem(
                        "bad_number",
                        {"value": text},
                        record=record,
                        field="weight",
                        file=label,
                        line=line,
                        column=self.columns.get(label, {}).get("weight", "weight"),
                    )
                )
        rows = self.rows[record]
        files = self._files[record]
        if not files or files[-1][1] != label:
            files.append((len(rows), label))
        rows.append(raw)
        self._lines[record].append(0 if line is None else line)

    def where(self, record: str, index: int) -> tuple[str, int | None]:
        """(file label, line) of a row."""
        files = self._files[record]
        pos = bisect_right(files, index, key=lambda seg: seg[0]) - 1
        line = self._lines[record][index]
        return files[pos][1], (line or None)

    def sort(self, record: str, key: Callable[[dict[str, Any]], str]) -> None:
        """Put the rows of ``record`` in ``key`` order (stable), keeping their places.

        Rows written in id order go into SQLite's indexes two to three times faster than in
        file order (measured: 500,000 ties 18 s instead of 36 s)."""
        rows = self.rows[record]
        if len(rows) < 2:
            return
        keys = [key(r) for r in rows]
        order = sorted(range(len(rows)), key=keys.__getitem__)
        if all(i == j for i, j in enumerate(order)):
            return
        labels = [self.where(record, i)[0] for i in range(len(rows))]
        lines = self._lines[record]
        self.rows[record] = [rows[i] for i in order]
        self._lines[record] = array("l", (lines[i] for i in order))
        files: list[tuple[int, str]] = []
        for pos, i in enumerate(order):
            if not files or files[-1][1] != labels[i]:
                files.append((pos, labels[i]))
        self._files[record] = files

    def batch(self) -> dict[str, list[dict[str, Any]]]:
        return {r + "s": rows for r, rows in self.rows.items() if rows}

    def __len__(self) -> int:
        return sum(len(v) for v in self.rows.values())


def build_sheet(
    label: str,
    headers: list[Any],
    rows: Iterator[tuple[int, list[Any]]],
    record: str | None,
    closer: Callable[[], None] | None = None,
) -> Sheet:
    """Check a table's header and name the field of each column.

    ``record`` comes from the file or sheet name if that says; else the columns decide.
    Raises :class:`FileError` for a header that cannot work (a required column missing).
    """
    from loaders.columns import COLUMNS, REQUIRED, field_for, table_from_headers

    names = ["" if h is None else str(h).strip().lstrip("\ufeff") for h in headers]
    record = record or table_from_headers(names)
    if record is None:
        raise FileError(FileProblem("unknown_table", file=label, line=1))
    fields: list[str | None] = []
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    notes: list[Problem] = []
    for name in names:
        fld = field_for(record, name) if name else None
        if fld and fld in seen:
            problems.append(
                FileProblem("duplicate_column", {"column": name}, file=label, line=1, column=name)
            )
            fld = None
        elif fld:
            seen[fld] = name
        elif name:
            notes.append(
                FileProblem(
                    "unknown_column",
                    {"column": name, "known": ", ".join(COLUMNS[record])},
                    file=label,
                    line=1,
                    column=name,
                )
            )
        fields.append(fld)
    found = ", ".join(n for n in names if n) or "-"
    for required in REQUIRED[record]:
        if required not in seen:
            problems.append(
                FileProblem(
                    "missing_column",
                    {"column": required, "found": found},
                    file=label,
                    line=1,
                    column=required,
                )
            )
    if problems:
        raise FileError(*problems)
    return Sheet(label, record, names, fields, rows, notes, closer)
