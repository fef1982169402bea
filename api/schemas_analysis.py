"""Request and answer shapes of the analyses and invitations: the CLI's JSON, described.

Answers list the fields every row has; rows may carry more (``extra="allow"``), as the analyses
grow. Measures that are undefined for an actor (an isolated actor's constraint) are null.

A sentence (a reason, a role, a "why") comes in words, in the language asked for, and beside it
as a :class:`Message` under ``<field>_codes``: a stable code with its parameters, for a client
that makes its own words (see ``graph/locale`` for every code). A field without sentences (an
empty list, a null "why") has no ``_codes`` beside it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas import SLUG
from graph.model import OptionalDate


class _Row(BaseModel):
    model_config = ConfigDict(extra="allow", serialize_by_alias=True)


def _absent(value: Any) -> bool:
    return value is None


def absent() -> Any:
    """A field an answer leaves out when it has nothing to say (``*_codes`` beside an empty
    list or a null sentence, the path's ``notes`` and ``nearest`` when a path was found)."""
    return Field(None, exclude_if=_absent)


class Message(BaseModel):
    """A sentence as data: its code (the msgid in ``graph/locale``), its parameters (text,
    numbers, nested messages, lists of them, ``{"label": "sector", "value": ...}``), and the
    catalogue context for short words (``role``, ``term``, ...)."""

    model_config = ConfigDict(extra="allow")

    code: str
    params: dict[str, Any]
    context: str | None = absent()


Messages = list[Message]


class BrokerRow(_Row):
    id: str
    name: str
    kind: str | None
    sector: str | None
    betweenness: float | None
    betweenness_error: float | None
    constraint: float | None
    effective_size: float | None
    brokerage: dict[str, int]
    score: float | None
    reasons: list[str]
    reasons_codes: Messages | None = absent()
    method: str


class IsolateRow(_Row):
    id: str
    name: str
    kind: str | None
    sector: str | None
    codes: list[str]
    reasons: list[str]
    reasons_codes: Messages | None = absent()
    score: float


class Community(_Row):
    id: str
    size: int
    members: list[str]
    areas: list[dict[str, Any]]
    sectors: dict[str, int]
    topics: list[dict[str, Any]]
    brokers: list[dict[str, Any]]


class Communities(_Row):
    modularity: float | None
    unassigned: int
    communities: list[Community]


class Gaps(_Row):
    pairs: list[dict[str, Any]]
    sectors: list[dict[str, Any]]


class Ego(_Row):
    center: dict[str, Any]
    hops: int
    actors: list[dict[str, Any]]
    ties: list[dict[str, Any]]
    kinds: dict[str, int]


class ActorRef(_Row):
    """An actor named in an answer."""

    id: str
    name: str
    kind: str | None


class Hop(_Row):
    """One step of an introduction path: a tie (or a shared forum) and its sentence."""

    from_: str = Field(alias="from")
    to: str
    from_name: str
    to_name: str
    kind: str
    weight: float
    tie: str | None
    text: str
    text_codes: Message | None = absent()


class Nearest(ActorRef):
    """Without a path: an actor reachable from the source that shares most with the target."""

    hops: int
    shared: list[str]
    text: str
    text_codes: Message | None = absent()


class Path(_Row):
    source: ActorRef
    target: ActorRef
    as_of: date | None = absent()
    found: bool
    cost: float | None
    hops: list[Hop]
    summary: str
    summary_codes: Message | None = absent()
    notes: list[str] | None = absent()
    notes_codes: Messages | None = absent()
    nearest: list[Nearest] | None = absent()


class InviteRequest(BaseModel):
    """A round table: the CLI's ``invite`` options."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "topics": ["alter"], "areas": ["kreis-10"], "seats": 8,
        "require": ["sector=Verwaltung:1"], "must": [], "exclude": [], "reach_isolated": 1,
        "responsible": True}]})

    topics: list[str] = Field(min_length=1, max_length=20, description="topic ids or names")
    areas: list[str] = Field(min_length=1, max_length=20, description="area ids or names")
    seats: int = Field(8, ge=1, le=100, description="capped at the server's maximum")
    require: list[str] = Field(default_factory=list, max_length=20,
                               description="sector=Verwaltung:2, kind=Verein:1, unit=ID, area=ID:1")
    must: list[str] = Field(default_factory=list, max_length=50)
    exclude: list[str] = Field(default_factory=list, max_length=200)
    reach_isolated: int = Field(0, ge=0, le=100)
    responsible: bool = True
    as_of: OptionalDate = None

    def table_options(self, max_seats: int) -> dict[str, Any]:
        """The keyword arguments of ``invite_table`` (seats capped at ``max_seats``)."""
        return {"topics": self.topics, "areas": self.areas, "seats": min(self.seats, max_seats),
                "requirements": self.require, "must": self.must, "exclude": self.exclude,
                "reach_isolated": self.reach_isolated, "responsible": self.responsible}


class Alternate(ActorRef):
    """Who would take a seat best, by the gain they would bring without the seated one."""

    gain: float


class Seat(ActorRef):
    """A seat at the round table: the actor, its role and reasons, its alternates."""

    sector: str | None
    role: str
    role_code: str
    role_codes: Message | None = absent()
    reasons: list[str]
    reasons_codes: Messages | None = absent()
    alternates: list[Alternate]
    relevance: float
    gain: float


class RequirementReport(_Row):
    """A requirement (or a responsible unit, or the bridges) and whether the table meets it."""

    requirement: str
    text: str
    text_codes: Message | None = absent()
    k: int
    met: bool
    count: int
    seated: list[str]
    why: str | None
    why_codes: Message | None = absent()


class Reached(ActorRef):
    """A relevant actor the table reaches: seated, or one tie from a seat (``via``)."""

    via: list[str]


class Unreached(ActorRef):
    """A relevant actor the table does not reach, and why."""

    why: list[str]
    why_codes: Messages | None = absent()


class Invitation(_Row):
    topics: list[str]
    areas: list[str]
    seats: list[Seat]
    requirements: list[RequirementReport]
    reached: list[Reached]
    unreached: list[Unreached]
    objective: float | None
    method: str
    method_codes: Message | None = absent()


class NeedRequest(BaseModel):
    """A new need: the CLI's ``need`` options."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "topic": "alter", "area": "kreis-10", "keywords": ["Besuchsdienst"], "top": 10}]})

    topic: str = Field(min_length=1, max_length=200)
    area: str = Field(min_length=1, max_length=200)
    keywords: list[str] = Field(default_factory=list, max_length=20)
    top: int = Field(10, ge=1, le=100)
    as_of: OptionalDate = None


class NeedRow(ActorRef):
    sector: str | None
    score: float
    codes: list[str]
    reasons: list[str]
    reasons_codes: Messages | None = absent()


__all__ = ["SLUG", "date"]


class TieChange(_Row):
    id: str
    kind: str | None
    source: str
    target: str
    source_name: str
    target_name: str
    since: date | None
    until: date | None


class ActorChange(_Row):
    id: str
    name: str
    kind: str | None
    sector: str | None


class Changes(_Row):
    """What changed from ``since`` to ``until`` (``graph.analysis.changes.network_changes``)."""

    since: date
    until: date
    area: str | None
    ties_gained: list[TieChange]
    ties_lost: list[TieChange]
    became_isolated: list[ActorChange]
    stopped_brokering: list[ActorChange]
    forums_lost_sector: list[dict[str, Any]]
    needs_opened: list[dict[str, Any]]
    needs_closed: list[dict[str, Any]]


class SimilarRow(_Row):
    """An actor like the one asked about (``graph.analysis.similar.similar_actors``)."""

    id: str
    name: str
    kind: str | None
    sector: str | None
    score: float
    shared_topics: list[str]
    shared_areas: list[str]
    tied: bool
    reasons: list[str]
    reasons_codes: Messages | None = absent()
