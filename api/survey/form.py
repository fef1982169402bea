"""The questionnaire's operations behind ``/s/{token}``: who the link is for, what the form
shows, saving an answer. Blocking functions (they talk to the store).

What a respondent sees is only what its questionnaire needs: the campaign's title, message and
last day; its own record (name, areas, topics) with the areas and topics to choose from; and
for the partner picker the **id and name only** of the campaign's actors and of the known
actors of the campaign's areas (no kind, contact, description or tie). Its own answer (draft
or submitted) and nothing of any other actor's.
"""

from __future__ import annotations

import re
from typing import Any

from graph.errors import NotFoundError
from graph.i18n import LANGUAGES, catalogue, say
from graph.model.surveys import SURVEY_KINDS, Answer, Frequency, Survey
from graph.store import Store
from graph.store.base import Audit

#: What a survey token looks like (``qs_`` and urlsafe base64 of an HMAC-SHA256): anything
#: else is refused without asking the store.
TOKEN_RE = re.compile(r"qs_[A-Za-z0-9_-]{20,100}")


def respondent(store: Store, token: str) -> tuple[Survey, str]:
    """The survey and the actor of a token: NotFoundError for an unknown, revoked or malformed
    token, GoneError (410) for a closed or ended campaign (:meth:`Store.resolve_token`)."""
    if not TOKEN_RE.fullmatch(token):
        raise NotFoundError("survey_link", "qs_…")
    return store.resolve_token(token)


def words() -> dict[str, dict[str, str]]:
    """The page's words (catalogue context ``survey``), one dictionary per language."""
    return {lang: {code: str(text) for (context, code), text in catalogue(lang).items()
                   if context == "survey"} for lang in LANGUAGES}


def _labels(prefix: str, values: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"value": v, **{lang: say(f"{prefix}_{v}", lang, context="survey") for lang in LANGUAGES}}
            for v in values]


def _picker(store: Store, survey: Survey, actor_id: str, answer: Answer | None) -> list[dict[str, str]]:
    """id and name of the actors a respondent may name (:meth:`Store.survey_picker`: the
    campaign's actors and the actors of its areas), with the partners its answer already
    names; itself left out. Nothing but id and name (the store's ``kind`` is dropped)."""
    found = {a["id"]: a["name"] for a in store.survey_picker(survey.id)}
    named = {p.actor for p in answer.partners if p.actor} - found.keys() if answer else set()
    if named:  # one batch read (the store's, as api.memory uses it); erased ones left out
        found.update({i: row["name"] for i, row in store._get("actor", sorted(named)).items()})
    found.pop(actor_id, None)
    return [{"id": i, "name": n} for i, n in sorted(found.items(), key=lambda x: (x[1].casefold(), x[0]))]


def public_answer(answer: Answer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    data = answer.model_dump(mode="json")
    data.pop("survey", None)
    return data


def form(store: Store, survey: Survey, actor_id: str) -> dict[str, Any]:
    """What the questionnaire shows (see the module's docstring for what it leaves out)."""
    actor = store.get_actor(actor_id)
    answer = store.answer_of(survey.id, actor_id)
    areas = {a.id: a.name for a in store.areas()}
    offered = set(actor.areas) | set(survey.areas)
    for area in survey.areas:
        try:
            offered |= store.area_and_below(area)
        except NotFoundError:
            continue
    if answer is not None and answer.record is not None:
        offered |= set(answer.record.areas)
    return {
        "survey": {"title": survey.title, "message": survey.message,
                   "until": survey.until.isoformat()},
        "actor": {"id": actor.id, "name": actor.name, "areas": list(actor.areas),
                  "topics": list(actor.topics)},
        "areas": [{"id": a, "name": areas[a]} for a in sorted(offered, key=lambda a: areas.get(a, a))
                  if a in areas],
        "topics": [{"id": t.id, "name": t.name} for t in store.topics()],
        "picker": _picker(store, survey, actor_id, answer),
        "kinds": _labels("kind", tuple(k.value for k in SURVEY_KINDS)),
        "frequencies": _labels("freq", Frequency.values),
        "answer": public_answer(answer),
    }


def save(store: Store, survey: Survey, actor_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Replace the actor's answer (a draft, or submitted with ``submit``); the store checks
    every partner and names the field at fault (``partners[2].weight``), writing nothing
    then, and audits the answer."""
    answer = store.save_answer(survey.id, actor_id, record=body.get("record"),
                               partners=body["partners"], submit=body["submit"],
                               audit=Audit(f"survey:{actor_id}", "answer",
                                           detail={"survey": survey.id}))
    return public_answer(answer) or {}
