"""The network's memory in its JSON and Excel files: needs (Anliegen, with their history),
meetings and contact log entries, next to areas, topics, actors and ties.

JSON: the top-level keys ``needs``, ``meetings`` and ``contacts``, one record per line, each as
stored (:class:`graph.model.needs.Need`, :class:`graph.model.meetings.Meeting`,
:class:`graph.model.meetings.ContactEntry`). Excel: the sheets ``Anliegen`` (one row per need),
``Verlauf`` (one row per step of a need's history, ``need`` naming it), ``Treffen`` and
``Kontakte``, the columns named by the fields, lists as ``a|b``, a need's ``assigned`` as
``actor:day|...``.

Notes (a contact entry's ``note``, a need step's ``note``) are written only with
``include_personal``: without it the key is left out, and a load keeps the note stored (as an
actor's ``contact``). An export of one area holds the meetings and contacts whose actors are
all in it and the needs in it that name only actors in it.

:func:`apply_with_memory` writes the network and the memory in one transaction: all or
nothing; a refused record is named by file (sheet), line and field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.errors import InvalidInputError, Problem
from graph.model.meetings import ContactEntry, Meeting
from graph.model.needs import Need
from graph.store.audit import Audit
from graph.store.base import ApplyResult, Store
from graph.store.encounter_checks import parse_encounters
from graph.store.needs import parse_need_rows
from graph.store.records import DryRun
from graph.store.writes import write_batch
from graph.validation import parse_batch
from loaders.columns import unneutralise
from loaders.sheets import FileProblem, LoadError

#: memory kinds in the order they are written and loaded
MEMORY = ("need", "meeting", "contact")
#: JSON top-level key -> kind
JSON_KEYS = {"needs": "need", "meetings": "meeting", "contacts": "contact"}
#: kind -> Excel sheet (``step``: a need's history)
SHEETS = {"need": "Anliegen", "step": "Verlauf", "meeting": "Treffen", "contact": "Kontakte"}
#: lower-case sheet names read (German and English) -> kind
SHEET_KINDS = {"anliegen": "need", "needs": "need", "verlauf": "step", "history": "step",
               "treffen": "meeting", "meetings": "meeting", "kontakte": "contact",
               "contacts": "contact"}
#: the store's record name of each encounter kind
ENCOUNTER_RECORD = {"meeting": "meeting", "contact": "contact_entry"}

COLUMNS: dict[str, tuple[str, ...]] = {
    "need": ("id", "title", "description", "status", "raised_on", "raised_by", "areas", "topics",
             "proposed", "confirmed", "assigned", "follow_up", "round_table", "reason",
             "created_at", "updated_at"),
    "step": ("need", "on", "at", "status", "action", "by", "actor", "note"),
    "meeting": ("id", "date", "title", "participants", "forum", "topics", "tags",
                "recorded_at", "recorded_by"),
    "contact": ("id", "date", "kind", "actors", "topics", "note", "recorded_at", "recorded_by"),
}
_LISTS = {"areas", "topics", "proposed", "confirmed", "participants", "tags", "actors"}

#: one record read from a file: (row, file label, line)
Placed = tuple[dict[str, Any], str, int | None]


# -- export -------------------------------------------------------------------------------------
def memory_tables(store: Store, *, actors: set[str] | None,
                  include_personal: bool) -> dict[str, list[dict[str, Any]]]:
    """The memory records to export (JSON-ready, by id); ``actors``: only those naming no
    other actor (an area's export), None: all."""
    needs = [n.model_dump(mode="json") for n in store.all_needs()]  # type: ignore[attr-defined]
    if actors is not None:
        needs = [n for n, model in zip(needs, store.all_needs(), strict=True)  # type: ignore[attr-defined]
                 if model.actors() <= actors]
    encounters = store.all_encounters()  # type: ignore[attr-defined]
    if actors is not None:
        encounters = [e for e in encounters if set(_present(e)) | {e.get("forum") or ""} - {""}
                      <= actors]
    meetings = [{k: v for k, v in e.items() if k != "type"} for e in encounters
                if e["type"] == "meeting"]
    contacts = [{k: v for k, v in e.items() if k != "type"} for e in encounters
                if e["type"] == "contact_entry"]
    if not include_personal:
        contacts = [{k: v for k, v in c.items() if k != "note"} for c in contacts]
        needs = [{**n, "history": [{k: v for k, v in s.items() if k != "note"}
                                   for s in n["history"]]} for n in needs]
    return {"need": sorted(needs, key=lambda n: n["id"]), "meeting": meetings,
            "contact": contacts}


def _present(row: dict[str, Any]) -> list[str]:
    return list(row["participants"] if row["type"] == "meeting" else row["actors"])


def sheet_rows(tables: dict[str, list[dict[str, Any]]]) -> Iterator[tuple[str, tuple[str, ...],
                                                                          Iterator[list[Any]]]]:
    """(sheet name, headers, rows of cells) for each memory sheet, every cell text or None."""
    needs = tables.get("need", [])
    yield SHEETS["need"], COLUMNS["need"], (_need_cells(n) for n in needs)
    yield SHEETS["step"], COLUMNS["step"], (
        [_cell(n["id"])] + [_cell(s.get(c)) for c in COLUMNS["step"][1:]]
        for n in needs for s in n["history"])
    for kind in ("meeting", "contact"):
        yield SHEETS[kind], COLUMNS[kind], ([_cell(r.get(c)) for c in COLUMNS[kind]]
                                            for r in tables.get(kind, []))


def _need_cells(need: dict[str, Any]) -> list[Any]:
    row = dict(need)
    row["assigned"] = [f"{a['actor']}:{a['on']}" for a in need.get("assigned") or []]
    return [_cell(row.get(c)) for c in COLUMNS["need"]]


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


# -- import -------------------------------------------------------------------------------------
def rows_from_sheet(kind: str, headers: list[Any], body: Iterator[tuple[int, list[Any]]],
                    label: str, memory: dict[str, list[Placed]],
                    problems: list[Problem], notes: list[Problem]) -> None:
    """The rows of one memory sheet (cells as text) as records, into ``memory``; a step goes
    into the history of its need (the ``Anliegen`` sheet is read first)."""
    names = [str(h).strip() if h is not None else "" for h in headers]
    known = COLUMNS[kind]
    for name in names:
        if name and name not in known:
            notes.append(FileProblem("unknown_column", {"column": name, "known": ", ".join(known)},
                                     file=label, column=name))
    needs = {r.get("id"): r for r, _, _ in memory.get("need", [])} if kind == "step" else {}
    for line, cells in body:
        raw: dict[str, Any] = {}
        for name, value in zip(names, cells, strict=False):
            if not name or name not in known:
                continue
            text = None if value is None else unneutralise(str(value)).strip()
            if name in _LISTS:
                raw[name] = [v.strip() for v in text.split("|") if v.strip()] if text else []
            elif name == "assigned":
                raw[name] = [dict(zip(("actor", "on"), v.strip().split(":", 1), strict=False))
                             for v in (text or "").split("|") if v.strip()]
            elif text:
                raw[name] = text
        if kind == "step":
            need_id = raw.pop("need", None)
            owner = needs.get(need_id)
            if owner is None:
                problems.append(FileProblem("step_without_need", {"id": need_id or ""},
                                            record="need", field="need", file=label, line=line,
                                            column="need"))
                continue
            owner.setdefault("history", []).append(raw)
            continue
        memory.setdefault(kind, []).append((raw, label, line))


def _keep_notes(store: Store, needs: list[Placed]) -> None:
    """A step read without its ``note`` (an export without personal data) keeps the note of
    the same step stored, so loading such a file again changes nothing."""
    ids = [r["id"] for r, _, _ in needs if isinstance(r.get("id"), str)]
    stored = store._need_get(ids) if ids else {}  # type: ignore[attr-defined]
    for row, _, _ in needs:
        before = stored.get(str(row.get("id")))
        steps = row.get("history")
        if before is None or not isinstance(steps, list):
            continue
        for step, old in zip(steps, before.get("history") or [], strict=False):
            if isinstance(step, dict) and "note" not in step and all(
                    str(step.get(k)) == str(old.get(k)) for k in ("on", "status", "action", "by")):
                step["note"] = old.get("note")


def _keep_contact_notes(store: Store, rows: list[dict[str, Any]]) -> None:
    """A contact entry read without ``note`` keeps the stored note (see :func:`_keep_notes`)."""
    wanted = [r for r in rows if r.get("type") == "contact_entry" and "note" not in r
              and isinstance(r.get("id"), str)]
    if not wanted:
        return

    ids = list(dict.fromkeys(r["id"] for r in wanted))
    stored = store._memory_read(lambda m: m.encounters_by_id(ids))  # type: ignore[attr-defined]
    for row in wanted:
        found = stored.get(row["id"])
        if found is not None and found.get("type") == "contact_entry":
            row["note"] = found.get("note", "")


def _located(problems: list[Problem], places: dict[str, list[Placed]]) -> list[Problem]:
    """The store's problems of memory records with the file, line and column of each."""
    out: list[Problem] = []
    for p in problems:
        kind = {"need": "need", "meeting": "encounter", "contact_entry": "encounter"}.get(
            p.record or "")
        rows = places.get(kind or "", [])
        if p.index is not None and 0 <= p.index < len(rows):
            _, label, line = rows[p.index]
            column = (p.field or "").split(".")[0] or None
            out.append(FileProblem(p.code, p.params, record=p.record, id=p.id, field=p.field,
                                   file=label, line=line, column=column))
        else:
            out.append(p)
    return out


@dataclass(frozen=True)
class LoadChecks:
    """What an account may load, applied by :func:`apply_with_memory` inside the load's
    transaction; a store wrapper hands them in as its ``load_checks`` (the API's upload,
    ``api/files.py``; the command line loads unchecked).

    ``guard`` and ``audit`` are :meth:`~graph.store.base.Store.apply`'s for the network's
    changes; ``memory`` is called with the write operations (the network of the file already
    written), the needs and the ``(index, encounter)`` pairs, and returns the problems of the
    records it refuses as unknown (``index`` their position) or raises (ForbiddenError)."""

    guard: Callable[..., None] | None = None
    audit: Audit | None = None
    memory: Callable[[Any, list[Need], list[tuple[int, Meeting | ContactEntry]]],
                     list[Problem]] | None = None


def apply_with_memory(store: Store, batch: dict[str, list[dict[str, Any]]],
                      memory: dict[str, list[Placed]], *, dry_run: bool, user: str,
                      counts: dict[str, dict[str, int]]) -> ApplyResult:
    """Write the network ``batch`` and the memory records in one transaction (all or
    nothing), filling ``counts`` per kind (created, updated, unchanged).

    The store's ``load_checks`` (:class:`LoadChecks`), if it has them, check the network's
    changes and the memory records inside that transaction.

    Raises InvalidInputError with the network's problems (for :func:`loaders.locate.locate`)
    or LoadError with the memory's, each named by file, line and column; nothing is written."""
    checks: LoadChecks = getattr(store, "load_checks", None) or LoadChecks()
    needs = memory.get("need", [])
    encounters: list[Placed] = [(({"type": ENCOUNTER_RECORD[k]} | r), label, line)
                  for k in ("meeting", "contact") for r, label, line in memory.get(k, [])]
    places = {"need": needs, "encounter": encounters}
    _keep_notes(store, needs)
    rows = [r for r, _, _ in encounters]
    _keep_contact_notes(store, rows)
    problems: list[Problem] = []
    parsed_needs = []
    try:
        parsed_needs = parse_need_rows([r for r, _, _ in needs])
    except InvalidInputError as exc:
        problems += exc.problems
    parsed_encounters, found = parse_encounters(rows)
    problems += found
    if problems:
        raise LoadError(_located(problems, places))
    parsed, batch_problems = parse_batch(batch)
    now = datetime.now(UTC)
    stamp = now.isoformat()

    def work(ops: Any) -> ApplyResult:
        result = write_batch(ops, parsed, batch_problems, stamp, mode="upsert",
                             guard=checks.guard, audit=checks.audit, dry_run=False)
        if checks.memory is not None:
            refused = checks.memory(ops, parsed_needs, parsed_encounters)
            if refused:
                raise LoadError(_located(refused, places))
        try:
            counts["need"] = store._import_needs_in(ops, parsed_needs, now, user)  # type: ignore[attr-defined]
            made = store._import_encounters_in(ops, parsed_encounters, now, user)  # type: ignore[attr-defined]
        except InvalidInputError as exc:
            raise LoadError(_located(exc.problems, places)) from None
        counts["encounter"] = made
        result.version = ops.version()
        if dry_run:
            result.dry_run = True
            raise DryRun(result)
        return result

    try:
        return store._run_write(work)
    except DryRun as dry:
        return dry.result
