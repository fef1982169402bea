"""The one date rule (ISO or Swiss days) and the one tie-validity rule."""

from __future__ import annotations

import re
from datetime import date
from typing import TypeVar

#: A day as a date or as ISO text (see :func:`valid_between`).
_Day = TypeVar("_Day", date, str)

_SWISS_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_day(text: str) -> date:
    """A day written ISO (``2024-05-01``) or Swiss (``01.05.2024``); ValueError otherwise.

    The one date rule of the house: the model, the loaders and the command line use it.

    >>> parse_day("01.05.2024"), parse_day(" 2024-05-01 ")
    (datetime.date(2024, 5, 1), datetime.date(2024, 5, 1))
    """
    text = text.strip()
    if len(text) == 10 and text[4] == "-":  # ISO, the common case: no regex
        return date.fromisoformat(text)
    m = _SWISS_DATE.fullmatch(text)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return date.fromisoformat(text)


def valid_between(since: _Day | None, until: _Day | None, day: _Day) -> bool:
    """The one tie-validity rule: a tie holds on ``day`` if it started on or before it and ends
    on or after it; a missing (None or empty) end is open. Both ends inclusive.

    Takes dates, or ISO date strings (``YYYY-MM-DD``, which sort as text as the dates do), the
    same kind for all three: the store compares the strings it keeps, the snapshot dates.

    >>> valid_between(date(2024, 1, 1), None, date(2024, 1, 1))
    True
    >>> valid_between("2024-01-01", "2024-12-31", "2025-01-01")
    False
    """
    return (not since or since <= day) and (not until or day <= until)
