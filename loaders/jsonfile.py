"""The JSON format: the whole network (or part of it) as one object.

::

    {
    "format": "quartiernetz",
    "version": 1,
    "areas": [
    {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "zuerich", ...}
    ],
    "topics": [ {"id": "alter", "name": "Alter", "description": ""} ],
    "actors": [ {"id": "gz-wipkingen", "name": "GZ Wipkingen", "kind": "institution",
                 "areas": ["wipkingen"], "topics": ["alter"], ...} ],
    "ties": [ {"source": "gz-wipkingen", "target": "qv-wipkingen", "kind": "cooperates_with",
               "weight": 4, "since": "2021-03-01", "method": "meeting", ...} ],
    "needs": [ ... ], "meetings": [ ... ], "contacts": [ ... ]
    }

``needs``, ``meetings`` and ``contacts`` (the memory, :mod:`loaders.memory`) are written only
when there are any, and loaded in the network's transaction.

Each record has the fields of :mod:`graph.model` (lists as JSON lists, dates ISO); ``id`` of a
tie and ``sector`` of an actor are derived and ignored on the way in; every list may be missing.
The export writes one record per line, so an error names the record's line.

Hostile JSON: numbers no record can hold (``1e400``, ``NaN``, ``Infinity``, an integer of more
than 15 digits; Python's own parser would make them ``inf`` or fail on 4,300 digits) are kept
as text while parsing and refused with the field and line; nesting deeper than
:data:`MAX_DEPTH` inside a record, or so deep the parser gives up (``RecursionError``), is
refused with the line; a file cut off anywhere says where it ends.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph.config import FileLimits
from loaders.columns import RECORDS
from loaders.memory import JSON_KEYS as MEMORY_KEYS
from loaders.memory import MEMORY
from loaders.sheets import MAX_DIGITS, Budget, FileError, FileProblem, Records

#: Deepest nesting inside one record (a record is an object, ``contact`` an object in it,
#: ``areas`` a list of strings: three levels are all a valid one needs).
MAX_DEPTH = 8

FORMAT = "quartiernetz"
VERSION = 1
_KEYS = {r + "s": r for r in RECORDS}
_WS = " \t\r\n"


class _BadNumber(str):
    """A number as written in the file, which no record can hold (kept as text, refused)."""


def _parse_float(text: str) -> float | _BadNumber:
    number = float(text)
    digits = sum(ch.isdigit() for ch in text.lower().split("e")[0])
    return number if math.isfinite(number) and digits <= MAX_DIGITS else _BadNumber(text)


def _parse_int(text: str) -> int | _BadNumber:
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else _BadNumber(text)


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)})"


_PLAIN = frozenset({str, int, float, bool, type(None)})  # _BadNumber is not among them


def _flaw(value: Any, depth: int = 1) -> tuple[str, str | None, Any] | None:
    """The first thing in a record no record can hold: (code, field, value) or None."""
    if type(value) is dict and all(type(v) in _PLAIN for v in value.values()):
        return None  # a flat record (every tie, most areas): nothing to look into
    stack: list[tuple[Any, int, str | None]] = [(value, depth, None)]
    while stack:
        item, level, field = stack.pop()
        if level > MAX_DEPTH:
            return "json_too_deep", field, None
        if isinstance(item, _BadNumber):
            return "bad_number", field, item
        if isinstance(item, dict):
            stack.extend((v, level + 1, field or str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, level + 1, field) for v in item)
    return None


def read_json(
    path: Path,
    records: Records,
    *,
    label: str | None = None,
    encoding: str | None = None,
    limits: FileLimits | None = None,
) -> None:
    """Add the records of a JSON file to ``records``, each with its line."""
    label = label or path.name
    budget = Budget(limits, label)
    data = path.read_bytes()
    if not data.strip():
        raise FileError(FileProblem("file_empty", file=label))
    try:
        text = data.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as exc:
        raise FileError(FileProblem("bad_json", {"detail": str(exc)}, file=label)) from exc
    decoder = json.JSONDecoder(parse_float=_parse_float, parse_int=_parse_int, parse_constant=_BadNumber)
    lines = _LineCounter(text)

    def skip(i: int) -> int:
        while i < len(text) and text[i] in _WS:
            i += 1
        return i

    def expect(i: int, char: str) -> int:
        i = skip(i)
        if i >= len(text) or text[i] != char:
            found = repr(text[i]) if i < len(text) else "end of file"
            raise FileError(
                FileProblem(
                    "bad_json", {"detail": f"expected '{char}', found {found}"}, file=label, line=lines.at(i)
                )
            )
        return i + 1

    i = 0
    try:
        i = skip(0)
        if i >= len(text) or text[i] != "{":
            raise FileError(FileProblem("json_shape", {"detail": "no object"}, file=label, line=lines.at(i)))
        i += 1
        first = True
        while True:
            i = skip(i)
            if i < len(text) and text[i] == "}":
                break
            if not first:
                i = skip(expect(i, ","))
            first = False
            if i < len(text) and text[i] != '"':
                found = repr(text[i])
                raise FileError(
                    FileProblem(
                        "bad_json",
                        {"detail": f"expected a name in quotes, found {found}"},
                        file=label,
                        line=lines.at(i),
                    )
                )
            key, i = decoder.raw_decode(text, i)
            i = skip(expect(i, ":"))
            record = _KEYS.get(key) if isinstance(key, str) else None
            if record is None and isinstance(key, str) and key in MEMORY_KEYS:
                record = MEMORY_KEYS[key]
            if record is None:
                _, i = decoder.raw_decode(text, i)
                continue
            i = expect(i, "[")
            first_item = True
            while True:
                i = skip(i)
                if i < len(text) and text[i] == "]":
                    i += 1
                    break
                if not first_item:
                    i = skip(expect(i, ","))
                first_item = False
                start = i
                value, i = decoder.raw_decode(text, i)
                line = lines.at(start)
                budget.take(len(value) if isinstance(value, dict) else 1, line)
                flaw = _flaw(value)
                if flaw is not None:
                    code, fld, bad = flaw
                    params = {"value": _short(bad)} if code == "bad_number" else {"limit": MAX_DEPTH}
                    records.problems.append(
                        FileProblem(code, params, record=record, field=fld, file=label, line=line, column=fld)
                    )
                    continue
                if not isinstance(value, dict):
                    records.problems.append(
                        FileProblem(
                            "json_shape",
                            {"detail": f"{key}: each entry must be an object"},
                            file=label,
                            line=line,
                        )
                    )
                    continue
                if record in MEMORY:
                    records.memory.setdefault(record, []).append((value, label, line))
                else:
                    records.add(record, value, label, line)
    except json.JSONDecodeError as exc:
        raise FileError(FileProblem("bad_json", {"detail": exc.msg}, file=label, line=exc.lineno)) from exc
    except RecursionError as exc:
        raise FileError(
            FileProblem("json_too_deep", {"limit": MAX_DEPTH}, file=label, line=lines.at(i))
        ) from exc
    records.columns.setdefault(label, {})


class _LineCounter:
    """Line of a position, for positions read in increasing order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            return self.text.count("\n", 0, pos) + 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def write_json(path: Path, tables: Mapping[str, Iterable[dict[str, Any]]]) -> None:
    """Write ``{record: rows}`` in the documented shape, one record per line."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n"format": "quartiernetz",\n"version": 1')
        for record in RECORDS:
            out.write(f',\n"{record}s": [')
            sep = "\n"
            for row in tables.get(record, ()):
                out.write(sep)
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True))
                sep = ",\n"
            out.write("\n]")
        for key, kind in MEMORY_KEYS.items():
            rows = list(tables.get(kind, ()))
            if not rows:
                continue
            out.write(f',\n"{key}": [')
            sep = "\n"
            for row in rows:
                out.write(sep)
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True))
                sep = ",\n"
            out.write("\n]")
        out.write("\n}\n")
