"""``/api/v1/analyses/...``: brokers, isolates, communities, gaps, ego, similar, path (the CLI's
options).

Each answer is computed off the event loop and cached by the store's version (:mod:`api.compute`).
For a read-scoped account every analysis runs on the part of the network it may read (the
account's scope goes with every call into :class:`api.compute.Analyses` and into every cache
key); the answer names that scope (:func:`api.records.mark_scope`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from api import records
from api.compute import spoken
from api.deps import AnalysesDep, CurrentUser, Lang, Run, StoreDep
from api.errors import problems
from api.responses import json_response
from api.schemas import SLUG
from api.schemas_analysis import BrokerRow, Communities, Ego, Gaps, IsolateRow, SimilarRow
from api.schemas_analysis import Path as PathAnswer
from graph.analysis import (
    analysis_graph,
    broker_scores,
    communities,
    coordination_gaps,
    ego_network,
    isolated_actors,
)
from graph.analysis.introduction import introduction_path
from graph.analysis.similar import similar_actors
from graph.i18n import current_language
from graph.model import OptionalDate, TieKind
from graph.words import worded

router = APIRouter(prefix="/analyses", tags=["analyses"],
                   responses=problems(400, 401, 403, 404, 413, 422, 503))
NOTE = records.SCOPE_NOTE

Area = Annotated[str | None, Query(pattern=SLUG, max_length=120,
                                   description="only this area and below")]
AsOf = Annotated[OptionalDate, Query(description="day (YYYY-MM-DD or DD.MM.YYYY); default today")]
Top = Annotated[int | None, Query(ge=1, le=1000, description="only the first N")]
WithSurvey = Annotated[bool, Query(description="also count submitted survey answers not yet "
                                               "reconciled as ties (default: confirmed ties only)")]
#: Which ties an analysis ran on (h/survey-desk): ``confirmed`` or ``confirmed+survey``.
BASIS_HEADER = "X-Quartiernetz-Ties"


def basis(response: Any, with_survey: bool) -> Any:
    """The answer, saying which ties it ran on (:data:`BASIS_HEADER`)."""
    response.headers[BASIS_HEADER] = "confirmed+survey" if with_survey else "confirmed"
    return response


@router.get("/brokers", response_model=list[BrokerRow], summary="Brokers: who holds it together",
            description="Brokers by betweenness and brokerage roles." + NOTE)
async def brokers(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser, area: Area = None,
    by: Annotated[str, Query(max_length=50, description="sector, area or an attribute")] = "sector",
    top: Annotated[int, Query(ge=1, le=1000)] = 20, as_of: AsOf = None,
    method: Annotated[Literal["auto", "exact", "sampled"], Query(
        description="auto: exact up to 20,000 actors, sampled above (each row names the method)")
    ] = "auto",
    samples: Annotated[int, Query(ge=1, le=2000)] = 256, lang: Lang = None,
    with_survey: WithSurvey = False,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)
    words = current_language(lang)

    def compute(version: int) -> Any:
        G = analysis_graph(analyses.snapshot(version, as_of, scope, with_survey=with_survey),
                           as_of=as_of, area=area)
        return worded(broker_scores(G, group_by=by, top=top, method=method, samples=samples), words)

    return basis(records.mark_scope(json_response(await analyses.get(
        "brokers", {"area": area, "by": by, "top": top, "as_of": as_of, "method": method,
                    "samples": samples, "lang": words}, compute, scope=scope,
        fresh=with_survey)), scope), with_survey)


@router.get("/isolates", response_model=list[IsolateRow], summary="Isolated actors, with reasons",
            description="Actors with few or no ties, each with its reasons." + NOTE)
async def isolates(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser, area: Area = None,
    as_of: AsOf = None, stale_months: Annotated[int, Query(ge=1, le=600)] = 24, top: Top = None,
    lang: Lang = None, with_survey: WithSurvey = False,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)
    day = as_of or date.today()
    words = current_language(lang)
    rows = await analyses.get(
        "isolates", {"area": area, "as_of": day, "stale": stale_months, "lang": words},
        lambda v: worded(isolated_actors(analyses.snapshot(v, scope=scope, with_survey=with_survey),
                                         as_of=day, stale_months=stale_months, area=area), words),
        scope=scope, fresh=with_survey)
    return basis(records.mark_scope(json_response(rows[:top] if top is not None else rows), scope),
                 with_survey)


@router.get("/communities", response_model=Communities, summary="Communities (Louvain)",
            description="Groups of actors more tied among themselves than to others." + NOTE)
async def communities_route(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser, area: Area = None,
    as_of: AsOf = None, seed: Annotated[int, Query(ge=0, le=2**31)] = 0,
    resolution: Annotated[float, Query(gt=0, le=100)] = 1.0, with_survey: WithSurvey = False,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)

    def compute(version: int) -> Any:
        G = analysis_graph(analyses.snapshot(version, as_of, scope, with_survey=with_survey),
                           as_of=as_of, area=area)
        return communities(G, seed=seed, resolution=resolution)

    return basis(records.mark_scope(json_response(await analyses.get(
        "communities", {"area": area, "as_of": as_of, "seed": seed, "resolution": resolution},
        compute, scope=scope, fresh=with_survey)), scope), with_survey)


@router.get("/gaps", response_model=Gaps, summary="Coordination gaps",
            description="Topics and areas where actors working on the same do not meet." + NOTE)
async def gaps(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    topic: Annotated[str | None, Query(pattern=SLUG, max_length=120)] = None,
    area: Area = None, as_of: AsOf = None, top: Top = None, lang: Lang = None,
    with_survey: WithSurvey = False,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)
    words = current_language(lang)
    result = await analyses.get(
        "gaps", {"topic": topic, "area": area, "as_of": as_of, "lang": words},
        lambda v: worded(coordination_gaps(analysis_graph(
            analyses.snapshot(v, as_of, scope, with_survey=with_survey), as_of=as_of),
            topic=topic, area=area), words),
        scope=scope, fresh=with_survey)
    if top is not None:
        result = {k: v[:top] if k != "scope" else v for k, v in result.items()}
    return basis(records.mark_scope(json_response(result), scope), with_survey)


@router.get("/ego/{actor_id}", response_model=Ego, summary="An actor's ego network",
            description="The actors within ``hops`` ties of one actor, and the ties among them."
            + NOTE)
async def ego(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    actor_id: Annotated[str, Path(pattern=SLUG, max_length=120)],
    hops: Annotated[int, Query(ge=1, le=3)] = 2,
    kind: Annotated[list[TieKind] | None, Query(description="only these tie kinds")] = None,
    as_of: AsOf = None, with_survey: WithSurvey = False,
) -> Any:
    await run(records.get_visible, store, user, "actor", actor_id)
    scope = await run(records.scope_for, store, user)
    kinds = sorted(k.value for k in kind) if kind else None
    return basis(records.mark_scope(json_response(await analyses.get(
        "ego", {"actor": actor_id, "hops": hops, "kinds": kinds, "as_of": as_of},
        lambda v: ego_network(analyses.around(v, actor_id, hops, as_of, scope,
                                              with_survey=with_survey), actor_id,
                              hops=hops, tie_kinds=kinds, as_of=as_of), scope=scope, raw=True,
        fresh=with_survey)), scope), with_survey)


@router.get("/similar/{actor_id}", response_model=list[SimilarRow],
            summary="Similar actors: who else does what an actor does",
            description="Actors sharing the actor's topics, areas and kind, each with the reasons "
                        "and whether the two are already tied." + NOTE)
async def similar(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    actor_id: Annotated[str, Path(pattern=SLUG, max_length=120)],
    top: Annotated[int, Query(ge=1, le=50)] = 5, as_of: AsOf = None, lang: Lang = None,
) -> Any:
    await run(records.get_visible, store, user, "actor", actor_id)
    scope = await run(records.scope_for, store, user)
    words = current_language(lang)
    return records.mark_scope(json_response(await analyses.get(
        "similar", {"actor": actor_id, "top": top, "as_of": as_of, "lang": words},
        lambda v: worded(similar_actors(analyses.snapshot(v, scope=scope), actor_id, top=top,
                                        as_of=as_of), words), scope=scope)), scope)


@router.get("/path", response_model=PathAnswer, summary="Introduction path from one actor to another",
            description="Who can introduce one actor to another, step by step." + NOTE)
async def path(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    source: Annotated[str, Query(pattern=SLUG, max_length=120)],
    target: Annotated[str, Query(pattern=SLUG, max_length=120)],
    as_of: AsOf = None, lang: Lang = None,
) -> Any:
    for actor in (source, target):
        await run(records.get_visible, store, user, "actor", actor)
    scope = await run(records.scope_for, store, user)
    words = current_language(lang)
    return records.mark_scope(json_response(await analyses.get(
        "path", {"source": source, "target": target, "as_of": as_of, "lang": words},
        spoken(words, lambda v: introduction_path(analyses.network(v, as_of, scope=scope), source,
                                                  target)),
        scope=scope, raw=True)), scope)
