"""What the API takes and gives, in families: ``XCreate``, ``XUpdate``, ``XPublic``, ``XsPublic``.

Everything a client sends has ``extra="forbid"``: an unknown or read-only field (``id`` on an
update, ``created_at``, ``sector``, ``role``) is a 422, never silently dropped. The checks that
need the stored network (unknown areas, tie ends, weights, dates) are the store's own
(:meth:`graph.store.base.Store.apply`), so the API and the files say the same things.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from graph.model import ActorKind, AreaLevel, Method, OptionalDate, Sector, TieKind

# German and English labels are accepted as input ("Verein" is association), as in files.
Kind = Annotated[ActorKind, BeforeValidator(ActorKind.parse)]
TieKindIn = Annotated[TieKind, BeforeValidator(TieKind.parse)]
LevelIn = Annotated[AreaLevel, BeforeValidator(AreaLevel.parse)]
MethodIn = Annotated[Method, BeforeValidator(Method.parse)]

SLUG = r"^[a-z0-9](?:[a-z0-9_-]{0,118}[a-z0-9])?$"
TIE_ID = r"^[a-z_]+:[a-z0-9_-]+:[a-z0-9_-]+$"

Slug = Field(pattern=SLUG, max_length=120)


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


# -- actors ----------------------------------------------------------------------------------

class ContactIn(BaseModel):
    """A contact person (personal data): shown only to editors and admins who ask for it."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    role: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=60)


_ACTOR_EXAMPLE = {"id": "gz-hoengg", "name": "GZ Höngg", "kind": "institution",
                  "areas": ["hoengg"], "topics": ["jugend"], "description": "Gemeinschaftszentrum",
                  "website": "https://gz-zh.ch", "tags": ["gz"]}


class ActorCreate(BaseModel):
    """A new actor; ``id`` is derived from the name when left out (``GZ Höngg`` -> ``gz-hoengg``)."""

    model_config = _examples(_ACTOR_EXAMPLE)

    id: str | None = Field(None, pattern=SLUG, max_length=120)
    name: str = Field(min_length=1, max_length=300)
    kind: Kind
    areas: list[str] = Field(default_factory=list, max_length=100)
    topics: list[str] = Field(default_factory=list, max_length=100)
    description: str = Field("", max_length=10_000)
    website: str | None = Field(None, max_length=500)
    tags: list[str] = Field(default_factory=list, max_length=100)
    contact: ContactIn | None = None


class ActorUpdate(BaseModel):
    """Fields to change (the others stay); the id cannot change."""

    model_config = _examples({"description": "Gemeinschaftszentrum mit Quartiertreff",
                              "topics": ["jugend", "alter"]})

    name: str | None = Field(None, min_length=1, max_length=300)
    kind: Kind | None = None
    areas: list[str] | None = Field(None, max_length=100)
    topics: list[str] | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=10_000)
    website: str | None = Field(None, max_length=500)
    tags: list[str] | None = Field(None, max_length=100)
    contact: ContactIn | None = None


class ContactPublic(BaseModel):
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class ActorPublic(BaseModel):
    id: str
    name: str
    kind: ActorKind
    sector: Sector | None
    areas: list[str]
    topics: list[str]
    description: str
    website: str | None
    tags: list[str]
    contact: ContactPublic | None = Field(
        None, description="personal data: only with include_personal=true, for editors and admins")
    source_id: str | None = Field(None, exclude_if=lambda value: value is None,
                                  description="the node id in the imported file, where it was no "
                                  "id of ours (the stored id is derived from it); only then present")
    created_at: datetime | None
    updated_at: datetime | None


class ActorsPublic(BaseModel):
    data: list[ActorPublic]
    count: int = Field(description="how many actors match (all pages)")
    offset: int
    limit: int


# -- ties ------------------------------------------------------------------------------------

_TIE_EXAMPLE = {"source": "gz-hoengg", "target": "qv-hoengg", "kind": "cooperates_with",
                "weight": 4, "since": "2021-01-01", "method": "interview",
                "asserted_by": "Quartierkoordination", "asserted_on": "2024-05-01",
                "note": "gemeinsames Quartierfest"}


class TieCreate(BaseModel):
    """A new tie; its id is ``kind:source:target`` (ends sorted for cooperation)."""

    model_config = _examples(_TIE_EXAMPLE)

    source: str = Field(pattern=SLUG, max_length=120)
    target: str = Field(pattern=SLUG, max_length=120)
    kind: TieKindIn
    weight: int = Field(3, ge=1, le=5)
    since: OptionalDate = None
    until: OptionalDate = None
    asserted_by: str | None = Field(None, max_length=300)
    method: MethodIn | None = None
    asserted_on: OptionalDate = None
    note: str = Field("", max_length=10_000)


class TieUpdate(BaseModel):
    """Fields to change; source, target and kind make the id and cannot change."""

    model_config = _examples({"weight": 5, "until": "2025-12-31"})

    weight: int | None = Field(None, ge=1, le=5)
    since: OptionalDate = None
    until: OptionalDate = None
    asserted_by: str | None = Field(None, max_length=300)
    method: MethodIn | None = None
    asserted_on: OptionalDate = None
    note: str | None = Field(None, max_length=10_000)


class TiePublic(BaseModel):
    id: str
    source: str
    target: str
    kind: TieKind
    directed: bool
    weight: int | float  # 1..5 by hand; files keep their values (any positive number)
    since: date | None
    until: date | None
    asserted_by: str | None
    method: Method | None
    asserted_on: date | None
    note: str
    created_at: datetime | None
    updated_at: datetime | None


class TiesPublic(BaseModel):
    data: list[TiePublic]
    count: int
    offset: int
    limit: int


# -- areas and topics ------------------------------------------------------------------------

class AreaCreate(BaseModel):
    model_config = _examples({"id": "hoengg", "name": "Höngg", "level": "quartier",
                              "parent": "kreis-10", "scheme": "stadtkreise"})

    id: str = Field(pattern=SLUG, max_length=120)
    name: str = Field(min_length=1, max_length=300)
    level: LevelIn
    parent: str | None = Field(None, pattern=SLUG, max_length=120)
    scheme: str = Field("stadtkreise", pattern=SLUG, max_length=120)
    covers: list[str] = Field(default_factory=list, max_length=200)


class AreaUpdate(BaseModel):
    model_config = _examples({"name": "Höngg (Quartier)"})

    name: str | None = Field(None, min_length=1, max_length=300)
    level: LevelIn | None = None
    parent: str | None = Field(None, pattern=SLUG, max_length=120)
    scheme: str | None = Field(None, pattern=SLUG, max_length=120)
    covers: list[str] | None = Field(None, max_length=200)


class AreaPublic(BaseModel):
    id: str
    name: str
    level: AreaLevel
    parent: str | None
    scheme: str
    covers: list[str]
    created_at: datetime | None
    updated_at: datetime | None


class AreasPublic(BaseModel):
    data: list[AreaPublic]
    count: int
    offset: int
    limit: int


class TopicCreate(BaseModel):
    model_config = _examples({"id": "alter", "name": "Alter", "description": "ältere Menschen"})

    id: str | None = Field(None, pattern=SLUG, max_length=120)
    name: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)


class TopicUpdate(BaseModel):
    model_config = _examples({"description": "Angebote für ältere Menschen"})

    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=10_000)


class TopicPublic(BaseModel):
    id: str
    name: str
    description: str
    created_at: datetime | None
    updated_at: datetime | None


class TopicsPublic(BaseModel):
    data: list[TopicPublic]
    count: int
    offset: int
    limit: int


# -- system ----------------------------------------------------------------------------------

class Health(BaseModel):
    status: Literal["ok"]
    store: str
    latency_ms: float


class VersionInfo(BaseModel):
    name: str
    version: str
    api: str
    store: str
    store_version: int
    kernel: Literal["c", "python"] = Field(
        description="the analysis kernel in use: c (built at install) or python (the fallback)")
