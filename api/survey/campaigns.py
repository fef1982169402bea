"""The campaign operations behind ``/api/v1/surveys``: blocking functions (they talk to the
store), called by the routes through :data:`api.deps.Run` and :data:`api.deps.Write`.

Who may do what. A survey's answers are the actors' own statements about their partners, not
the coordination's records: every survey route needs an editor or an admin (a viewer gets 403,
also for reading). An editor limited to areas (:meth:`api.auth.Scope.of`) works only with
surveys it could have started itself: every area of the survey within its areas and every
invited actor active in them (:func:`in_scope`); any other survey is answered exactly as an
unknown id (404), in lists it is left out. Within a survey it may see, a read-scoped editor
does not see pairs naming an actor outside its areas (:func:`perspectives`), and reconciling
a pair follows the tie rule of :class:`api.auth.Guard` (one end in its areas). Contact persons
(the links as CSV) only where :func:`api.auth.may_see_personal` allows.

The personal links are made from the survey key (:func:`api.survey_key.survey_key`; the store
keeps only a nonce and the token's hash) and the public base URL: ``QUARTIERNETZ_PUBLIC_URL``
(:attr:`graph.config.Settings.public_url`) or, without it, the base URL of the request.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from api.auth import Account, Scope, may_see_personal, read_scope, require
from api.errors import ForbiddenError
from graph.errors import InvalidInputError, NotFoundError, Problem
from graph.i18n import say, word
from graph.model.surveys import Survey
from graph.store import Store
from graph.store.base import Audit
from loaders.columns import neutralise


def _actors(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored actors of these ids (one query; ids not stored, say erased, left out)."""
    wanted = sorted(set(ids))
    return store._get("actor", wanted) if wanted else {}  # the store's batch read, as api.memory


def _actor_areas(store: Store, ids: Iterable[str]) -> dict[str, list[str]]:
    return {i: list(row.get("areas") or []) for i, row in _actors(store, ids).items()}


def in_scope(store: Store, scope: Scope, survey: Survey) -> bool:
    """Whether an account with this change scope may work with ``survey``: city-wide, or
    every area of the survey within the scope and every invited actor active in it."""
    if scope.areas is None:
        return True
    if not survey.areas or not set(survey.areas) <= scope.areas:
        return False
    return all(scope.holds(areas) for areas in _actor_areas(store, survey.actors).values())


def visible(store: Store, account: Account, survey_id: str) -> Survey:
    """The survey, if the account may work with it; else NotFoundError as for an unknown id."""
    require(account, "editor")
    survey = store.get_survey(survey_id)
    if not in_scope(store, Scope.of(store, account), survey):
        raise NotFoundError("survey", survey_id)
    return survey


def public(survey: Survey) -> dict[str, Any]:
    return survey.model_dump(mode="json")


def audit(account: Account, action: str, **detail: Any) -> Audit:
    return Audit(account.name, action, detail=detail)


# -- campaigns ---------------------------------------------------------------------------------

def create(store: Store, account: Account, data: dict[str, Any]) -> Survey:
    """Start a campaign; an area-limited editor only within its areas (checked before the
    write: the areas named, and the actors named)."""
    require(account, "editor")
    scope = Scope.of(store, account)
    readable = read_scope(store, account)
    named = _actor_areas(store, data.get("actors") or [])
    hidden = [a for a, areas in named.items() if not readable.holds(areas)]
    if hidden:  # an actor it may not read does not exist for it: as the store says it
        raise InvalidInputError([Problem("unknown_actor", {"id": a}, record="survey",
                                         field="actors") for a in hidden])
    if scope.areas is not None:
        areas = data.get("areas") or []
        if not areas or not set(areas) <= scope.areas or not all(
                scope.holds(a) for a in named.values()):
            raise ForbiddenError("outside_areas", what=word("survey"), id=data.get("title", ""),
                                 areas=", ".join(account.areas))
    survey = store.create_survey(data["title"], data["until"], areas=data.get("areas") or (),
                                 topics=data.get("topics") or (), actors=data.get("actors"),
                                 message=data.get("message"), audit=audit(account, "create"))
    if not in_scope(store, scope, survey):  # pragma: no cover (the checks above hold it)
        raise ForbiddenError("outside_areas", what=word("survey"), id=survey.id,
                             areas=", ".join(account.areas))
    return survey


def list_surveys(store: Store, account: Account) -> list[dict[str, Any]]:
    require(account, "editor")
    scope = Scope.of(store, account)
    return [public(s) for s in store.list_surveys() if in_scope(store, scope, s)]


def status(store: Store, account: Account, survey_id: str) -> dict[str, Any]:
    """The survey, and per invited actor whether it answered (``submitted``, ``draft`` or
    None) and when; the counts of each."""
    survey = visible(store, account, survey_id)
    answers = {a.actor: a for a in store.answers(survey.id)}
    names = actor_names(store, survey.actors)
    rows = []
    for actor_id in survey.actors:
        answer = answers.get(actor_id)
        rows.append({"actor": actor_id, "name": names.get(actor_id),
                     "state": answer.state if answer else None,
                     "saved_on": answer.saved_on.isoformat() if answer else None})
    counts = {"invited": len(rows),
              "submitted": sum(r["state"] == "submitted" for r in rows),
              "draft": sum(r["state"] == "draft" for r in rows)}
    counts["none"] = counts["invited"] - counts["submitted"] - counts["draft"]
    accepts = survey.accepts(date.today())
    return {**public(survey), "accepts_answers": accepts, "counts": counts, "responses": rows}


def close(store: Store, account: Account, survey_id: str) -> Survey:
    visible(store, account, survey_id)
    return store.close_survey(survey_id, audit=audit(account, "close"))


# -- links -------------------------------------------------------------------------------------

def actor_names(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """The names of these actors (one batch read; ids not stored left out)."""
    return {i: row["name"] for i, row in _actors(store, ids).items()}


def url_of(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/s/{token}"


def links(store: Store, account: Account, survey_id: str, key: Callable[[], bytes],
          base: str) -> list[dict[str, Any]]:
    """One ``{actor, name, url}`` per invited actor (made again from the key each time).
    ``key`` is asked for only once the account may see the survey (it may make the key
    file)."""
    visible(store, account, survey_id)
    made = store.survey_links(survey_id, key(), audit=audit(account, "links"))
    names = actor_names(store, (link["actor"] for link in made))
    return [{"actor": link["actor"], "name": names.get(link["actor"]),
             "url": url_of(base, link["token"])} for link in made]


def links_csv(store: Store, account: Account, survey_id: str, key: Callable[[], bytes],
              base: str, lang: str) -> bytes:
    """The links for a mail merge: id, name, link, and the contact person (name, e-mail,
    phone) where the account may see it, else empty cells. Every cell neutralised against
    formula injection; UTF-8 with BOM (Excel keeps the umlauts)."""
    rows = links(store, account, survey_id, key, base)
    scope = Scope.of(store, account)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["id", say("col_actor", lang, context="cli"), "Link",
                     say("col_contact", lang, context="cli"), say("col_email", lang, context="cli"),
                     say("col_phone", lang, context="cli")])
    for row in rows:
        contact = None
        try:
            actor = store.get_actor(row["actor"])
        except NotFoundError:
            actor = None
        if actor is not None and may_see_personal(account, scope, actor):
            contact = actor.contact
        cells = [row["actor"], row["name"] or "", row["url"]]
        cells += ([contact.name or "", contact.email or "", contact.phone or ""] if contact
                  else ["", "", ""])
        writer.writerow([neutralise(str(c)) for c in cells])
    return text.getvalue().encode("utf-8-sig")


def revoke(store: Store, account: Account, survey_id: str, actor_id: str,
           key: Callable[[], bytes], base: str) -> dict[str, Any]:
    """The old link of one actor stops working; its new link."""
    visible(store, account, survey_id)
    made = store.revoke_link(survey_id, actor_id, key=key(),
                             audit=audit(account, "revoke_link", actor=actor_id))
    assert made is not None  # with the key, the new link comes back
    return {"actor": actor_id, "name": actor_names(store, [actor_id]).get(actor_id),
            "url": url_of(base, made["token"])}


# -- perspectives and reconciliation -----------------------------------------------------------

def _reader(store: Store, account: Account) -> Any:
    """A test ``ok(actor_id)``: may the account read this actor (True for city-wide reads)."""
    scope = read_scope(store, account)
    if scope.areas is None:
        return lambda _actor_id: True
    cache: dict[str, bool] = {}

    def ok(actor_id: str) -> bool:
        if actor_id not in cache:
            areas = _actor_areas(store, [actor_id])
            cache[actor_id] = actor_id in areas and scope.holds(areas[actor_id])
        return cache[actor_id]

    return ok


def perspectives(store: Store, account: Account, survey_id: str) -> list[dict[str, Any]]:
    """Every pair named in a submitted answer with all its assertions and the recorded tie
    (:meth:`Store.perspectives`); for a read-scoped account only pairs with both ends in
    its areas."""
    visible(store, account, survey_id)
    ok = _reader(store, account)
    return [p for p in store.perspectives(survey_id) if ok(p["source"]) and ok(p["target"])]


def reconcile(store: Store, account: Account, survey_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Accept one side's strength, set one, or reject: only now does the tie change (with
    its provenance). An area-limited editor only for pairs with an end in its areas."""
    visible(store, account, survey_id)
    scope = Scope.of(store, account)
    pair = (body["source"], body["target"])
    if not scope.actor_ids_in(store, pair):
        raise ForbiddenError("outside_areas", what=word("tie"), id=":".join(pair),
                             areas=", ".join(account.areas))
    return store.reconcile(survey_id, body["source"], body["target"], body["kind"],
                           decision=body["decision"], asserted_by=body.get("asserted_by"),
                           weight=body.get("weight"), audit=audit(account, "reconcile"))


def proposals(store: Store, account: Account, survey_id: str) -> list[dict[str, Any]]:
    visible(store, account, survey_id)
    ok = _reader(store, account)
    return [p for p in store.proposals(survey_id) if ok(p["proposed_by"])]


def decide(store: Store, account: Account, proposal_id: str,
           body: dict[str, Any]) -> dict[str, Any]:
    """Accept (a new actor, from ``actor_fields``) or dismiss a proposal of a survey the
    account may work with; an area-limited editor only with areas of its own for the actor."""
    require(account, "editor")
    scope = Scope.of(store, account)
    found = None
    for survey in store.list_surveys():
        if not in_scope(store, scope, survey):
            continue
        found = next((p for p in store.proposals(survey.id) if p["id"] == proposal_id), None)
        if found is not None:
            break
    if found is None:
        raise NotFoundError("survey_proposal", proposal_id)
    fields = body.get("actor_fields")
    if body["accept"] and scope.areas is not None and not scope.holds(
            (fields or {}).get("areas") or []):
        raise ForbiddenError("outside_areas", what=word("actor"), id=found["name"],
                             areas=", ".join(account.areas))
    return store.decide_proposal(proposal_id, body["accept"], actor_fields=fields,
                                 audit=audit(account, "decide_proposal"))
