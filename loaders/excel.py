"""Excel workbooks (``.xlsx``) in and out, with openpyxl.

A workbook holds up to four sheets named ``Akteure``/``actors``, ``Beziehungen``/``ties``,
``Gebiete``/``areas``, ``Themen``/``topics`` (any case), with the same columns as the CSV files.
Other sheets are ignored. Line numbers are Excel's row numbers. Dates may be date cells or text
(``2024-05-01``, ``01.05.2024``). On export every cell is text, and one that starts with ``=``,
``+``, ``-`` or ``@`` gets a leading ``'`` (formula injection); reading removes it again.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from loaders.columns import RECORDS, SHEET_NAMES, neutralise, table_from_name
from loaders.sheets import FileError, FileProblem, Sheet, build_sheet


def _cell_text(value: Any) -> Any:
    """An Excel cell value as the text a CSV cell would hold."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, *, label: str | None = None) -> list[Sheet]:
    """The known sheets of a workbook (each read through: Excel's limit is a million rows)."""
    from openpyxl import load_workbook

    label = label or path.name
    if path.stat().st_size == 0:
        raise FileError(FileProblem("file_empty", file=label))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError(
            FileProblem("not_xlsx", {"detail": str(exc) or type(exc).__name__}, file=label)
        ) from exc
    sheets: list[Sheet] = []
    try:
        by_record: dict[str, Any] = {}
        for ws in book.worksheets:
            record = table_from_name(ws.title)
            if record and record not in by_record:
                by_record[record] = ws
        if not by_record:
            raise FileError(
                FileProblem(
                    "no_sheets", {"found": ", ".join(ws.title for ws in book.worksheets) or "-"}, file=label
                )
            )
        problems = []
        for record in RECORDS:
            ws = by_record.get(record)
            if ws is None:
                continue
            sheet_label = f"{label}[{ws.title}]"
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None or not any(h is not None and str(h).strip() for h in header):
                problems.append(FileProblem("file_empty", file=sheet_label))
                continue
            # read each sheet through before the next: openpyxl's read-only sheets lose
            # shared strings when read interleaved
            body = list(_rows(rows))
            try:
                sheets.append(build_sheet(sheet_label, list(header), iter(body), record))
            except FileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise FileError(*problems)
    finally:
        book.close()
    return sheets


def _rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[Any]]]:
    for line, values in enumerate(rows, start=2):
        cells = [_cell_text(v) for v in values]
        if any(c is not None and str(c).strip() for c in cells):
            yield line, cells


def write_xlsx(path: Path, tables: dict[str, tuple[tuple[str, ...], Any]]) -> None:
    """Write ``{record: (headers, rows)}`` as one sheet per record, every cell as text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for record in RECORDS:
        if record not in tables:
            continue
        headers, rows = tables[record]
        ws = book.create_sheet(SHEET_NAMES[record])
        ws.append(list(headers))
        for row in rows:
            # every value as text; after neutralise() none starts with "=", so openpyxl
            # writes plain text cells, never formulas
            ws.append([None if v is None else neutralise(str(v)) for v in row])
    book.save(path)
