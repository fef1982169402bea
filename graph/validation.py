"""Checking records before anything is written: one record at a time, then across the batch.

:func:`parse_records` turns raw dicts (from a file, the API or code) into model instances and a
list of :class:`~graph.errors.Problem` for every field at fault. :func:`check_batch` then looks
across records and at what is already stored (through a :class:`Lookup`): ties to unknown actors,
unknown areas and topics, duplicates with different content, tie ends of the wrong kind, area
cycles. Both stores run the same checks, inside their write transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from graph.errors import Problem
from graph.model import (
    CONTROL_FREE,
    INPUT,
    RECORD_TYPES,
    TIE_ENDPOINTS,
    Actor,
    ActorKind,
    Area,
    Tie,
    TieKind,
    Topic,
)

#: Order in which record types are checked and written (references point backwards).
RECORD_ORDER = ("area", "topic", "actor", "tie")

CONTROL_FREE_RE = re.compile(CONTROL_FREE)

# Model-level errors carry no field in pydantic's loc; name the field a user must fix.
_CODE_FIELD = {"self_tie": "target", "until_before_since": "until", "self_parent": "parent",
               "id_not_derivable": "id"}


@dataclass
class Batch:
    """Records to write together, in one transaction: all or nothing."""

    areas: list[Area] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)

    def of(self, record: str) -> list[Any]:
        return getattr(self, record + "s")  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return sum(len(self.of(r)) for r in RECORD_ORDER)


RawBatch = Mapping[str, Iterable[Mapping[str, Any] | BaseModel]]


def _problems_from_pydantic(
    exc: PydanticValidationError, record: str, index: int, raw: Mapping[str, Any]
) -> list[Problem]:
    rid = raw.get("id") if isinstance(raw.get("id"), str) else None
    if record == "tie" and not rid and raw.get("source") and raw.get("target"):
        rid = f"{raw.get('kind')}:{raw.get('source')}:{raw.get('target')}"
    errors = exc.errors()
    types = {e["type"] for e in errors}
    problems = []
    for err in errors:
        loc = ".".join(str(p) for p in err["loc"]) or None
        code = err["type"]
        if code == "missing" and loc == "id" and types & {"empty_name", "mixed_script"}:
            continue  # the id would have come from the name: the name is the one problem
        ctx = dict(err.get("ctx") or {})
        if code == "missing":
            params: dict[str, Any] = {}
        elif code == "extra_forbidden":
            code, params = "extra_field", {}
        elif code == "string_pattern_mismatch" and ctx.get("pattern") == CONTROL_FREE:
            char = next(c for c in str(err.get("input")) if not CONTROL_FREE_RE.match(c))
            code, params = "control_character", {"char": f"U+{ord(char):04X}"}
        elif code in ("unknown_choice", "bad_slug", "weight_range", "weight_not_positive",
                      "weight_not_finite", "bad_date", "self_tie", "until_before_since",
                      "empty_name", "self_parent", "bad_value",
                      "not_a_number", "mixed_script", "bad_url", "id_not_derivable"):
            params = {k: str(v) for k, v in ctx.items()}
        else:
            code, params = "bad_value", {"detail": err["msg"]}
        problems.append(
            Problem(code, params, record=record, index=index, id=rid,
                    field=loc or _CODE_FIELD.get(code))
        )
    return problems


def parse_records(
    record: str, rows: Iterable[Mapping[str, Any] | BaseModel]
) -> tuple[list[Any], list[Problem]]:
    """Validate raw rows as ``record`` models; returns (models, problems).

    A row that is already a model instance is re-validated from its dump, so a model built
    elsewhere cannot bypass a check.
    """
    model = RECORD_TYPES[record]
    parsed: list[Any] = []
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        raw = row.model_dump(warnings=False) if isinstance(row, BaseModel) else dict(row)
        try:
            parsed.append(model.model_validate(raw, context=INPUT))
        except PydanticValidationError as exc:
            problems.extend(_problems_from_pydantic(exc, record, index, raw))
            parsed.append(None)
    return parsed, problems


def parse_batch(raw: RawBatch) -> tuple[Batch, list[Problem]]:
    """Validate every record of every type; the batch holds only the valid ones."""
    batch = Batch()
    problems: list[Problem] = []
    for record in RECORD_ORDER:
        rows = raw.get(record + "s") or raw.get(record) or []
        models, found = parse_records(record, rows)
        batch.of(record).extend(m for m in models if m is not None)
        problems.extend(found)
    return batch, problems


class Lookup(Protocol):
    """What the cross-record checks need to know about the stored network."""

    def fetch(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Stored records of that type with those ids, as JSON-ready dicts."""
        ...

    def all_areas(self) -> list[dict[str, Any]]:
        ...

    def ties_touching(self, actor_ids: list[str]) -> list[dict[str, Any]]:
        ...


def _dedupe(record: str, items: list[Any], problems: list[Problem]) -> list[Any]:
    """Drop exact repeats; flag the same id with different content."""
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    kept = []
    for index, item in enumerate(items):
        content = item.content()
        if item.id in seen:
            first, first_content = seen[item.id]
            if first_content != content:
                problems.append(Problem("duplicate_in_batch", {"id": item.id, "first": first + 1},
                                        record=record, index=index, id=item.id, field="id"))
            continue
        seen[item.id] = (index, content)
        kept.append(item)
    return kept


def _kind_label(kind: ActorKind | None) -> str:
    return kind.label() if kind else "?"


def _expected(kinds: frozenset[ActorKind]) -> str:
    return " oder ".join(sorted(k.label() for k in kinds)) if len(kinds) < 4 else (
        "kein " + ActorKind.forum.label()
    )


Stored = dict[str, dict[str, dict[str, Any]]]


def check_batch(batch: Batch, lookup: Lookup) -> tuple[Batch, Stored, list[Problem]]:
    """Cross-record checks against the batch itself and the stored network.

    Returns the batch without exact repeats, the stored versions of the batch's records (by type
    and id), and the problems found.
    """
    problems: list[Problem] = []
    clean = Batch(**{r + "s": _dedupe(r, batch.of(r), problems) for r in RECORD_ORDER})
    stored = {r: lookup.fetch(r, [x.id for x in clean.of(r)]) for r in RECORD_ORDER}

    # Areas: parents and covered areas exist; no cycles.
    area_rows = {a["id"]: a for a in lookup.all_areas()}
    area_rows.update({a.id: a.content() for a in clean.areas})
    for index, area in enumerate(clean.areas):
        for fld, ref in [("parent", area.parent), *(("covers", c) for c in area.covers)]:
            if ref and ref not in area_rows:
                problems.append(Problem("unknown_area", {"id": ref}, record="area", index=index,
                                        id=area.id, field=fld))
    cycle = _area_cycle(area_rows)
    if cycle and clean.areas:
        problems.append(Problem("area_cycle", {"path": " → ".join(cycle)}, record="area",
                                id=cycle[0], field="parent"))

    # Actors: referenced areas and topics exist.
    topic_ids = {t.id for t in clean.topics}
    wanted_topics = sorted({t for a in clean.actors for t in a.topics} - topic_ids)
    topic_ids |= set(lookup.fetch("topic", wanted_topics))
    for index, actor in enumerate(clean.actors):
        for ref in actor.areas:
            if ref not in area_rows:
                problems.append(Problem("unknown_area", {"id": ref}, record="actor", index=index,
                                        id=actor.id, field="areas"))
        for ref in actor.topics:
            if ref not in topic_ids:
                problems.append(Problem("unknown_topic", {"id": ref}, record="actor",
                                        index=index, id=actor.id, field="topics"))

    # Ties: both ends exist, and are of a kind the tie allows.
    kinds: dict[str, ActorKind] = {a.id: a.kind for a in clean.actors}
    ends = sorted({e for t in clean.ties for e in (t.source, t.target)} - set(kinds))
    kinds.update({i: ActorKind(r["kind"]) for i, r in lookup.fetch("actor", ends).items()})
    for index, tie in enumerate(clean.ties):
        problems.extend(_check_tie_ends(tie.content(), kinds, index))

    # Actors whose kind changes must still fit their stored ties (unless the batch replaces them).
    changed = [a.id for a in clean.actors
               if a.id in stored["actor"] and stored["actor"][a.id]["kind"] != a.kind.value]
    if changed:
        batch_ties = {t.id for t in clean.ties}
        rows = [r for r in lookup.ties_touching(changed) if r["id"] not in batch_ties]
        others = sorted({e for r in rows for e in (r["source"], r["target"])} - set(kinds))
        kinds.update({i: ActorKind(r["kind"]) for i, r in lookup.fetch("actor", others).items()})
        for row in rows:
            for found in _check_tie_ends(row, kinds, None):
                if found.code != "tie_endpoint_kind":
                    continue
                problems.append(Problem("kind_change_breaks_tie", {
                    "id": found.params["id"], "tie": row["id"],
                    "expected": found.params["expected"], "actual": found.params["actual"],
                }, record="actor", id=found.params["id"], field="kind"))
    return clean, stored, problems


def _check_tie_ends(tie: dict[str, Any], kinds: dict[str, ActorKind], index: int | None) -> list[Problem]:
    problems = []
    tie_kind = TieKind(tie["kind"])
    allowed = TIE_ENDPOINTS[tie_kind]
    for end, fld, want in (("Quelle", "source", allowed[0]), ("Ziel", "target", allowed[1])):
        actor_id = tie[fld]
        if actor_id not in kinds:
            problems.append(Problem("unknown_actor", {"id": actor_id}, record="tie", index=index,
                                    id=tie["id"], field=fld))
        elif want is not None and kinds[actor_id] not in want:
            problems.append(Problem("tie_endpoint_kind", {
                "tie_kind": tie_kind.value, "end": end, "expected": _expected(want),
                "id": actor_id, "actual": _kind_label(kinds[actor_id]),
            }, record="tie", index=index, id=tie["id"], field=fld))
    return problems


def _area_cycle(areas: dict[str, dict[str, Any]]) -> list[str] | None:
    """A cycle through parent/covers links, as a path of ids, or None."""
    children: dict[str, list[str]] = {}
    for area_id, row in areas.items():
        if row.get("parent"):
            children.setdefault(row["parent"], []).append(area_id)
        for covered in row.get("covers") or []:
            children.setdefault(area_id, []).append(covered)
    state: dict[str, int] = {}
    for start in sorted(areas):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            nexts = children.get(node, [])
            if i < len(nexts):
                stack.append((node, i + 1))
                nxt = nexts[i]
                if state.get(nxt) == 1:
                    return [*path[path.index(nxt):], nxt]
                if not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
    return None


def descendants(areas: Iterable[Mapping[str, Any]], area_id: str) -> set[str]:
    """``area_id`` and every area below it, through ``parent`` links and ``covers`` lists."""
    children: dict[str, set[str]] = {}
    for row in areas:
        if row.get("parent"):
            children.setdefault(row["parent"], set()).add(row["id"])
        for covered in row.get("covers") or []:
            children.setdefault(row["id"], set()).add(covered)
    found = {area_id}
    todo = [area_id]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
