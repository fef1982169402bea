"""The record operations behind the CRUD routes: create, change, delete, shape for the answer.

Blocking functions (they talk to the store); routes call reads through :data:`api.deps.Run`
and writes through :data:`api.deps.Write`. Every write is one store transaction
(:meth:`Store.apply` with ``mode="create"``, :meth:`Store.update`, :meth:`Store.delete`), with
the account's area check as its ``guard`` and an audit entry written in the same transaction.
Updates and deletes honour ``If-Match`` (:func:`etags`): the record's version is compared
inside that transaction.

Reads: an actor outside a read-scoped account's areas, and a tie with an end outside them, is
answered exactly as an unknown id (404), for GET, PATCH and DELETE alike (:func:`get_visible`).
Personal data comes out only through :func:`shown`, which applies
:func:`api.auth.may_see_personal` to every actor.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from fastapi import Path, Response

from api.auth import Account, Scope, area_guard, may_see_personal, read_scope
from api.errors import ForbiddenError
from api.schemas import SLUG
from graph.errors import InvalidInputError, NotFoundError, Problem
from graph.model import PERSONAL_FIELDS, Area, Method, Topic, derive_id, search_key, tie_id
from graph.store import Page, Store
from graph.store.base import Audit, etag

R = TypeVar("R", bound=Response)

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


def shown(store: Store, account: Account, record: str, items: list[Any], *,
          include_personal: bool) -> list[dict[str, Any]]:
    """Records as the API shows them to ``account``: an actor's personal data only if asked
    for and :func:`~api.auth.may_see_personal` allows it (else null), actor by actor."""
    scope = Scope.of(store, account) if include_personal and record == "actor" else None
    return [public(record, item, personal=scope is not None
                   and may_see_personal(account, scope, item)) for item in items]


def etag_header(item: Any) -> str:
    """The ``ETag`` header of a stored record (a strong validator: its version, quoted)."""
    return f'"{etag(item)}"'


def etags(header: str | None) -> list[str] | None:
    """The versions an ``If-Match`` header names (None without the header; ``*`` matches
    any stored version)."""
    if header is None or not header.strip():
        return None
    tags = []
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.append(tag.strip('"'))
    return tags


def get(store: Store, record: str, record_id: str) -> Any:
    return getattr(store, GETTERS[record])(record_id)


def get_visible(store: Store, account: Account, record: str, record_id: str) -> Any:
    """A record, or NotFoundError if the account may not read it (read-limited accounts):
    an actor outside its areas, or a tie with an end outside them, is answered exactly as an
    unknown id."""
    item = get(store, record, record_id)
    scope = read_scope(store, account)
    if scope.areas is None:
        return item
    if record == "actor" and not scope.holds(item.areas):
        raise NotFoundError(record, record_id)
    if record == "tie" and not all(_readable(store, scope, end) for end in (item.source, item.target)):
        raise NotFoundError(record, record_id)
    return item


def _readable(store: Store, scope: Scope, actor_id: str) -> bool:
    try:
        return scope.holds(store.get_actor(actor_id).areas)
    except NotFoundError:
        return False


def list_actors(store: Store, account: Account, *, area: str | None, **filters: Any) -> Page:
    areas = read_scope(store, account).narrow(store, area)
    if areas == []:
        return Page([], 0, filters["offset"], filters["limit"])
    return store.list_actors(area=areas, **filters)


def list_ties(store: Store, account: Account, *, actor: str | None, **filters: Any) -> Page:
    """Ties, one page; for a read-limited account only those of one visible actor whose other
    end it may read too (the count is of those)."""
    scope = read_scope(store, account)
    if scope.areas is None:
        return store.list_ties(actor=actor, **filters)
    if actor is None:
        raise ForbiddenError("reads_own_areas_ties")
    get_visible(store, account, "actor", actor)
    offset, limit = filters.pop("offset"), filters.pop("limit")
    ties, start = [], 0
    while True:  # every tie of the one actor, then the visible ones paged here
        page = store.list_ties(actor=actor, offset=start, limit=1000, **filters)
        ties.extend(page.items)
        start += len(page.items)
        if not page.items or start >= page.total:
            break
    known: dict[str, bool] = {actor: True}
    for tie in ties:
        for end in (tie.source, tie.target):
            if end not in known:
                known[end] = _readable(store, scope, end)
    visible = [t for t in ties if known[t.source] and known[t.target]]
    return Page(visible[offset:offset + limit], len(visible), offset, limit)


def list_reference(store: Store, record: str, *, q: str | None, offset: int, limit: int,
                   scheme: str | None = None) -> Page:
    """Areas or topics whose id or name contains ``q`` (case and accents ignored)."""
    items: list[Area] | list[Topic] = store.areas() if record == "area" else store.topics()
    if scheme:
        items = [a for a in store.areas() if a.scheme == scheme] if record == "area" else []
    if q and q.strip():
        key = search_key(q)
        items = [x for x in items if key in search_key(f"{x.id} {x.name}")]  # type: ignore[assignment]
    return Page(items[offset:offset + limit], len(items), offset, limit)


def scope_for(store: Store, account: Account) -> Scope:
    return read_scope(store, account)


#: The answer header naming the areas an answer was limited to (read-scoped accounts only).
SCOPE_HEADER = "X-Quartiernetz-Scope"
SCOPE_NOTE = (" For a read-scoped account (``read_scoped``) it is computed on its areas only: "
              "actors outside them and their ties do not exist for it (an id of one is 404, as "
              "an unknown id), and the answer carries the header ``X-Quartiernetz-Scope`` (and, "
              "when it is a JSON object, a field ``scope``) naming those areas.")


def mark_scope(response: R, scope: Scope) -> R:
    """``response`` with the :data:`SCOPE_HEADER` if ``scope`` is limited."""
    if scope.areas is not None:
        response.headers[SCOPE_HEADER] = ", ".join(scope.named) or "-"
    return response


def check_area_read(store: Store, account: Account, area: str | None) -> Scope:
    """A read-limited account may ask only about its own areas (not the whole city); the read
    scope, for the analyses to run on the part of the network the account may read."""
    scope = read_scope(store, account)
    if not scope.covers_area(area):
        raise ForbiddenError("reads_own_areas", areas=", ".join(account.areas))
    return scope


def create(store: Store, account: Account, record: str, data: dict[str, Any]) -> Any:
    """Store a new record (409 if its id exists) and return it as stored."""
    if record == "tie":
        _refuse_invisible_ends(store, account, data)
        data = with_provenance(account, data)
    if record == "actor" and "id" not in data:
        data = _past_invisible(store, account, data)
    result = store.apply({record + "s": [data]}, mode="create", guard=area_guard(store, account),
                         audit=Audit(account.name, "create"))
    (new_id,) = [i for ids in result.ids[record].values() for i in ids]
    return get(store, record, new_id)


HAND_ENTRY_METHOD = Method.meeting
"""How a tie typed in by hand is known when the editor does not say: from working with both
actors (the coordinator's meetings), not from an interview, survey or document."""


def with_provenance(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    """A tie entered by hand records who asserted it, how and when: what the body leaves out
    (missing, ``None`` or blank) is the account's name, :data:`HAND_ENTRY_METHOD` and today;
    given values are kept."""
    filled = dict(data)
    defaults = {"asserted_by": account.name, "method": HAND_ENTRY_METHOD.value,
                "asserted_on": date.today().isoformat()}
    for field, value in defaults.items():
        given = filled.get(field)
        if given is None or (isinstance(given, str) and not given.strip()):
            filled[field] = value
    return filled


def _past_invisible(store: Store, account: Account, data: dict[str, Any]) -> dict[str, Any]:
    """A new actor whose id is derived from its name, for a read-limited account: when an actor
    it may not read holds that id, the next free one (``name-2``, ``name-3``, ...) is taken
    instead of answering 409 (which would tell that the hidden actor exists). An id the
    account can read still answers 409. An explicit id is unique city-wide: a hidden one
    answers 409 too (the README says so)."""
    scope = read_scope(store, account)
    if scope.areas is None:
        return data
    try:
        base = derive_id(str(data.get("name") or ""))
    except ValueError:
        return data  # the model's validation says what is wrong with the name
    candidate, n = base, 1
    while True:
        try:
            found = store.get_actor(candidate)
        except NotFoundError:
            break
        if scope.holds(found.areas):
            break  # the account sees it: 409 as for everyone
        n += 1
        candidate = f"{base}-{n}"
    return data if candidate == base else {**data, "id": candidate}


def _refuse_invisible_ends(store: Store, account: Account, data: dict[str, Any]) -> None:
    """For a read-limited account an actor it may not read does not exist: a new tie to one is
    refused exactly as a tie to an unknown id (422 ``unknown_actor``), not stored (which would
    tell that the id exists)."""
    scope = read_scope(store, account)
    if scope.areas is None:
        return
    hidden = [end for end in ("source", "target") if not _readable(store, scope, data[end])]
    if hidden:
        made = tie_id(data["kind"], data["source"], data["target"])
        raise InvalidInputError([Problem("unknown_actor", {"id": data[end]}, record="tie",
                                         index=0, id=made, field=end) for end in hidden])


def update(store: Store, account: Account, record: str, record_id: str,
           changes: dict[str, Any], *, if_match: str | None = None) -> Any:
    """Change some fields of a stored record (404 if it is not there or the account may not
    read it, 412 if ``if_match`` names another version); read, merge and write in one
    transaction."""
    get_visible(store, account, record, record_id)  # first: out of scope is unknown (no oracle)
    return store.update(record, record_id, changes, if_match=etags(if_match),
                        guard=area_guard(store, account), audit=Audit(account.name, "update"))


def delete(store: Store, account: Account, record: str, record_id: str, *,
           if_match: str | None = None) -> None:
    """Delete a record (an actor with its ties, and its personal data in the audit log), in
    one transaction; 404 if it is not there or the account may not read it, 412 if
    ``if_match`` names another version."""
    get_visible(store, account, record, record_id)  # first: out of scope is unknown (no oracle)
    guard = area_guard(store, account)
    store.delete(record, record_id, if_match=etags(if_match),
                 guard=lambda _before: guard.check_delete(record, record_id),
                 audit=Audit(account.name, "delete"))
