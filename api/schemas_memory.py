"""Request and answer shapes of the memory routes: meetings, contacts, suggested ties,
Kontaktpflege, forum health (``extra="forbid"`` on everything a client sends)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas import SLUG
from graph.model.meetings import MAX_NOTE, MAX_TITLE, ContactKind

NOTE_WARNING = "Notes are not for personal data (no names, addresses, health details)."


class MeetingCreate(BaseModel):
    """A meeting that took place (not in the future), with at least two actors present."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "date": "2026-03-04", "title": "Runder Tisch Alter", "participants": ["gz-hoengg", "qv-hoengg"],
        "forum": "runder-tisch-alter", "topics": ["alter"]}]})

    date: str = Field(max_length=10, description="YYYY-MM-DD or DD.MM.YYYY, today or earlier")
    title: str = Field(max_length=MAX_TITLE)
    participants: list[str] = Field(max_length=500, description="actor ids, at least two")
    forum: str | None = Field(None, pattern=SLUG, max_length=120)
    topics: list[str] = Field(default_factory=list, max_length=50)
    tags: list[str] = Field(default_factory=list, max_length=50)


class ContactCreate(BaseModel):
    """An entry of the contact log. """ + NOTE_WARNING

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "date": "2026-03-04", "kind": "telefon", "actors": ["soziale-dienste"],
        "topics": ["alter"], "note": "Termin für Begehung vereinbart"}]})

    date: str = Field(max_length=10, description="YYYY-MM-DD or DD.MM.YYYY, today or earlier")
    kind: str = Field(max_length=40, description=", ".join(k.value for k in ContactKind))
    actors: list[str] = Field(max_length=500, description="actor ids, at least one")
    topics: list[str] = Field(default_factory=list, max_length=50)
    note: str = Field("", max_length=MAX_NOTE, description=NOTE_WARNING)


class EncounterPublic(BaseModel):
    """A stored meeting (``title, participants, forum``) or contact (``kind, actors, note``)."""

    model_config = ConfigDict(extra="allow")

    id: str
    date: str
    topics: list[str]
    recorded_by: str
    recorded_at: str


class EncountersPublic(BaseModel):
    data: list[EncounterPublic]
    count: int
    offset: int
    limit: int


class SuggestionPublic(BaseModel):
    """A tie the evidence suggests: ``evidence`` shared meetings and contacts since ``since``."""

    id: str = Field(description="source+target")
    source: str
    target: str
    evidence: int
    since: str
    last_seen: str
    source_name: str
    target_name: str
    text: str = Field(description="the evidence in words: 3 gemeinsame Sitzungen seit März 2026")


class KontaktpflegeRow(BaseModel):
    id: str
    name: str
    kind: str
    last_contact: str | None
    days_since: int | None
    broker_score: float


class ForumHealth(BaseModel):
    """Members with attendance (``last_attended``), meetings, sectors present and missing,
    members who missed the last three meetings, the trend, who should join."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    sectors_present: list[str]
    sectors_missing: list[str]
    members: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    missed_last: list[str]
    trend: str | None
    trend_change: float | None
    should_join: list[dict[str, Any]]
