"""The audit log: who wrote what, kept beside the network in the same database, and the
erasure of personal data from it (an actor deleted, a contact person removed or replaced).

:class:`AuditLog` is the part of :class:`~graph.store.base.Store` that reads and appends
entries; an implementation provides the three ``_`` primitives.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from graph.model import PERSONAL_FIELDS
from graph.store.records import MAX_PAGE, Page, iso

#: What replaces personal data in the audit log once its actor is deleted.
ERASED = "[erased]"


@dataclass(frozen=True)
class Audit:
    """Who writes, and what kind of write it is (``create``, ``update``, ``delete``, ``import``,
    ``export``). Passed to a write, it becomes audit entries in the same transaction: one per
    record with its stored version before and after, or with ``summary`` one entry for the whole
    batch (an import) listing the ids by outcome, plus ``detail``.
    """

    user: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)
    summary: bool = False


class AuditLog(ABC):
    """Reading and appending audit entries, and erasing personal data from them."""

    @abstractmethod
    def _append_audit(self, rows: list[dict[str, Any]]) -> None:
        """Append entries in their own transaction."""

    @abstractmethod
    def _query_audit(self, filters: dict[str, Any], offset: int,
                     limit: int) -> tuple[list[dict[str, Any]], int]:
        """Entries matching every non-None filter (user, action, record, record_id, since,
        until), newest first, and their total."""

    @abstractmethod
    def _rewrite_audit(self, record: str, record_id: str,
                       fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        """Replace each entry about one record by ``fn(entry)`` (only ``before``/``after``
        change), in one transaction; how many entries there were."""

    def append_audit(self, audit: Audit, *, record: str | None = None, record_id: str | None = None,
                     before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                     now: datetime | None = None) -> None:
        """Log something that is not a write to the network (an export, say)."""
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat()
        self._append_audit([entry(stamp, audit, record, record_id, before, after)])

    def audit_log(self, *, user: str | None = None, action: str | None = None,
                  record: str | None = None, record_id: str | None = None,
                  since: datetime | None = None, until: datetime | None = None,
                  offset: int = 0, limit: int = 50) -> Page:
        """Audit entries (newest first) matching every given filter, one page at a time.

        Each entry: ``seq``, ``at`` (UTC ISO time), ``user``, ``action``, ``record``,
        ``record_id``, ``before``, ``after`` (the stored record, or None), ``detail``.
        """
        filters = {"user": user, "action": action, "record": record, "record_id": record_id,
                   "since": iso(since), "until": iso(until)}
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._query_audit(filters, offset, limit)
        return Page(rows, total, offset, limit)

    def erase_personal(self, record: str, record_id: str) -> int:
        """Replace the personal data of one record in every audit entry by :data:`ERASED`."""
        if record not in PERSONAL_FIELDS:
            return 0

        return self._rewrite_audit(record, record_id, partial(erase_entry, record))


def entry(stamp: str, audit: Audit, record: str | None, record_id: str | None,
          before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, Any]:
    """One audit entry as a store appends it."""
    return {"at": stamp, "user": audit.user, "action": audit.action, "record": record,
            "record_id": record_id, "before": None if before is None else dict(before),
            "after": None if after is None else dict(after), "detail": dict(audit.detail)}


def erase_entry(record: str, entry: dict[str, Any]) -> dict[str, Any]:
    """An entry about ``record`` with its personal data erased, before and after."""
    return {**entry, "before": erased(record, entry.get("before")),
            "after": erased(record, entry.get("after"))}


def forget_contacts(entry: dict[str, Any], *, kept: Any) -> dict[str, Any]:
    """An actor's audit entry with every contact other than ``kept`` (the current one) erased."""
    out = dict(entry)
    for side in ("before", "after"):
        row = entry.get(side)
        if row is not None and row.get("contact") is not None and row["contact"] != kept:
            out[side] = {**row, "contact": ERASED}
    return out


def personal_text(record: str, row: Mapping[str, Any] | None) -> set[str]:
    """Every text in the personal fields of a stored row (a contact's name, e-mail, phone).

    >>> sorted(personal_text("actor", {"name": "Verein", "contact": {"name": "Anna", "phone": None}}))
    ['Anna']
    """
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value != ERASED:
                found.add(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    if row is not None:
        for name in PERSONAL_FIELDS.get(record, ()):
            walk(row.get(name))
    return found


def erased(record: str, row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A stored row with its personal fields replaced by :data:`ERASED`."""
    if row is None:
        return None
    out = dict(row)
    for name in PERSONAL_FIELDS.get(record, ()):
        if out.get(name) is not None:
            out[name] = ERASED
    return out
