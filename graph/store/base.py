"""The one store interface. SQLite (default) and Neo4j implement it and pass the same tests.

A store keeps four record types (areas, topics, actors, ties). Everything shared lives here:
batch validation (:mod:`graph.validation`), created/updated/unchanged accounting, timestamps,
sub-area expansion, the neighbourhood search and the NetworkX snapshot. An implementation
provides the primitive reads and writes (the ``_`` methods and a :class:`WriteOps`), each in its
own query language.

Write protocol: :meth:`Store.apply` parses the batch (no I/O), then runs
:meth:`_run_write` with a function that, inside one transaction, checks the batch against what
is stored, writes only what changed and bumps :meth:`version`. If any record is invalid an
:class:`~graph.errors.InvalidInputError` listing every problem is raised and nothing is written.
:meth:`Store.update` (read, merge, check, write) and :meth:`Store.delete` (check, delete, erase
personal data from the audit log, log) are each one such transaction too: all or nothing.

Versions: every record's :func:`etag` is a short hash of the record as stored (its canonical
JSON, timestamps included), so it changes whenever the record does, needs no extra column or
property, and is computed the same way on both stores. ``if_match`` on update and delete is
compared with it inside the write transaction (:class:`~graph.errors.PreconditionFailedError`).
"""

from __future__ import annotations

import hashlib
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import Any, Protocol, TypeVar

import networkx as nx
from pydantic import BaseModel

from graph.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PreconditionFailedError,
    Problem,
)
from graph.i18n import word
from graph.model import (
    PERSONAL_FIELDS,
    RECORD_TYPES,
    Actor,
    ActorKind,
    Area,
    Sector,
    Tie,
    TieKind,
    Topic,
    search_key,
)
from graph.validation import RECORD_ORDER, Batch, Lookup, check_batch, descendants, parse_batch

T = TypeVar("T")

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


#: What replaces personal data in the audit log once its actor is deleted.
ERASED = "[erased]"

ROLES = ("viewer", "editor", "admin")


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


@dataclass(frozen=True)
class Account:
    """An API account. Its token is stored only as a hash (never the token itself)."""

    name: str
    role: str
    areas: tuple[str, ...] = ()
    read_scoped: bool = False
    created_at: str = ""
    revoked_at: str | None = None
    #: When the token stops working (ISO, UTC); None: it does not expire.
    expires_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def expired(self, now: datetime | None = None) -> bool:
        """True once ``expires_at`` has passed."""
        if self.expires_at is None:
            return False
        return datetime.fromisoformat(self.expires_at) <= (now or datetime.now(UTC))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "areas": list(self.areas),
                "read_scoped": self.read_scoped, "created_at": self.created_at,
                "revoked_at": self.revoked_at, "expires_at": self.expires_at}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Account:
        return cls(name=row["name"], role=row["role"], areas=tuple(row.get("areas") or ()),
                   read_scoped=bool(row.get("read_scoped")), created_at=row.get("created_at") or "",
                   revoked_at=row.get("revoked_at"), expires_at=row.get("expires_at"))


@dataclass
class Page:
    """One page of a list, with the total number of matches."""

    items: list[Any]
    total: int
    offset: int
    limit: int


@dataclass
class Neighbourhood:
    """An actor's neighbourhood: actors within ``hops`` (with their distance) and ties among them.

    ``omitted`` counts actors within reach that were left out because of ``limit``.
    """

    center: Actor
    hops: int
    actors: list[tuple[Actor, int]]
    ties: list[Tie]
    omitted: int


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

    def actors_using(self, record: str, record_id: str, limit: int) -> tuple[list[str], int]:
        """Ids of (at most ``limit``) actors in this area or on this topic, and their total."""
        ...


class Store(ABC):
    """Where the network is kept. Use as a context manager, or call :meth:`close`."""

    backend = "abstract"
    #: Seconds a write waits for another write's lock before giving up with StoreBusyError
    #: (nothing written). The API keeps it short; the command line waits longer.
    lock_wait: float = 5.0
    #: Called once (with ``lock_wait``) when a write starts waiting for the lock.
    on_lock_wait: Callable[[float], None] | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def init(self) -> None:
        """Create the schema (tables, constraints, indexes); idempotent."""

    @abstractmethod
    def ping(self) -> None:
        """Raise StoreUnavailableError if the store cannot be reached."""

    # -- primitives for implementations ---------------------------------------------------
    @abstractmethod
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T:
        """Run ``fn`` in one write transaction; roll back if it raises."""

    @abstractmethod
    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    def _all(self, record: str) -> list[dict[str, Any]]:
        """Every record of a type (for snapshots and small tables)."""

    @abstractmethod
    def _query_actors(
        self,
        *,
        kinds: list[str] | None,
        sectors: list[str] | None,
        areas: list[str] | None,
        topics: list[str] | None,
        text: str | None,
        offset: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """Matching actors ordered by name then id, and the total count."""

    @abstractmethod
    def _query_ties(
        self, *, actor: str | None, kinds: list[str] | None, offset: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]: ...

    @abstractmethod
    def _ties_touching(self, actor_ids: list[str], kinds: list[str] | None) -> list[dict[str, Any]]:
        """Ties with either end in ``actor_ids`` (optionally only of these kinds)."""

    @abstractmethod
    def version(self) -> int:
        """A number that changes on every write that changes something (for caches)."""

    # accounts and the audit log (kept beside the network, in the same database)
    @abstractmethod
    def _insert_account(self, row: dict[str, Any], token_hash: str) -> bool:
        """Add an account; False (nothing written) if the name is taken."""

    @abstractmethod
    def _account_rows(self) -> list[dict[str, Any]]:
        """Every account (without token hashes), by name."""

    @abstractmethod
    def _account_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        """The account stored with this token hash, its row with the stored ``token_hash``."""

    @abstractmethod
    def _replace_account(self, row: dict[str, Any]) -> bool:
        """Overwrite a stored account's fields (not its token); False if it is not there."""

    @abstractmethod
    def _replace_token(self, row: dict[str, Any], token_hash: str) -> bool:
        """Overwrite a stored account's fields and its token hash in one write; False if it
        is not there."""

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

    # -- writes ------------------------------------------------------------------------------
    def apply(
        self,
        batch: Mapping[str, Iterable[Mapping[str, Any] | BaseModel]] | Batch,
        *,
        dry_run: bool = False,
        now: datetime | None = None,
        mode: str = "upsert",
        guard: Callable[[list[Change]], None] | None = None,
        audit: Audit | None = None,
    ) -> ApplyResult:
        """Validate and write a batch (``{"areas": [...], "topics": [...], "actors": [...],
        "ties": [...]}``) in one transaction; all or nothing.

        ``mode`` is ``upsert`` (default), ``create`` (every record must be new, else
        :class:`~graph.errors.ConflictError`) or ``update`` (every record must exist, else
        :class:`~graph.errors.NotFoundError`). ``guard``, if given, is called inside the
        transaction with every record that would change (record type, stored version or None,
        new version) before
        anything is written; whatever it raises rolls the batch back (the API checks an
        editor's areas there). ``audit``, if given, writes audit entries for what changed in
        the same transaction.

        Raises
        ------
        InvalidInputError
            listing every problem; nothing was written.
        """
        if mode not in ("upsert", "create", "update"):
            raise ValueError(f"unknown mode {mode!r}")
        if isinstance(batch, Batch):
            raw: dict[str, list[Any]] = {r + "s": batch.of(r) for r in RECORD_ORDER}
        else:
            raw = {k: list(v) for k, v in batch.items()}
        unknown = set(raw) - {r + "s" for r in RECORD_ORDER}
        if unknown:
            raise ValueError(f"unknown record types in batch: {sorted(unknown)}")
        parsed, problems = parse_batch(raw)
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat()

        def work(ops: WriteOps) -> ApplyResult:
            return self._write_batch(ops, parsed, problems, stamp, mode=mode, guard=guard,
                                     audit=audit, dry_run=dry_run)

        try:
            return self._run_write(work)
        except _DryRun as dry:
            return dry.result

    def _write_batch(self, ops: WriteOps, parsed: Batch, problems: list[Problem], stamp: str, *,
                     mode: str, guard: Callable[[list[Change]], None] | None,
                     audit: Audit | None, dry_run: bool) -> ApplyResult:
        """The body of :meth:`apply`, inside the open write transaction ``ops``."""
        clean, stored, found = check_batch(parsed, ops)
        all_problems = problems + found
        if all_problems:
            raise InvalidInputError(_sorted_problems(all_problems))
        for record in RECORD_ORDER:
            for item in clean.of(record):
                if mode == "create" and item.id in stored[record]:
                    raise ConflictError("duplicate", what=word(record), id=item.id)
                if mode == "update" and item.id not in stored[record]:
                    raise NotFoundError(record, item.id)
        if guard is not None:
            guard([Change(r, x.id, old, x.content()) for r in RECORD_ORDER for x in clean.of(r)
                   if (old := stored[r].get(x.id)) is None or _content(old) != x.content()])
        result = ApplyResult(dry_run=dry_run)
        entries: list[dict[str, Any]] = []
        #: actors whose contact person was removed or replaced: id -> the contact kept now
        forget: dict[str, Any] = {}
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
                    row["created_at"] = _iso(item.created_at) or stamp
                    row["updated_at"] = _iso(item.updated_at) or stamp
                    outcome["created"].append(item.id)
                elif _content(old) == row:
                    outcome["unchanged"].append(item.id)
                    continue
                else:
                    row["created_at"] = old.get("created_at") or stamp
                    row["updated_at"] = stamp
                    outcome["updated"].append(item.id)
                    if record == "actor" and old.get("contact") and old["contact"] != row.get("contact"):
                        forget[item.id] = row.get("contact")
                rows.append(row)
                if audit is not None and not audit.summary:
                    entries.append(_entry(stamp, audit, record, item.id, old, row))
                if len(rows) >= WRITE_CHUNK and not dry_run:
                    ops.write(record, rows)  # same transaction; bounds the peak memory
                    rows = []
            result.counts[record] = Counts(*(len(outcome[k]) for k in outcome))
            result.ids[record] = outcome
            if rows and not dry_run:
                ops.write(record, rows)
        if audit is not None and audit.summary and not dry_run:
            detail = {**audit.detail, "ids": result.ids}
            entries.append({**_entry(stamp, audit, None, None, None, None), "detail": detail})
        if entries and not dry_run:
            ops.append_audit(entries)
        if not dry_run:
            # A contact person removed or replaced is forgotten: erased from every older audit
            # entry of the actor (the entry just written included), in this same transaction.
            for actor_id, kept in forget.items():
                ops.rewrite_audit("actor", actor_id, partial(_forget_contacts, kept=kept))
        if result.changed and not dry_run:
            result.version = ops.bump_version()
        else:
            result.version = ops.version()
        if dry_run:
            raise _DryRun(result)
        return result

    def update(self, record: str, record_id: str, changes: Mapping[str, Any], *,
               if_match: str | Collection[str] | None = None,
               guard: Callable[[list[Change]], None] | None = None,
               audit: Audit | None = None, now: datetime | None = None) -> Any:
        """Change some fields of one stored record; read, merge, check and write happen in one
        write transaction, so two concurrent updates of different fields both survive.

        ``if_match`` (one :func:`etag` or several) must name the stored version, else
        :class:`~graph.errors.PreconditionFailedError` and nothing is written. ``guard`` and
        ``audit`` work as in :meth:`apply`. Removing an actor's contact person (``None``) or
        replacing it by another one erases the old person from every audit entry of that actor
        (replaced by :data:`ERASED`): only the current contact stays in the log.

        Returns the record as stored afterwards (a model: :class:`Actor`, :class:`Tie`, ...).
        Raises NotFoundError if it is not there; InvalidInputError as :meth:`apply`.
        """
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat()
        model = RECORD_TYPES[record]

        def work(ops: WriteOps) -> Any:
            row = ops.fetch(record, [record_id]).get(record_id)
            if row is None:
                raise NotFoundError(record, record_id)
            stored = model.model_validate(row)
            _check_version(record, record_id, stored, if_match)
            merged = stored.model_dump(mode="json", exclude={"sector", "directed"})
            if record == "tie":
                merged.pop("id", None)
            merged.update(changes)
            parsed, problems = parse_batch({record + "s": [merged]})
            self._write_batch(ops, parsed, problems, stamp, mode="update", guard=guard,
                              audit=audit, dry_run=False)
            return model.model_validate(ops.fetch(record, [record_id])[record_id])

        return self._run_write(work)

    def delete(self, record: str, record_id: str, *,
               if_match: str | Collection[str] | None = None,
               guard: Callable[[dict[str, Any]], None] | None = None,
               audit: Audit | None = None, now: datetime | None = None) -> None:
        """Delete one record in one write transaction: all or nothing.

        An actor goes with every tie it has, and its personal data is erased from every audit
        entry about it (replaced by :data:`ERASED`). An area or topic must be unused (checked in
        the same transaction, so nothing can start using it meanwhile): no actor, no sub-area,
        no covering area, else ConflictError naming some of them. ``guard`` is called with the
        stored record before anything changes; ``audit`` logs the deletion (and each tie).

        Raises NotFoundError if it is not there, PreconditionFailedError if ``if_match`` names
        another version.
        """
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat()

        def work(ops: WriteOps) -> None:
            before = ops.fetch(record, [record_id]).get(record_id)
            if before is None:
                raise NotFoundError(record, record_id)
            _check_version(record, record_id, RECORD_TYPES[record].model_validate(before), if_match)
            if guard is not None:
                guard(before)
            ties: list[dict[str, Any]] = []
            if record == "actor":
                ties = ops.ties_touching([record_id])
            elif record in ("area", "topic"):
                refs = ([r["id"] for r in ops.all_areas() if r.get("parent") == record_id
                         or record_id in (r.get("covers") or [])] if record == "area" else [])
                actors, total = ops.actors_using(record, record_id, 3)
                self._refuse_if_used(record, record_id, refs + actors, len(refs) + total)
            if not ops.delete(record, record_id):
                raise NotFoundError(record, record_id)
            if record in PERSONAL_FIELDS:
                ops.rewrite_audit(record, record_id, partial(_erase_entry, record))
            if audit is not None:
                ops.append_audit([_entry(stamp, audit, record, record_id,
                                         _erased(record, before), None)]
                                 + [_entry(stamp, audit, "tie", t["id"], t, None) for t in ties])
            ops.bump_version()

        self._run_write(work)

    def upsert_actors(self, actors: Iterable[Mapping[str, Any] | BaseModel]) -> ApplyResult:
        return self.apply({"actors": actors})

    def upsert_ties(self, ties: Iterable[Mapping[str, Any] | BaseModel]) -> ApplyResult:
        return self.apply({"ties": ties})

    def upsert_areas(self, areas: Iterable[Mapping[str, Any] | BaseModel]) -> ApplyResult:
        return self.apply({"areas": areas})

    def upsert_topics(self, topics: Iterable[Mapping[str, Any] | BaseModel]) -> ApplyResult:
        return self.apply({"topics": topics})

    def delete_actor(self, actor_id: str, *, audit: Audit | None = None) -> None:
        """Delete an actor, every tie it has and its personal data in the audit log (one
        transaction; see :meth:`delete`). Raises NotFoundError if it is not there."""
        self.delete("actor", actor_id, audit=audit)

    def delete_tie(self, tie_id: str, *, audit: Audit | None = None) -> None:
        self.delete("tie", tie_id, audit=audit)

    def delete_area(self, area_id: str, *, audit: Audit | None = None) -> None:
        """Delete an area that nothing refers to (no actor, no sub-area, no covering area).

        Raises NotFoundError if it is not there, ConflictError naming the references if it is
        still in use.
        """
        self.delete("area", area_id, audit=audit)

    def delete_topic(self, topic_id: str, *, audit: Audit | None = None) -> None:
        """Delete a topic no actor works on (else ConflictError naming some of them)."""
        self.delete("topic", topic_id, audit=audit)

    # -- accounts ----------------------------------------------------------------------------
    def add_account(self, name: str, *, role: str, token_hash: str, areas: Iterable[str] = (),
                    read_scoped: bool = False, now: datetime | None = None,
                    expires_at: datetime | None = None) -> Account:
        """Add an account with the hash of its token. ConflictError if the name is taken;
        InvalidInputError for an unknown role or area, or an ``expires_at`` not in the future."""
        now = now or datetime.now(UTC)
        problems = _expiry_problems(name, expires_at, now)
        if not _SLUG.match(name or ""):
            problems.append(Problem("bad_slug", {"value": name}, record="account", field="name"))
        if role not in ROLES:
            problems.append(Problem("unknown_choice", {"value": role, "allowed": ", ".join(ROLES)},
                                    record="account", id=name, field="role"))
        areas = list(dict.fromkeys(areas))
        known = {r["id"] for r in self._all("area")}
        problems += [Problem("unknown_area", {"id": a}, record="account", id=name, field="areas")
                     for a in areas if a not in known]
        if problems:
            raise InvalidInputError(problems)
        account = Account(name, role, tuple(areas), read_scoped, now.astimezone(UTC).isoformat(),
                          expires_at=_iso(expires_at))
        if not self._insert_account(account.to_dict(), token_hash):
            raise ConflictError("duplicate", what=word("account"), id=name)
        return account

    def account_for_token(self, token_hash: str, *, now: datetime | None = None) -> Account | None:
        """The active, unexpired account with this token hash, or None."""
        found = self.account_and_hash(token_hash, now=now)
        return found[0] if found is not None else None

    def account_and_hash(self, token_hash: str, *,
                         now: datetime | None = None) -> tuple[Account, str] | None:
        """The active, unexpired account found by this token hash, with the hash as the store
        keeps it (so the caller can compare the two itself), or None."""
        row = self._account_by_hash(token_hash)
        if row is None or row.get("revoked_at"):
            return None
        account = Account.from_row(row)
        if account.expired(now):
            return None
        return account, str(row["token_hash"])

    def rotate_account(self, name: str, *, token_hash: str, expires_at: datetime | None = None,
                       now: datetime | None = None) -> Account:
        """Give an account a new token (its hash): the old token stops working with this
        write; role, areas and scope stay. ``expires_at`` is the new token's expiry (None: it
        does not expire). NotFoundError if unknown; ConflictError if the account is revoked
        (a revoked account is not brought back by a new token: add a new one)."""
        now = now or datetime.now(UTC)
        problems = _expiry_problems(name, expires_at, now)
        if problems:
            raise InvalidInputError(problems)
        found = [a for a in self.accounts() if a.name == name]
        if not found:
            raise NotFoundError("account", name)
        if found[0].revoked_at:
            raise ConflictError("account_revoked", id=name)
        row = {**found[0].to_dict(), "expires_at": _iso(expires_at)}
        if not self._replace_token(row, token_hash):
            raise NotFoundError("account", name)
        return Account.from_row(row)

    def accounts(self) -> list[Account]:
        return [Account.from_row(r) for r in self._account_rows()]

    def revoke_account(self, name: str, *, now: datetime | None = None) -> Account:
        """Revoke an account: its token stops working at once. NotFoundError if unknown."""
        found = [a for a in self.accounts() if a.name == name]
        if not found:
            raise NotFoundError("account", name)
        if found[0].revoked_at:
            return found[0]
        row = {**found[0].to_dict(),
               "revoked_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat()}
        if not self._replace_account(row):
            raise NotFoundError("account", name)
        return Account.from_row(row)

    # -- audit log ---------------------------------------------------------------------------
    def append_audit(self, audit: Audit, *, record: str | None = None, record_id: str | None = None,
                     before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                     now: datetime | None = None) -> None:
        """Log something that is not a write to the network (an export, say)."""
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat()
        self._append_audit([_entry(stamp, audit, record, record_id, before, after)])

    def audit_log(self, *, user: str | None = None, action: str | None = None,
                  record: str | None = None, record_id: str | None = None,
                  since: datetime | None = None, until: datetime | None = None,
                  offset: int = 0, limit: int = 50) -> Page:
        """Audit entries (newest first) matching every given filter, one page at a time.

        Each entry: ``seq``, ``at`` (UTC ISO time), ``user``, ``action``, ``record``,
        ``record_id``, ``before``, ``after`` (the stored record, or None), ``detail``.
        """
        filters = {"user": user, "action": action, "record": record, "record_id": record_id,
                   "since": _iso(since), "until": _iso(until)}
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._query_audit(filters, offset, limit)
        return Page(rows, total, offset, limit)

    def erase_personal(self, record: str, record_id: str) -> int:
        """Replace the personal data of one record in every audit entry by :data:`ERASED`."""
        if record not in PERSONAL_FIELDS:
            return 0

        return self._rewrite_audit(record, record_id, partial(_erase_entry, record))

    @staticmethod
    def _refuse_if_used(record: str, record_id: str, examples: list[str], count: int) -> None:
        if count:
            raise ConflictError("in_use", what=word(record), id=record_id, count=count,
                                examples=", ".join(examples[:3]))

    # -- reads -------------------------------------------------------------------------------
    def get_actor(self, actor_id: str) -> Actor:
        return Actor.model_validate(self._get_one("actor", actor_id))

    def get_tie(self, tie_id: str) -> Tie:
        return Tie.model_validate(self._get_one("tie", tie_id))

    def get_area(self, area_id: str) -> Area:
        return Area.model_validate(self._get_one("area", area_id))

    def get_topic(self, topic_id: str) -> Topic:
        return Topic.model_validate(self._get_one("topic", topic_id))

    def _get_one(self, record: str, record_id: str) -> dict[str, Any]:
        found = self._get(record, [record_id]).get(record_id)
        if found is None:
            raise NotFoundError(record, record_id)
        return found

    def areas(self) -> list[Area]:
        return sorted((Area.model_validate(r) for r in self._all("area")), key=lambda a: a.id)

    def topics(self) -> list[Topic]:
        return sorted((Topic.model_validate(r) for r in self._all("topic")), key=lambda t: t.id)

    def area_and_below(self, area_id: str) -> set[str]:
        """The area and all its sub-areas (through parent and covers). NotFoundError if unknown."""
        rows = self._all("area")
        if not any(r["id"] == area_id for r in rows):
            raise NotFoundError("area", area_id)
        return descendants(rows, area_id)

    def list_actors(
        self,
        *,
        kind: str | Iterable[str] | None = None,
        sector: str | Iterable[str] | None = None,
        area: str | Iterable[str] | None = None,
        topic: str | Iterable[str] | None = None,
        q: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """Actors matching every given filter, ordered by name, one page at a time.

        ``area`` (one id or several) includes the sub-areas; ``q`` is free text that ignores case and accents
        ("hongg" and "hoengg" find "Höngg"); ``kind``/``sector`` accept ids or German labels.
        """
        kinds = _enum_values(ActorKind, kind)
        sectors = _enum_values(Sector, sector)
        topics = [topic] if isinstance(topic, str) else (list(topic) if topic else None)
        if not area:
            areas = None
        else:
            wanted = [area] if isinstance(area, str) else list(area)
            areas = sorted(set().union(*(self.area_and_below(a) for a in wanted)))
        text = search_key(q) if q and q.strip() else None
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._query_actors(kinds=kinds, sectors=sectors, areas=areas, topics=topics,
                                         text=text, offset=offset, limit=limit)
        return Page([Actor.model_validate(r) for r in rows], total, offset, limit)

    def list_ties(
        self,
        *,
        actor: str | None = None,
        kind: str | Iterable[str] | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """Ties (of one actor, of some kinds), ordered by id, one page at a time."""
        kinds = _enum_values(TieKind, kind)
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._query_ties(actor=actor, kinds=kinds, offset=offset, limit=limit)
        return Page([Tie.model_validate(r) for r in rows], total, offset, limit)

    def neighbourhood(
        self,
        actor_id: str,
        *,
        hops: int = 1,
        limit: int = 100,
        kinds: str | Iterable[str] | None = None,
        as_of: date | None = None,
    ) -> Neighbourhood:
        """Actors within ``hops`` (1..3) ties of ``actor_id``, nearest first, at most ``limit``.

        Ties count in both directions. Among actors at the same distance, the ones tied more
        strongly to the nearer ring come first, then by id. ``omitted`` says how many actors
        within reach were left out.
        """
        if not 1 <= hops <= 3:
            raise InvalidInputError([Problem("hops_range", {"value": hops}, field="hops")])
        center = self.get_actor(actor_id)
        tie_kinds = _enum_values(TieKind, kinds)
        distance = {actor_id: 0}
        strength: dict[str, int] = {}
        frontier = [actor_id]
        for step in range(1, hops + 1):
            found: dict[str, int] = {}
            for row in self._ties_touching(sorted(frontier), tie_kinds):
                if as_of and not _valid_on(row, as_of):
                    continue
                for near, far in ((row["source"], row["target"]), (row["target"], row["source"])):
                    if near in frontier and far not in distance:
                        found[far] = max(found.get(far, 0), int(row.get("weight") or 0))
            for other, weight in found.items():
                distance[other] = step
                strength[other] = weight
            frontier = list(found)
            if not frontier:
                break
        ranked = sorted((a for a in distance if a != actor_id),
                        key=lambda a: (distance[a], -strength[a], a))
        kept = ranked[:max(0, limit)]
        rows = self._get("actor", kept)
        keep = {actor_id, *kept}
        tie_rows = {r["id"]: r for r in self._ties_touching(sorted(keep), tie_kinds)
                    if r["source"] in keep and r["target"] in keep
                    and (as_of is None or _valid_on(r, as_of))}
        return Neighbourhood(
            center=center,
            hops=hops,
            actors=[(Actor.model_validate(rows[a]), distance[a]) for a in kept],
            ties=[Tie.model_validate(tie_rows[t]) for t in sorted(tie_rows)],
            omitted=len(ranked) - len(kept),
        )

    def snapshot(self, as_of: date | None = None, *, include_personal: bool = False) -> nx.MultiDiGraph:
        """The whole network as a NetworkX MultiDiGraph with every attribute.

        Nodes are actor ids with the actor's fields (``areas``/``topics``/``tags`` as lists,
        ``sector`` derived, ``contact`` only with ``include_personal``). Each tie is one edge
        ``source -> target`` keyed by the tie id, with ``directed`` False for cooperation
        (stored once, ends in sorted order). Dates are :class:`datetime.date`. With ``as_of``,
        only ties valid on that day are kept. ``G.graph`` holds ``areas`` and ``topics``
        (id -> fields), ``version`` and ``as_of``.
        """
        version = self.version()
        graph = nx.MultiDiGraph(version=version, as_of=as_of)
        graph.graph["areas"] = {r["id"]: _strip_times(r) for r in self._all("area")}
        graph.graph["topics"] = {r["id"]: _strip_times(r) for r in self._all("topic")}
        sectors = {k.value: (k.sector.value if k.sector else None) for k in ActorKind}
        nodes = []
        for attrs in self._all("actor"):
            if not include_personal:
                attrs.pop("contact", None)
            attrs["sector"] = sectors[attrs["kind"]]
            nodes.append((attrs.pop("id"), attrs))
        graph.add_nodes_from(nodes)
        parse = date.fromisoformat
        # Edges go straight into the adjacency dicts: add_edges_from's per-edge view lookups were
        # half the snapshot's time at 50,000 ties. Both ends exist (the store guarantees it),
        # keys are unique tie ids, and each key dict is shared by _succ and _pred as NetworkX does.
        succ, pred = graph._succ, graph._pred
        for attrs in self._all("tie"):
            if as_of and not _valid_on(attrs, as_of):
                continue
            for key in ("since", "until", "asserted_on"):
                if attrs[key]:
                    attrs[key] = parse(attrs[key])
            attrs["directed"] = attrs["kind"] != "cooperates_with"
            u, v = attrs["source"], attrs["target"]
            keydict = succ[u].get(v)
            if keydict is None:
                keydict = succ[u][v] = pred[v][u] = {}
            keydict[attrs["id"]] = attrs
        return graph

    def stats(self) -> dict[str, Any]:
        """Counts: actors by kind, ties by kind, areas, topics, and the version."""
        actors: dict[str, int] = dict.fromkeys((k.value for k in ActorKind), 0)
        for row in self._all("actor"):
            actors[row["kind"]] += 1
        ties: dict[str, int] = dict.fromkeys((k.value for k in TieKind), 0)
        for row in self._all("tie"):
            ties[row["kind"]] += 1
        return {
            "actors": actors,
            "ties": ties,
            "areas": len(self._all("area")),
            "topics": len(self._all("topic")),
            "version": self.version(),
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll back a dry run."""

    def __init__(self, result: ApplyResult) -> None:
        super().__init__("dry run")
        self.result = result


_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,118}[a-z0-9])?$")


def _entry(stamp: str, audit: Audit, record: str | None, record_id: str | None,
           before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"at": stamp, "user": audit.user, "action": audit.action, "record": record,
            "record_id": record_id, "before": None if before is None else dict(before),
            "after": None if after is None else dict(after), "detail": dict(audit.detail)}


def etag(item: BaseModel) -> str:
    """The version of a stored record: 16 hex digits of the SHA-256 of its canonical JSON
    (timestamps included, so any change gives a new one). Used as the HTTP ``ETag``."""
    text = json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _check_version(record: str, record_id: str, stored: BaseModel,
                   if_match: str | Collection[str] | None) -> None:
    if if_match is None:
        return
    wanted = {if_match} if isinstance(if_match, str) else set(if_match)
    if "*" not in wanted and etag(stored) not in wanted:
        raise PreconditionFailedError(record, record_id)


def _erase_entry(record: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "before": _erased(record, entry.get("before")),
            "after": _erased(record, entry.get("after"))}


def _forget_contacts(entry: dict[str, Any], *, kept: Any) -> dict[str, Any]:
    """An actor's audit entry with every contact other than ``kept`` (the current one) erased."""
    out = dict(entry)
    for side in ("before", "after"):
        row = entry.get(side)
        if row is not None and row.get("contact") is not None and row["contact"] != kept:
            out[side] = {**row, "contact": ERASED}
    return out


def _erased(record: str, row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    out = dict(row)
    for name in PERSONAL_FIELDS.get(record, ()):
        if out.get(name) is not None:
            out[name] = ERASED
    return out


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _expiry_problems(name: str, expires_at: datetime | None, now: datetime) -> list[Problem]:
    """An account's token expiry must lie in the future (a token born expired helps no one)."""
    if expires_at is None:
        return []
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)
    if expires_at > now:
        return []
    return [Problem("expiry_past", {"value": _iso(expires_at)}, record="account", id=name,
                    field="expires_at")]


def _content(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("created_at", "updated_at", "sector")}


def _strip_times(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


def _valid_on(row: Mapping[str, Any], day: date) -> bool:
    iso = day.isoformat()
    return (not row.get("since") or row["since"] <= iso) and (not row.get("until") or iso <= row["until"])


def _enum_values(enum: Any, value: str | Iterable[str] | None) -> list[str] | None:
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


def _sorted_problems(problems: list[Problem]) -> list[Problem]:
    order = {r: i for i, r in enumerate(RECORD_ORDER)}
    return sorted(problems, key=lambda p: (order.get(p.record or "", 9),
                                           -1 if p.index is None else p.index, p.field or ""))
