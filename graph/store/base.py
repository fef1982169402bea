"""The one store interface. SQLite (default) and Neo4j implement it and pass the same tests.

A store keeps four record types (areas, topics, actors, ties), and beside them API accounts
(:mod:`~graph.store.accounts`), an audit log (:mod:`~graph.store.audit`), needs
(:mod:`~graph.store.needs`) and meetings (:mod:`~graph.store.meetings`). Shared here: batch
validation (:mod:`graph.validation`), the write protocol (:mod:`graph.store.writes`), versions
and pages (:mod:`graph.store.records`), the snapshot (:mod:`graph.store.snapshot`), the record
reads (:mod:`graph.store.reads`). :class:`Store` composes them; an implementation provides the
primitive reads and writes.

Write protocol: :meth:`Store.apply` parses the batch (no I/O), then runs
:meth:`_run_write` with a function that, inside one transaction, checks the batch against what
is stored, writes only what changed and bumps :meth:`version`. If any record is invalid an
:class:`~graph.errors.InvalidInputError` listing every problem is raised and nothing is written.
:meth:`Store.update` (read, merge, check, write) and :meth:`Store.delete` (check, delete, erase
personal data from the audit log, log) are each one such transaction too: all or nothing.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import UTC, date, datetime
from functools import partial
from typing import Any, TypeVar

import networkx as nx
from pydantic import BaseModel

from graph.errors import NotFoundError
from graph.model import (
    PERSONAL_FIELDS,
    RECORD_TYPES,
)
from graph.store.accounts import ROLES, Account, Accounts
from graph.store.audit import ERASED, Audit, AuditLog, entry, erase_entry, erased, personal_text
from graph.store.meetings import Memory
from graph.store.needs import NeedStore
from graph.store.reads import RecordReads
from graph.store.records import (
    MAX_PAGE,
    WRITE_CHUNK,
    ApplyResult,
    Change,
    Counts,
    DryRun,
    Page,
    WriteOps,
    check_version,
    etag,
)
from graph.store.snapshot import build_snapshot
from graph.store.surveys import SurveyStore  # h/survey-store
from graph.store.writes import refuse_if_used, write_batch
from graph.validation import RECORD_ORDER, Batch, parse_batch

__all__ = ["ERASED", "MAX_PAGE", "ROLES", "WRITE_CHUNK", "Account", "ApplyResult", "Audit",
           "Change", "Counts", "Page", "Store", "WriteOps", "etag"]

T = TypeVar("T")


class Store(RecordReads, Accounts, AuditLog, NeedStore, Memory, SurveyStore):  # SurveyStore: h/survey-store
    """Where the network is kept. Use as a context manager, or call :meth:`close`."""

    backend = "abstract"
    #: Seconds a write waits for another write's lock before giving up with StoreBusyError
    #: (nothing written; the API keeps it short). ``on_lock_wait`` is called when it starts.
    lock_wait: float = 5.0
    on_lock_wait: Callable[[float], None] | None = None

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

    # -- primitives for implementations (the queries of pages: graph.store.reads) ---------
    @abstractmethod
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T:
        """Run ``fn`` in one write transaction; roll back if it raises."""

    @abstractmethod
    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    def _all(self, record: str) -> list[dict[str, Any]]:
        """Every record of a type (for snapshots and small tables)."""

    @abstractmethod
    def version(self) -> int:
        """A number that changes on every write that changes something (for caches)."""

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
            return write_batch(ops, parsed, problems, stamp, mode=mode, guard=guard,
                                     audit=audit, dry_run=dry_run)

        try:
            return self._run_write(work)
        except DryRun as dry:
            return dry.result

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
            check_version(record, record_id, stored, if_match)
            merged = stored.model_dump(mode="json", exclude={"sector", "directed"})
            if record == "tie":
                merged.pop("id", None)
            merged.update(changes)
            parsed, problems = parse_batch({record + "s": [merged]})
            write_batch(ops, parsed, problems, stamp, mode="update", guard=guard,
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
            check_version(record, record_id, RECORD_TYPES[record].model_validate(before), if_match)
            if guard is not None:
                guard(before)
            ties: list[dict[str, Any]] = []
            if record == "actor":
                ties = ops.ties_touching([record_id])
                # h/needs: the actor leaves every need (and other record kinds, chained:
                # h/memory's Memory takes it out of contacts and meetings)
                self._on_actor_deleted(ops, record_id, stamp, audit)
            elif record in ("area", "topic"):
                refs = ([r["id"] for r in ops.all_areas() if r.get("parent") == record_id
                         or record_id in (r.get("covers") or [])] if record == "area" else [])
                actors, total = ops.actors_using(record, record_id, 3)
                refuse_if_used(record, record_id, refs + actors, len(refs) + total)
            if not ops.delete(record, record_id):
                raise NotFoundError(record, record_id)
            if record in PERSONAL_FIELDS:
                ops.rewrite_audit(record, record_id, partial(erase_entry, record))
                ops.forget(personal_text(record, before))
            if audit is not None:
                ops.append_audit([entry(stamp, audit, record, record_id,
                                         erased(record, before), None)]
                                 + [entry(stamp, audit, "tie", t["id"], t, None) for t in ties])
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

    # -- reads (the record reads: graph.store.reads.RecordReads) ------------------------------
    def snapshot(self, as_of: date | None = None, *, include_personal: bool = False,
                 with_survey: bool = False) -> nx.MultiDiGraph:
        """The whole network as a NetworkX MultiDiGraph with every attribute.

        Nodes are actor ids with the actor's fields (``areas``/``topics``/``tags`` as lists,
        ``sector`` derived, ``contact`` only with ``include_personal``). Each tie is one edge
        ``source -> target`` keyed by the tie id, with ``directed`` False for cooperation
        (stored once, ends in sorted order). Dates are :class:`datetime.date`. With ``as_of``,
        only ties valid on that day are kept. ``G.graph`` holds ``areas`` and ``topics``
        (id -> fields), ``version`` and ``as_of``.

        ``with_survey`` (h/survey-store) adds what submitted survey answers assert and no
        coordinator has decided yet (not reconciled, not rejected) where no tie is recorded:
        one edge per pair and kind, ``method`` survey, attribute ``survey`` True, ``weight`` the
        mean of the assertions (:meth:`~graph.store.surveys.SurveyStore._with_survey`);
        ``G.graph["with_survey"]`` is then True. The default (False) reads no survey row and
        leaves ``G.graph`` as it was.
        """
        # read in the order as before surveys (ties last); the default path reads no survey row
        version, areas = self.version(), self._all("area")
        topics, actors = self._all("topic"), self._all("actor")
        ties = self._with_evidence(self._all("tie"), as_of)
        if with_survey:
            ties = self._with_survey(ties)
        graph = build_snapshot(version=version, areas=areas, topics=topics, actors=actors,
                               ties=ties, as_of=as_of, include_personal=include_personal)
        if with_survey:
            graph.graph["with_survey"] = True
        return graph
