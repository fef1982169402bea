"""What a contact log entry and a meeting are (no I/O): the evidence that actors are in touch.

- :class:`ContactEntry` (``/contacts``): a coordinator's contact with one or more actors on a
  day: kind (Sitzung, Telefon, Anlass, Mail, Begehung), topics, a short note. The note is not
  for personal data (the forms say so); it is erased when an actor it concerns is deleted.
  (:class:`~graph.model.records.Contact` is something else: the contact *person* of an actor.)
- :class:`Meeting`: a meeting on a day with its participants (the actors present, at least
  two), optionally of a forum (a Gremium: an actor of kind ``forum``).

Both are records of the past: a day in the future is refused. Their ids are made by the store
(``m-...``, ``c-...``), so recording the same meeting twice gives two records; the suggestion
logic counts meetings, not ids.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from graph.model.fields import OptionalSlug, SlugList, StrList, Text, _parse_date, choice
from graph.model.kinds import Labelled

#: The longest note a contact entry keeps (a short note, not a protocol).
MAX_NOTE = 500
#: The longest meeting title.
MAX_TITLE = 200


class ContactKind(Labelled):
    sitzung = "sitzung"
    telefon = "telefon"
    anlass = "anlass"
    mail = "mail"
    begehung = "begehung"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _CONTACT_KIND_LABELS


_CONTACT_KIND_LABELS = {
    "sitzung": ("Sitzung", "meeting"),
    "telefon": ("Telefon", "phone call"),
    "anlass": ("Anlass", "event"),
    "mail": ("Mail", "e-mail"),
    "begehung": ("Begehung", "site walk"),
}


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class _Encounter(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    #: the field holding the actors present
    actors_field: ClassVar[str]
    id: str = ""
    date: Annotated[date, BeforeValidator(_parse_date)]
    topics: SlugList = Field(default_factory=list)
    recorded_by: str = ""
    recorded_at: str = ""

    @field_validator("topics", mode="after")
    @classmethod
    def _topics_once(cls, value: list[str]) -> list[str]:
        return _unique(value)

    def present(self) -> list[str]:
        """The actors present (each once)."""
        return list(getattr(self, self.actors_field))


class ContactEntry(_Encounter):
    """One entry of the contact log."""

    actors_field: ClassVar[str] = "actors"
    kind: Annotated[ContactKind, choice(ContactKind)]
    actors: Annotated[SlugList, Field(min_length=1)]
    note: Annotated[Text, Field(max_length=MAX_NOTE)] = ""

    @field_validator("actors", mode="after")
    @classmethod
    def _actors_once(cls, value: list[str]) -> list[str]:
        return _unique(value)


class Meeting(_Encounter):
    """A meeting with the actors present, optionally of a forum."""

    actors_field: ClassVar[str] = "participants"
    title: Annotated[Text, Field(min_length=1, max_length=MAX_TITLE)]
    participants: SlugList
    forum: OptionalSlug = None
    tags: StrList = Field(default_factory=list)

    @field_validator("participants", mode="after")
    @classmethod
    def _participants_once(cls, value: list[str]) -> list[str]:
        return _unique(value)


#: record name -> model (``contact_entry`` is the contact log's record name in errors and audit)
ENCOUNTER_TYPES: dict[str, type[_Encounter]] = {"meeting": Meeting, "contact_entry": ContactEntry}


def encounter_from_row(row: dict[str, Any]) -> ContactEntry | Meeting:
    """A stored encounter row (with ``type``) as its model."""
    data = {k: v for k, v in row.items() if k != "type"}
    model = ENCOUNTER_TYPES[row["type"]]
    return model.model_validate(data)  # type: ignore[return-value]


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The two ends of an undirected pair in sorted order."""
    return (a, b) if a < b else (b, a)


def suggestion_id(a: str, b: str) -> str:
    """The id of a suggested tie: both ends, sorted, joined by ``+`` (never in a slug).

    >>> suggestion_id("qv-hoengg", "gz-hoengg")
    'gz-hoengg+qv-hoengg'
    """
    first, second = pair_key(a, b)
    return f"{first}+{second}"
