"""The tables a file may hold, their columns, and the German aliases for headers.

Every tabular format (CSV, Excel) has the same four tables: ``areas``, ``topics``, ``actors``,
``ties``. A header is matched case- and accent-blind against the English field name and its
German aliases; list fields (``areas``, ``topics``, ``tags``, ``covers``) hold ``a|b|c``.
The personal contact of an actor travels in four ``contact_*`` columns.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from graph.model import ActorKind, AreaLevel, Method, TieKind, parse_day, search_key

#: Record types in the order they are loaded (references point backwards).
RECORDS = ("area", "topic", "actor", "tie")

#: Columns per record type, in the order exports write them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("id", "name", "level", "parent", "scheme", "covers", "created_at", "updated_at"),
    "topic": ("id", "name", "description", "created_at", "updated_at"),
    "actor": (
        "id",
        "name",
        "kind",
        "areas",
        "topics",
        "description",
        "website",
        "tags",
        "source_id",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "created_at",
        "updated_at",
    ),
    "tie": (
        "source",
        "target",
        "kind",
        "weight",
        "since",
        "until",
        "asserted_by",
        "method",
        "asserted_on",
        "note",
        "created_at",
        "updated_at",
    ),
}

#: Columns a file of that type must have.
REQUIRED: dict[str, tuple[str, ...]] = {
    "area": ("id", "name", "level"),
    "topic": ("name",),
    "actor": ("id", "name", "kind"),
    "tie": ("source", "target", "kind"),
}

CONTACT_COLUMNS = ("contact_name", "contact_role", "contact_email", "contact_phone")

#: Columns that are written but never read back (derived by the model).
DERIVED = {"sector", "id_tie", "directed"}

#: German (and a few other) header aliases, per record type: alias -> field.
ALIASES: dict[str, dict[str, str]] = {
    "area": {
        "kennung": "id",
        "name": "name",
        "bezeichnung": "name",
        "ebene": "level",
        "stufe": "level",
        "ubergeordnet": "parent",
        "uebergeordnet": "parent",
        "ubergeordnetes gebiet": "parent",
        "eltern": "parent",
        "schema": "scheme",
        "gliederung": "scheme",
        "umfasst": "covers",
        "erstellt": "created_at",
        "geandert": "updated_at",
    },
    "topic": {
        "kennung": "id",
        "name": "name",
        "thema": "name",
        "beschreibung": "description",
        "erstellt": "created_at",
        "geandert": "updated_at",
    },
    "actor": {
        "kennung": "id",
        "name": "name",
        "typ": "kind",
        "art": "kind",
        "quartiere": "areas",
        "quartier": "areas",
        "gebiete": "areas",
        "themen": "topics",
        "beschreibung": "description",
        "webseite": "website",
        "website": "website",
        "stichworte": "tags",
        "schlagworte": "tags",
        "kontakt name": "contact_name",
        "kontaktperson": "contact_name",
        "kontakt funktion": "contact_role",
        "kontakt rolle": "contact_role",
        "kontakt e mail": "contact_email",
        "kontakt email": "contact_email",
        "kontakt telefon": "contact_phone",
        "sektor": "sector",
        "erstellt": "created_at",
        "geandert": "updated_at",
    },
    "tie": {
        "quelle": "source",
        "von akteur": "source",
        "ziel": "target",
        "zu akteur": "target",
        "art": "kind",
        "typ": "kind",
        "gewicht": "weight",
        "starke": "weight",
        "staerke": "weight",
        "von": "since",
        "seit": "since",
        "bis": "until",
        "erfasst von": "asserted_by",
        "methode": "method",
        "erfasst am": "asserted_on",
        "notiz": "note",
        "bemerkung": "note",
        "kennung": "id_tie",
        "id": "id_tie",
        "gerichtet": "directed",
        "erstellt": "created_at",
        "geandert": "updated_at",
    },
}

#: File-name stems and sheet names that say which table a file holds.
TABLE_NAMES: dict[str, tuple[str, ...]] = {
    "area": ("areas", "area", "gebiete", "gebiet", "quartiere"),
    "topic": ("topics", "topic", "themen", "thema"),
    "actor": ("actors", "actor", "akteure", "akteur", "akteurinnen"),
    "tie": ("ties", "tie", "beziehungen", "beziehung", "edges", "kanten"),
}

#: German sheet names for Excel exports.
SHEET_NAMES = {"area": "Gebiete", "topic": "Themen", "actor": "Akteure", "tie": "Beziehungen"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header_key(text: str) -> str:
    """A header as compared: case- and accent-blind, ``_`` and ``-`` as spaces."""
    return search_key(re.sub(r"[_\-]+", " ", text))


def field_for(record: str, header: str) -> str | None:
    """The field a header names in a table of ``record``, or None if unknown."""
    key = header_key(header)
    for name in (*COLUMNS[record], *DERIVED):
        if key == header_key(name):
            return name
    return ALIASES[record].get(key)


def table_from_name(stem: str) -> str | None:
    """``"Akteure 2024"`` -> ``"actor"``; None if the name does not say."""
    words = re.split(r"[^a-z]+", search_key(stem))
    for record, names in TABLE_NAMES.items():
        if any(w in names for w in words):
            return record
    return None


def table_from_headers(headers: list[str]) -> str | None:
    """Guess the table from its columns: ties have source and target, areas a level, ..."""
    fields = {f for r in RECORDS for h in headers if (f := field_for(r, h))}
    if {"source", "target"} <= fields:
        return "tie"
    if "level" in fields:
        return "area"
    if "kind" in fields:
        return "actor"
    if "name" in fields:
        return "topic"
    return None


def neutralise(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: ``=1+1`` -> ``'=1+1``."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` on the way in, so a round trip keeps the value."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


_ENUMS = {
    ("actor", "kind"): ActorKind,
    ("tie", "kind"): TieKind,
    ("tie", "method"): Method,
    ("area", "level"): AreaLevel,
}


@lru_cache(maxsize=4096)
def _choice(record: str, field: str, value: str) -> Any:
    """A kind label as its enum member (so the model need not look it up again for every row);
    unknown labels stay as they are and the model reports them."""
    try:
        return _ENUMS[(record, field)].parse(value)
    except Exception:  # the model raises the same error, with its own message
        return value


_DATE_FIELDS = {"since", "until", "asserted_on"}


@lru_cache(maxsize=65536)
def _date(text: str) -> Any:
    """A date cell (ISO or Swiss, :func:`graph.model.parse_day`) as a date; if it is not a valid
    date the text stays, and the model reports it."""
    try:
        return parse_day(text)
    except ValueError:
        return text


def _weight(text: str) -> Any:
    # isascii: "²".isdigit() is true, but int("²") fails; longer numbers are refused later
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 15 else text


#: Cells that repeat across rows (ids in ties, area lists, who asserted): one string each.
_SHARED = {"id", "source", "target", "asserted_by", "areas", "topics", "parent", "scheme"}


def _converter(record: str, name: str) -> Callable[[str], Any] | None:
    if name in _SHARED:
        return sys.intern
    if (record, name) in _ENUMS:
        return lambda value: _choice(record, name, value)
    if record == "tie" and name in _DATE_FIELDS:
        return _date
    if record == "tie" and name == "weight":
        return _weight
    return None


def row_maker(record: str, fields: list[str | None]) -> Callable[[list[Any]], dict[str, Any]]:
    """A function that turns one row of cells into the raw dict the model validates.

    Empty cells are left out (the model's defaults apply); text is stripped and a leading
    ``'`` put there against formula injection removed; kinds, dates and weights are converted
    ahead of the model (cached: a file repeats them on every row), never more leniently.
    """
    plan = [
        (
            i,
            name,
            name.removeprefix("contact_") if name in CONTACT_COLUMNS else None,
            _converter(record, name),
        )
        for i, name in enumerate(fields)
        if name is not None and name not in DERIVED
    ]

    def make(cells: list[Any]) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        contact: dict[str, Any] | None = None
        width = len(cells)
        for i, name, contact_key, convert in plan:
            if i >= width:
                break
            value = cells[i]
            if value is None:
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    if name == "name":
                        raw[name] = value  # "name must not be empty", not "missing"
                    continue
                if value[0] == "'":
                    value = unneutralise(value)
                if convert is not None:
                    value = convert(value)
            if contact_key is not None:
                if contact is None:
                    contact = {}
                contact[contact_key] = value
            else:
                raw[name] = value
        if contact:
            raw["contact"] = contact
        return raw

    return make


def record_from_cells(record: str, fields: list[str | None], cells: list[Any]) -> dict[str, Any]:
    """One row of cells as the raw dict the model validates (see :func:`row_maker`)."""
    return row_maker(record, fields)(cells)


def cells_from_record(record: str, row: dict[str, Any], *, include_personal: bool) -> list[Any]:
    """A stored record (JSON-ready dict) as the cells of one export row."""
    out: list[Any] = []
    contact = row.get("contact") or {}
    for name in export_columns(record, include_personal=include_personal):
        if name in CONTACT_COLUMNS:
            value = contact.get(name.removeprefix("contact_"))
        else:
            value = row.get(name)
        if isinstance(value, list):
            value = "|".join(value)
        out.append(value)
    return out


def export_columns(record: str, *, include_personal: bool) -> tuple[str, ...]:
    cols = COLUMNS[record]
    if include_personal:
        return cols
    return tuple(c for c in cols if c not in CONTACT_COLUMNS)
