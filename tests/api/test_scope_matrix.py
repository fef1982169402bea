"""Every route x every role, scoped and not, generated from the OpenAPI document (issue 11).

A small hand-made network: the areas Nord (with Nord A) and Süd (with Süd A) below the city;
three actors in Nord A (an association, a centre and a forum), three outside it (two in Süd A,
one city-wide), ties inside each side and across, contacts on both sides. Accounts: viewer,
editor and admin, each city-wide and read-scoped to Nord (``-scoped``), and an editor limited
to Nord for writes only (``editor-area``). Admins are never limited (their areas are ignored).

For every operation of ``app.openapi()`` the table :data:`CALLS` (keyed by operationId) says how
to call it; a route without an entry fails the test. Each account calls each route with
in-scope ids, and scoped accounts also with out-of-scope and unknown ids. Checked:

- no answer is a 5xx; in-scope calls answer what the role allows;
- an out-of-scope id answers 404 with the same body as an unknown id (the id swapped);
- no answer to a scoped account contains, anywhere in its raw bytes (case ignored), the id or
  the name of an actor outside its areas, nor an outside contact person (except an id the
  request itself named, which a 404 repeats as it does for any unknown id);
- the same search finds those ids and names in the city-wide admin's answers (the check can
  fail).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from api.auth import hash_token
from graph.errors import NotFoundError
from graph.store import Store
from graph.store.base import Audit
from tests.api.conftest import Api, make_api

AREAS = [
    {"id": "stadt", "name": "Stadt", "level": "city"},
    {"id": "nord", "name": "Nord", "level": "kreis", "parent": "stadt"},
    {"id": "nord-a", "name": "Nord A", "level": "quartier", "parent": "nord"},
    {"id": "sued", "name": "Süd", "level": "kreis", "parent": "stadt"},
    {"id": "sued-a", "name": "Süd A", "level": "quartier", "parent": "sued"},
]
TOPICS = [{"id": "alter", "name": "Alter"}, {"id": "jugend", "name": "Jugend"}]
INNER_CONTACT = {"name": "Petra Innenkontakt", "email": "petra@innen.example.ch"}
OUTER_CONTACT = {"name": "Walter Zqaussenkontakt", "email": "walter@zqaussen.example.ch",
                 "phone": "044 999 88 77"}
INSIDE = [
    {"id": "inn-verein", "name": "Innverein Alpha", "kind": "association", "areas": ["nord-a"],
     "topics": ["alter"], "contact": INNER_CONTACT},
    {"id": "inn-zentrum", "name": "Innzentrum Beta", "kind": "institution", "areas": ["nord-a"],
     "topics": ["alter", "jugend"]},
    {"id": "inn-forum", "name": "Innforum Gamma", "kind": "forum", "areas": ["nord-a"],
     "topics": ["alter"]},
    # tied only to an outsider: no path to it inside Nord (the path answer lists the nearest)
    {"id": "inn-insel", "name": "Innsel Eta", "kind": "association", "areas": ["nord-a"],
     "topics": ["jugend"]},
]
OUTSIDE = [
    {"id": "zq-hof", "name": "Zqhof Delta", "kind": "association", "areas": ["sued-a"],
     "topics": ["alter"], "contact": OUTER_CONTACT},
    {"id": "zq-stiftung", "name": "Zqstiftung Epsilon", "kind": "private_provider",
     "areas": ["sued-a"], "topics": ["jugend"]},
    {"id": "zq-amt", "name": "Zqamt Zeta", "kind": "city_unit", "areas": ["stadt"],
     "topics": ["alter", "jugend"]},
]
TIES = [
    {"source": "inn-verein", "target": "inn-zentrum", "kind": "cooperates_with", "weight": 4},
    {"source": "inn-verein", "target": "inn-forum", "kind": "member_of"},
    {"source": "inn-zentrum", "target": "inn-forum", "kind": "member_of"},
    {"source": "inn-zentrum", "target": "zq-hof", "kind": "informs", "weight": 2},  # across
    {"source": "zq-hof", "target": "inn-forum", "kind": "member_of"},  # an outsider in the forum
    {"source": "zq-amt", "target": "inn-verein", "kind": "funds", "weight": 3},  # across
    {"source": "zq-hof", "target": "zq-stiftung", "kind": "cooperates_with", "weight": 5},
    {"source": "zq-stiftung", "target": "inn-insel", "kind": "cooperates_with", "weight": 2},
]
IN_TIE = "cooperates_with:inn-verein:inn-zentrum"
CROSS_TIE = "informs:inn-zentrum:zq-hof"  # one end outside: invisible to a scoped account
UNKNOWN_ACTOR = "zz-unbekannt"
UNKNOWN_TIE = f"informs:inn-zentrum:{UNKNOWN_ACTOR}"

#: What no scoped account may ever read (ids, names, the contact person).
SECRETS = ([a["id"] for a in OUTSIDE] + [a["name"] for a in OUTSIDE]
           + [OUTER_CONTACT["name"], OUTER_CONTACT["email"], OUTER_CONTACT["phone"]])

ACCOUNTS = {
    "viewer": {"role": "viewer"},
    "editor": {"role": "editor"},
    "admin": {"role": "admin"},
    "viewer-scoped": {"role": "viewer", "areas": ["nord"], "read_scoped": True},
    "editor-scoped": {"role": "editor", "areas": ["nord"], "read_scoped": True},
    "admin-scoped": {"role": "admin", "areas": ["nord"], "read_scoped": True},
    "editor-area": {"role": "editor", "areas": ["nord"]},
}
#: Accounts whose reads are limited (an admin's areas limit nothing).
LIMITED = {"viewer-scoped", "editor-scoped"}


def seed_network(store: Store) -> dict[str, str]:
    store.apply({"areas": AREAS, "topics": TOPICS, "actors": INSIDE + OUTSIDE, "ties": TIES})
    # h/needs: a need in Nord naming only inside actors, one in Süd naming an outsider
    store.add_need({"id": "anliegen-nord", "title": "Innbank", "areas": ["nord-a"],
                    "topics": ["alter"], "raised_by": "inn-verein"}, user="seed")
    store.add_need({"id": "anliegen-sued", "title": "Zqbank", "areas": ["sued-a"],
                    "topics": ["alter"], "raised_by": "zq-hof"}, user="seed")
    tokens = {}
    for name, spec in ACCOUNTS.items():
        tokens[name] = f"qn_scope-{name}-token"
        store.add_account(name, token_hash=hash_token(tokens[name]), **spec)
    seed_surveys(store)  # h/survey-web
    return tokens


@pytest.fixture
def scope_api(store) -> Any:
    """The API on the hand-made network, on each store (a fresh database)."""
    tokens = seed_network(store)
    # h/survey-web: the survey key as a setting (no survey.key file in the working directory)
    for api in make_api(store, seeded=True,
                        QUARTIERNETZ_SURVEY_KEY="scope-matrix-survey-key-0123456789abcdef"):
        api.tokens = tokens
        yield api


# -- how to call each operation ------------------------------------------------------------

@dataclass
class Call:
    """How to call one operation. ``path``, ``query``, ``body`` (JSON) and ``files`` (an upload)
    are templates: ``{actor}``, ``{tie}``, ``{target}``, ``{peer}`` are filled per place (in,
    out, unknown), ``{who}`` with the account, ``{n}`` with a number new for each call;
    ``setup(store, n)`` makes what a delete removes; ``needs``: the least role
    (``"city-editor"``: an editor not limited to areas); ``ok``: the success status;
    ``places``: which places the call is made for (scoped accounts)."""

    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    setup: Callable[[Store, int], None] | None = None
    needs: str = "viewer"
    ok: int = 200
    places: tuple[str, ...] = ("in",)


def _throwaway_actor(store: Store, n: int) -> None:
    store.apply({"actors": [{"id": f"weg-{n}", "name": f"Weg {n}", "kind": "association",
                             "areas": ["nord-a"]}]})


def _throwaway_tie(store: Store, n: int) -> None:  # noqa: ARG001 (the same tie each time)
    store.apply({"ties": [{"source": "inn-forum", "target": "inn-verein", "kind": "informs"}]})


def _no_tie(store: Store, n: int) -> None:  # noqa: ARG001
    """The tie create_tie makes is not there yet (an earlier account made it)."""
    with contextlib.suppress(NotFoundError):
        store.delete_tie("informs:inn-forum:inn-zentrum", audit=Audit("test", "delete"))


def _throwaway_area(store: Store, n: int) -> None:
    store.apply({"areas": [{"id": f"weg-area-{n}", "name": f"Weg {n}", "level": "quartier",
                            "parent": "nord"}]})


def _throwaway_topic(store: Store, n: int) -> None:
    store.apply({"topics": [{"id": f"weg-topic-{n}", "name": f"Weg {n}"}]})


ACTOR_PLACES = ("in", "out", "unknown")
P = "/api/v1"

CALLS: dict[str, Call] = {
    "health_api_v1_health_get": Call(f"{P}/health"),
    "version_api_v1_version_get": Call(f"{P}/version"),
    "me_api_v1_me_get": Call(f"{P}/me"),
    "create_session_api_v1_session_post": Call(f"{P}/session"),
    "read_session_api_v1_session_get": Call(f"{P}/session"),
    "delete_session_api_v1_session_delete": Call(f"{P}/session", ok=204),
    "list_actors_api_v1_actors_get": Call(f"{P}/actors", {"include_personal": "true"},
                                          needs="editor"),
    "create_actor_api_v1_actors_post": Call(
        f"{P}/actors", body={"name": "Neu {who} {n}", "kind": "association",
                                            "areas": ["nord-a"], "contact": INNER_CONTACT},
        needs="editor", ok=201),
    "get_actor_api_v1_actors__actor_id__get": Call(f"{P}/actors/{{actor}}", places=ACTOR_PLACES),
    "update_actor_api_v1_actors__actor_id__patch": Call(
        f"{P}/actors/{{actor}}", body={"description": "von {who}"},
        needs="editor", places=ACTOR_PLACES),
    "delete_actor_api_v1_actors__actor_id__delete": Call(
        f"{P}/actors/{{actor}}", setup=_throwaway_actor, needs="editor", ok=204,
        places=ACTOR_PLACES),
    "list_ties_api_v1_ties_get": Call(f"{P}/ties", {"actor": "{actor}"}, places=ACTOR_PLACES),
    "create_tie_api_v1_ties_post": Call(
        f"{P}/ties", body={"source": "inn-forum", "target": "{peer}",
                                          "kind": "informs", "weight": 2},
        setup=_no_tie, needs="editor", ok=201, places=ACTOR_PLACES),
    "get_tie_api_v1_ties__tie_id__get": Call(f"{P}/ties/{{tie}}", places=ACTOR_PLACES),
    "update_tie_api_v1_ties__tie_id__patch": Call(
        f"{P}/ties/{{tie}}", body={"weight": 3}, needs="editor",
        places=ACTOR_PLACES),
    "delete_tie_api_v1_ties__tie_id__delete": Call(
        f"{P}/ties/{{tie}}", setup=_throwaway_tie, needs="editor", ok=204, places=ACTOR_PLACES),
    "list_areas_api_v1_areas_get": Call(f"{P}/areas"),
    "create_area_api_v1_areas_post": Call(
        f"{P}/areas", body={"id": "neu-{n}", "name": "Neu {n}",
                                           "level": "quartier", "parent": "nord"},
        needs="city-editor", ok=201),
    "get_area_api_v1_areas__area_id__get": Call(f"{P}/areas/nord-a"),
    "update_area_api_v1_areas__area_id__patch": Call(
        f"{P}/areas/nord-a", body={"name": "Nord A {n}"}, needs="city-editor"),
    "delete_area_api_v1_areas__area_id__delete": Call(
        f"{P}/areas/weg-area-{{n}}", setup=_throwaway_area, needs="city-editor", ok=204),
    "list_topics_api_v1_topics_get": Call(f"{P}/topics"),
    "create_topic_api_v1_topics_post": Call(
        f"{P}/topics", body={"name": "Thema {n}"}, needs="city-editor", ok=201),
    "get_topic_api_v1_topics__topic_id__get": Call(f"{P}/topics/alter"),
    "update_topic_api_v1_topics__topic_id__patch": Call(
        f"{P}/topics/alter", body={"name": "Alter {n}"}, needs="city-editor"),
    "delete_topic_api_v1_topics__topic_id__delete": Call(
        f"{P}/topics/weg-topic-{{n}}", setup=_throwaway_topic, needs="city-editor", ok=204),
    "brokers_api_v1_analyses_brokers_get": Call(f"{P}/analyses/brokers", {"top": 50, "area": "nord"}),
    "isolates_api_v1_analyses_isolates_get": Call(f"{P}/analyses/isolates", {"area": "nord"}),
    "changes_api_v1_changes_get": Call(f"{P}/changes", {"since": "2000-01-01", "area": "nord"}),
    "communities_route_api_v1_analyses_communities_get": Call(f"{P}/analyses/communities", {"area": "nord"}),
    "gaps_api_v1_analyses_gaps_get": Call(f"{P}/analyses/gaps", {"area": "nord"}),
    "ego_api_v1_analyses_ego__actor_id__get": Call(f"{P}/analyses/ego/{{actor}}", {"hops": 3},
                                                   places=ACTOR_PLACES),
    "similar_api_v1_analyses_similar__actor_id__get": Call(f"{P}/analyses/similar/{{actor}}", {"top": 10},
                                                           places=ACTOR_PLACES),
    "path_api_v1_analyses_path_get": Call(f"{P}/analyses/path",
                                          {"source": "inn-verein", "target": "{target}"},
                                          places=ACTOR_PLACES),
    "invite_api_v1_invite_post": Call(
        f"{P}/invite", body={"topics": ["alter"], "areas": ["nord"], "seats": 6,
                                            "reach_isolated": 1}),
    "invite_list_api_v1_invite_list_post": Call(  # CSV, not xlsx: the raw-bytes check reads it
        f"{P}/invite/list", {"format": "csv"}, body={"topics": ["alter"], "areas": ["nord"], "seats": 6,
                                                     "reach_isolated": 1}),
    "need_api_v1_need_post": Call(
        f"{P}/need", body={"topic": "alter", "area": "nord", "top": 20}),
    "network_api_v1_views_network_get": Call(f"{P}/views/network", {"area": "nord"}),
    "ego_api_v1_views_ego__actor_id__get": Call(f"{P}/views/ego/{{actor}}", {"hops": 3},
                                                places=ACTOR_PLACES),
    "invite_api_v1_views_invite_post": Call(
        f"{P}/views/invite", body={"topics": ["alter"], "areas": ["nord"]}),
    "import_files_api_v1_imports_post": Call(
        f"{P}/imports", files={"upload": (
            "a.csv", "id,name,kind,areas\nimp-{n},Import {n},association,nord-a\n")},
        needs="editor"),
    "export_api_v1_exports__format__get": Call(f"{P}/exports/json", {"area": "nord"}),
    "audit_log_api_v1_audit_get": Call(f"{P}/audit", {"limit": 1000}, needs="admin"),
    "graph_view_api_v1_graph_get": Call(f"{P}/graph", {"area": "nord"}),
    "city_map_api_v1_map_get": Call(f"{P}/map"),
    "report_api_v1_reports__area__get": Call(f"{P}/reports/nord", {"format": "html"}),
    "graph_neighbours_api_v1_graph_neighbours__actor_id__get": Call(
        f"{P}/graph/neighbours/{{actor}}", places=ACTOR_PLACES),
    "graph_overview_api_v1_graph_overview_get": Call(f"{P}/graph/overview", {"level": "quartier"}),
    "graph_neighbourhood_api_v1_graph_neighbourhood__actor_id__get": Call(
        f"{P}/graph/neighbourhood/{{actor}}", {"depth": 2}, places=ACTOR_PLACES),
    "graph_actors_api_v1_graph_actors_get": Call(
        f"{P}/graph/actors", {"id": ["inn-verein", "inn-zentrum", "{actor}"]},
        places=ACTOR_PLACES),
    # -- h/needs: needs (Anliegen) --
    "list_needs_api_v1_anliegen_get": Call(f"{P}/anliegen", {"limit": 1000}),
    "response_times_api_v1_anliegen_response_times_get": Call(f"{P}/anliegen/response-times"),
    "gaps_api_v1_anliegen_gaps_get": Call(f"{P}/anliegen/gaps"),
    "create_need_api_v1_anliegen_post": Call(
        f"{P}/anliegen", body={"title": "Neu {who} {n}", "areas": ["nord-a"], "topics": ["alter"],
                               "raised_by": "{peer}"},
        needs="editor", ok=201, places=ACTOR_PLACES),
    "get_need_api_v1_anliegen__need_id__get": Call(f"{P}/anliegen/{{need}}",
                                                   places=ACTOR_PLACES),
    "update_need_api_v1_anliegen__need_id__patch": Call(
        f"{P}/anliegen/{{need}}", body={"description": "von {who}"}, needs="editor",
        places=ACTOR_PLACES),
    "step_need_api_v1_anliegen__need_id__steps_post": Call(
        f"{P}/anliegen/{{need}}/steps", body={"status": "neu"}, needs="editor",
        ok=422, places=ACTOR_PLACES),  # neu -> neu: the step is refused, after the checks
    "assign_need_api_v1_anliegen__need_id__assign_post": Call(
        f"{P}/anliegen/{{need}}/assign", body={"actors": ["inn-zentrum"]}, needs="editor",
        ok=422, places=ACTOR_PLACES),  # a need still neu: refused after the checks
}

# -- h/memory: meetings, contacts, suggested ties, Kontaktpflege, forum health ---------------

def _encounters(store: Store, n: int) -> None:
    """Meetings and a contact on both sides (an outsider present), so lists have something
    to leave out for a scoped account."""
    store.record_meeting({"date": "2026-01-05", "title": f"Sitzung {n}", "forum": "inn-forum",
                          "participants": ["inn-verein", "inn-zentrum", "zq-hof"]})
    store.record_meeting({"date": "2026-01-06", "title": f"Aussen {n}",
                          "participants": ["zq-hof", "zq-stiftung"]})
    store.record_contact({"date": "2026-01-07", "kind": "telefon", "actors": ["zq-hof"],
                          "note": "Zqhof Delta Rückruf"})


def _suggestable(store: Store, n: int) -> None:  # noqa: ARG001
    """inn-insel and inn-verein met three more times and have no tie (an earlier call may
    have confirmed it, or dismissed the suggestion)."""
    with contextlib.suppress(NotFoundError):
        store.delete_tie("cooperates_with:inn-insel:inn-verein", audit=Audit("test", "delete"))
    for day in ("2026-02-02", "2026-03-02", "2026-04-02"):
        store.record_meeting({"date": day, "title": "Nachbarschaft",
                              "participants": ["inn-insel", "inn-verein"]})


CALLS.update({
    "create_meeting_api_v1_meetings_post": Call(
        f"{P}/meetings", body={"date": "2026-01-05", "title": "Sitzung {n}",
                               "participants": ["inn-verein", "{peer}"]},
        needs="editor", ok=201, places=ACTOR_PLACES),
    "list_meetings_api_v1_meetings_get": Call(f"{P}/meetings", {"actor": "{actor}"},
                                              setup=_encounters, places=ACTOR_PLACES),
    "create_contact_api_v1_contacts_post": Call(
        f"{P}/contacts", body={"date": "2026-01-05", "kind": "telefon", "actors": ["{peer}"],
                               "note": "Notiz {n}"},
        needs="editor", ok=201, places=ACTOR_PLACES),
    "list_contacts_api_v1_contacts_get": Call(f"{P}/contacts", {"actor": "{actor}"},
                                              setup=_encounters, places=ACTOR_PLACES),
    "suggested_ties_api_v1_ties_suggested_get": Call(f"{P}/ties/suggested", setup=_suggestable),
    "confirm_suggestion_api_v1_ties_suggested__suggestion__confirm_post": Call(
        f"{P}/ties/suggested/inn-insel+inn-verein/confirm", setup=_suggestable, needs="editor",
        ok=201),
    "dismiss_suggestion_api_v1_ties_suggested__suggestion__dismiss_post": Call(
        f"{P}/ties/suggested/inn-insel+inn-verein/dismiss", setup=_suggestable, needs="editor"),
    "kontaktpflege_api_v1_kontaktpflege_get": Call(f"{P}/kontaktpflege", {"area": "nord"},
                                                   setup=_encounters),
    "forum_health_api_v1_forums__forum_id__health_get": Call(
        f"{P}/forums/inn-forum/health", setup=_encounters),
})
# -- end h/memory -----------------------------------------------------------------------------

#: The actor and tie named by each place.
PLACES = {"in": {"actor": "inn-zentrum", "tie": IN_TIE, "target": "inn-insel",
                 "peer": "inn-zentrum", "need": "anliegen-nord"},
          "out": {"actor": "zq-hof", "tie": CROSS_TIE, "target": "zq-hof", "peer": "zq-hof",
                  "need": "anliegen-sued"},
          "unknown": {"actor": UNKNOWN_ACTOR, "tie": UNKNOWN_TIE, "target": UNKNOWN_ACTOR,
                      "peer": UNKNOWN_ACTOR, "need": "anliegen-unbekannt"}}
# -- h/survey-web: network surveys ------------------------------------------------------------

SURVEY_UNTIL = (date.today() + timedelta(days=30)).isoformat()


def seed_surveys(store: Store) -> None:
    """A survey of Nord (answered: inn-zentrum also names the outsider zq-hof; inn-verein
    proposes a new organisation) and one of Süd; their ids become the places' ``{survey}``."""
    seed = Audit("seed", "create")
    nord = store.create_survey("Umfrage Nord", SURVEY_UNTIL, areas=["nord"], audit=seed)
    sued = store.create_survey("Umfrage Süd", SURVEY_UNTIL, areas=["sued"], audit=seed)
    store.save_answer(nord.id, "inn-zentrum", submit=True, audit=seed, partners=[
        {"actor": "inn-verein", "kind": "cooperates_with", "weight": 5},
        {"actor": "zq-hof", "kind": "informs", "weight": 2}])
    store.save_answer(nord.id, "inn-verein", submit=True, audit=seed, partners=[
        {"actor": "inn-zentrum", "kind": "cooperates_with", "weight": 3},
        {"actor": None, "proposed_name": "Innneu Kappa", "kind": "informs", "weight": 1}])
    PLACES["in"]["survey"], PLACES["out"]["survey"] = nord.id, sued.id


CALLS.update({
    "create_survey_api_v1_surveys_post": Call(
        f"{P}/surveys", body={"title": "Neu {who} {n}", "areas": ["nord-a"],
                              "actors": ["inn-verein", "{peer}"], "until": SURVEY_UNTIL},
        needs="editor", ok=201, places=ACTOR_PLACES),
    "list_surveys_api_v1_surveys_get": Call(f"{P}/surveys", needs="editor"),
    "survey_status_api_v1_surveys__survey_id__get": Call(
        f"{P}/surveys/{{survey}}", needs="editor", places=ACTOR_PLACES),
    "survey_links_api_v1_surveys__survey_id__links_get": Call(
        f"{P}/surveys/{{survey}}/links", needs="editor", places=ACTOR_PLACES),
    "revoke_link_api_v1_surveys__survey_id__links__actor_id__revoke_post": Call(
        f"{P}/surveys/{{survey}}/links/{{actor}}/revoke", needs="editor", places=ACTOR_PLACES),
    "close_survey_api_v1_surveys__survey_id__close_post": Call(
        f"{P}/surveys/{{survey}}/close", needs="editor", places=ACTOR_PLACES),
    "perspectives_api_v1_surveys__survey_id__perspectives_get": Call(
        f"{P}/surveys/{{survey}}/perspectives", needs="editor", places=ACTOR_PLACES),
    "reconcile_api_v1_surveys__survey_id__reconcile_post": Call(
        f"{P}/surveys/{{survey}}/reconcile", body={"source": "inn-verein", "target": "{peer}",
                                                   "kind": "cooperates_with", "decision": "reject"},
        needs="editor", places=ACTOR_PLACES),
    "proposals_api_v1_surveys__survey_id__proposals_get": Call(
        f"{P}/surveys/{{survey}}/proposals", needs="editor", places=ACTOR_PLACES),
    # a proposal decided once is decided (409): an unknown id, refused after the role check
    "decide_proposal_api_v1_surveys_proposals__proposal_id__post": Call(
        f"{P}/surveys/proposals/unbekannt", body={"accept": False}, needs="editor", ok=404),
    # h/survey-desk: the browser's dashboard of a campaign
    "survey_dashboard_api_v1_surveys__survey_id__dashboard_get": Call(
        f"{P}/surveys/{{survey}}/dashboard", needs="editor", places=ACTOR_PLACES),
})
PLACES["unknown"]["survey"] = "umfrage-0000000000"
# -- end h/survey-web -------------------------------------------------------------------------

#: Deletes of the "in" place remove a throwaway record instead.
DELETE_IN = {"delete_actor_api_v1_actors__actor_id__delete": {"actor": "weg-{n}"},
             "delete_tie_api_v1_ties__tie_id__delete": {"tie": "informs:inn-forum:inn-verein"}}


def operations(api: Api) -> list[tuple[str, str, str]]:
    """(operationId, method, path) of every route in the OpenAPI document."""
    document = api.client.app.openapi()  # type: ignore[attr-defined]
    return [(op["operationId"], method.upper(), path)
            for path, methods in document["paths"].items() for method, op in methods.items()]


def expected_ok(call: Call, who: str) -> bool:
    role = ACCOUNTS[who]["role"]
    limited = bool(ACCOUNTS[who].get("areas")) and role != "admin"
    if call.needs == "viewer":
        return True
    if call.needs == "editor":
        return role in ("editor", "admin")
    if call.needs == "city-editor":
        return role == "admin" or (role == "editor" and not limited)
    return role == "admin"


def _fill(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, tuple):
        return tuple(_fill(v, names) for v in value)
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value.format(**names) if isinstance(value, str) else value


def request(api: Api, op: str, call: Call, who: str, place: str, n: int) -> Any:
    names = {**PLACES[place], "n": str(n), "who": who}
    if place == "in" and op in DELETE_IN:
        names.update({k: v.format(n=n) for k, v in DELETE_IN[op].items()})
    if call.setup is not None:
        call.setup(api.store, n)
    path = call.path.format(**names)
    query = {k: _fill(v, names) for k, v in call.query.items()}
    url = path + ("?" + urlencode(query, doseq=True) if query else "")
    kwargs: dict[str, Any] = {}
    if call.body is not None:
        kwargs["json"] = _fill(call.body, names)
    if call.files is not None:
        kwargs["files"] = _fill(call.files, names)
    return url, kwargs, api.call(METHODS[op], url, who=who, **kwargs)


METHODS: dict[str, str] = {}


def _leaks(answer: Any, url: str, kwargs: dict[str, Any]) -> list[str]:
    """The secrets found in the answer's raw bytes (head included), other than what the
    request itself named."""
    asked = (url + json.dumps(kwargs.get("json"), ensure_ascii=False)).lower()
    raw = (answer.content + json.dumps(dict(answer.headers)).encode()).lower()
    return [s for s in SECRETS if s.lower() not in asked and s.lower().encode("utf-8") in raw]


def _body(answer: Any, place_names: dict[str, str] | None = None) -> Any:
    """The answer's JSON (the place's ids swapped for the unknown ones), or its text."""
    text = answer.text
    for key in ("actor", "tie", "need", "survey"):
        if place_names is not None:
            text = text.replace(place_names[key], PLACES["unknown"][key])
    try:
        return json.loads(text)
    except ValueError:
        return text


def test_every_route_is_in_the_table(scope_api):
    """A new route must get an entry in CALLS (how to call it), so the matrix covers it."""
    found = {op for op, _, _ in operations(scope_api)}
    assert sorted(found - CALLS.keys()) == [], "add these operations to CALLS"
    assert sorted(CALLS.keys() - found) == [], "these operations are gone: remove them"


def test_role_scope_matrix(scope_api):
    api = scope_api
    started = time.perf_counter()
    ops = operations(api)
    METHODS.update({op: method for op, method, _ in ops})
    missing = [op for op, _, _ in ops if op not in CALLS]
    assert not missing, f"operations without an entry in CALLS: {missing}"
    failures: list[str] = []
    seen_by_admin: set[str] = set()
    n = 0
    for who in ACCOUNTS:
        limited = who in LIMITED
        for op, method, _ in ops:
            call = CALLS[op]
            for place in call.places if limited else ("in",):
                n += 1
                url, kwargs, answer = request(api, op, call, who, place, n)
                where = f"{who} {method} {url} -> {answer.status_code}"
                if answer.status_code >= 500:
                    failures.append(f"{where}: server error {answer.text[:200]}")
                    continue
                if limited:
                    leaked = _leaks(answer, url, kwargs)
                    if leaked:
                        failures.append(f"{where}: shows {leaked}")
                elif who == "admin":
                    seen_by_admin |= set(_leaks(answer, url, kwargs))
                if place == "in":
                    good = answer.status_code == call.ok
                    if expected_ok(call, who) != good:
                        failures.append(f"{where}: expected "
                                        f"{call.ok if expected_ok(call, who) else 403}: "
                                        f"{answer.text[:200]}")
                    continue
                if place == "out" and op.startswith("list_ties") and answer.status_code == 200:
                    failures.append(f"{where}: ties of an invisible actor listed")
                if place == "out" and not op.startswith("graph_actors"):
                    # answered exactly as the same call with an unknown id
                    _, _, twin = request(api, op, call, who, "unknown", n)
                    if (answer.status_code, _body(answer, PLACES["out"])) != (
                            twin.status_code, _body(twin)):
                        failures.append(f"{where}: differs from an unknown id "
                                        f"({twin.status_code}): {answer.text[:300]} "
                                        f"<> {twin.text[:300]}")
                    elif not expected_ok(call, who):
                        if answer.status_code != 403:
                            failures.append(f"{where}: expected 403 (role)")
                    elif answer.status_code != (422 if op.startswith("create") else 404):
                        failures.append(f"{where}: expected 404 (an id to read or change) or "
                                        f"422 (a new record naming it) for an invisible id")
    assert not failures, "\n".join(failures)
    # the search can fail: the city-wide admin does read the outside actors
    assert {"zq-hof", "Zqhof Delta", "zq-amt", OUTER_CONTACT["name"]} <= seen_by_admin
    # how long the matrix takes is printed, not asserted (a shared machine's load decides it)
    print(f"\nscope matrix: {n} calls in {time.perf_counter() - started:.1f} s")  # noqa: T201


def test_contact_only_for_actors_the_account_may_change(scope_api):
    """An editor limited to Nord (reads city-wide) gets the contact person of actors in Nord
    only: per actor in lists (the others null), never for Süd, on every route."""
    api = scope_api
    who = "editor-area"
    inner = api.call("GET", f"{P}/actors/inn-verein?include_personal=true", who=who).json()
    assert inner["contact"]["email"] == INNER_CONTACT["email"]
    outer = api.call("GET", f"{P}/actors/zq-hof?include_personal=true", who=who)
    assert outer.status_code == 200 and outer.json()["contact"] is None
    listed = api.call("GET", f"{P}/actors?include_personal=true&limit=100", who=who).json()
    contacts = {a["id"]: a["contact"] for a in listed["data"]}
    assert contacts["inn-verein"]["name"] == INNER_CONTACT["name"]
    assert contacts["zq-hof"] is None and listed["count"] == len(INSIDE) + len(OUTSIDE)
    city = api.call("GET", f"{P}/actors?include_personal=true&limit=100", who="editor").json()
    assert {a["id"]: a["contact"] for a in city["data"]}["zq-hof"]["name"] == OUTER_CONTACT["name"]
    # writes answer with the contact of what the account may change; Süd it may not change
    made = api.call("POST", f"{P}/actors", who=who, json={
        "name": "Neu Nord", "kind": "association", "areas": ["nord-a"], "contact": INNER_CONTACT})
    assert made.status_code == 201 and made.json()["contact"]["name"] == INNER_CONTACT["name"]
    changed = api.call("PATCH", f"{P}/actors/inn-verein", who=who, json={"description": "x"})
    assert changed.json()["contact"]["name"] == INNER_CONTACT["name"]
    assert api.call("PATCH", f"{P}/actors/zq-hof", who=who,
                    json={"description": "x"}).status_code == 403
    # exports with contacts: only for its areas
    export = api.call("GET", f"{P}/exports/json?area=nord&include_personal=true", who=who)
    assert export.status_code == 200 and INNER_CONTACT["email"].encode() in export.content
    for refused in ("area=sued&", "area=stadt&", ""):
        answer = api.call("GET", f"{P}/exports/json?{refused}include_personal=true", who=who)
        assert answer.status_code == 403, refused
    # a viewer gets no contact at all (403 when it asks)
    assert api.call("GET", f"{P}/actors/inn-verein?include_personal=true",
                    who="viewer").status_code == 403


def test_no_route_shows_an_outside_contact_to_an_area_limited_editor(scope_api):
    """Every route of the OpenAPI document, asked for personal data wherever it takes
    ``include_personal``: the contact person of an actor outside the editor's areas never
    appears in the raw answer (the city-wide editor's answers do show it)."""
    api = scope_api
    document = api.client.app.openapi()  # type: ignore[attr-defined]
    METHODS.update({op: method for op, method, _ in operations(api)})
    outer = [OUTER_CONTACT[k].lower().encode() for k in ("name", "email", "phone")]
    seen_by_city_editor = 0
    n = 1000
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            op = spec["operationId"]
            call = CALLS[op]
            if any(p["name"] == "include_personal" for p in spec.get("parameters", [])):
                call = Call(**{**vars(call), "query": {**call.query, "include_personal": "true"}})
            for who in ("editor-area", "editor"):
                n += 1
                _, _, answer = request(api, op, call, who, "in", n)
                assert answer.status_code < 500, (who, method, path, answer.text)
                raw = answer.content.lower()
                found = [c for c in outer if c in raw]
                if who == "editor":
                    seen_by_city_editor += bool(found)
                else:
                    assert not found, (method, path, answer.text[:300])
    assert seen_by_city_editor >= 1  # the list of actors, at least


def test_ties_of_an_actor_only_with_both_ends_visible(scope_api):
    api = scope_api
    for who in ("viewer-scoped", "editor-scoped"):
        page = api.call("GET", f"{P}/ties?actor=inn-zentrum", who=who).json()
        assert sorted(t["id"] for t in page["data"]) == [
            "cooperates_with:inn-verein:inn-zentrum", "member_of:inn-zentrum:inn-forum"]
        assert page["count"] == 2
        one = api.call("GET", f"{P}/ties?actor=inn-verein&limit=1&offset=1", who=who).json()
        assert one["count"] == 2 and len(one["data"]) == 1  # the funds tie from Zqamt is hidden
        assert api.call("GET", f"{P}/ties/{CROSS_TIE}", who=who).status_code == 404
    city = api.call("GET", f"{P}/ties?actor=inn-zentrum", who="viewer").json()
    assert city["count"] == 3


def test_scoped_answers_say_so_and_are_never_shared_with_other_scopes(scope_api):
    """Same question, same store version, different scopes: each gets its own answer, in
    either order (the scope is part of the cache key), and a scoped one names its areas."""
    api = scope_api
    version = api.store.version()
    for order in (("admin", "viewer-scoped"), ("viewer-scoped", "admin")):
        for url in (f"{P}/analyses/ego/inn-zentrum?hops=3", f"{P}/analyses/communities?area=nord",
                    f"{P}/graph?area=nord", f"{P}/analyses/path?source=inn-verein&target=inn-insel"):
            url += ("&" if "?" in url else "?") + f"order={order[0]}"  # ignored; a fresh key
            answers = {who: api.call("GET", url, who=who) for who in order}
            assert b"zq-hof" in answers["admin"].content, url
            assert b"zq-hof" not in answers["viewer-scoped"].content, url
            assert answers["viewer-scoped"].headers["X-Quartiernetz-Scope"] == "nord"
            assert answers["viewer-scoped"].json()["scope"] == ["nord"]
            assert "X-Quartiernetz-Scope" not in answers["admin"].headers
            assert "scope" not in answers["admin"].json()
    assert api.store.version() == version
    # path: the city-wide answer goes through Süd; the scoped one has no way inside Nord
    whole = api.call("GET", f"{P}/analyses/path?source=inn-verein&target=inn-insel").json()
    scoped = api.call("GET", f"{P}/analyses/path?source=inn-verein&target=inn-insel",
                      who="viewer-scoped").json()
    assert whole != scoped


@pytest.mark.parametrize("field", ["must", "exclude", "require"])
def test_an_outside_actor_named_in_an_invitation_is_unknown(scope_api, field):
    """``must``, ``exclude`` or ``require unit=`` naming an actor outside the scope: answered as
    for an id that does not exist, on the invite route and its view."""
    api = scope_api
    answers = {}
    for actor in ("zq-hof", UNKNOWN_ACTOR):
        value = [f"unit={actor}:1"] if field == "require" else [actor]
        body = {"topics": ["alter"], "areas": ["nord"], field: value}
        for route in ("/invite", "/views/invite"):
            answer = api.call("POST", f"{P}{route}", who="viewer-scoped", json=body)
            assert answer.status_code < 500, answer.text
            assert b"zqhof" not in answer.content.lower(), answer.text[:300]
            answers[actor, route] = (answer.status_code,
                                     answer.text.replace("zq-hof", UNKNOWN_ACTOR))
    for route in ("/invite", "/views/invite"):
        assert answers["zq-hof", route] == answers[UNKNOWN_ACTOR, route], route
    whole = api.call("POST", f"{P}/invite", json={"topics": ["alter"], "areas": ["nord"],
                                                  "must": ["zq-hof"]})
    assert whole.status_code == 200 and "Zqhof Delta" in whole.text  # city-wide: seated
