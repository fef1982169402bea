"""Checking meetings and contact log entries before they are stored: one recorded now
(:meth:`graph.store.meetings.Memory.record_meeting`) or many imported from a file
(:meth:`~graph.store.meetings.Memory.import_encounters`), against what the store holds inside
the write transaction. Split from :mod:`graph.store.meetings`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from graph.errors import Problem
from graph.model.meetings import ENCOUNTER_TYPES, ContactEntry, Meeting
from graph.store.records import WriteOps


def parse_encounters(rows: Sequence[Mapping[str, Any]]
                     ) -> tuple[list[tuple[int, Meeting | ContactEntry]], list[Problem]]:
    """Rows (with ``type``) as models, and the problems of those that are none (with index)."""
    from graph.validation import _problems_from_pydantic

    parsed: list[tuple[int, Meeting | ContactEntry]] = []
    problems: list[Problem] = []
    for index, raw in enumerate(rows):
        record = str(raw.get("type"))
        model = ENCOUNTER_TYPES.get(record)
        if model is None:
            problems.append(Problem("unknown_choice", {"value": str(record)[:40],
                                                       "allowed": ", ".join(ENCOUNTER_TYPES)},
                                    record="meeting", index=index, field="type"))
            continue
        data = {k: v for k, v in raw.items() if k != "type"}
        try:
            item = model.model_validate(data)
        except ValidationError as exc:
            problems += _problems_from_pydantic(exc, record, index, data)
            continue
        if not item.id:
            problems.append(Problem("missing", record=record, index=index, field="id"))
            continue
        parsed.append((index, item))  # type: ignore[arg-type]
    return parsed, problems


def encounter_problems(ops: WriteOps, item: Meeting | ContactEntry, record: str,
                        today: date, known: KnownRecords | None = None) -> list[Problem]:
    """What is wrong with recording ``item`` now: a day in the future, too few participants,
    unknown actors, topics or forum, a forum that is no forum. ``known``: the actors and
    topics read once for many items (else read here)."""
    fetch = known.fetch if known is not None else ops.fetch
    field = item.actors_field
    problems = []
    if item.date > today:
        problems.append(Problem("date_in_future", {"value": item.date.isoformat()},
                                record=record, field="date"))
    if isinstance(item, Meeting) and len(item.participants) < 2:
        problems.append(Problem("too_few_participants", {"count": len(item.participants)},
                                record=record, field="participants"))
    wanted = item.present() + ([item.forum] if isinstance(item, Meeting) and item.forum else [])
    found = fetch("actor", wanted)
    problems += [Problem("unknown_actor", {"id": a}, record=record, field=field)
                 for a in item.present() if a not in found]
    if isinstance(item, Meeting) and item.forum:
        forum = found.get(item.forum)
        if forum is None:
            problems.append(Problem("unknown_actor", {"id": item.forum}, record=record,
                                    field="forum"))
        elif forum["kind"] != "forum":
            problems.append(Problem("not_a_forum", {"id": item.forum}, record=record,
                                    field="forum"))
    topics = fetch("topic", item.topics)
    problems += [Problem("unknown_topic", {"id": t}, record=record, field="topics")
                 for t in item.topics if t not in topics]
    return problems


class KnownRecords:
    """The actors (forums included) and topics many encounters name, read in one go."""

    def __init__(self, ops: WriteOps, items: list[Meeting | ContactEntry]) -> None:
        actors = {a for i in items for a in i.present()}
        actors |= {i.forum for i in items if isinstance(i, Meeting) and i.forum}
        self.rows = {"actor": ops.fetch("actor", sorted(actors)),
                     "topic": ops.fetch("topic", sorted({t for i in items for t in i.topics}))}

    def fetch(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.rows[record]
        return {i: rows[i] for i in ids if i in rows}
