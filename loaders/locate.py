"""Mapping the store's problems back to files: ``file:line: column`` for every problem, and
which rows ``--skip-invalid`` leaves out (the invalid ones and the rows that depend on them).

Split from :mod:`loaders.load`, which reads the files and calls :func:`locate` and
:func:`drop_invalid` when :meth:`Store.apply` refuses a batch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graph.errors import Problem
from graph.model import TieKind, slugify, tie_id
from loaders import words
from loaders.columns import RECORDS
from loaders.sheets import FileProblem, Records

#: Problems found by checking one record alone (their index is the row's position).
ROW_CODES = {
    "missing",
    "extra_field",
    "unknown_choice",
    "bad_slug",
    "weight_range",
    "weight_not_positive",
    "weight_not_finite",
    "bad_date",
    "self_tie",
    "until_before_since",
    "empty_name",
    "control_character",
    "self_parent",
    "bad_value",
}



def sort_key(record: str, raw: dict[str, Any]) -> str:
    return row_id(record, raw) or ""


def row_id(record: str, raw: dict[str, Any]) -> str | None:
    if record == "tie":
        try:
            return tie_id(
                TieKind.parse(raw.get("kind")),
                str(raw.get("source", "")).strip(),
                str(raw.get("target", "")).strip(),
            )
        except Exception:
            return None
    value = raw.get("id")
    if isinstance(value, str) and value.strip():
        return value.strip()
    name = raw.get("name")
    return slugify(name) if isinstance(name, str) and name.strip() else None


class _Index:
    """Positions of the raw rows by record id (built on first use)."""

    def __init__(self, records: Records, dropped: dict[str, set[int]]) -> None:
        self.records = records
        self.dropped = dropped
        self._by_id: dict[str, dict[str, list[int]]] = {}

    def rows(self, record: str, record_id: str | None) -> list[int]:
        if record_id is None:
            return []
        if record not in self._by_id:
            found: dict[str, list[int]] = {}
            for i, raw in enumerate(self.records.rows[record]):
                if i in self.dropped[record]:
                    continue
                rid = row_id(record, raw)
                if rid is not None:
                    found.setdefault(rid, []).append(i)
            self._by_id[record] = found
        return self._by_id[record].get(record_id, [])

    def kept(self, record: str) -> list[int]:
        """Raw positions of the rows that went into the batch."""
        return [i for i in range(len(self.records.rows[record])) if i not in self.dropped[record]]


def _where(records: Records, record: str, index: int) -> tuple[str, int | None]:
    return records.where(record, index)


def _column(records: Records, label: str, fld: str | None) -> str | None:
    if fld is None:
        return None
    base = fld.split(".")[0]
    if base == "contact" and "." in fld:
        base = "contact_" + fld.split(".")[1]
    return records.columns.get(label, {}).get(base, base)


def _here(records: Records, record: str, index: int, p: Problem) -> Problem:
    label, line = _where(records, record, index)
    return replace(p, file=label, line=line, column=_column(records, label, p.field), index=index)


def _place(records: Records, record: str, index: int) -> str:
    label, line = _where(records, record, index)
    return f"{label}:{line}" if line is not None else label


def locate(
    problems: list[Problem], records: Records, dropped: dict[str, set[int]] | None = None
) -> list[Problem]:
    """Every problem with the file, line and column of the row it is about."""
    dropped = dropped or {r: set() for r in RECORDS}
    index = _Index(records, dropped)
    kept = {r: index.kept(r) for r in RECORDS} if any(dropped.values()) else None
    invalid_rows: dict[str, dict[str, int]] = {r: {} for r in RECORDS}
    out: list[Problem] = []
    duplicates_seen: dict[tuple[str, str], int] = {}
    # row problems first: they tell which rows are invalid
    for p in problems:
        if p.file is not None or p.record is None or p.code not in ROW_CODES or p.index is None:
            continue
        raw_index = kept[p.record][p.index] if kept else p.index
        out.append(_here(records, p.record, raw_index, p))
        rid = row_id(p.record, records.rows[p.record][raw_index])
        if rid:
            invalid_rows[p.record].setdefault(rid, raw_index)
    for p in problems:
        if p.file is not None:
            out.append(p)
            continue
        if p.record is None:
            out.append(p)
            continue
        if p.code in ROW_CODES and p.index is not None:
            continue
        if p.code == "duplicate_in_batch":
            rows = index.rows(p.record, p.id)
            n = duplicates_seen.get((p.record, p.id or ""), 0) + 1
            duplicates_seen[(p.record, p.id or "")] = n
            if len(rows) > n:
                first_label, first_line = _where(records, p.record, rows[0])
                label, _ = _where(records, p.record, rows[n])
                first = (
                    words.say("line", line=first_line)
                    if first_label == label
                    else _place(records, p.record, rows[0])
                )
                here = _here(records, p.record, rows[n], p)
                out.append(
                    FileProblem(
                        "duplicate_row",
                        {"id": p.id, "first": first},
                        record=p.record,
                        index=rows[n],
                        id=p.id,
                        field="id",
                        file=here.file,
                        line=here.line,
                        column=here.column,
                    )
                )
                continue
        rows = index.rows(p.record, p.id)
        if not rows:
            out.append(p)
            continue
        if p.code == "unknown_actor" and p.params.get("id") in invalid_rows["actor"]:
            actor_row = invalid_rows["actor"][p.params["id"]]
            here = _here(records, p.record, rows[0], p)
            out.append(
                FileProblem(
                    "row_of_invalid_actor",
                    {"id": p.params["id"], "where": _place(records, "actor", actor_row)},
                    record=p.record,
                    index=rows[0],
                    id=p.id,
                    field=p.field,
                    file=here.file,
                    line=here.line,
                    column=here.column,
                )
            )
            continue
        out.append(_here(records, p.record, rows[0], p))
    return out


def drop_invalid(
    located: list[Problem], records: Records, dropped: dict[str, set[int]], skipped: list[Problem]
) -> None:
    """Leave out the rows with problems, then the rows that refer to what was left out."""
    for p in located:
        if p.record in dropped and p.index is not None:
            dropped[p.record].add(p.index)
    gone: dict[str, dict[str, int]] = {r: {} for r in RECORDS}
    for record in RECORDS:
        for i in dropped[record]:
            rid = row_id(record, records.rows[record][i])
            if rid:
                gone[record].setdefault(rid, i)
    refs = {
        "area": (("parent", "area"), ("covers", "area")),
        "actor": (("areas", "area"), ("topics", "topic")),
        "tie": (("source", "actor"), ("target", "actor")),
    }
    for record in RECORDS:  # in load order, so a chain of dependents is followed
        for i, raw in enumerate(records.rows[record]):
            if i in dropped[record]:
                continue
            for fld, target in refs.get(record, ()):
                value = raw.get(fld)
                values = value if isinstance(value, list) else (str(value).split("|") if value else [])
                hit = next((v.strip() for v in values if v.strip() in gone[target]), None)
                if hit:
                    dropped[record].add(i)
                    label, line = _where(records, record, i)
                    skipped.append(
                        FileProblem(
                            "skipped_dependent",
                            {"id": hit},
                            record=record,
                            index=i,
                            field=fld,
                            file=label,
                            line=line,
                            column=_column(records, label, fld),
                        )
                    )
                    rid = row_id(record, raw)
                    if rid:
                        gone[record].setdefault(rid, i)
                    break
