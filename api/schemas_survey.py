"""The schemas of ``/api/v1/surveys`` and of the questionnaire's ``POST /s/{token}/answers``:
what a client sends (``extra="forbid"``) and gets.

The fields of a partner and of an organisation's own record are checked by the store
(:mod:`graph.model.surveys`), which names the field at fault as ``partners[2].weight``; the
schemas here only bound the shape and the sizes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.schemas import SLUG
from graph.model.surveys import MAX_MESSAGE, MAX_PARTNERS, MAX_TITLE

_ID = r"^umfrage-[0-9a-f]{10}$"


def _forbid(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


# -- the questionnaire ---------------------------------------------------------------------

class AnswerIn(BaseModel):
    """One actor's answer, replacing its earlier one. ``submit: false`` keeps it as a draft.

    Each partner: ``{"actor": ID, "kind": KIND, "weight": 1-5, "frequency"?, "since"?,
    "proposed_name"?}`` (``actor`` null with ``proposed_name`` for an organisation not in the
    list); ``record``: the organisation's own ``{name, areas, topics}`` as it confirms or
    corrects them."""

    model_config = _forbid({"partners": [{"actor": "gz-hoengg", "kind": "cooperates_with",
                                          "weight": 4, "frequency": "monatlich"}],
                            "submit": True})

    partners: list[dict[str, Any]] = Field(max_length=MAX_PARTNERS)
    record: dict[str, Any] | None = None
    submit: StrictBool


# -- campaigns -------------------------------------------------------------------------------

class SurveyCreate(BaseModel):
    """A new campaign: for areas and/or topics, the invited actors (default: the actors
    active in the areas, or of the topics, without forums), the last day answers are accepted
    and an optional message shown at the top of the questionnaire."""

    model_config = _forbid({"title": "Netzwerk Höngg 2027", "areas": ["hoengg"],
                            "until": "2027-01-31",
                            "message": "Danke, dass Sie sich 10 Minuten Zeit nehmen."})

    title: str = Field(min_length=1, max_length=MAX_TITLE)
    until: date = Field(description="the last day answers are accepted")
    areas: list[str] = Field(default_factory=list, max_length=50)
    topics: list[str] = Field(default_factory=list, max_length=50)
    actors: list[str] | None = Field(None, max_length=5000)
    message: str | None = Field(None, max_length=MAX_MESSAGE)


class SurveyPublic(BaseModel):
    id: str = Field(pattern=_ID)
    title: str
    areas: list[str]
    topics: list[str]
    actors: list[str]
    until: date
    message: str | None = None
    status: Literal["open", "closed"]
    created_by: str
    created_on: date
    closed_on: date | None = None


class SurveysPublic(BaseModel):
    data: list[SurveyPublic]
    count: int


class SurveyResponse(BaseModel):
    actor: str
    name: str | None
    state: Literal["draft", "submitted"] | None
    saved_on: datetime | None


class SurveyCounts(BaseModel):
    invited: int
    submitted: int
    draft: int
    none: int


class SurveyStatus(SurveyPublic):
    """The campaign, and who answered (``submitted``, a ``draft``, or nothing yet)."""

    accepts_answers: bool
    counts: SurveyCounts
    responses: list[SurveyResponse]


class SurveyLink(BaseModel):
    actor: str
    name: str | None = None
    url: str


class TieNow(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    weight: float | None = None
    method: str | None = None
    asserted_by: str | None = None
    asserted_on: date | None = None


class Assertion(BaseModel):
    model_config = ConfigDict(extra="allow")

    asserted_by: str
    kind: str
    weight: int
    asserted_on: date | datetime | None = None
    frequency: str | None = None
    since: date | None = None
    state: str | None = None


class Perspective(BaseModel):
    """One pair and kind named in submitted answers: what each side says, and the tie the
    coordination recorded (or null)."""

    model_config = ConfigDict(extra="allow")

    source: str
    target: str
    kind: str
    tie: TieNow | None = None
    assertions: list[Assertion]
    status: str


class ReconcileIn(BaseModel):
    """``accept`` the strength one actor gave (``asserted_by``), ``set`` one (``weight``), or
    ``reject`` (the tie stays as it is)."""

    model_config = _forbid({"source": "gz-hoengg", "target": "qv-hoengg",
                            "kind": "cooperates_with", "decision": "accept",
                            "asserted_by": "qv-hoengg"})

    source: str = Field(pattern=SLUG, max_length=120)
    target: str = Field(pattern=SLUG, max_length=120)
    kind: str = Field(max_length=40)
    decision: Literal["accept", "set", "reject"]
    asserted_by: str | None = Field(None, pattern=SLUG, max_length=120)
    weight: int | None = Field(None, ge=1, le=5)


class ProposalPublic(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    proposed_by: str
    survey: str
    status: str


class ProposalDecision(BaseModel):
    """Accept a proposed actor (``actor_fields``: its kind, areas, topics ... as for
    ``POST /actors``) or dismiss it."""

    model_config = _forbid({"accept": True, "actor_fields": {"kind": "association",
                                                             "areas": ["hoengg"]}})

    accept: StrictBool
    actor_fields: dict[str, Any] | None = None
