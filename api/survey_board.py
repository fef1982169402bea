"""A campaign's dashboard over HTTP (``GET /api/v1/surveys/{id}/dashboard``, the browser's
"Umfragen" workspace): :func:`graph.analysis.survey.dashboard` on what the account may see.

The survey must be one the account may work with (:func:`api.survey.campaigns.visible`: else
404 as for an unknown id), so every invited actor lies within its areas; the pairs are those
:func:`api.survey.campaigns.perspectives` gives it (a read-scoped editor sees no pair with an
end outside its areas), and ``names`` holds the names of the actors the answer mentions only.
"""

from __future__ import annotations

from typing import Any

from api.auth import Account
from api.survey import campaigns
from graph.analysis.survey import dashboard
from graph.errors import NotFoundError
from graph.store import Store


def _fields(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for actor_id in sorted(ids):
        try:
            actor = store.get_actor(actor_id)
        except NotFoundError:  # erased since it answered or was named
            continue
        out[actor_id] = {"name": actor.name, "sector": actor.sector.value if actor.sector else None,
                         "areas": list(actor.areas)}
    return out


def survey_board(store: Store, account: Account, survey_id: str) -> dict[str, Any]:
    """``{survey, dashboard, names}`` (see :func:`graph.analysis.survey.dashboard`)."""
    survey = campaigns.visible(store, account, survey_id)
    pairs = campaigns.perspectives(store, account, survey_id)
    ids = set(survey.actors) | {x for p in pairs for x in (p["source"], p["target"])}
    fields = _fields(store, ids)
    board = dashboard(survey, store.answers(survey_id), fields, pairs)
    return {"survey": campaigns.public(survey), "dashboard": board,
            "names": {k: v["name"] for k, v in fields.items()}}
