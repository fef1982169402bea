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
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from graph.errors import ConflictError, InvalidInputError, NotFoundError, Problem, StepNotAllowedError
from graph.i18n import word
from graph.model import INPUT
from graph.model.needs import OPEN, Assignment, Need, NeedStatus, NeedStep
from graph.store.audit import ERASED, Audit, entry
from graph.store.records import MAX_PAGE, WRITE_CHUNK, Page, WriteOps, check_version
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
        statuses = _statuses(status)
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
        stamp = _now(now)
        raw = {k: v for k, v in dict(data).items() if k not in ("status", "history")}
        raw.setdefault("raised_on", stamp.date().isoformat())
        made_id = not raw.get("id")
        if made_id:
            raw["id"] = new_need_id()
        note = raw.pop("note", None)
        try:
            need = _parse(raw, shape=False)
        except InvalidInputError as exc:
            if not made_id:
                raise
            raise InvalidInputError([_no_index(p, drop_id=True) for p in exc.problems]) from exc
        need = need.model_copy(update={"history": [NeedStep.model_validate(
            _step(NeedStatus.neu, "create", need.raised_on, stamp, user, note, None))]})

        def work(ops: WriteOps) -> Need:
            problems = [_no_index(p) for p in _shape_problems(need, 0)]
            if need.raised_on > stamp.date():
                problems.append(Problem("need_step_future", {"value": need.raised_on.isoformat()},
                                        record="need", id=need.id, field="raised_on"))
            problems += _check_refs(ops, need, raise_=False)
            if problems:  # an id made here names nothing the caller knows: left out
                raise InvalidInputError([_no_index(p, drop_id=made_id) for p in problems])
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
        return self._change(need_id, lambda n, _s: _parse({**_dump(n), **changes}), user=user,
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
        target = _status(status, need_id)
        actors = list(dict.fromkeys(actors))

        def change(need: Need, stamp: datetime) -> Need:
            allowed = [s.value for s in _next(need.status)]
            if target.value not in allowed:
                raise StepNotAllowedError(need_id, need.status.value, target.value, allowed)
            day = on or stamp.date()
            data = _dump(need)
            problems = _day_problems(need, day, stamp)
            if target is NeedStatus.abgeklaert:
                if proposed is not None:
                    data["proposed"] = list(proposed)
                if confirmed is not None:
                    data["confirmed"] = list(confirmed)
            elif target is NeedStatus.vermittelt:
                if not actors:
                    problems.append(Problem("need_assign_required", {}, record="need",
                                            id=need_id, field="assigned"))
                data["assigned"] = _assignments(need, actors, day)
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
            data["history"].append(_step(target, "step", day, stamp, user, note, actor))
            return _parse(data)

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
                                          [s.value for s in _next(need.status)])
            if not actors:
                raise InvalidInputError([Problem("need_assign_required", {}, record="need",
                                                 id=need_id, field="assigned")])
            day = on or stamp.date()
            if found := _day_problems(need, day, stamp):
                raise InvalidInputError(found)
            data = _dump(need)
            data["assigned"] = _assignments(need, actors, day)
            data["history"].append(_step(need.status, "assign", day, stamp, user, note, None))
            return _parse(data)

        return self._change(need_id, change, user=user, action="update", if_match=if_match,
                            now=now, guard=guard)

    def import_needs(self, rows: Iterable[Mapping[str, Any]], *, user: str,
                     now: datetime | None = None) -> dict[str, int]:
        """Write whole needs as exported (history included), created or replaced, in one
        transaction; every problem of every row in one InvalidInputError, nothing written."""
        stamp = _now(now)
        parsed: list[Need] = []
        problems: list[Problem] = []
        for index, row in enumerate(rows):
            try:
                need = Need.model_validate(dict(row), context=INPUT)
            except ValidationError as exc:
                problems += _problems_from_pydantic(exc, "need", index, dict(row))
                continue
            problems += _shape_problems(need, index)
            parsed.append(need)
        if problems:
            raise InvalidInputError(problems)

        def work(ops: WriteOps) -> dict[str, int]:
            stored = self._need_fetch(ops, [n.id for n in parsed])
            known = _Known(ops, parsed)
            found = [p for need in parsed for p in known.problems(need)]
            if found:
                raise InvalidInputError(found)
            counts = {"created": 0, "updated": 0, "unchanged": 0}
            rows, entries = [], []
            audit = Audit(user, "import")
            for need in parsed:
                before = stored.get(need.id)
                if before is not None and _same(Need.model_validate(before), need):
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

        return self._run_write(work)

    # -- inside a transaction -----------------------------------------------------------------
    def _change(self, need_id: str, fn: Callable[[Need, datetime], Need], *, user: str,
                action: str, if_match: str | Collection[str] | None, now: datetime | None,
                guard: Callable[[Need], None] | None) -> Need:
        stamp = _now(now)

        def work(ops: WriteOps) -> Need:
            row = self._need_fetch(ops, [need_id]).get(need_id)
            if row is None:
                raise NotFoundError("need", need_id)
            stored = Need.model_validate(row)
            check_version("need", need_id, stored, if_match)
            if guard is not None:
                guard(stored)
            changed = fn(stored, stamp)
            _check_refs(ops, changed)
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


def forget_actor(row: dict[str, Any] | None, actor_id: str,
                 forgotten: set[str] | None = None) -> Any:
    """A stored need without ``actor_id``: ``raised_by`` None, out of ``proposed``,
    ``confirmed`` and ``assigned``, and the notes of steps by or for it erased (collected in
    ``forgotten``)."""
    if row is None:
        return None
    out = dict(row)
    if out.get("raised_by") == actor_id:
        out["raised_by"] = None
    for name in ("proposed", "confirmed"):
        out[name] = [a for a in out.get(name) or [] if a != actor_id]
    out["assigned"] = [a for a in out.get("assigned") or [] if a.get("actor") != actor_id]
    steps = []
    for step in out.get("history") or []:
        if step.get("actor") == actor_id:
            if step.get("note") and step["note"] != ERASED and forgotten is not None:
                forgotten.add(step["note"])
            step = {**step, "actor": None, "note": ERASED if step.get("note") else None}
        steps.append(step)
    out["history"] = steps
    return out


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _dump(need: Need) -> dict[str, Any]:
    return need.model_dump(mode="json", exclude={"created_at", "updated_at"})


def _same(a: Need, b: Need) -> bool:
    return _dump(a) == _dump(b)


def _next(status: NeedStatus) -> tuple[NeedStatus, ...]:
    from graph.model.needs import NEXT

    return NEXT[status]


def _status(value: str, need_id: str | None = None) -> NeedStatus:
    try:
        return NeedStatus(NeedStatus.parse(value))
    except Exception as exc:  # pydantic's custom error: say it in our words
        raise InvalidInputError([Problem("unknown_choice", {
            "value": value, "allowed": ", ".join(s.value for s in NeedStatus)},
            record="need", id=need_id, field="status")]) from exc


def _statuses(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    return [_status(v).value for v in values] or None


def _step(status: NeedStatus, action: str, day: date, stamp: datetime, user: str,
          note: str | None, actor: str | None) -> dict[str, Any]:
    return NeedStep(status=status, action=action, on=day, at=stamp, by=user, note=note,
                    actor=actor).model_dump(mode="json")


def _assignments(need: Need, actors: list[str], day: date) -> list[dict[str, Any]]:
    kept = [a.model_dump(mode="json") for a in need.assigned]
    have = set(need.assigned_to)
    return kept + [Assignment(actor=a, on=day).model_dump(mode="json")
                   for a in actors if a not in have]


def _day_problems(need: Need, day: date, stamp: datetime) -> list[Problem]:
    """A step's day must not lie before the need's last step, nor after today."""
    last = need.history[-1].on if need.history else need.raised_on
    if day < last:
        return [Problem("need_step_before", {"value": day.isoformat(), "last": last.isoformat()},
                        record="need", id=need.id, field="on")]
    if day > stamp.date():
        return [Problem("need_step_future", {"value": day.isoformat()}, record="need",
                        id=need.id, field="on")]
    return []


def _parse(raw: Mapping[str, Any], *, shape: bool = True) -> Need:
    """A need from input; InvalidInputError naming every field at fault (none written)."""
    try:
        need = Need.model_validate(dict(raw), context=INPUT)
    except ValidationError as exc:
        problems = _problems_from_pydantic(exc, "need", 0, dict(raw))
        raise InvalidInputError([_no_index(p) for p in problems]) from exc
    problems = [_no_index(p) for p in _shape_problems(need, 0)] if shape else []
    if problems:
        raise InvalidInputError(problems)
    return need


def _no_index(p: Problem, *, drop_id: bool = False) -> Problem:
    return Problem(p.code, p.params, record=p.record, id=None if drop_id else p.id,
                   field=p.field)


def _shape_problems(need: Need, index: int) -> list[Problem]:
    """What a need must have besides valid fields: at least one area and one topic, and a
    history of allowed steps ending in its status (a need read from a file)."""
    problems = [Problem("missing", {}, record="need", index=index, id=need.id, field=name)
                for name in ("areas", "topics") if not getattr(need, name)]
    status = None
    for step in need.history:
        if step.action == "step" and status is not None and step.status not in _next(status):
            problems.append(Problem("need_step_not_allowed", {
                "from_status": status.value, "to_status": step.status.value,
                "allowed": ", ".join(s.value for s in _next(status))},
                record="need", index=index, id=need.id, field="history"))
            break
        status = step.status
    if need.history and status is not need.status:
        problems.append(Problem("need_step_not_allowed", {
            "from_status": status.value if status else "", "to_status": need.status.value,
            "allowed": ", ".join(s.value for s in _next(status)) if status else ""},
            record="need", index=index, id=need.id, field="status"))
    return problems


class _Known:
    """The areas, topics and actors a batch of needs names, read once (an import)."""

    def __init__(self, ops: WriteOps, needs: list[Need]) -> None:
        self.areas = {r["id"] for r in ops.all_areas()}
        self.topics = set(ops.fetch("topic", sorted({t for n in needs for t in n.topics})))
        self.actors = set(ops.fetch("actor", sorted({a for n in needs for a in n.actors()})))

    def problems(self, need: Need) -> list[Problem]:
        out = [Problem("unknown_area", {"id": a}, record="need", id=need.id, field="areas")
               for a in need.areas if a not in self.areas]
        out += [Problem("unknown_topic", {"id": t}, record="need", id=need.id, field="topics")
                for t in need.topics if t not in self.topics]
        named = {"raised_by": [need.raised_by] if need.raised_by else [],
                 "proposed": need.proposed, "confirmed": need.confirmed,
                 "assigned": need.assigned_to}
        out += [Problem("unknown_actor", {"id": a}, record="need", id=need.id, field=name)
                for name, ids in named.items() for a in ids if a not in self.actors]
        return out


def _check_refs(ops: WriteOps, need: Need, *, raise_: bool = True) -> list[Problem]:
    """Areas, topics and actors the need names must be stored."""
    problems: list[Problem] = []
    areas = {r["id"] for r in ops.all_areas()}
    problems += [Problem("unknown_area", {"id": a}, record="need", id=need.id, field="areas")
                 for a in need.areas if a not in areas]
    topics = ops.fetch("topic", list(need.topics))
    problems += [Problem("unknown_topic", {"id": t}, record="need", id=need.id, field="topics")
                 for t in need.topics if t not in topics]
    named = {"raised_by": [need.raised_by] if need.raised_by else [],
             "proposed": need.proposed, "confirmed": need.confirmed,
             "assigned": need.assigned_to}
    actors = ops.fetch("actor", sorted({a for ids in named.values() for a in ids}))
    for name, ids in named.items():
        problems += [Problem("unknown_actor", {"id": a}, record="need", id=need.id, field=name)
                     for a in ids if a not in actors]
    if problems and raise_:
        raise InvalidInputError(problems)
    return problems
