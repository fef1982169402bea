"""Needs (Anliegen), kept beside the network in the same database: added, stepped through their
life, handed to actors, listed and filtered, and forgotten with a deleted actor.

:class:`NeedStore` is the part of :class:`~graph.store.base.Store` that does this; each store
provides the ``_need*`` primitives (:mod:`graph.store.sqlite.needs`,
:mod:`graph.store.neo4j.needs`). Every write is one write transaction of the store
(:meth:`~graph.store.base.Store._run_write`): the need is read, checked against what is stored
(areas, topics and actors must exist; the step must be allowed, :data:`graph.model.needs.NEXT`),
written, logged in the audit log (record ``need``) and the store's version bumped, or nothing at
all. ``if_match`` works as for the other records (:func:`~graph.store.records.etag`).

Deleting an actor (:meth:`~graph.store.base.Store.delete`) calls :meth:`_on_actor_deleted` in
its transaction: the actor leaves every need (``raised_by`` becomes the population, it leaves
``proposed``/``confirmed``/``assigned``), and the notes of the steps taken by or for it are
erased (:data:`~graph.store.audit.ERASED`) in the needs and in their audit entries.
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from graph.errors import ConflictError, InvalidInputError, NotFoundError, Problem, StepNotAllowedError
from graph.i18n import word
from graph.model import INPUT
from graph.model.needs import OPEN, Need, NeedStatus
from graph.store.audit import Audit, entry
from graph.store.need_rules import (
    Known,
    assignments,
    check_refs,
    day_problems,
    dump,
    forget_actor,
    next_steps,
    parse_need,
    parse_status,
    parse_statuses,
    same,
    shape_problems,
    step_row,
    utc_now,
    without_index,
)
from graph.store.records import MAX_PAGE, WRITE_CHUNK, Page, WriteOps, check_version, no_gc
from graph.validation import _problems_from_pydantic, descendants

T = TypeVar("T")

#: Fields of a need :meth:`NeedStore.update_need` may change (the rest moves by steps).
EDITABLE = ("title", "description", "areas", "topics", "raised_by", "raised_on", "follow_up",
            "round_table")


def new_need_id() -> str:
    """A fresh need id: ``anliegen-`` and 10 random hex digits (no counter to race on)."""
    return "anliegen-" + secrets.token_hex(5)


class NeedStore(ABC):
    """Adding, stepping, assigning, listing and forgetting needs."""

    # -- primitives ---------------------------------------------------------------------------
    @abstractmethod
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T: ...

    @abstractmethod
    def _all(self, record: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _need_fetch(self, ops: WriteOps, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Needs by id, inside a write transaction."""

    @abstractmethod
    def _need_write(self, ops: WriteOps, rows: list[dict[str, Any]]) -> None:
        """Insert or replace needs (JSON-ready dicts), inside a write transaction."""

    @abstractmethod
    def _needs_naming(self, ops: WriteOps, actor_id: str) -> list[dict[str, Any]]:
        """Every need that names this actor, inside a write transaction."""

    @abstractmethod
    def _need_get(self, ids: list[str]) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    def _need_all(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _need_query(self, *, statuses: list[str] | None, areas: list[str] | None,
                    topics: list[str] | None, raised_before: str | None, offset: int,
                    limit: int) -> tuple[list[dict[str, Any]], int]:
        """Matching needs, oldest first (raised_on, then id), and their total."""

    # -- reads --------------------------------------------------------------------------------
    def get_need(self, need_id: str) -> Need:
        found = self._need_get([need_id]).get(need_id)
        if found is None:
            raise NotFoundError("need", need_id)
        return Need.model_validate(found)

    def all_needs(self) -> list[Need]:
        """Every need, by id (for the queries of :mod:`graph.analysis.needs` and exports)."""
        return sorted((Need.model_validate(r) for r in self._need_all()), key=lambda n: n.id)

    def stored_needs(self) -> list[dict[str, Any]]:
        """Every need as stored (plain dicts, ISO dates), not validated again (20,000: 0.3 s, not
        3 s), for whole-city summaries; the garbage collector paused (JSON has no cycles)."""
        with no_gc():
            return self._need_all()

    def list_needs(self, *, status: str | Iterable[str] | None = None,
                   area: str | Iterable[str] | None = None,
                   topic: str | Iterable[str] | None = None, open_only: bool = False,
                   older_than: int | None = None, today: date | None = None,
                   offset: int = 0, limit: int = 50) -> Page:
        """Needs matching every filter, oldest first, one page at a time.

        ``status`` takes ids or labels (``abgeklärt``); ``open_only`` keeps the open ones;
        ``area`` includes the sub-areas; ``older_than`` keeps needs raised at least that many
        days before ``today``. Unknown status or area: InvalidInputError / NotFoundError.
        """
        statuses = parse_statuses(status)
        if open_only:
            statuses = [s for s in (statuses or [s.value for s in OPEN]) if NeedStatus(s).open]
        areas = None
        if area:
            rows = self._all("area")
            known = {r["id"] for r in rows}
            wanted = [area] if isinstance(area, str) else list(area)
            for a in wanted:
                if a not in known:
                    raise NotFoundError("area", a)
            areas = sorted(set().union(*(descendants(rows, a) for a in wanted)))
        topics = [topic] if isinstance(topic, str) else (list(topic) if topic else None)
        before = None
        if older_than is not None:
            before = date.fromordinal((today or date.today()).toordinal() - older_than).isoformat()
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._need_query(statuses=statuses, areas=areas, topics=topics,
                                       raised_before=before, offset=offset, limit=limit)
        return Page([Need.model_validate(r) for r in rows], total, offset, limit)

    # -- writes -------------------------------------------------------------------------------
    def add_need(self, data: Mapping[str, Any], *, user: str, now: datetime | None = None,
                 guard: Callable[[Need], None] | None = None) -> Need:
        """Add a need (status ``neu``, one history step ``create``); its id is made if none is
        given. InvalidInputError (nothing written) listing every problem: no title, no area,
        no topic, an unknown area, topic or actor (``raised_by``), a bad date."""
        stamp = utc_now(now)
        raw = {k: v for k, v in dict(data).items() if k not in ("status", "history")}
        raw.setdefault("raised_on", stamp.date().isoformat())
        made_id = not raw.get("id")
        if made_id:
            raw["id"] = new_need_id()
        note = raw.pop("note", None)
        try:
            need = parse_need(raw, shape=False)
        except InvalidInputError as exc:
            if not made_id:
                raise
            raise InvalidInputError([without_index(p, drop_id=True) for p in exc.problems]) from exc
        need = parse_need({**dump(need), "history": [step_row(
            NeedStatus.neu, "create", need.raised_on, stamp, user, note, None)]}, shape=False)

        def work(ops: WriteOps) -> Need:
            problems = [without_index(p) for p in shape_problems(need, 0)]
            if need.raised_on > stamp.date():
                problems.append(Problem("need_step_future", {"value": need.raised_on.isoformat()},
                                        record="need", id=need.id, field="raised_on"))
            problems += check_refs(ops, need, raise_=False)
            if problems:  # an id made here names nothing the caller knows: left out
                raise InvalidInputError([without_index(p, drop_id=made_id) for p in problems])
            if self._need_fetch(ops, [need.id]):
                raise ConflictError("duplicate", what=word("need"), id=need.id)
            if guard is not None:
                guard(need)
            return self._put(ops, None, need, stamp, Audit(user, "create"))

        return self._run_write(work)

    def update_need(self, need_id: str, changes: Mapping[str, Any], *, user: str,
                    if_match: str | Collection[str] | None = None, now: datetime | None = None,
                    guard: Callable[[Need], None] | None = None) -> Need:
        """Change fields that are not steps (:data:`EDITABLE`): title, areas, follow-up day, ..."""
        wrong = [k for k in changes if k not in EDITABLE]
        if wrong:
            raise InvalidInputError([Problem("extra_field", {}, record="need", id=need_id,
                                             field=k) for k in wrong])
        return self._change(need_id, lambda n, _s: parse_need({**dump(n), **changes}), user=user,
                            action="update", if_match=if_match, now=now, guard=guard)

    def step_need(self, need_id: str, status: str, *, user: str, note: str | None = None,
                  on: date | None = None, actor: str | None = None,
                  actors: Iterable[str] = (), proposed: Iterable[str] | None = None,
                  confirmed: Iterable[str] | None = None, reason: str | None = None,
                  follow_up: date | None = None, if_match: str | Collection[str] | None = None,
                  now: datetime | None = None,
                  guard: Callable[[Need], None] | None = None) -> Need:
        """Take one step of a need's life to ``status`` (see :mod:`graph.model.needs`).

        ``abgeklaert`` keeps ``proposed`` (the need finder's actors) and ``confirmed`` (those
        the coordinator confirms); ``vermittelt`` needs ``actors`` (handed on ``on``, default
        today); ``nicht_umsetzbar`` needs a ``reason`` (``note`` serves as one); ``actor``
        names the assigned actor a step was taken by or for. StepNotAllowedError for a step the
        life does not allow, InvalidInputError for a missing reason or an unknown actor:
        nothing is written either way.
        """
        target = parse_status(status, need_id)
        actors = list(dict.fromkeys(actors))

        def change(need: Need, stamp: datetime) -> Need:
            allowed = [s.value for s in next_steps(need.status)]
            if target.value not in allowed:
                raise StepNotAllowedError(need_id, need.status.value, target.value, allowed)
            day = on or stamp.date()
            data = dump(need)
            problems = day_problems(need, day, stamp)
            if target is NeedStatus.abgeklaert:
                if proposed is not None:
                    data["proposed"] = list(proposed)
                if confirmed is not None:
                    data["confirmed"] = list(confirmed)
            elif target is NeedStatus.vermittelt:
                if not actors:
                    problems.append(Problem("need_assign_required", {}, record="need",
                                            id=need_id, field="assigned"))
                data["assigned"] = assignments(need, actors, day)
            elif target is NeedStatus.nicht_umsetzbar:
                why = reason or note
                if not why or not why.strip():
                    problems.append(Problem("need_reason_required", {}, record="need",
                                            id=need_id, field="reason"))
                data["reason"] = why
            if actor is not None and actor not in need.assigned_to:
                problems.append(Problem("unknown_actor", {"id": actor}, record="need",
                                        id=need_id, field="actor"))
            if problems:
                raise InvalidInputError(problems)
            if follow_up is not None:
                data["follow_up"] = follow_up.isoformat()
            data["status"] = target.value
            data["history"].append(step_row(target, "step", day, stamp, user, note, actor))
            return parse_need(data)

        return self._change(need_id, change, user=user, action="update", if_match=if_match,
                            now=now, guard=guard)

    def assign_need(self, need_id: str, actors: Iterable[str], *, user: str,
                    note: str | None = None, on: date | None = None,
                    if_match: str | Collection[str] | None = None, now: datetime | None = None,
                    guard: Callable[[Need], None] | None = None) -> Need:
        """Hand a need to actors: from ``abgeklaert`` this is the step to ``vermittelt``; a need
        already ``vermittelt`` or ``in_bearbeitung`` gets more actors (an ``assign`` step, the
        status kept). Any other status: StepNotAllowedError (to ``vermittelt``)."""
        actors = list(dict.fromkeys(actors))
        current = self.get_need(need_id).status
        if current is NeedStatus.abgeklaert:
            return self.step_need(need_id, "vermittelt", user=user, note=note, on=on,
                                  actors=actors, if_match=if_match, now=now, guard=guard)

        def change(need: Need, stamp: datetime) -> Need:
            if need.status not in (NeedStatus.vermittelt, NeedStatus.in_bearbeitung):
                raise StepNotAllowedError(need_id, need.status.value, "vermittelt",
                                          [s.value for s in next_steps(need.status)])
            if not actors:
                raise InvalidInputError([Problem("need_assign_required", {}, record="need",
                                                 id=need_id, field="assigned")])
            day = on or stamp.date()
            if found := day_problems(need, day, stamp):
                raise InvalidInputError(found)
            data = dump(need)
            data["assigned"] = assignments(need, actors, day)
            data["history"].append(step_row(need.status, "assign", day, stamp, user, note, None))
            return parse_need(data)

        return self._change(need_id, change, user=user, action="update", if_match=if_match,
                            now=now, guard=guard)

    def import_needs(self, rows: Iterable[Mapping[str, Any]], *, user: str,
                     now: datetime | None = None) -> dict[str, int]:
        """Write whole needs as exported (history included), created or replaced, in one
        transaction; every problem of every row in one InvalidInputError, nothing written."""
        stamp = utc_now(now)
        parsed = parse_need_rows(rows)
        return self._run_write(lambda ops: self._import_needs_in(ops, parsed, stamp, user))

    def _import_needs_in(self, ops: WriteOps, parsed: list[Need], stamp: datetime,
                         user: str) -> dict[str, int]:
        """:meth:`import_needs` inside an open write transaction (the network loader runs it
        in the network's transaction)."""
        stored = self._need_fetch(ops, [n.id for n in parsed])
        known = Known(ops, parsed)
        found = [p for need in parsed for p in known.problems(need)]
        if found:
            raise InvalidInputError(found)
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        rows, entries = [], []
        audit = Audit(user, "import")
        for need in parsed:
            before = stored.get(need.id)
            if before is not None and same(Need.model_validate(before), need):
                counts["unchanged"] += 1
                continue
            counts["updated" if before else "created"] += 1
            row = need.model_dump(mode="json")
            row["created_at"] = (before or {}).get("created_at") or stamp.isoformat()
            row["updated_at"] = stamp.isoformat()
            rows.append(row)
            entries.append(entry(stamp.isoformat(), audit, "need", need.id, before, row))
        if rows:
            for start in range(0, len(rows), WRITE_CHUNK):
                self._need_write(ops, rows[start:start + WRITE_CHUNK])
            ops.append_audit(entries)
            ops.bump_version()
        return counts

    # -- inside a transaction -----------------------------------------------------------------
    def _change(self, need_id: str, fn: Callable[[Need, datetime], Need], *, user: str,
                action: str, if_match: str | Collection[str] | None, now: datetime | None,
                guard: Callable[[Need], None] | None) -> Need:
        stamp = utc_now(now)

        def work(ops: WriteOps) -> Need:
            row = self._need_fetch(ops, [need_id]).get(need_id)
            if row is None:
                raise NotFoundError("need", need_id)
            stored = Need.model_validate(row)
            check_version("need", need_id, stored, if_match)
            if guard is not None:
                guard(stored)
            changed = fn(stored, stamp)
            check_refs(ops, changed)
            if guard is not None:
                guard(changed)
            return self._put(ops, row, changed, stamp, Audit(user, action))

        return self._run_write(work)

    def _put(self, ops: WriteOps, before: dict[str, Any] | None, need: Need, stamp: datetime,
             audit: Audit) -> Need:
        row = need.model_dump(mode="json")
        row["created_at"] = (before or {}).get("created_at") or stamp.isoformat()
        row["updated_at"] = stamp.isoformat()
        self._need_write(ops, [row])
        ops.append_audit([entry(stamp.isoformat(), audit, "need", need.id, before, row)])
        ops.bump_version()
        return Need.model_validate(row)

    def _on_actor_deleted(self, ops: WriteOps, actor_id: str, stamp: str,
                          audit: Audit | None) -> None:
        """Called by :meth:`Store.delete` in its transaction when an actor goes: the actor
        leaves every need, and the notes of steps by or for it are erased (in the audit log
        too). Other record types chain through ``super()`` (see the report of h/needs)."""
        chained = getattr(super(), "_on_actor_deleted", None)
        if chained is not None:
            chained(ops, actor_id, stamp, audit)
        rows = self._needs_naming(ops, actor_id)
        if not rows:
            return
        forgotten: set[str] = set()
        changed = []
        for row in rows:
            new = forget_actor(row, actor_id, forgotten)
            new["updated_at"] = stamp
            changed.append(new)
            ops.rewrite_audit("need", row["id"],
                              lambda e: {**e, "before": forget_actor(e.get("before"), actor_id),
                                         "after": forget_actor(e.get("after"), actor_id)})
        self._need_write(ops, changed)
        if audit is not None:
            ops.append_audit([entry(stamp, audit, "need", r["id"], None, r) for r in changed])
        ops.forget(forgotten)


def parse_need_rows(rows: Iterable[Mapping[str, Any]]) -> list[Need]:
    """Whole needs as exported, checked alone (fields, history shape); InvalidInputError with
    every problem of every row (``index`` its position)."""
    parsed: list[Need] = []
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        try:
            need = Need.model_validate(dict(row), context=INPUT)
        except ValidationError as exc:
            problems += _problems_from_pydantic(exc, "need", index, dict(row))
            continue
        problems += shape_problems(need, index)
        parsed.append(need)
    if problems:
        raise InvalidInputError(problems)
    return parsed
