"""The batch write protocol: the body of :meth:`graph.store.base.Store.apply`, run inside
the store's one write transaction.

It checks the batch against what is stored (:func:`graph.validation.check_batch`), sorts each
record into created, updated or unchanged, writes only what changed (in chunks of
:data:`~graph.store.WRITE_CHUNK`), appends the audit entries, erases replaced contact
persons from the log, and bumps the store's version: all in the caller's transaction, so any
error rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from graph.errors import ConflictError, InvalidInputError, NotFoundError, Problem
from graph.i18n import word
from graph.store.audit import Audit, entry, forget_contacts, personal_text
from graph.store.records import (
    WRITE_CHUNK,
    ApplyResult,
    Change,
    Counts,
    DryRun,
    WriteOps,
    content,
    iso,
    sorted_problems,
)
from graph.validation import RECORD_ORDER, Batch, check_batch


def write_batch(ops: WriteOps, parsed: Batch, problems: list[Problem], stamp: str, *,
                mode: str, guard: Callable[[list[Change]], None] | None,
                audit: Audit | None, dry_run: bool) -> ApplyResult:
    """The body of :meth:`~graph.store.base.Store.apply`, inside the open write transaction
    ``ops``; raises :class:`~graph.store.records.DryRun` (to roll back) with the result of a
    dry run."""
    clean, stored, found = check_batch(parsed, ops)
    all_problems = problems + found
    if all_problems:
        raise InvalidInputError(sorted_problems(all_problems))
    for record in RECORD_ORDER:
        for item in clean.of(record):
            if mode == "create" and item.id in stored[record]:
                raise ConflictError("duplicate", what=word(record), id=item.id)
            if mode == "update" and item.id not in stored[record]:
                raise NotFoundError(record, item.id)
    if guard is not None:
        guard([Change(r, x.id, old, x.content()) for r in RECORD_ORDER for x in clean.of(r)
               if (old := stored[r].get(x.id)) is None or content(old) != x.content()])
    result = ApplyResult(dry_run=dry_run)
    entries: list[dict[str, Any]] = []
    #: actors whose contact person was removed or replaced: id -> the contact kept now
    forget: dict[str, Any] = {}
    forgotten: set[str] = set()  # texts of the contact persons removed or replaced
    for record in RECORD_ORDER:
        rows = []
        outcome: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
        for item in clean.of(record):
            # Take the cached content out of the model rather than copying it: at 600,000
            # records the copies were a third of a load's peak memory.
            row = item.__dict__.pop("_content", None) or item.content()
            old = stored[record].get(item.id)
            if (record == "actor" and old is not None and old.get("contact")
                    and "contact" not in item.model_fields_set):
                # Personal data is never erased by omission (an export without it,
                # loaded again): only an explicit contact, or null, replaces it.
                row["contact"] = old["contact"]
            if old is None:
                row["created_at"] = iso(item.created_at) or stamp
                row["updated_at"] = iso(item.updated_at) or stamp
                outcome["created"].append(item.id)
            elif content(old) == row:
                outcome["unchanged"].append(item.id)
                continue
            else:
                row["created_at"] = old.get("created_at") or stamp
                row["updated_at"] = stamp
                outcome["updated"].append(item.id)
                if record == "actor" and old.get("contact") and old["contact"] != row.get("contact"):
                    forget[item.id] = row.get("contact")
                    forgotten |= personal_text("actor", old) - personal_text("actor", row)
            rows.append(row)
            if audit is not None and not audit.summary:
                entries.append(entry(stamp, audit, record, item.id, old, row))
            if len(rows) >= WRITE_CHUNK and not dry_run:
                ops.write(record, rows)  # same transaction; bounds the peak memory
                rows = []
        result.counts[record] = Counts(*(len(outcome[k]) for k in outcome))
        result.ids[record] = outcome
        if rows and not dry_run:
            ops.write(record, rows)
    if audit is not None and audit.summary and not dry_run:
        detail = {**audit.detail, "ids": result.ids}
        entries.append({**entry(stamp, audit, None, None, None, None), "detail": detail})
    if entries and not dry_run:
        ops.append_audit(entries)
    if not dry_run:
        # A contact person removed or replaced is forgotten: erased from every older audit
        # entry of the actor (the entry just written included), in this same transaction.
        for actor_id, kept in forget.items():
            ops.rewrite_audit("actor", actor_id, partial(forget_contacts, kept=kept))
        if forgotten:
            ops.forget(forgotten)
    if result.changed and not dry_run:
        result.version = ops.bump_version()
    else:
        result.version = ops.version()
    if dry_run:
        raise DryRun(result)
    return result


def refuse_if_used(record: str, record_id: str, examples: list[str], count: int) -> None:
    """ConflictError if an area or topic is still used (``count`` references, some named)."""
    if count:
        raise ConflictError("in_use", what=word(record), id=record_id, count=count,
                            examples=", ".join(examples[:3]))
