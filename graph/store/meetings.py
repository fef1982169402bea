"""The network's memory: the contact log and meetings (together: *encounters*), the evidence
they give that actors are in touch, and the suggested ties that evidence produces.

:class:`Memory` is the part of :class:`~graph.store.base.Store` that records and reads them; an
implementation provides :meth:`Memory._memory_ops` (the primitives inside a write transaction:
:class:`~graph.store.memory_ops.MemoryOps`) and :meth:`Memory._memory_read` (the same primitives
inside a read), each in its own query language (:mod:`graph.store.sqlite.meetings`,
:mod:`graph.store.neo4j.meetings`).

Evidence is kept per pair of actors present together (``pair evidence``: how many encounters,
the first and the last day), updated in the transaction that records the encounter: recording
a meeting with 20 participants writes 190 pairs, and the suggestions and a tie's ``last_seen``
are then one read instead of a join over every meeting. A suggestion that was dismissed
remembers the count it was dismissed at and comes back only with new evidence.

Recording refuses, with every problem and nothing stored: a day in the future, a meeting with
fewer than two participants, an unknown actor, topic or forum, a forum that is no forum.
Deleting an actor (:meth:`Store.delete`) removes it from every encounter, erases the notes of
its contact log entries (and in their audit entries), drops a contact entry left with no actor
and the pair evidence of the actor: :meth:`Memory._erase_from_memory`.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from graph.errors import InvalidInputError, NotFoundError, Problem
from graph.model.meetings import (
    ENCOUNTER_TYPES,
    ContactEntry,
    Meeting,
    encounter_from_row,
    pair_key,
)
from graph.store.audit import ERASED, Audit, entry
from graph.store.encounter_checks import KnownRecords, encounter_problems, parse_encounters
from graph.store.memory_ops import MemoryOps
from graph.store.records import MAX_PAGE, Page, WriteOps
from graph.store.suggestions import SUGGEST_AFTER, SuggestedTies, Suggestion

T = TypeVar("T")

#: Pair evidence rows written per statement.
PAIR_CHUNK = 5000
#: Encounters read per statement by :meth:`Memory.all_encounters`.
EXPORT_PAGE = 10_000


def _row(item: Meeting | ContactEntry) -> dict[str, Any]:
    """An encounter as the stores keep it: the record's JSON with ``type``."""
    kind = "meeting" if isinstance(item, Meeting) else "contact_entry"
    return {"type": kind, **item.model_dump(mode="json")}


def _pairs(actors: list[str]) -> list[tuple[str, str]]:
    ordered = sorted(set(actors))
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]]


class Memory(SuggestedTies, ABC):
    """Recording encounters, reading them, the evidence and the suggested ties."""

    @abstractmethod
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T: ...

    @abstractmethod
    def _all(self, record: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    def _memory_ops(self, ops: WriteOps) -> MemoryOps:
        """The memory primitives inside the open write transaction of ``ops``."""

    @abstractmethod
    def _memory_read(self, fn: Callable[[MemoryOps], T]) -> T:
        """``fn`` with the memory primitives inside one read."""

    # -- writes ------------------------------------------------------------------------------
    def record_meeting(self, data: Mapping[str, Any], *, audit: Audit | None = None,
                       now: datetime | None = None) -> Meeting:
        """Record a meeting (``date, title, participants`` (>= 2 actor ids), optional
        ``forum``, ``topics``, ``tags``) and its evidence in one transaction.

        Raises InvalidInputError listing every problem (a day in the future, too few
        participants, unknown actors, topics or forum); nothing is stored then.
        """
        return self._record("meeting", data, audit=audit, now=now)  # type: ignore[return-value]

    def record_contact(self, data: Mapping[str, Any], *, audit: Audit | None = None,
                       now: datetime | None = None) -> ContactEntry:
        """Record a contact log entry (``date, kind, actors`` (>= 1), ``topics``, ``note``)
        and its evidence (between its actors, if several) in one transaction.

        Raises InvalidInputError as :meth:`record_meeting`.
        """
        return self._record("contact_entry", data, audit=audit, now=now)  # type: ignore[return-value]

    def _record(self, record: str, data: Mapping[str, Any], *, audit: Audit | None,
                now: datetime | None) -> Meeting | ContactEntry:
        from graph.validation import _problems_from_pydantic

        now = (now or datetime.now(UTC)).astimezone(UTC)
        model = ENCOUNTER_TYPES[record]
        raw = {k: v for k, v in data.items() if k not in ("id", "recorded_at", "recorded_by")}
        prefix = "m" if record == "meeting" else "c"
        raw |= {"id": f"{prefix}-{uuid.uuid4().hex[:12]}", "recorded_at": now.isoformat(),
                "recorded_by": audit.user if audit else ""}
        try:
            item: Meeting | ContactEntry = model.model_validate(raw)  # type: ignore[assignment]
        except ValidationError as exc:
            raise InvalidInputError([replace(p, index=None, id=None)
                                     for p in _problems_from_pydantic(exc, record, 0, {})]) from exc
        row = _row(item)

        def work(ops: WriteOps) -> Meeting | ContactEntry:
            problems = encounter_problems(ops, item, record, now.date())
            if problems:
                raise InvalidInputError(problems)
            self._store_encounter(ops, item, row)
            if audit is not None:
                ops.append_audit([entry(now.isoformat(), audit, record, item.id, None, row)])
            ops.bump_version()
            return item

        return self._run_write(work)

    def _store_encounter(self, ops: WriteOps, item: Meeting | ContactEntry,
                         row: dict[str, Any]) -> None:
        memory = self._memory_ops(ops)
        memory.insert_encounter(row)
        pairs = _pairs(item.present())
        for start in range(0, len(pairs), PAIR_CHUNK):
            memory.add_pairs(pairs[start:start + PAIR_CHUNK], item.date.isoformat())

    def _store_encounters(self, ops: WriteOps,
                          new: list[tuple[Meeting | ContactEntry, dict[str, Any]]]) -> None:
        """Many encounters and their evidence in a few statements: the rows at once, and each
        pair's encounters added up (count, first and last day) into one row per pair."""
        if not new:
            return
        memory = self._memory_ops(ops)
        memory.insert_encounters([row for _, row in new])
        found: dict[tuple[str, str], list[Any]] = {}
        for item, _ in new:
            day = item.date.isoformat()
            for pair in _pairs(item.present()):
                seen = found.get(pair)
                if seen is None:
                    found[pair] = [1, day, day]
                else:
                    seen[0] += 1
                    seen[1], seen[2] = min(seen[1], day), max(seen[2], day)
        memory.add_pair_counts([(a, b, n, first, last) for (a, b), (n, first, last) in found.items()])

    def import_encounters(self, rows: Sequence[Mapping[str, Any]], *, user: str,
                          now: datetime | None = None) -> dict[str, int]:
        """Write meetings and contact log entries as exported (each row with ``type``
        ``meeting`` or ``contact_entry``, its ``id``, ``recorded_at`` and ``recorded_by`` kept)
        and their evidence, in one transaction; all or nothing.

        Idempotent by id: an encounter stored with the same data is left alone
        (``unchanged``); one stored with other data is refused (``encounter_differs``: an
        encounter is recorded once, not edited). Every problem of every row (with its
        ``index``) in one InvalidInputError, as :meth:`record_meeting` checks them.
        """
        stamp = (now or datetime.now(UTC)).astimezone(UTC)
        parsed, problems = parse_encounters(rows)
        if problems:
            raise InvalidInputError(problems)
        return self._run_write(lambda ops: self._import_encounters_in(ops, parsed, stamp, user))

    def _import_encounters_in(self, ops: WriteOps,
                              parsed: list[tuple[int, Meeting | ContactEntry]],
                              stamp: datetime, user: str) -> dict[str, int]:
        """:meth:`import_encounters` inside an open write transaction (the loader runs it in
        the network's transaction)."""
        memory = self._memory_ops(ops)
        problems: list[Problem] = []
        counts = {"created": 0, "unchanged": 0}
        known = KnownRecords(ops, [item for _, item in parsed])
        stored_rows = memory.encounters_by_id(list(dict.fromkeys(i.id for _, i in parsed)))
        new: list[tuple[Meeting | ContactEntry, dict[str, Any]]] = []
        seen: dict[str, int] = {}
        for index, item in parsed:
            record = "meeting" if isinstance(item, Meeting) else "contact_entry"
            row = _row(item)
            if item.id in seen:
                problems.append(Problem("duplicate_in_batch", {"id": item.id, "first": seen[item.id] + 1},
                                        record=record, index=index, id=item.id, field="id"))
                continue
            seen[item.id] = index
            stored = stored_rows.get(item.id)
            if stored is not None:
                if stored == row:
                    counts["unchanged"] += 1
                else:
                    problems.append(Problem("encounter_differs", {"id": item.id}, record=record,
                                            index=index, id=item.id, field="id"))
                continue
            problems += [replace(p, index=index, id=item.id)
                         for p in encounter_problems(ops, item, record, stamp.date(), known)]
            new.append((item, row))
        if problems:
            raise InvalidInputError(problems)
        audit = Audit(user, "import")
        self._store_encounters(ops, new)
        if new:
            ops.append_audit([entry(stamp.isoformat(), audit, row["type"], item.id, None, row)
                              for item, row in new])
            ops.bump_version()
        counts["created"] = len(new)
        return counts

    def all_encounters(self) -> list[dict[str, Any]]:
        """Every meeting and contact entry as stored (rows with ``type``), by id."""
        def read(m: MemoryOps) -> list[dict[str, Any]]:
            rows: list[dict[str, Any]] = []
            while True:  # in pages: a LIMIT of 2**62 gave no rows on the Bolt test server
                page, total = m.encounters(type=None, actor=None, forum=None, since=None,
                                           until=None, offset=len(rows), limit=EXPORT_PAGE)
                rows += page
                if not page or len(rows) >= total:
                    return rows

        return sorted(self._memory_read(read), key=lambda r: r["id"])

    # -- reads -------------------------------------------------------------------------------
    def get_meeting(self, meeting_id: str) -> Meeting:
        return self._get_encounter("meeting", meeting_id)  # type: ignore[return-value]

    def get_contact(self, contact_id: str) -> ContactEntry:
        return self._get_encounter("contact_entry", contact_id)  # type: ignore[return-value]

    def _get_encounter(self, record: str, encounter_id: str) -> Meeting | ContactEntry:
        row = self._memory_read(lambda m: m.encounter(encounter_id))
        if row is None or row.get("type") != record:
            raise NotFoundError(record, encounter_id)
        return encounter_from_row(row)

    def list_meetings(self, *, actor: str | None = None, forum: str | None = None,
                      since: date | None = None, until: date | None = None,
                      offset: int = 0, limit: int = 50) -> Page:
        """Meetings (of an actor, of a forum, between two days), newest first."""
        return self._list("meeting", actor=actor, forum=forum, since=since, until=until,
                          offset=offset, limit=limit)

    def list_contacts(self, *, actor: str | None = None, since: date | None = None,
                      until: date | None = None, offset: int = 0, limit: int = 50) -> Page:
        """Contact log entries (of an actor, between two days), newest first."""
        return self._list("contact_entry", actor=actor, forum=None, since=since, until=until,
                          offset=offset, limit=limit)

    def _list(self, record: str, *, actor: str | None, forum: str | None, since: date | None,
              until: date | None, offset: int, limit: int) -> Page:
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._memory_read(lambda m: m.encounters(
            type=record, actor=actor, forum=forum,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None, offset=offset, limit=limit))
        return Page([encounter_from_row(r) for r in rows], total, offset, limit)

    def last_contact(self, actor_ids: list[str]) -> dict[str, date]:
        """The latest day each actor took part in a meeting or a contact (those that did)."""
        found = self._memory_read(lambda m: m.last_contact(list(dict.fromkeys(actor_ids))))
        return {a: date.fromisoformat(d) for a, d in found.items()}

    def last_seen(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], date]:
        """The latest encounter of each pair (sorted ends) that had one."""
        keys = list(dict.fromkeys(pair_key(a, b) for a, b in pairs))
        if not keys:
            return {}
        rows = self._memory_read(lambda m: m.pairs_of(keys))
        return {(r["a"], r["b"]): date.fromisoformat(r["last_seen"]) for r in rows}

    def _with_evidence(self, ties: list[dict[str, Any]],
                       as_of: date | None = None) -> list[dict[str, Any]]:
        """Tie rows with ``last_seen`` (a date) where there is evidence: the latest encounter
        of both ends (ties without evidence are left as they are). With ``as_of``, evidence
        after that day is left out: the pair's latest day is all that is kept, so a pair seen
        again after ``as_of`` shows no evidence for it (a historic view errs towards stale)."""
        seen = self.last_seen([(t["source"], t["target"]) for t in ties])
        if seen:
            for tie in ties:
                day = seen.get(pair_key(tie["source"], tie["target"]))
                if day is not None and (as_of is None or day <= as_of):
                    tie["last_seen"] = day
        return ties

    # -- erasure (called by Store.delete inside its transaction) -----------------------------
    def _on_actor_deleted(self, ops: WriteOps, actor_id: str, stamp: str,
                          audit: Audit | None) -> None:
        """Called by :meth:`Store.delete` when an actor goes (chained through ``super()``
        with the other record kinds): :meth:`_erase_from_memory`."""
        chained = getattr(super(), "_on_actor_deleted", None)
        if chained is not None:
            chained(ops, actor_id, stamp, audit)
        self._erase_from_memory(ops, actor_id)

    def _erase_from_memory(self, ops: WriteOps, actor_id: str) -> None:
        """Remove a deleted actor from every encounter: out of the actors present; a contact
        entry's note erased (here and in its audit entries; the text is forgotten so the file
        keeps no copy); a contact entry without actors left deleted; its pair evidence gone."""
        memory = self._memory_ops(ops)
        rows = memory.encounters_of(actor_id)
        changed, gone, notes = [], [], set()
        for row in rows:
            key = "participants" if row["type"] == "meeting" else "actors"
            new = {**row, key: [a for a in row[key] if a != actor_id]}
            if row["type"] == "contact_entry":
                if row.get("note"):
                    notes.add(row["note"])
                    new["note"] = ERASED
                if not new[key]:
                    gone.append(row["id"])
                    continue
            changed.append(new)
        if changed:
            memory.replace_encounters(changed)
        if gone:
            memory.delete_encounters(gone)
        memory.delete_pairs_of(actor_id)
        for row in rows:
            if row["type"] == "contact_entry":
                ops.rewrite_audit("contact_entry", row["id"], _erase_note(actor_id))
        if notes:
            ops.forget(notes)


def _erase_note(actor_id: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def fn(audit_entry: dict[str, Any]) -> dict[str, Any]:
        out = dict(audit_entry)
        for side in ("before", "after"):
            row = audit_entry.get(side)
            if row is not None:
                out[side] = {**row, "note": ERASED if row.get("note") else row.get("note"),
                             "actors": [a for a in row.get("actors") or [] if a != actor_id]}
        return out

    return fn


__all__ = ["PAIR_CHUNK", "SUGGEST_AFTER", "Memory", "MemoryOps", "Suggestion"]
