"""The rules a need's writes check, for :mod:`graph.store.needs`: parsing input, the step's
day, the shape of a need (areas, topics, a history of allowed steps), the records it names,
and what is left of a need when one of its actors is deleted (no I/O but the reads of ``ops``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from graph.errors import InvalidInputError, Problem
from graph.model import INPUT
from graph.model.needs import NEXT, Need, NeedStatus, status_words
from graph.store.audit import ERASED
from graph.store.records import WriteOps
from graph.validation import _problems_from_pydantic


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


def utc_now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def dump(need: Need) -> dict[str, Any]:
    return need.model_dump(mode="json", exclude={"created_at", "updated_at"})


def same(a: Need, b: Need) -> bool:
    return dump(a) == dump(b)


def next_steps(status: NeedStatus) -> tuple[NeedStatus, ...]:
    return NEXT[status]


def parse_status(value: str, need_id: str | None = None) -> NeedStatus:
    try:
        return NeedStatus(NeedStatus.parse(value))
    except Exception as exc:  # pydantic's custom error: say it in our words
        raise InvalidInputError([Problem("unknown_choice", {
            "value": value, "allowed": ", ".join(s.value for s in NeedStatus)},
            record="need", id=need_id, field="status")]) from exc


def parse_statuses(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    return [parse_status(v).value for v in values] or None


def step_row(status: NeedStatus, action: str, day: date, stamp: datetime, user: str,
          note: str | None, actor: str | None) -> dict[str, Any]:
    """A history step as raw input: checked with the whole need (:func:`parse_need`), so a bad
    note (a control character) is a problem naming its field, not an exception."""
    return {"status": status.value, "action": action, "on": day.isoformat(),
            "at": stamp.isoformat(), "by": user, "note": note, "actor": actor}


def assignments(need: Need, actors: list[str], day: date) -> list[dict[str, Any]]:
    kept = [a.model_dump(mode="json") for a in need.assigned]
    have = set(need.assigned_to)
    return kept + [{"actor": a, "on": day.isoformat()} for a in actors if a not in have]


def day_problems(need: Need, day: date, stamp: datetime) -> list[Problem]:
    """A step's day must not lie before the need's last step, nor after today."""
    last = need.history[-1].on if need.history else need.raised_on
    if day < last:
        return [Problem("need_step_before", {"value": day.isoformat(), "last": last.isoformat()},
                        record="need", id=need.id, field="on")]
    if day > stamp.date():
        return [Problem("need_step_future", {"value": day.isoformat()}, record="need",
                        id=need.id, field="on")]
    return []


def parse_need(raw: Mapping[str, Any], *, shape: bool = True) -> Need:
    """A need from input; InvalidInputError naming every field at fault (none written)."""
    try:
        need = Need.model_validate(dict(raw), context=INPUT)
    except ValidationError as exc:
        problems = _problems_from_pydantic(exc, "need", 0, dict(raw))
        raise InvalidInputError([without_index(p) for p in problems]) from exc
    problems = [without_index(p) for p in shape_problems(need, 0)] if shape else []
    if problems:
        raise InvalidInputError(problems)
    return need


def without_index(p: Problem, *, drop_id: bool = False) -> Problem:
    return Problem(p.code, p.params, record=p.record, id=None if drop_id else p.id,
                   field=p.field)


def shape_problems(need: Need, index: int) -> list[Problem]:
    """What a need must have besides valid fields: at least one area and one topic, and a
    history of allowed steps ending in its status (a need read from a file)."""
    problems = [Problem("missing", {}, record="need", index=index, id=need.id, field=name)
                for name in ("areas", "topics") if not getattr(need, name)]
    status = None
    for step in need.history:
        if step.action == "step" and status is not None and step.status not in next_steps(status):
            problems.append(Problem("need_step_not_allowed", {
                "from_status": status_words(status), "to_status": status_words(step.status),
                "allowed": {"items": [status_words(s) for s in next_steps(status)]}},
                record="need", index=index, id=need.id, field="history"))
            break
        status = step.status
    if need.history and status is not need.status:
        problems.append(Problem("need_step_not_allowed", {
            "from_status": status_words(status) if status else "",
            "to_status": status_words(need.status),
            "allowed": {"items": [status_words(s) for s in next_steps(status)] if status else []}},
            record="need", index=index, id=need.id, field="status"))
    return problems


class Known:
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


def check_refs(ops: WriteOps, need: Need, *, raise_: bool = True) -> list[Problem]:
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
