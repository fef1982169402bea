"""Network surveys (Umfragen): a campaign, the actors' answers, their partners (no I/O).

A :class:`Survey` asks a set of actors (``actors``) until a day (``until``, the last day answers
are accepted). Each invited actor answers once per campaign (an :class:`Answer`, kept as a draft
until submitted, revisable until the campaign ends): it confirms or corrects its own record
(``record``) and names its partners (:class:`Partner`): an actor of the network, or a name that is
not in the list yet (``proposed_name``), what they do together (one of :data:`SURVEY_KINDS`), how
strong (1 to 5), how often (:class:`Frequency`) and since when.

An answer is a set of *assertions*, kept apart from the coordinators' ties: only a coordinator's
reconciliation changes a tie (:mod:`graph.store.surveys`).
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from graph.model.fields import Clean, Name, OptionalDate, OptionalSlug, Slug, SlugList, _parse_date
from graph.model.kinds import TieKind

#: A survey's id: ``umfrage-`` and 10 hex digits.
SURVEY_ID_RE = re.compile(r"^umfrage-[0-9a-f]{10}$")
#: The tie kinds a respondent can name (``part_of`` is the city's organisation chart, not asked).
SURVEY_KINDS = (TieKind.cooperates_with, TieKind.informs, TieKind.funds, TieKind.member_of)
#: The strength scale of the questionnaire.
MIN_WEIGHT, MAX_WEIGHT = 1, 5
#: Limits of text and lists (as the API's schemas limit an actor's fields).
MAX_TITLE = 300
MAX_MESSAGE = 10_000
MAX_NAME = 300
MAX_PARTNERS = 200
MAX_LIST = 100

Day = Annotated[date, BeforeValidator(_parse_date)]


def new_survey_id() -> str:
    return f"umfrage-{secrets.token_hex(5)}"


class Frequency:
    """How often two actors are in contact (the questionnaire's choices, German ids)."""

    values = ("woechentlich", "monatlich", "quartalsweise", "jaehrlich", "seltener")


def _frequency(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip() in Frequency.values:
        return value.strip()
    raise PydanticCustomError("unknown_choice", "'{value}' is not allowed", {
        "value": str(value), "allowed": ", ".join(Frequency.values)})


FrequencyValue = Annotated[str | None, BeforeValidator(_frequency)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _survey_kind(value: Any) -> Any:
    try:
        value = TieKind.parse(value)
    except PydanticCustomError:
        pass
    if isinstance(value, TieKind):
        value = value.value
    if not isinstance(value, str) or value not in {k.value for k in SURVEY_KINDS}:
        raise PydanticCustomError("unknown_choice", "'{value}' is not allowed", {
            "value": str(value), "allowed": ", ".join(k.value for k in SURVEY_KINDS)})
    return TieKind(value)


def _weight(value: Any) -> Any:
    """A whole number 1..5 (``"4"`` from a form is fine; ``"stark"``, 0, 6, 2.5, true are not)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is not int:
        raise PydanticCustomError("not_a_number", "'{value}' is not a number",
                                  {"value": str(value)})
    if not MIN_WEIGHT <= value <= MAX_WEIGHT:
        raise PydanticCustomError("weight_range", "weight {value} outside {min}..{max}",
                                  {"value": str(value), "min": str(MIN_WEIGHT),
                                   "max": str(MAX_WEIGHT)})
    return value


SurveyKind = Annotated[TieKind, BeforeValidator(_survey_kind)]
Weight = Annotated[int, BeforeValidator(_weight)]


class Partner(_Part):
    """One partner an actor names: an actor id, or a name not in the list (``proposed_name``)."""

    actor: OptionalSlug = None
    proposed_name: Annotated[Clean | None, Field(max_length=MAX_NAME),
                             BeforeValidator(lambda v: None if isinstance(v, str)
                                             and not v.strip() else v)] = None
    kind: SurveyKind
    weight: Weight
    frequency: FrequencyValue = None
    since: OptionalDate = None

    @model_validator(mode="after")
    def _one_partner(self) -> Partner:
        if (self.actor is None) == (self.proposed_name is None):
            raise PydanticCustomError("survey_partner_one", "give an actor or a proposed name")
        return self


class RecordCorrection(_Part):
    """The organisation's own record as it confirms or corrects it."""

    name: Annotated[Name, Field(max_length=MAX_NAME)]
    areas: Annotated[SlugList, Field(max_length=MAX_LIST)] = Field(default_factory=list)
    topics: Annotated[SlugList, Field(max_length=MAX_LIST)] = Field(default_factory=list)

    @field_validator("areas", "topics")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class Answer(_Part):
    """One actor's answer in one campaign (replaced as a whole on every save)."""

    record_type: ClassVar[str] = "survey_answer"

    survey: str
    actor: Slug
    state: Literal["draft", "submitted"] = "draft"
    saved_on: datetime
    #: when it was last submitted (None: never)
    submitted_on: datetime | None = None
    record: RecordCorrection | None = None
    partners: Annotated[list[Partner], Field(max_length=MAX_PARTNERS)] = Field(
        default_factory=list)

    def named(self) -> set[str]:
        """Every actor id the answer names (itself included)."""
        return {self.actor} | {p.actor for p in self.partners if p.actor}


class Survey(_Part):
    """A campaign: who is asked (``actors``), about what (``areas``, ``topics``), until when."""

    record_type: ClassVar[str] = "survey"

    id: str
    title: Annotated[Name, Field(max_length=MAX_TITLE)]
    areas: SlugList = Field(default_factory=list)
    topics: SlugList = Field(default_factory=list)
    actors: SlugList = Field(default_factory=list)
    until: Day
    message: Annotated[Clean | None, Field(max_length=MAX_MESSAGE)] = None
    status: Literal["open", "closed"] = "open"
    created_by: str
    created_on: Day
    #: the day it was closed (None while open)
    closed_on: OptionalDate = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not SURVEY_ID_RE.match(value):
            raise PydanticCustomError("bad_slug", "'{value}' is not a valid id", {"value": value})
        return value

    @field_validator("areas", "topics", "actors")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def accepts(self, today: date) -> bool:
        """Whether answers are accepted on ``today`` (open, and not after ``until``)."""
        return self.status == "open" and today <= self.until


__all__ = ["MAX_WEIGHT", "MIN_WEIGHT", "SURVEY_ID_RE", "SURVEY_KINDS", "Answer", "Frequency",
           "Partner", "RecordCorrection", "Survey", "new_survey_id"]
