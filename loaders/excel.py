"""Excel workbooks (``.xlsx``) in and out, with openpyxl.

A workbook holds up to four sheets named ``Akteure``/``actors``, ``Beziehungen``/``ties``,
``Gebiete``/``areas``, ``Themen``/``topics`` (any case), with the same columns as the CSV files.
The memory's sheets ``Anliegen``, ``Verlauf``, ``Treffen``, ``Kontakte`` (:mod:`loaders.memory`)
are read with ``records``. Other sheets are ignored. Line numbers are Excel's row numbers. Dates
may be date cells or text (``2024-05-01``, ``01.05.2024``). On export every cell is text, and
one that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'`` (formula injection); reading
removes it again.

An .xlsx is a zip: before openpyxl opens it, :func:`check_zip` reads the zip's directory and
refuses a workbook whose members would unpack to more than the limits allow (in total, per
member, or at a ratio no spreadsheet program packs at: a zip bomb), so nothing is unpacked.
Python's zipfile stops at a member's declared size, so a directory that lies cannot get more
past. Rows and cells are then counted while each sheet streams (read-only mode).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graph.config import FileLimits
from graph.errors import Problem
from loaders.columns import RECORDS, SHEET_NAMES, neutralise, table_from_name
from loaders.memory import SHEET_KINDS, rows_from_sheet, sheet_rows
from loaders.sheets import Budget, FileError, FileProblem, Records, Sheet, build_sheet, size_text

#: Members smaller than this are not held to the ratio (small XML parts pack very well).
RATIO_FLOOR = 1024**2

#: What openpyxl and the zip and XML layers under it raise on a broken or cut-off workbook.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
)


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


def _sheet_size(ws: Any) -> None:
    """openpyxl's ``ReadOnlyWorksheet._get_size``, stopping where ``<sheetData>`` starts.

    openpyxl looks for ``<dimension>`` (which comes before the data) with "end" events, so on a
    sheet without one it parses the whole sheet once just to open the workbook (measured: 10 s
    for a 40 MB sheet, 70 s for the 276 MB zip bomb, before a single row could be counted).
    Same answer, read only up to the data."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension

    with ws._get_source() as src:
        for event, element in iterparse(src, events=("start", "end")):
            if event == "end":
                element.clear()
            elif element.tag == DIMENSION_TAG:
                boundaries = SheetDimension.from_tree(element).boundaries
                ws._min_column, ws._min_row, ws._max_column, ws._max_row = boundaries
                return
            elif element.tag == DATA_TAG:
                return


def _patch_openpyxl() -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    if hasattr(ReadOnlyWorksheet, "_get_size"):  # a later openpyxl may have changed it
        ReadOnlyWorksheet._get_size = _sheet_size


def check_zip(path: Path, label: str, limits: FileLimits) -> None:
    """Refuse a workbook that would unpack to more than ``limits`` allow, from the zip's
    directory alone (nothing is unpacked); FileError naming the limit and the setting."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileError(_broken(exc, label)) from exc
    if len(members) > limits.max_zip_members:
        raise FileError(
            FileProblem(
                "zip_members",
                {
                    "count": len(members),
                    "limit": limits.max_zip_members,
                    "setting": "QUARTIERNETZ_MAX_ZIP_MEMBERS",
                },
                file=label,
            )
        )
    problems = []
    for m in members:
        if m.file_size > limits.max_member_bytes:
            problems.append(
                FileProblem(
                    "member_too_large",
                    {
                        "member": m.filename,
                        "size": size_text(m.file_size),
                        "limit": size_text(limits.max_member_bytes),
                        "setting": "QUARTIERNETZ_MAX_MEMBER_BYTES",
                    },
                    file=label,
                )
            )
        elif m.file_size > RATIO_FLOOR and m.file_size > limits.max_zip_ratio * max(1, m.compress_size):
            problems.append(
                FileProblem(
                    "zip_ratio",
                    {
                        "member": m.filename,
                        "ratio": round(m.file_size / max(1, m.compress_size)),
                        "size": size_text(m.file_size),
                        "limit": f"{limits.max_zip_ratio:g}",
                        "setting": "QUARTIERNETZ_MAX_ZIP_RATIO",
                    },
                    file=label,
                )
            )
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked_bytes:
        problems.append(
            FileProblem(
                "unpacked_too_large",
                {
                    "size": size_text(total),
                    "limit": size_text(limits.max_unpacked_bytes),
                    "setting": "QUARTIERNETZ_MAX_UNPACKED_BYTES",
                },
                file=label,
            )
        )
    if problems:
        raise FileError(*problems)


def _broken(exc: BaseException, label: str) -> FileProblem:
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return FileProblem("not_xlsx", {"detail": detail}, file=label)


def read_xlsx(path: Path, *, label: str | None = None, limits: FileLimits | None = None,
              records: Records | None = None) -> list[Sheet]:
    """The known sheets of a workbook (each read through: Excel's limit is a million rows).

    With ``records``, the memory sheets (``Anliegen``, ``Verlauf``, ``Treffen``,
    ``Kontakte``: :mod:`loaders.memory`) go into ``records.memory``."""
    from openpyxl import load_workbook

    _patch_openpyxl()
    label = label or path.name
    limits = limits or FileLimits()
    if path.stat().st_size == 0:
        raise FileError(FileProblem("file_empty", file=label))
    check_zip(path, label, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except _BROKEN as exc:
        raise FileError(_broken(exc, label)) from exc
    sheets: list[Sheet] = []
    budget = Budget(limits, label)
    try:
        by_record: dict[str, Any] = {}
        by_kind: dict[str, Any] = {}
        for ws in book.worksheets:
            kind = SHEET_KINDS.get(ws.title.strip().lower())
            if kind is not None:
                by_kind.setdefault(kind, ws)
                continue
            record = table_from_name(ws.title)
            if record and record not in by_record:
                by_record[record] = ws
        if not by_record:
            raise FileError(
                FileProblem(
                    "no_sheets", {"found": ", ".join(ws.title for ws in book.worksheets) or "-"}, file=label
                )
            )
        problems: list[Problem] = []
        for record in RECORDS:
            ws = by_record.get(record)
            if ws is None:
                continue
            sheet_label = f"{label}[{ws.title}]"
            try:
                rows = ws.iter_rows(values_only=True)
                header = next(rows, None)
                if header is None or not any(h is not None and str(h).strip() for h in header):
                    problems.append(FileProblem("file_empty", file=sheet_label))
                    continue
                budget.take(len(header), 1, sheet_label, row=False)
                # read each sheet through before the next: openpyxl's read-only sheets lose
                # shared strings when read interleaved
                body = list(_rows(rows, budget, sheet_label))
            except _BROKEN as exc:
                raise FileError(_broken(exc, sheet_label)) from exc
            try:
                sheets.append(build_sheet(sheet_label, list(header), iter(body), record))
            except FileError as exc:
                problems.extend(exc.problems)
        for kind in ("need", "step", "meeting", "contact"):
            ws = by_kind.get(kind)
            if ws is None or records is None:
                continue
            sheet_label = f"{label}[{ws.title}]"
            try:
                rows = ws.iter_rows(values_only=True)
                header = next(rows, None)
                if header is None:
                    continue
                budget.take(len(header), 1, sheet_label, row=False)
                body = list(_rows(rows, budget, sheet_label))
            except _BROKEN as exc:
                raise FileError(_broken(exc, sheet_label)) from exc
            rows_from_sheet(kind, list(header), iter(body), sheet_label, records.memory,
                            problems, records.notes)
        if problems:
            raise FileError(*problems)
    finally:
        book.close()
    return sheets


def _rows(rows: Iterator[tuple[Any, ...]], budget: Budget, label: str) -> Iterator[tuple[int, list[Any]]]:
    for line, values in enumerate(rows, start=2):
        cells = [_cell_text(v) for v in values]
        if any(c is not None and str(c).strip() for c in cells):
            budget.take(len(cells), line, label)
            yield line, cells
        else:  # an empty row costs reading too: count it as a cell
            budget.take(max(1, len(cells)), line, label, row=False)


def write_xlsx(path: Path, tables: dict[str, tuple[tuple[str, ...], Any]],
               memory: dict[str, list[dict[str, Any]]] | None = None) -> None:
    """Write ``{record: (headers, rows)}`` as one sheet per record, every cell as text; with
    ``memory`` (:func:`loaders.memory.memory_tables`), its sheets after them (those with rows)."""
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
    if memory is not None and any(memory.values()):
        for name, headers, rows in sheet_rows(memory):
            ws = book.create_sheet(name)
            ws.append(list(headers))
            for row in rows:
                ws.append([None if v is None else neutralise(str(v)) for v in row])
    book.save(path)
