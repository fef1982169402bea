"""The need (Anliegen) operations behind ``/api/v1/anliegen``: blocking functions (they talk to
the store), called by the routes through :data:`api.deps.Run` and :data:`api.deps.Write`.

Roles and areas as for actors: a viewer reads; an editor writes needs of its areas (every
area of the need before and after the write must lie in the account's areas, checked inside
the write transaction: :func:`guard`); an admin everything. A read-scoped account sees only
the needs with an area in its areas, and in them no actor it may not read (such ids are left
out of ``raised_by``, ``proposed``, ``confirmed``, ``assigned`` and the steps): a need outside is
answered exactly as an unknown id (404).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from api.auth import Account, Scope, read_scope, require
from api.errors import ForbiddenError
from graph.analysis.needs import need_gaps, proposed_actors, response_times
from graph.errors import InvalidInputError, NotFoundError, Problem
from graph.i18n import word
from graph.model.needs import Need, NeedStatus
from graph.store import Store
from graph.store.records import Page


def guard(store: Store, account: Account) -> Callable[[Need], None]:
    """The write check: an editor (not a viewer); an editor with areas only for needs whose
    areas all lie in them."""
    require(account, "editor")
    scope = Scope.of(store, account)

    def check(need: Need) -> None:
        if scope.areas is not None and not set(need.areas) <= scope.areas:
            raise ForbiddenError("outside_areas", what=word("need"), id=need.id,
                                 areas=", ".join(account.areas))

    return check


class Visible:
    """What a read-scoped account may read of needs (everything for the others)."""

    def __init__(self, store: Store, account: Account) -> None:
        self.scope = read_scope(store, account)
        self._areas: dict[str, list[str]] | None = None
        self.store = store

    @property
    def limited(self) -> bool:
        return self.scope.areas is not None

    def need(self, need: Need) -> bool:
        return self.scope.holds(need.areas)

    def actor(self, actor_id: str | None) -> bool:
        if actor_id is None or self.scope.areas is None:
            return True
        if self._areas is None:
            self._areas = {v: list(d.get("areas") or [])
                           for v, d in self.store.snapshot().nodes(data=True)}
        return actor_id in self._areas and self.scope.holds(self._areas[actor_id])

    def shown(self, need: Need, today: date) -> dict[str, Any]:
        """The need's public shape, without actors the account may not read."""
        data = need.public_dict(today)
        if self.scope.areas is None:
            return data
        ok = self.actor
        data["raised_by"] = data["raised_by"] if ok(data["raised_by"]) else None
        for name in ("proposed", "confirmed", "assigned_to"):
            data[name] = [a for a in data[name] if ok(a)]
        data["assigned"] = [a for a in data["assigned"] if ok(a["actor"])]
        data["history"] = [{**s, "actor": s["actor"] if ok(s["actor"]) else None}
                           for s in data["history"]]
        return data


def get_visible(store: Store, account: Account, need_id: str) -> Need:
    need = store.get_need(need_id)
    if not Visible(store, account).need(need):
        raise NotFoundError("need", need_id)
    return need


def shown(store: Store, account: Account, needs: Iterable[Need]) -> list[dict[str, Any]]:
    visible, today = Visible(store, account), date.today()
    return [visible.shown(n, today) for n in needs]


def list_needs(store: Store, account: Account, *, area: str | None, **filters: Any) -> Page:
    areas = read_scope(store, account).narrow(store, area)
    if areas == []:
        return Page([], 0, filters.get("offset", 0), filters.get("limit", 50))
    return store.list_needs(area=areas, **filters)


def add(store: Store, account: Account, data: dict[str, Any]) -> Need:
    _refuse_invisible(store, account, {"raised_by": [data.get("raised_by")]}, data.get("id"))
    return store.add_need(data, user=account.name, guard=guard(store, account))


def update(store: Store, account: Account, need_id: str, changes: dict[str, Any],
           if_match: list[str] | None) -> Need:
    get_visible(store, account, need_id)
    _refuse_invisible(store, account, {"raised_by": [changes.get("raised_by")]}, need_id)
    return store.update_need(need_id, changes, user=account.name, if_match=if_match,
                             guard=guard(store, account))


def step(store: Store, account: Account, need_id: str, body: dict[str, Any],
         if_match: list[str] | None) -> Need:
    """One step; at ``abgeklaert`` the need finder's proposal is kept with the need."""
    need = get_visible(store, account, need_id)
    check = guard(store, account)
    _refuse_invisible(store, account, {"assigned": body.get("actors") or [],
                                       "confirmed": body.get("confirmed") or [],
                                       "actor": [body.get("actor")]}, need_id)
    proposed = None
    try:
        to_clarified = NeedStatus(NeedStatus.parse(body["status"])) is NeedStatus.abgeklaert
    except Exception:  # an unknown status: the store names the field
        to_clarified = False
    if to_clarified:
        check(need)  # before the proposal is computed: a viewer learns nothing
        proposed = proposed_actors(store.snapshot(), need)
    return store.step_need(need_id, body["status"], user=account.name, note=body.get("note"),
                           on=body.get("on"), actor=body.get("actor"),
                           actors=body.get("actors") or [], proposed=proposed,
                           confirmed=body.get("confirmed"), reason=body.get("reason"),
                           follow_up=body.get("follow_up"), if_match=if_match, guard=check)


def assign(store: Store, account: Account, need_id: str, body: dict[str, Any],
           if_match: list[str] | None) -> Need:
    get_visible(store, account, need_id)
    _refuse_invisible(store, account, {"assigned": body.get("actors") or []}, need_id)
    return store.assign_need(need_id, body.get("actors") or [], user=account.name,
                             note=body.get("note"), on=body.get("on"), if_match=if_match,
                             guard=guard(store, account))


def times(store: Store, account: Account) -> list[dict[str, Any]]:
    visible = Visible(store, account)
    S = store.snapshot()
    kinds = {v: d.get("kind") for v, d in S.nodes(data=True)}
    needs = [n for n in store.all_needs() if visible.need(n)]
    return [r for r in response_times(needs, kinds) if visible.actor(r["actor"])]


def gaps(store: Store, account: Account) -> list[dict[str, Any]]:
    visible = Visible(store, account)
    needs = [n for n in store.all_needs() if visible.need(n)]
    rows = need_gaps(store.snapshot(), needs)
    for row in rows:
        row["suited"] = [a for a in row["suited"] if visible.actor(a)]
    return rows


def _refuse_invisible(store: Store, account: Account, named: dict[str, Iterable[str | None]],
                      need_id: str | None = None) -> None:
    """For a read-limited account an actor it may not read does not exist: naming one is
    refused exactly as an unknown id (422 ``unknown_actor``, the same problem the store
    gives), as for ties. ``named``: field -> actor ids."""
    visible = Visible(store, account)
    if not visible.limited:
        return
    hidden = [Problem("unknown_actor", {"id": a}, record="need", id=need_id, field=name)
              for name, ids in named.items() for a in ids if a is not None and not visible.actor(a)]
    if hidden:
        raise InvalidInputError(hidden)
