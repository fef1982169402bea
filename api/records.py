"""The record operations behind the CRUD routes: create, change, delete, shape for the answer.

Blocking functions (they talk to the store); routes call them through :data:`api.deps.Run`.
Every write goes through :meth:`Store.apply` (``mode="create"`` or ``"update"``), with the
account's area check as its ``guard`` and an audit entry written in the same transaction.
"""

from __future__ import annotations

from typing import Any

from fastapi import Path

from api.auth import Account, Scope, area_guard, read_scope
from api.errors import ForbiddenError
from api.schemas import SLUG
from graph.errors import NotFoundError
from graph.model import PERSONAL_FIELDS, search_key
from graph.store import Page, Store
from graph.store.base import Audit

PREFIX = "/api/v1"
MAX_OFFSET = 10_000_000
ID_PATH = Path(pattern=SLUG, max_length=120)

GETTERS = {"actor": "get_actor", "tie": "get_tie", "area": "get_area", "topic": "get_topic"}

#: Fields fixed at creation: they make the id (ties) or are the id.
FIXED = {"actor": ("id",), "tie": ("source", "target", "kind"), "area": ("id",), "topic": ("id",)}


def public(record: str, item: Any, *, personal: bool = False) -> dict[str, Any]:
    """A stored record as the API shows it (``contact`` only with ``personal``)."""
    data: dict[str, Any] = item.model_dump(mode="json")
    if record == "tie":
        data["directed"] = item.kind.directed
    for name in PERSONAL_FIELDS.get(record, ()):
        if not personal:
            data[name] = None
    return data


def get(store: Store, record: str, record_id: str) -> Any:
    return getattr(store, GETTERS[record])(record_id)


def get_visible(store: Store, account: Account, record: str, record_id: str) -> Any:
    """A record, or NotFoundError if the account may not read it (read-limited accounts)."""
    item = get(store, record, record_id)
    scope = read_scope(store, account)
    if record == "actor" and not scope.holds(item.areas):
        raise NotFoundError(record, record_id)
    if record == "tie" and not scope.actor_ids_in(store, (item.source, item.target)):
        raise NotFoundError(record, record_id)
    return item


def list_actors(store: Store, account: Account, *, area: str | None, **filters: Any) -> Page:
    areas = read_scope(store, account).narrow(store, area)
    if areas == []:
        return Page([], 0, filters["offset"], filters["limit"])
    return store.list_actors(area=areas, **filters)


def list_ties(store: Store, account: Account, *, actor: str | None, **filters: Any) -> Page:
    scope = read_scope(store, account)
    if scope.areas is not None:
        if actor is None:
            raise ForbiddenError(detail="this account reads only its areas: ask for the ties "
                                        "of one actor (actor=...)")
        get_visible(store, account, "actor", actor)
    return store.list_ties(actor=actor, **filters)


def list_reference(store: Store, record: str, *, q: str | None, offset: int, limit: int,
                   scheme: str | None = None) -> Page:
    """Areas or topics whose id or name contains ``q`` (case and accents ignored)."""
    items = store.areas() if record == "area" else store.topics()
    if scheme:
        items = [a for a in items if a.scheme == scheme]
    if q and q.strip():
        key = search_key(q)
        items = [x for x in items if key in search_key(f"{x.id} {x.name}")]
    return Page(items[offset:offset + limit], len(items), offset, limit)


def scope_for(store: Store, account: Account) -> Scope:
    return read_scope(store, account)


def check_area_read(store: Store, account: Account, area: str | None) -> None:
    """A read-limited account may ask only about its own areas (not the whole city)."""
    scope = read_scope(store, account)
    if not scope.covers_area(area):
        raise ForbiddenError(detail="this account reads only its areas ("
                             + ", ".join(account.areas) + "): name one of them (area=...)")


def create(store: Store, account: Account, record: str, data: dict[str, Any]) -> Any:
    """Store a new record (409 if its id exists) and return it as stored."""
    result = store.apply({record + "s": [data]}, mode="create", guard=area_guard(store, account),
                         audit=Audit(account.name, "create"))
    (new_id,) = [i for ids in result.ids[record].values() for i in ids]
    return get(store, record, new_id)


def update(store: Store, account: Account, record: str, record_id: str,
           changes: dict[str, Any]) -> Any:
    """Change some fields of a stored record (404 if it is not there)."""
    stored = get(store, record, record_id).model_dump(mode="json", exclude={"sector", "directed"})
    if record == "tie":
        stored.pop("id", None)
    merged = {**stored, **changes}
    store.apply({record + "s": [merged]}, mode="update", guard=area_guard(store, account),
                audit=Audit(account.name, "update"))
    return get(store, record, record_id)


def delete(store: Store, account: Account, record: str, record_id: str) -> None:
    """Delete a record (an actor with its ties, and its personal data in the audit log)."""
    area_guard(store, account).check_delete(record, record_id)
    getattr(store, f"delete_{record}")(record_id, audit=Audit(account.name, "delete"))
