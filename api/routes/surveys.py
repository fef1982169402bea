"""``/api/v1/surveys``: network surveys (issue 17) started, listed, followed, closed; the
actors' personal links (JSON, or CSV for a mail merge); every pair's perspectives, their
reconciliation and the proposed new actors. Editors and admins only, within their areas
(:mod:`api.survey.campaigns`)."""

from __future__ import annotations

from functools import partial
from pathlib import Path as PathLib
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import Editor, Lang, Run, SettingsDep, StoreDep, Write
from api.errors import problems, request_language
from api.responses import json_response
from api.schemas import SLUG
from api.schemas_survey import (
    Perspective,
    ProposalDecision,
    ProposalPublic,
    ReconcileIn,
    SurveyCreate,
    SurveyLink,
    SurveyPublic,
    SurveysPublic,
    SurveyStatus,
)
from api.survey import campaigns
from api.survey_key import survey_key
from graph.config import Settings
from graph.store import Store

router = APIRouter(prefix="/surveys", tags=["surveys"],
                   responses=problems(400, 401, 403, 404, 413, 422, 503))

SurveyId = Annotated[str, Path(pattern=r"^umfrage-[0-9a-f]{10}$", max_length=20)]
ActorId = Annotated[str, Path(pattern=SLUG, max_length=120)]
ProposalId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_:.-]{1,200}$")]


def link_key(settings: Settings, store: Store) -> bytes:
    """The survey key (:func:`api.survey_key.survey_key`); without ``QUARTIERNETZ_SURVEY_KEY``
    the file ``survey.key`` beside the database this server actually uses (the store's file,
    which is ``QUARTIERNETZ_DB`` unless the app was given another store)."""
    path = getattr(store, "path", None)
    if settings.survey_key is None and path is not None:
        settings = settings.model_copy(update={"db": PathLib(path)})
    return survey_key(settings)


def public_base(settings: Settings, request: Request) -> str:
    """Where the links point: ``QUARTIERNETZ_PUBLIC_URL``, else this request's base URL."""
    return (settings.public_url or str(request.base_url)).rstrip("/")


@router.post("", status_code=201, response_model=SurveyPublic, summary="Start a survey",
             responses=problems(409))
async def create_survey(body: SurveyCreate, store: StoreDep, write: Write, user: Editor,
                        response: Response) -> dict:
    survey = await write(campaigns.create, store, user, body.model_dump(mode="json"))
    response.headers["Location"] = f"/api/v1/surveys/{survey.id}"
    return campaigns.public(survey)


@router.get("", response_model=SurveysPublic, summary="List surveys")
async def list_surveys(store: StoreDep, run: Run, user: Editor) -> Response:
    data = await run(campaigns.list_surveys, store, user)
    return json_response({"data": data, "count": len(data)})


@router.post("/proposals/{proposal_id}", response_model=ProposalPublic,
             summary="Accept or dismiss a proposed new actor (or a record correction)",
             responses=problems(409))
async def decide_proposal(proposal_id: ProposalId, body: ProposalDecision, store: StoreDep,
                          write: Write, user: Editor) -> Response:
    return json_response(await write(campaigns.decide, store, user, proposal_id,
                                     body.model_dump()))


@router.get("/{survey_id}", response_model=SurveyStatus, summary="A survey and who answered")
async def survey_status(survey_id: SurveyId, store: StoreDep, run: Run, user: Editor) -> Response:
    return json_response(await run(campaigns.status, store, user, survey_id))


@router.get("/{survey_id}/links", response_model=list[SurveyLink],
            summary="The actors' personal links (JSON, or CSV for a mail merge)",
            responses={200: {"content": {"text/csv": {}}}})
async def survey_links(survey_id: SurveyId, request: Request, store: StoreDep, write: Write,
                       user: Editor, settings: SettingsDep,
                       format: Annotated[Literal["json", "csv"], Query()] = "json",  # noqa: A002
                       lang: Lang = None) -> Response:
    key = partial(link_key, settings, store)  # made only for who may see the survey
    base = public_base(settings, request)
    if format == "csv":
        language = request_language(lang, request.headers.get("accept-language"))
        data = await write(campaigns.links_csv, store, user, survey_id, key, base, language)
        return Response(data, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{survey_id}-links.csv"'})
    return json_response(await write(campaigns.links, store, user, survey_id, key, base))


@router.post("/{survey_id}/links/{actor_id}/revoke", response_model=SurveyLink,
             summary="Replace one actor's link (the old one stops working)")
async def revoke_link(survey_id: SurveyId, actor_id: ActorId, request: Request,
                      store: StoreDep, write: Write, user: Editor,
                      settings: SettingsDep) -> Response:
    link = await write(campaigns.revoke, store, user, survey_id, actor_id,
                       partial(link_key, settings, store), public_base(settings, request))
    return json_response(link)


@router.post("/{survey_id}/close", response_model=SurveyPublic,
             summary="Close a survey (its links answer 410)")
async def close_survey(survey_id: SurveyId, store: StoreDep, write: Write, user: Editor) -> dict:
    return campaigns.public(await write(campaigns.close, store, user, survey_id))


@router.get("/{survey_id}/perspectives", response_model=list[Perspective],
            summary="Every pair named in the answers, with each side's view and the tie")
async def perspectives(survey_id: SurveyId, store: StoreDep, run: Run, user: Editor) -> Response:
    return json_response(await run(campaigns.perspectives, store, user, survey_id))


@router.post("/{survey_id}/reconcile", summary="Accept, set or reject a pair's strength",
             response_model=Perspective)
async def reconcile(survey_id: SurveyId, body: ReconcileIn, store: StoreDep, write: Write,
                    user: Editor) -> Response:
    return json_response(await write(campaigns.reconcile, store, user, survey_id,
                                     body.model_dump()))


@router.get("/{survey_id}/proposals", response_model=list[ProposalPublic],
            summary="Organisations proposed as new in the answers")
async def proposals(survey_id: SurveyId, store: StoreDep, run: Run, user: Editor) -> Response:
    return json_response(await run(campaigns.proposals, store, user, survey_id))


# -- h/survey-desk: the dashboard of the browser's "Umfragen" workspace ------------------------
@router.get("/{survey_id}/dashboard", summary="A survey's dashboard",
            description="Response rate by sector and area, who has not answered, ties named by "
                        "one side only, the largest disagreements (graph.analysis.survey), and "
                        "the names of the actors it mentions.")
async def survey_dashboard(survey_id: SurveyId, store: StoreDep, run: Run, user: Editor) -> Response:
    from api.survey_board import survey_board

    return json_response(await run(survey_board, store, user, survey_id))
