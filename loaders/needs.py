"""Needs (Anliegen) in and out of a JSON file, history included::

    {"format": "quartiernetz-needs", "version": 1, "needs": [
    {"id": "anliegen-...", "title": "...", "status": "vermittelt", "areas": [...], ...}
    ]}

One need per line (an error names the line of the file as a whole). The records are the
fields of :class:`graph.model.needs.Need`; :meth:`graph.store.needs.NeedStore.import_needs`
checks them (all or nothing). Hostile JSON is refused as in :mod:`loaders.jsonfile`: numbers
no record holds (``1e400``, ``NaN``, 4,300 digits), nesting the parser gives up on, a file over
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.errors import InvalidInputError, Problem, TooLargeError
from graph.model.needs import Need
from loaders.columns import neutralise
from loaders.jsonfile import _BadNumber, _flaw, _parse_float, _parse_int

FORMAT = "quartiernetz-needs"
VERSION = 1
#: The largest needs file read (20,000 needs with their history take about 20 MB).
MAX_BYTES = 100 * 1024 * 1024


def write_needs_json(needs: Iterable[Need], path: Path) -> None:
    """Write every need (with its history) in the documented shape, one need per line."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "needs": [')
        sep = "\n"
        for need in needs:
            out.write(sep + json.dumps(need.model_dump(mode="json"), ensure_ascii=False,
                                       sort_keys=True))
            sep = ",\n"
        out.write("\n]}\n")


def read_needs_json(path: Path) -> list[dict[str, Any]]:
    """The needs of a file written by :func:`write_needs_json`, as raw dicts for the store.

    Raises InvalidInputError naming the file (and line) for anything but that shape;
    TooLargeError for a file over :data:`MAX_BYTES`.
    """
    label = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TooLargeError([Problem("file_too_large", {"size": size, "limit": MAX_BYTES,
                                                            "setting": "loaders.needs.MAX_BYTES"},
                                         file=label)])
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError([Problem("bad_json", {"detail": str(exc)}, file=label)]) from exc
    try:
        data = json.loads(text, parse_float=_parse_float, parse_int=_parse_int,
                          parse_constant=_BadNumber)
    except json.JSONDecodeError as exc:
        raise InvalidInputError([Problem("bad_json", {"detail": exc.msg}, file=label,
                                         line=exc.lineno)]) from exc
    except (RecursionError, ValueError) as exc:
        raise InvalidInputError([Problem("bad_json", {"detail": type(exc).__name__},
                                         file=label)]) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(
            data.get("needs"), list):
        raise InvalidInputError([Problem("needs_json_shape", {}, file=label)])
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for index, row in enumerate(data["needs"]):
        flaw = _flaw(row) if isinstance(row, dict) else ("needs_json_shape", None, None)
        if flaw is not None:
            problems.append(Problem(flaw[0], {"value": str(flaw[2]), "limit": 8},
                                    record="need", index=index, field=flaw[1], file=label,
                                    line=index + 2))
            continue
        rows.append(row)
    if problems:
        raise InvalidInputError(problems)
    return rows


#: The columns of the Excel export's two sheets.
NEED_COLUMNS = ("id", "title", "status", "raised_on", "raised_by", "areas", "topics",
                "assigned_to", "follow_up", "round_table", "reason", "description")
STEP_COLUMNS = ("need", "on", "status", "action", "by", "actor", "note")


def write_needs_xlsx(needs: Iterable[Need], path: Path) -> None:
    """Write the needs as a workbook for reading (sheet ``Anliegen``, one row per need, lists
    as ``a|b``; sheet ``Verlauf``, one row per step); every cell as text, formulas
    neutralised. The round trip is the JSON file (:func:`write_needs_json`)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    needs_sheet, steps_sheet = book.create_sheet("Anliegen"), book.create_sheet("Verlauf")
    needs_sheet.append(list(NEED_COLUMNS))
    steps_sheet.append(list(STEP_COLUMNS))
    for need in needs:
        row = need.model_dump(mode="json")
        row["assigned_to"] = need.assigned_to
        needs_sheet.append([_cell(row.get(c)) for c in NEED_COLUMNS])
        for step in row["history"]:
            steps_sheet.append([_cell(v) for v in (need.id, step["on"], step["status"],
                                                   step["action"], step["by"], step["actor"],
                                                   step["note"])])
    book.save(path)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = "|".join(str(v) for v in value)
    return neutralise(str(value))
