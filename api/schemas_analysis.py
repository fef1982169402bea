"""Request and answer shapes of the analyses and invitations: the CLI's JSON, described.

Answers list the fields every row has; rows may carry more (``extra="allow"``), as the analyses
grow. Measures that are undefined for an actor (an isolated actor's constraint) are null.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas import SLUG
from graph.model import OptionalDate


class _Row(BaseModel):
    model_config = ConfigDict(extra="allow")


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
    method: str


class IsolateRow(_Row):
    id: str
    name: str
    kind: str | None
    sector: str | None
    codes: list[str]
    reasons: list[str]
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


class Path(_Row):
    source: dict[str, Any]
    target: dict[str, Any]
    found: bool
    hops: list[dict[str, Any]]
    summary: str


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


class Invitation(_Row):
    topics: list[str]
    areas: list[str]
    seats: list[dict[str, Any]]
    requirements: list[dict[str, Any]]
    reached: list[dict[str, Any]]
    unreached: list[dict[str, Any]]
    objective: float | None
    method: str


class NeedRequest(BaseModel):
    """A new need: the CLI's ``need`` options."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "topic": "alter", "area": "kreis-10", "keywords": ["Besuchsdienst"], "top": 10}]})

    topic: str = Field(min_length=1, max_length=200)
    area: str = Field(min_length=1, max_length=200)
    keywords: list[str] = Field(default_factory=list, max_length=20)
    top: int = Field(10, ge=1, le=100)
    as_of: OptionalDate = None


class NeedRow(_Row):
    id: str
    name: str
    kind: str | None
    score: float
    reasons: list[str]


__all__ = ["SLUG", "date"]
