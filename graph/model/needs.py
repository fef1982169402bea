"""A need (Anliegen) and its life: raised, clarified, handed on, worked on, answered (no I/O).

Statuses and the steps between them (:data:`NEXT`)::

    neu -> abgeklaert -> vermittelt -> in_bearbeitung -> erledigt
      \\________\\____________\\______________\\-------> nicht_umsetzbar (a reason is required)
                                          erledigt -> in_bearbeitung (reopening, the one step back)

Only these steps are allowed (forward, one at a time, and the reopening); any other raises
:class:`~graph.errors.StepNotAllowedError` naming the two statuses and the allowed next ones.
``nicht_umsetzbar`` may be reached from every open status: a coordinator can learn at any
point that nothing can be done, and says why (``reason``).

At ``abgeklaert`` the need keeps the actors the need finder proposed (``proposed``) and those
the coordinator confirmed (``confirmed``); at ``vermittelt`` the actors it was handed to, each
with its day (``assigned``). Every step is one :class:`NeedStep` in ``history``: the status
reached, who (the account name), when (the day, and the UTC time it was recorded), a note,
and for a step taken by or for one assigned actor that actor (``actor``: see
:func:`graph.analysis.needs.response_times`).

``raised_by`` is an actor id, or None for the population without a name ("Bevölkerung").
The status ids are ASCII (``abgeklaert``); ``abgeklärt`` and the English labels are accepted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from graph.model.fields import (
    Name,
    OptionalDate,
    OptionalSlug,
    OptionalStr,
    Slug,
    SlugList,
    Text,
    _parse_date,
    choice,
)
from graph.model.kinds import Labelled

#: A day, ISO or Swiss (the house's one date rule), required.
Day = Annotated[date, BeforeValidator(_parse_date)]


class NeedStatus(Labelled):
    neu = "neu"
    abgeklaert = "abgeklaert"
    vermittelt = "vermittelt"
    in_bearbeitung = "in_bearbeitung"
    erledigt = "erledigt"
    nicht_umsetzbar = "nicht_umsetzbar"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _STATUS_LABELS

    @property
    def open(self) -> bool:
        return self not in CLOSED


_STATUS_LABELS = {
    "neu": ("neu", "new"),
    "abgeklaert": ("abgeklärt", "clarified"),
    "vermittelt": ("vermittelt", "handed on"),
    "in_bearbeitung": ("in Bearbeitung", "in progress"),
    "erledigt": ("erledigt", "done"),
    "nicht_umsetzbar": ("nicht umsetzbar", "not feasible"),
}

S = NeedStatus
#: The statuses a need may go to from each status (the only steps allowed).
NEXT: dict[NeedStatus, tuple[NeedStatus, ...]] = {
    S.neu: (S.abgeklaert, S.nicht_umsetzbar),
    S.abgeklaert: (S.vermittelt, S.nicht_umsetzbar),
    S.vermittelt: (S.in_bearbeitung, S.nicht_umsetzbar),
    S.in_bearbeitung: (S.erledigt, S.nicht_umsetzbar),
    S.erledigt: (S.in_bearbeitung,),
    S.nicht_umsetzbar: (),
}
#: A need in one of these is closed; every other is open.
CLOSED = frozenset({S.erledigt, S.nicht_umsetzbar})
OPEN = tuple(s for s in NeedStatus if s not in CLOSED)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class NeedStep(_Part):
    """One step of a need's life: the status reached (or kept, for ``action`` ``assign``)."""

    status: Annotated[NeedStatus, choice(NeedStatus)]
    #: ``create``, ``step`` (a status change) or ``assign`` (more actors, status kept)
    action: str = "step"
    on: Day
    at: datetime | None = None
    by: str
    note: OptionalStr = None
    #: the assigned actor this step was taken by or for (None: the need as a whole)
    actor: OptionalSlug = None


class Assignment(_Part):
    """An actor a need was handed to (``vermittelt``), and the day."""

    actor: Slug
    on: Day


class Need(_Part):
    """An Anliegen: what the Quartier asks for, where, on which topics, and how far it got."""

    record: ClassVar[str] = "need"

    id: Slug
    title: Name
    description: Text = ""
    raised_on: Day
    raised_by: OptionalSlug = None
    areas: SlugList = Field(default_factory=list)
    topics: SlugList = Field(default_factory=list)
    status: Annotated[NeedStatus, choice(NeedStatus)] = NeedStatus.neu
    proposed: SlugList = Field(default_factory=list)
    confirmed: SlugList = Field(default_factory=list)
    assigned: list[Assignment] = Field(default_factory=list)
    follow_up: OptionalDate = None
    round_table: OptionalStr = None
    reason: OptionalStr = None
    history: list[NeedStep] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @field_validator("areas", "topics", "proposed", "confirmed")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @property
    def assigned_to(self) -> list[str]:
        return [a.actor for a in self.assigned]

    def actors(self) -> set[str]:
        """Every actor the need names (raised by, proposed, confirmed, assigned)."""
        return ({self.raised_by} - {None}) | set(self.proposed) | set(self.confirmed) | set(
            self.assigned_to)  # type: ignore[return-value]

    def age_days(self, today: date) -> int:
        """Days since it was raised."""
        return (today - self.raised_on).days

    def public_dict(self, today: date) -> dict[str, Any]:
        """The JSON shape of the CLI and the API: ``id, title, status, topics, areas,
        raised_on, raised_by, assigned_to, age_days, history`` and the rest of the fields."""
        data = self.model_dump(mode="json")
        return {"id": data["id"], "title": data["title"], "status": data["status"],
                "topics": data["topics"], "areas": data["areas"],
                "raised_on": data["raised_on"], "raised_by": data["raised_by"],
                "assigned_to": self.assigned_to, "age_days": self.age_days(today),
                "history": data["history"], "description": data["description"],
                "proposed": data["proposed"], "confirmed": data["confirmed"],
                "assigned": data["assigned"], "follow_up": data["follow_up"],
                "round_table": data["round_table"], "reason": data["reason"],
                "created_at": data["created_at"], "updated_at": data["updated_at"]}


def status_words(*statuses: NeedStatus | str) -> Any:
    """Statuses as sentence parameters: each a message of the catalogue (context
    ``need_status``), so an error names them in the reader's language ("abgeklärt", not
    "abgeklaert"); several as a list (joined when rendered)."""
    from graph.i18n import message

    words = [message(NeedStatus(s).value, context="need_status") for s in statuses]
    return words[0] if len(words) == 1 else words


def allowed_next(status: NeedStatus) -> tuple[NeedStatus, ...]:
    return NEXT[status]
