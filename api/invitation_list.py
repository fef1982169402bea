"""A round table's invitation list: the seats of a ``POST /invite`` answer as CSV or Excel.

One row per seat: number, name, kind, sector, role, reasons, and the contact person's name,
e-mail and phone. Contact persons are personal data: :func:`seat_contacts` gives them only where
:func:`~api.auth.may_see_personal` allows (the one rule of ``include_personal``), and the
contact columns are there only for an account that may see personal data at all (editor,
admin). Every cell is text, neutralised against formula injection as every export is.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from api.auth import Scope, may, may_see_personal
from graph.errors import NotFoundError
from graph.i18n import say
from graph.model import ActorKind, Contact, Sector
from graph.store import Store
from graph.store.base import Account
from loaders.columns import neutralise

LIST_TYPES = {"csv": "text/csv; charset=utf-8",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_BASE = ("col_nr", "col_actor", "col_kind", "col_sector", "col_role", "col_reasons")
_CONTACT = ("col_contact", "col_email", "col_phone")


def seat_contacts(store: Store, account: Account, ids: list[str]) -> dict[str, Contact | None] | None:
    """The contact person of each seat the account may see it for; None for an account that
    may see no personal data at all (a viewer: the list has no contact columns)."""
    if not may(account, "editor"):
        return None
    scope = Scope.of(store, account)
    out: dict[str, Contact | None] = {}
    for actor_id in ids:
        try:
            actor = store.get_actor(actor_id)
        except NotFoundError:  # gone since the table was computed: no contact to give
            out[actor_id] = None
            continue
        out[actor_id] = actor.contact if may_see_personal(account, scope, actor) else None
    return out


def _label(enum: Any, value: str | None, lang: str) -> str:
    if not value:
        return ""
    try:
        return str(enum(value).label(lang))
    except ValueError:
        return value


def rows(table: dict[str, Any], contacts: dict[str, Contact | None] | None,
         lang: str) -> tuple[list[str], list[list[str]]]:
    """The list's headers and rows (every value text)."""
    headers = [say(c, lang, context="cli") for c in _BASE]
    if contacts is not None:
        headers += [say(c, lang, context="cli") for c in _CONTACT]
    out = []
    for i, seat in enumerate(table["seats"], 1):
        row = [str(i), seat["name"], _label(ActorKind, seat.get("kind"), lang),
               _label(Sector, seat.get("sector"), lang), seat.get("role") or "",
               "; ".join(seat.get("reasons") or [])]
        if contacts is not None:
            c = contacts.get(seat["id"])
            row += [c.name or "", c.email or "", c.phone or ""] if c else ["", "", ""]
        out.append([neutralise(v) for v in row])
    return headers, out


def invitation_list(table: dict[str, Any], contacts: dict[str, Contact | None] | None, fmt: str,
                    lang: str) -> tuple[bytes, str]:
    """The list as file content and its file name (``einladungsliste-2026-11-28.csv``)."""
    headers, body = rows(table, contacts, lang)
    name = f"{say('invitation_list_file', lang, context='cli')}-{date.today().isoformat()}.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(body)
        return text.getvalue().encode("utf-8-sig"), name  # the BOM: Excel keeps the umlauts
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(say("invitation_list_sheet", lang, context="cli"))
    sheet.append(headers)
    for row in body:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue(), name
