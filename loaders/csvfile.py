"""CSV files in and out: one table per file, recognised by its name or its header.

Reading streams the file (it is never read whole): the encoding is detected from the first
64 KiB (a UTF-8 BOM, valid UTF-8, else Windows-1252 as Swiss Excel writes it; ``--encoding``
overrides), the delimiter (``,`` ``;`` or tab) by :class:`csv.Sniffer`. Line numbers are rows as
a spreadsheet shows them: the header is row 1, a cell with line breaks stays one row.
Writing uses UTF-8 with a BOM and ``,`` (Excel opens it with umlauts intact); a cell that starts
with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'`` so no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from graph.config import FileLimits
from loaders.columns import neutralise, table_from_name
from loaders.sheets import Budget, FileError, FileProblem, Sheet, build_sheet

SAMPLE_BYTES = 64 * 1024
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13))


def detect_encoding(head: bytes, label: str) -> str:
    """The encoding of a text file from its first bytes; FileError if it is binary."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(FileProblem("file_binary", {"hint": _hint("xlsx")}, file=label))
    control = sum(head.count(bytes([b])) for b in _CONTROL)
    if b"\x00" in head or control > max(2, len(head) // 100):
        raise FileError(FileProblem("file_binary", {"hint": ""}, file=label))
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _hint(kind: str) -> str:
    from loaders import words

    return words.say("hint_xlsx") if kind == "xlsx" else ""


def open_text(path: Path, label: str, encoding: str | None) -> tuple[TextIO, str]:
    """Open a CSV file for streaming, with its encoding detected unless given."""
    with path.open("rb") as raw:
        head = raw.read(SAMPLE_BYTES)
    if not head.strip():
        raise FileError(FileProblem("file_empty", file=label))
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise FileError(FileProblem("unknown_encoding", {"encoding": encoding}, file=label)) from None
        if head.startswith(codecs.BOM_UTF8) and codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
    else:
        encoding = detect_encoding(head, label)
    return path.open(encoding=encoding, newline="", errors="strict"), encoding


def _dialect(delimiter: str) -> type[csv.Dialect]:
    class Chosen(csv.excel):
        pass

    Chosen.delimiter = delimiter
    return Chosen


def sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """``,``, ``;`` or tab.

    The header decides first: the delimiter that splits it into the most column names we know
    (a description full of commas cannot fool it). Failing that, :class:`csv.Sniffer` on the
    first lines, and failing that the character the header line holds most.
    """
    from loaders.columns import RECORDS, field_for

    lines = sample.splitlines()
    first = lines[0].lstrip("\ufeff") if lines else ""
    scores = {}
    for delimiter in ",;\t":
        cells = next(csv.reader([first], delimiter=delimiter), [])
        scores[delimiter] = sum(1 for c in cells if any(field_for(r, c) for r in RECORDS))
    best = max(scores, key=lambda d: scores[d])
    if scores[best] >= 2 and list(scores.values()).count(scores[best]) == 1:
        return _dialect(best)
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:50]), delimiters=",;\t")
        dialect.doublequote = True  # the sniffer guesses this wrongly on short samples
        return dialect
    except csv.Error:
        return _dialect(max(",;\t", key=first.count))


def read_csv(
    path: Path, *, label: str | None = None, encoding: str | None = None, limits: FileLimits | None = None
) -> Sheet:
    """A CSV file as a :class:`Sheet`; rows are read lazily as the sheet is consumed (and
    counted: more than ``limits`` allow stops the reading with a FileError)."""
    label = label or path.name
    handle, used = open_text(path, label, encoding)
    try:
        sample = handle.read(SAMPLE_BYTES)
    except UnicodeDecodeError as exc:
        handle.close()
        raise FileError(
            FileProblem("bad_encoding", {"encoding": used, "detail": str(exc)}, file=label, line=1)
        ) from exc
    handle.seek(0)
    if used == "utf-8-sig" or sample.startswith("\ufeff"):
        # skip a BOM that the codec kept
        if handle.read(1) != "\ufeff":
            handle.seek(0)
    reader = csv.reader(handle, sniff_dialect(sample))
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        handle.close()
        raise FileError(_row_problem(exc, label, 1, used)) from exc
    if header is None or not any(h.strip() for h in header):
        handle.close()
        raise FileError(FileProblem("file_empty", file=label))
    try:
        return build_sheet(
            label,
            header,
            _rows(reader, handle, label, used, len(header), Budget(limits, label)),
            table_from_name(path.stem),
            handle.close,
        )
    except FileError:
        handle.close()
        raise


def _row_problem(exc: Exception, label: str, line: int, encoding: str) -> FileProblem:
    if isinstance(exc, UnicodeDecodeError):
        return FileProblem("bad_encoding", {"encoding": encoding, "detail": str(exc)}, file=label, line=line)
    return FileProblem("bad_csv", {"detail": str(exc)}, file=label, line=line)


def _rows(
    reader: Any, handle: TextIO, label: str, encoding: str, width: int, budget: Budget
) -> Iterator[tuple[int, list[Any]]]:
    line = 1
    try:
        while True:
            line += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise FileError(_row_problem(exc, label, line, encoding)) from exc
            if not cells or not any(c.strip() for c in cells):
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise FileError(
                    FileProblem(
                        "too_many_cells", {"count": len(cells), "header": width}, file=label, line=line
                    )
                )
            budget.take(len(cells), line)
            yield line, cells
    finally:
        handle.close()


def write_csv(path: Path, headers: list[str] | tuple[str, ...], rows: Any) -> int:
    """Write a table as UTF-8 (with BOM) CSV; returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else (neutralise(v) if isinstance(v, str) else v) for v in row])
            count += 1
    return count


def csv_text(headers: list[str], rows: list[list[Any]]) -> str:
    """A small table as CSV text (for tests and the command line)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()
