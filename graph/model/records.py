"""The records: an actor (with its contact, personal data), a tie, an area and a topic."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from graph.model.dates import valid_between
from graph.model.fields import (
    Name,
    OptionalDate,
    OptionalSlug,
    OptionalStr,
    Slug,
    SlugList,
    StrList,
    Text,
    WebUrl,
    blank_to_none,
    choice,
)
from graph.model.kinds import ActorKind, AreaLevel, Method, Sector, TieKind
from graph.model.text import derive_id
from graph.names import mixed_script_words

_TIMESTAMPS = ("created_at", "updated_at")


def _id_from_name(data: Any) -> Any:
    """A record given without an id gets the id derived from its name (:func:`derive_id`)."""
    if isinstance(data, dict) and not (data.get("id") or "").strip():
        name = data.get("name")
        # A name mixing scripts is refused (its own problem, ``mixed_script``): no id from it.
        if isinstance(name, str) and name.strip() and not mixed_script_words(name):
            data = {**data, "id": derive_id(name.strip())}
    return data


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    #: Fields that are derived and may appear in input (exports) but are recomputed.
    _derived: ClassVar[tuple[str, ...]] = ()

    created_at: datetime | None = None
    updated_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        if isinstance(data, dict):
            derived = cls._derived
            if any(k in data for k in derived):
                data = {k: v for k, v in data.items() if k not in derived}
        return data

    def content(self) -> dict[str, Any]:
        """Everything but the timestamps, as JSON-ready values: what "changed" compares."""
        return dict(self._content)

    @cached_property
    def _content(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={*_TIMESTAMPS, "sector"})


class Contact(BaseModel):
    """A contact person: personal data. Never exported, logged or shown unless asked for."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: OptionalStr = None
    role: OptionalStr = None
    email: OptionalStr = None
    phone: OptionalStr = None

    def __repr__(self) -> str:  # keep personal data out of logs and tracebacks
        return "Contact(<personal data>)"

    __str__ = __repr__


class Actor(_Record):
    """A node of the network: a group, association, institution, provider, unit or forum."""

    _derived: ClassVar[tuple[str, ...]] = ("sector",)

    id: Slug
    name: Name
    kind: Annotated[ActorKind, choice(ActorKind)]
    areas: SlugList = Field(default_factory=list)
    topics: SlugList = Field(default_factory=list)
    description: Text = ""
    website: WebUrl = None
    tags: StrList = Field(default_factory=list)
    contact: Contact | None = Field(default=None, json_schema_extra={"personal": True})

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        return _id_from_name(data)


    @field_validator("areas", "topics", "tags")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sector(self) -> Sector | None:
        return self.kind.sector

    def public_dict(self, *, include_personal: bool = False) -> dict[str, Any]:
        """JSON-ready fields; ``contact`` only with ``include_personal=True``."""
        exclude = None if include_personal else {"contact"}
        return self.model_dump(mode="json", exclude=exclude)


#: Field names that hold personal data, per record type.
PERSONAL_FIELDS = {"actor": ("contact",)}


class Tie(_Record):
    """A relation between two actors, with strength, validity and provenance."""

    _derived: ClassVar[tuple[str, ...]] = ("id", "directed")

    source: Slug
    target: Slug
    kind: Annotated[TieKind, choice(TieKind)]
    weight: int = 3
    since: OptionalDate = None
    until: OptionalDate = None
    asserted_by: OptionalStr = None
    method: Annotated[Method | None, BeforeValidator(blank_to_none), choice(Method)] = None
    asserted_on: OptionalDate = None
    note: Text = ""

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any) -> Any:
        if type(value) is int and 1 <= value <= 5:
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return 3
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):  # OverflowError: an int of 400 digits
            raise PydanticCustomError(
                "not_a_number", "'{value}' is not a number", {"value": value}
            ) from None
        # not 1 <= nan <= 5, and the range is checked first: int(inf) would raise OverflowError
        if not 1 <= number <= 5 or number != int(number):
            raise PydanticCustomError("weight_range", "weight outside 1..5", {"value": value})
        return int(number)


    @model_validator(mode="after")
    def _check(self) -> Tie:
        if self.source == self.target:
            raise PydanticCustomError("self_tie", "self-tie", {"value": self.source})
        if self.since and self.until and self.until < self.since:
            raise PydanticCustomError(
                "until_before_since",
                "until before since",
                {"since": self.since.isoformat(), "until": self.until.isoformat()},
            )
        if not self.kind.directed and self.source > self.target:
            # One canonical orientation for undirected ties: the same relation has one id.
            a, b = self.target, self.source
            object.__setattr__(self, "source", a)
            object.__setattr__(self, "target", b)
        return self

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def id(self) -> str:
        return tie_id(self.kind, self.source, self.target)

    def valid_on(self, day: date) -> bool:
        """True if the tie holds on ``day`` (open ends count as valid)."""
        return valid_between(self.since, self.until, day)



def tie_id(kind: TieKind | str, source: str, target: str) -> str:
    """The id of a tie: ``kind:source:target`` (ends sorted for cooperates_with)."""
    kind = TieKind(kind)
    if not kind.directed and source > target:
        source, target = target, source
    return f"{kind.value}:{source}:{target}"


class Area(_Record):
    """An area of one regionalisation scheme, with its parent and the areas it covers."""

    id: Slug
    name: Name
    level: Annotated[AreaLevel, choice(AreaLevel)]
    parent: OptionalSlug = None
    scheme: Slug = "stadtkreise"
    covers: SlugList = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Area:
        if self.parent == self.id or self.id in self.covers:
            raise PydanticCustomError("self_parent", "an area cannot contain itself")
        return self


class Topic(_Record):
    """A topic a need or an actor's work is about (Alter, Jugend, Integration, ...)."""

    id: Slug
    name: Name
    description: Text = ""


    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        return _id_from_name(data)


RECORD_TYPES: dict[str, type[_Record]] = {
    "area": Area,
    "topic": Topic,
    "actor": Actor,
    "tie": Tie,
}
