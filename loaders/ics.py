"""Meetings from a calendar export (``.ics``, RFC 5545), read with the ``icalendar`` library.

Coordinators' calendars already hold their meetings: each event (``VEVENT``) becomes a proposed
meeting (its day, its title) whose participants are the actors its attendees and organiser name.
A calendar names people, not organisations, so each attendee is matched by the texts it carries:
its common name (``CN``), the part of it in parentheses ("Petra Muster (GZ Wipkingen)"), and
the name before the ``@`` of its address; a text matches an actor when, case and accents
ignored, it is the actor's name or id, or it contains exactly one actor's name (at least five
letters long). Nothing is stored here: :func:`match_calendar` says, per event, the actors found
and the names it could not place, for the coordinator to confirm (``--map NAME=ACTOR``) or to
leave out. The names of people are used for the matching only and never stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graph.errors import InvalidInputError, Problem
from graph.model import search_key

#: The largest calendar file read (a year of a busy calendar is well under 5 MB).
MAX_BYTES = 20 * 1024 * 1024
_PARENS = re.compile(r"\(([^)]*)\)")
#: An actor name shorter than this is matched only as a whole text, never inside one.
MIN_INSIDE = 5


@dataclass
class CalendarEvent:
    """One event of the calendar, as read: ``people`` are the attendees' and organiser's texts."""

    uid: str
    day: date
    title: str
    people: list[str]


@dataclass
class MatchedEvent:
    """An event with the actors its people were matched to and the names left unplaced."""

    uid: str
    day: date
    title: str
    participants: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    #: why it cannot become a meeting as it is: ``future``, ``too_few`` (fewer than two actors)
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "date": self.day.isoformat(), "title": self.title,
                "participants": self.participants, "unknown": self.unknown, "problem": self.problem}


def read_calendar(path: Path) -> list[CalendarEvent]:
    """The events of an ``.ics`` file, in file order.

    Raises
    ------
    InvalidInputError
        ``not_icalendar`` (naming the file) if it is not an iCalendar file, ``too_large`` over
        :data:`MAX_BYTES`, ``event_without_date`` for an event without a start.
    """
    from icalendar import Calendar

    size = path.stat().st_size
    if size > MAX_BYTES:
        sizes = {"size": f"{size:,} B", "limit": f"{MAX_BYTES:,} B", "setting": "loaders.ics.MAX_BYTES"}
        raise InvalidInputError([Problem("file_too_large", sizes, file=path.name)])
    raw = path.read_bytes()
    try:
        calendar = Calendar.from_ical(raw)
    except Exception as exc:  # noqa: BLE001 (icalendar raises many kinds on a broken file)
        raise InvalidInputError([Problem("not_icalendar", {"why": str(exc)[:200]}, file=path.name)]) from None
    if getattr(calendar, "name", None) != "VCALENDAR":
        raise InvalidInputError([Problem("not_icalendar", {"why": "VCALENDAR"}, file=path.name)])
    events, problems = [], []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        if event.get("DTSTART") is None:
            problems.append(Problem("event_without_date", {"number": number}, file=path.name,
                                    field="DTSTART"))
            continue
        try:
            events.append(_event(event, number))
        except Exception as exc:  # noqa: BLE001 (a broken property raises on reading it)
            problems.append(Problem("bad_event", {"number": number, "why": str(exc)[:200]},
                                    file=path.name))
    if problems:
        raise InvalidInputError(problems)
    return events


def _event(event: Any, number: int) -> CalendarEvent:
    value = event.get("DTSTART").dt
    day = value.date() if isinstance(value, datetime) else value
    if not isinstance(day, date):
        raise ValueError(f"DTSTART {value!r}")
    people = [_person(a) for a in _as_list(event.get("ATTENDEE"))]
    if event.get("ORGANIZER") is not None:
        people.append(_person(event.get("ORGANIZER")))
    return CalendarEvent(uid=str(event.get("UID") or f"event-{number}"), day=day,
                         title=str(event.get("SUMMARY") or "").strip(),
                         people=[p for p in dict.fromkeys(people) if p])


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _person(value: Any) -> str:
    """``CN`` if it has one, else the address without ``mailto:``."""
    params = getattr(value, "params", {}) or {}
    name = str(params.get("CN") or "").strip()
    address = str(value).removeprefix("mailto:").removeprefix("MAILTO:").strip()
    return f"{name} <{address}>" if name and address else name or address


def match_calendar(events: Iterable[CalendarEvent], actors: Iterable[Mapping[str, Any]], *,
                   mapped: Mapping[str, str] | None = None,
                   today: date | None = None) -> list[MatchedEvent]:
    """Each event with the actors its people name (see the module) and the names left over.

    ``mapped`` places names by hand (name -> actor id, the ``--map`` of the command line); a
    person mapped to ``""`` is left out on purpose. An event after ``today`` or with fewer than
    two actors gets a ``problem``.
    """
    today = today or date.today()
    by_key: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for actor in actors:
        by_key.setdefault(search_key(actor["name"]), actor["id"])
        by_key.setdefault(search_key(actor["id"]), actor["id"])
        key = search_key(actor["name"])
        if len(key) >= MIN_INSIDE:
            names.append((key, actor["id"]))
    by_hand = {search_key(k): v for k, v in (mapped or {}).items()}
    out = []
    for event in events:
        found: list[str] = []
        unknown: list[str] = []
        for person in event.people:
            hit = _place(person, by_key, names, by_hand)
            if hit is None:
                unknown.append(_label(person))
            elif hit:
                found.append(hit)
        participants = list(dict.fromkeys(found))
        problem = "future" if event.day > today else "too_few" if len(participants) < 2 else None
        out.append(MatchedEvent(event.uid, event.day, event.title, participants,
                                list(dict.fromkeys(unknown)), problem))
    return out


def _label(person: str) -> str:
    """How a person is shown for confirmation: the common name, else the address."""
    return person.split(" <", 1)[0] if " <" in person else person


def _place(person: str, by_key: dict[str, str], names: list[tuple[str, str]],
           by_hand: dict[str, str]) -> str | None:
    """The actor ``person`` names, ``""`` if mapped to nobody, None if it names none."""
    label = _label(person)
    for text in (person, label):
        if search_key(text) in by_hand:
            return by_hand[search_key(text)]
    address = person.split(" <", 1)[1].rstrip(">") if " <" in person else person
    texts = [label, *_PARENS.findall(label), address.split("@", 1)[0].replace(".", " ")]
    for text in texts:
        key = search_key(text)
        if key in by_key:
            return by_key[key]
    for text in texts:
        key = search_key(text)
        inside = {aid for name, aid in names if name in key}
        if len(inside) == 1:
            return inside.pop()
    return None
