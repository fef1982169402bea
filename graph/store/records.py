"""What a store hands out and takes in: pages, batch results, record versions, and the
primitive operations a store provides inside one write transaction (:class:`WriteOps`).

Versions: every record's :func:`etag` is a short hash of the record as stored (its canonical
JSON, timestamps included), so it changes whenever the record does, needs no extra column or
property, and is computed the same way on both stores. ``if_match`` on update and delete is
compared with it inside the write transaction (:class:`~graph.errors.PreconditionFailedError`).
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import BaseModel

from graph.errors import InvalidInputError, PreconditionFailedError, Problem
from graph.validation import RECORD_ORDER, Lookup

MAX_PAGE = 1000
#: Rows handed to the store's write at a time, all inside the one transaction of a batch.
WRITE_CHUNK = 5000


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ApplyResult:
    """What a batch did, per record type; ``version`` is the store's version afterwards."""

    counts: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in RECORD_ORDER})
    version: int = 0
    dry_run: bool = False
    #: ids by record type and outcome ("created"/"updated"/"unchanged"), for --dry-run reports
    ids: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(c.created + c.updated for c in self.counts.values())


@dataclass(frozen=True)
class Change:
    """One record a batch would write: its stored version (None if new) and the new one."""

    record: str
    id: str
    before: dict[str, Any] | None
    after: dict[str, Any]


@dataclass
class Page:
    """One page of a list, with the total number of matches."""

    items: list[Any]
    total: int
    offset: int
    limit: int


class WriteOps(Lookup, Protocol):
    """Primitive operations inside one write transaction."""

    def write(self, record: str, rows: list[dict[str, Any]]) -> None:
        """Insert or replace these records (JSON-ready dicts with timestamps)."""
        ...

    def bump_version(self) -> int:
        ...

    def version(self) -> int:
        ...

    def append_audit(self, rows: list[dict[str, Any]]) -> None:
        """Append audit entries (``seq`` is given by the store, in order)."""
        ...

    def delete(self, record: str, record_id: str) -> bool:
        """Delete one record (an actor with its ties); False if it was not there."""
        ...

    def rewrite_audit(self, record: str, record_id: str,
                      fn: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
        """Replace ``before``/``after`` of each entry about one record by ``fn(entry)``'s, and
        mark the transaction as an erasure (:attr:`erased`); how many entries there were."""
        ...

    def forget(self, texts: set[str]) -> None:
        """Personal data this transaction erases (a deleted actor's or a replaced contact);
        a store whose files can keep stale copies of it removes them after the commit."""
        ...

    def actors_using(self, record: str, record_id: str, limit: int) -> tuple[list[str], int]:
        """Ids of (at most ``limit``) actors in this area or on this topic, and their total."""
        ...


class DryRun(Exception):
    """Raised inside the transaction to roll back a dry run."""

    def __init__(self, result: ApplyResult) -> None:
        super().__init__("dry run")
        self.result = result


def etag(item: BaseModel) -> str:
    """The version of a stored record: 16 hex digits of the SHA-256 of its canonical JSON
    (timestamps included, so any change gives a new one). Used as the HTTP ``ETag``."""
    text = json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_version(record: str, record_id: str, stored: BaseModel,
                  if_match: str | Collection[str] | None) -> None:
    """PreconditionFailedError unless ``if_match`` (None: no check) names ``stored``'s etag."""
    if if_match is None:
        return
    wanted = {if_match} if isinstance(if_match, str) else set(if_match)
    if "*" not in wanted and etag(stored) not in wanted:
        raise PreconditionFailedError(record, record_id)


def iso(value: datetime | None) -> str | None:
    """A time as UTC ISO text (a naive time counts as UTC); None stays None."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def content(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row without what the store adds (timestamps, the derived sector), and without
    an empty ``source_id`` (the model leaves it out when there is none; the Bolt store reads
    every field back, None where there is none)."""
    return {k: v for k, v in row.items()
            if k not in ("created_at", "updated_at", "sector") and not (k == "source_id" and v is None)}


def strip_times(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


def enum_values(enum: Any, value: str | Iterable[str] | None) -> list[str] | None:
    """Ids or German labels of one of our enums as their ids; InvalidInputError if unknown."""
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    out = []
    for v in values:
        try:
            out.append(enum.parse(v).value)
        except Exception as exc:  # pydantic's custom error: say it in our words
            raise InvalidInputError([Problem("unknown_choice", {
                "value": v, "allowed": ", ".join(m.value for m in enum)}, field="kind")]) from exc
    return out or None


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in record order, then by position in the batch, then by field."""
    order = {r: i for i, r in enumerate(RECORD_ORDER)}
    return sorted(problems, key=lambda p: (order.get(p.record or "", 9),
                                           -1 if p.index is None else p.index, p.field or ""))


@contextmanager
def no_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused while many records are parsed (JSON forms no
    cycles; beside a large snapshot its collections tripled the time of reading 20,000 needs)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
