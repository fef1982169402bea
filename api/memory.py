"""The operations behind the memory routes (:mod:`api.routes.meetings`): recording meetings
and contacts, reading them, suggested ties, Kontaktpflege and forum health, each within what
the account may read and change.

Blocking functions (they talk to the store); routes call reads through :data:`api.deps.Run`
and writes through :data:`api.deps.Write`. The rules, as for the other records
(:mod:`api.records`):

- writing needs an editor; an editor limited to areas may record an encounter only if at least
  one actor present is in its areas (else 403);
- for a read-scoped account an actor outside its areas does not exist: naming one in a new
  meeting or contact is answered exactly as an unknown id (422 ``unknown_actor``), a forum or a
  suggestion with an end outside is 404, and lists leave out what it may not read (an
  encounter keeps only the actors it may read, and is left out if none or its forum is outside).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from api.auth import Account, Scope, area_guard, read_scope, require
from api.errors import ForbiddenError
from graph.analysis import analysis_graph, broker_scores
from graph.analysis.evidence import cared_units, evidence_text, kontaktpflege
from graph.analysis.forums import forum_health
from graph.errors import InvalidInputError, NotFoundError, Problem
from graph.i18n import word
from graph.model.meetings import ContactEntry, Meeting
from graph.store import Store
from graph.store.base import Audit
from graph.store.meetings import Suggestion

#: Encounters a scoped list reads at most to filter (a read-scoped account's list).
SCOPED_READ = 5000


def visible_ids(store: Store, scope: Scope) -> set[str] | None:
    """The ids of the actors a scope may read (None: all)."""
    if scope.areas is None:
        return None
    found: set[str] = set()
    offset = 0
    while True:
        page = store.list_actors(area=sorted(scope.areas), offset=offset, limit=1000)
        found |= {a.id for a in page.items}
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return found


def record(store: Store, account: Account, kind: str, data: dict[str, Any]) -> Meeting | ContactEntry:
    """Record a meeting (``kind="meeting"``) or a contact entry for ``account``."""
    require(account, "editor")
    field = "participants" if kind == "meeting" else "actors"
    present = [a for a in data.get(field) or [] if isinstance(a, str)]
    scope = read_scope(store, account)
    seen = visible_ids(store, scope)
    if seen is not None:
        named = present + ([data["forum"]] if kind == "meeting" and data.get("forum") else [])
        hidden = [a for a in dict.fromkeys(named) if a not in seen]
        if hidden:
            raise InvalidInputError([Problem(
                "unknown_actor", {"id": a}, record="meeting" if kind == "meeting" else "contact_entry",
                field="forum" if a == data.get("forum") and a not in present else field)
                for a in hidden])
    change = Scope.of(store, account)
    if change.areas is not None and present and not change.actor_ids_in(store, present):
        raise ForbiddenError("outside_areas", what=word("meeting" if kind == "meeting"
                                                         else "contact_entry"),
                             id=", ".join(present), areas=", ".join(account.areas))
    audit = Audit(account.name, "create")
    if kind == "meeting":
        return store.record_meeting(data, audit=audit)
    return store.record_contact(data, audit=audit)


def shown_encounter(item: Meeting | ContactEntry, seen: set[str] | None) -> dict[str, Any] | None:
    """An encounter as the API shows it to an account that reads ``seen`` (None: all)."""
    data = item.model_dump(mode="json")
    if seen is None:
        return data
    field = item.actors_field
    if isinstance(item, Meeting) and item.forum and item.forum not in seen:
        return None
    data[field] = [a for a in data[field] if a in seen]
    return data if data[field] else None


def list_encounters(store: Store, account: Account, kind: str, *, actor: str | None,
                    forum: str | None, since: date | None, until: date | None, offset: int,
                    limit: int) -> dict[str, Any]:
    """A page of meetings or contacts; for a read-scoped account filtered (see the module)."""
    for named in (actor, forum):
        if named is not None:
            _visible_actor(store, account, named)
    seen = visible_ids(store, read_scope(store, account))
    filters: dict[str, Any] = {"actor": actor, "since": since, "until": until}
    if kind == "meeting":
        filters["forum"] = forum
    lister = store.list_meetings if kind == "meeting" else store.list_contacts
    if seen is None:
        page = lister(**filters, offset=offset, limit=limit)
        return {"data": [shown_encounter(i, None) for i in page.items], "count": page.total,
                "offset": page.offset, "limit": page.limit}
    page = lister(**filters, offset=0, limit=SCOPED_READ)
    rows = [r for r in (shown_encounter(i, seen) for i in page.items) if r is not None]
    return {"data": rows[offset:offset + limit], "count": len(rows), "offset": offset,
            "limit": limit}


def _visible_actor(store: Store, account: Account, actor_id: str) -> Any:
    from api.records import get_visible

    return get_visible(store, account, "actor", actor_id)


def suggestions(store: Store, account: Account, *, min_evidence: int,
                limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` suggested ties the account may read (both ends), with names and
    the evidence in words."""
    seen = visible_ids(store, read_scope(store, account))
    found = [s for s in store.suggested_ties(min_evidence=min_evidence,
                                             limit=limit if seen is None else None)
             if seen is None or (s.source in seen and s.target in seen)][:limit]
    names = {i: r["name"] for i, r in store._get(
        "actor", sorted({a for s in found for a in (s.source, s.target)})).items()}
    return [suggestion_row(s, names) for s in found]


def suggestion_row(s: Suggestion, names: dict[str, str]) -> dict[str, Any]:
    return {**s.to_dict(), "source_name": names.get(s.source, s.source),
            "target_name": names.get(s.target, s.target), "text": evidence_text(s.evidence, s.since)}


def _suggestion(store: Store, account: Account, suggestion: str, min_evidence: int) -> Suggestion:
    seen = visible_ids(store, read_scope(store, account))
    for s in store.suggested_ties(min_evidence=min_evidence):
        if s.id == suggestion and (seen is None or (s.source in seen and s.target in seen)):
            return s
    raise NotFoundError("suggestion", suggestion)


def confirm(store: Store, account: Account, suggestion: str, *, min_evidence: int) -> Any:
    """Create the suggested tie (asserted by the account, method evidence); the stored tie."""
    require(account, "editor")
    found = _suggestion(store, account, suggestion, min_evidence)
    store.confirm_suggestion(suggestion, account=account.name, min_evidence=min_evidence,
                             note=evidence_text(found.evidence, found.since),
                             guard=area_guard(store, account), audit=Audit(account.name, "create"))
    return store.get_tie(f"cooperates_with:{found.source}:{found.target}")


def dismiss(store: Store, account: Account, suggestion: str, *, min_evidence: int) -> dict[str, Any]:
    """Dismiss a suggestion (an editor with at least one end in its areas)."""
    require(account, "editor")
    found = _suggestion(store, account, suggestion, min_evidence)
    change = Scope.of(store, account)
    if change.areas is not None and not change.actor_ids_in(store, (found.source, found.target)):
        raise ForbiddenError("outside_areas", what=word("suggestion"), id=suggestion,
                             areas=", ".join(account.areas))
    store.dismiss_suggestion(suggestion, min_evidence=min_evidence,
                             audit=Audit(account.name, "dismiss"))
    return found.to_dict()


def kontaktpflege_of(store: Store, S: Any, *, area: str | None, months: int,
                     as_of: date) -> list[dict[str, Any]]:
    """Kontaktpflege on a (scoped) snapshot ``S``."""
    if area is not None:
        store.area_and_below(area)
    units = cared_units(S)
    scores = {r["id"]: r["score"] for r in broker_scores(analysis_graph(S, as_of=as_of))}
    return kontaktpflege(S, store.last_contact(units), scores=scores, area=area, months=months,
                         as_of=as_of)


def health_of(store: Store, account: Account, S: Any, forum: str, as_of: date) -> dict[str, Any]:
    """Forum health on a (scoped) snapshot ``S``; 404 for a forum the account may not read."""
    actor = _visible_actor(store, account, forum)
    if actor.kind.value != "forum":
        raise NotFoundError("actor", forum)
    return forum_health(S, forum, forum_meetings(store, forum, as_of), as_of=as_of)


def forum_meetings(store: Store, forum: str, as_of: date) -> list[tuple[date, list[str]]]:
    """Every meeting of ``forum`` up to ``as_of`` as (day, participants), read page by page."""
    meetings: list[tuple[date, list[str]]] = []
    offset = 0
    while True:
        page = store.list_meetings(forum=forum, until=as_of, offset=offset, limit=1000)
        meetings += [(m.date, m.participants) for m in page.items]
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return meetings
