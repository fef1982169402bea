"""Phase 1 of the invitation: read the question, or refuse it with every problem at once.

:class:`Requirement` parses ``"sector=Verwaltung:2"`` and the like; :func:`validate` turns the
arguments of :func:`~graph.analysis.invite.invite_table` into a :class:`Question` of ids, or
raises one :class:`~graph.analysis.network.InviteInputError` naming each problem and its field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from graph.analysis.network import InviteInputError, Network
from graph.errors import InvalidInputError, Problem
from graph.i18n import message
from graph.model import ActorKind, Sector

T = TypeVar("T")
R = TypeVar("R")

_REQ_RE = re.compile(r"^\s*(sector|kind|unit|area)\s*=\s*(.+?)\s*(?::\s*(\d+)\s*)?$", re.I)


def bad_value(code: str, field: str, **params: Any) -> Problem:
    """A ``bad_value`` problem of ``field``; its detail, the message ``code`` with ``params``,
    says what is wrong and what to do."""
    return Problem("bad_value", {"detail": message(code, **params)}, field=field)


@dataclass(frozen=True)
class Requirement:
    """At least ``k`` seats for actors of a sector, a kind, a city unit (or below it) or an area.

    ``what`` is ``sector``, ``kind``, ``unit`` or ``area``; ``value`` the id (sector and kind
    labels are accepted by :meth:`parse`).

    Examples
    --------
    >>> str(Requirement.parse("sector=Verwaltung:2"))
    'sector=administration:2'
    """

    what: str
    value: str
    k: int = 1

    @classmethod
    def parse(cls, text: str) -> Requirement:
        """``"sector=Verwaltung:2"``, ``"kind=Verein"``, ``"unit=sozialdepartement"``,
        ``"area=hoengg:1"`` (the count defaults to 1)."""
        m = _REQ_RE.match(text)
        if not m:
            raise InviteInputError([bad_value("invite_not_a_requirement", "require", text=text)])
        what, value, k = m.group(1).lower(), m.group(2), int(m.group(3) or 1)
        enum = {"sector": Sector, "kind": ActorKind}.get(what)
        if enum is not None:
            try:
                value = enum.parse(value).value
            except Exception as exc:
                allowed = ", ".join(f"{e.value} ({e.label('de')})" for e in enum)
                raise InviteInputError([Problem("unknown_choice", {"value": value, "allowed": allowed},
                                                field="require")]) from exc
        return cls(what, value, k)

    def __str__(self) -> str:
        return f"{self.what}={self.value}:{self.k}"


@dataclass
class Question:
    """A question to the invitation, every name resolved to an id (in the order given, once)."""

    topic_ids: list[str]
    area_ids: list[str]
    requirements: list[Requirement]
    must: list[str]
    exclude: set[str]
    seats: int
    reach_isolated: int
    responsible: bool


def validate(
    net: Network,
    *,
    topics: Sequence[str],
    areas: Sequence[str],
    seats: int,
    requirements: Sequence[Requirement | str],
    must: Sequence[str],
    exclude: Sequence[str],
    reach_isolated: int,
    responsible: bool,
) -> Question:
    """The question of :func:`~graph.analysis.invite.invite_table`, checked and resolved.

    Raises
    ------
    InviteInputError
        with one problem per bad argument (all of them, not only the first).
    NotFoundError
        for an unknown actor id in ``must``, ``exclude`` or a ``unit=`` requirement.
    """
    problems = _count_problems(seats, reach_isolated, topics, areas)
    topic_ids = _resolve(net.topic_id, topics, problems)
    area_ids = _resolve(net.area_id, areas, problems)
    reqs = _resolve(_requirement, requirements, problems)
    problems += [bad_value("invite_count_min", "require", requirement=str(r))
                 for r in reqs if r.k < 1]
    must = list(dict.fromkeys(must))
    exclude_set = set(exclude)
    problems += _seat_problems(must, exclude_set, seats)
    if problems:
        raise InviteInputError(problems)
    for v in [*must, *exclude]:
        net.actor_id(v)
    for r in reqs:
        if r.what == "unit":
            net.actor_id(r.value)
        elif r.what == "area":  # the caller's Requirement now holds the area's id
            object.__setattr__(r, "value", net.area_id(r.value))
    return Question(topic_ids=list(dict.fromkeys(topic_ids)), area_ids=list(dict.fromkeys(area_ids)),
                    requirements=reqs, must=must, exclude=exclude_set, seats=seats,
                    reach_isolated=reach_isolated, responsible=responsible)


def _requirement(r: Requirement | str) -> Requirement:
    return r if isinstance(r, Requirement) else Requirement.parse(r)


def _resolve(parse: Callable[[T], R], items: Sequence[T], problems: list[Problem]) -> list[R]:
    """``parse`` of each item; the problems of those that fail are added to ``problems``."""
    found: list[R] = []
    for item in items:
        try:
            found.append(parse(item))
        except InvalidInputError as exc:
            problems += exc.problems
    return found


def _count_problems(seats: int, reach_isolated: int, topics: Sequence[str],
                    areas: Sequence[str]) -> list[Problem]:
    problems = []
    if seats < 1:
        problems.append(bad_value("invite_seats_min", "seats", seats=seats))
    if reach_isolated < 0:
        problems.append(bad_value("invite_reach_negative", "reach_isolated"))
    if not topics:
        problems.append(bad_value("invite_no_topic", "topic"))
    if not areas:
        problems.append(bad_value("invite_no_area", "area"))
    return problems


def _seat_problems(must: list[str], exclude: set[str], seats: int) -> list[Problem]:
    problems = []
    both = [m for m in must if m in exclude]
    if both:
        ids = ", ".join(f"«{i}»" for i in both)
        problems.append(bad_value("invite_must_excluded", "must", ids=ids))
    if seats >= 1 and len(must) > seats:
        problems.append(bad_value("invite_must_over_seats", "must", count=len(must), seats=seats))
    return problems
