"""The schemas of ``/api/v1/anliegen``: what a client sends (``extra="forbid"``) and gets."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas import SLUG

_Slug = Field(pattern=SLUG, max_length=120)


def _forbid(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


class NeedCreate(BaseModel):
    """A new need (status ``neu``); at least one area and one topic."""

    model_config = _forbid({"title": "Sitzbänke an der Limmat", "areas": ["hoengg"],
                            "topics": ["alter"], "raised_by": "qv-hoengg",
                            "raised_on": "2026-10-01"})

    id: str | None = Field(None, pattern=SLUG, max_length=120)
    title: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    areas: list[str] = Field(default_factory=list, max_length=50)
    topics: list[str] = Field(default_factory=list, max_length=50)
    raised_by: str | None = Field(None, pattern=SLUG, max_length=120,
                                  description="an actor id; none: the population")
    raised_on: date | None = Field(None, description="default: today")
    follow_up: date | None = None
    round_table: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=2000)


class NeedUpdate(BaseModel):
    """Fields that are not steps; the status moves by ``POST .../steps``."""

    model_config = _forbid({"follow_up": "2026-12-01"})

    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)
    areas: list[str] | None = Field(None, max_length=50)
    topics: list[str] | None = Field(None, max_length=50)
    raised_by: str | None = Field(None, pattern=SLUG, max_length=120)
    raised_on: date | None = None
    follow_up: date | None = None
    round_table: str | None = Field(None, max_length=200)


class NeedStepIn(BaseModel):
    """One step of a need's life (only the allowed ones: 422 ``need_step_not_allowed``)."""

    model_config = _forbid({"status": "in_bearbeitung", "actor": "sd",
                            "note": "Rückmeldung der Fachstelle"})

    status: str = Field(max_length=40, description="neu, abgeklaert, vermittelt, "
                                                   "in_bearbeitung, erledigt, nicht_umsetzbar")
    note: str | None = Field(None, max_length=2000)
    on: date | None = Field(None, description="the day of the step (default: today)")
    actor: str | None = Field(None, pattern=SLUG, max_length=120,
                              description="the assigned actor the step is by or for")
    actors: list[str] = Field(default_factory=list, max_length=50,
                              description="vermittelt: the actors it is handed to")
    confirmed: list[str] | None = Field(None, max_length=50,
                                        description="abgeklaert: the actors confirmed")
    reason: str | None = Field(None, max_length=2000, description="nicht_umsetzbar: why")
    follow_up: date | None = None


class NeedAssign(BaseModel):
    """Hand a need to actors (``vermittelt``), or add more."""

    model_config = _forbid({"actors": ["sd"], "note": "an die Fachstelle"})

    actors: list[str] = Field(max_length=50)
    note: str | None = Field(None, max_length=2000)
    on: date | None = None


class NeedStepOut(BaseModel):
    status: str
    action: str
    on: date
    at: str | None = None
    by: str
    note: str | None = None
    actor: str | None = None


class NeedPublic(BaseModel):
    """A need: ``id, title, status, topics, areas, raised_on, raised_by, assigned_to,
    age_days, history`` and its other fields."""

    id: str
    title: str
    status: str
    topics: list[str]
    areas: list[str]
    raised_on: date
    raised_by: str | None
    assigned_to: list[str]
    age_days: int
    history: list[NeedStepOut]
    description: str
    proposed: list[str]
    confirmed: list[str]
    assigned: list[dict[str, Any]]
    follow_up: date | None
    round_table: str | None
    reason: str | None
    created_at: str | None
    updated_at: str | None


class NeedsPublic(BaseModel):
    data: list[NeedPublic]
    count: int
    offset: int
    limit: int


class ResponseTime(BaseModel):
    """A city unit: needs handed to it, answered, waiting, median days to first answer."""

    actor: str
    handed: int
    answered: int
    waiting: int
    median_days: float | None
    days: list[int]


class NeedGap(BaseModel):
    """An open need no actor is responsible for (the need finder finds none)."""

    id: str
    title: str
    topics: list[str]
    areas: list[str]
    raised_on: date
    suited: list[str]
