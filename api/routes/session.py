"""``/session``: the graph browser exchanges its API token once for a session cookie, so that a
copied link opens in another tab of the same browser without the token (:mod:`api.auth`).

``POST`` (with ``Authorization: Bearer``, never with the cookie: a session cannot extend itself)
sets ``qn_session`` (HttpOnly, SameSite=Strict, Path=/, Secure over https, Max-Age
``QUARTIERNETZ_SESSION_HOURS``) and answers the account and the ``csrf`` value that writes with
the cookie send as ``X-CSRF-Token``; ``GET`` answers the same for the cookie (a new tab learns its
``csrf``); ``DELETE`` clears the cookie ("Abmelden").
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel

from api.auth import SESSION_COOKIE, Account, Session, new_session
from api.deps import CurrentUser, SettingsDep
from api.errors import problems

router = APIRouter(prefix="/session", tags=["account"])


class SessionPublic(BaseModel):
    """A browser session: whose, until when, and what writes send as ``X-CSRF-Token``.
    Asked with a bearer token (no cookie), ``expires_at`` and ``csrf`` are null."""

    account: str
    role: str
    expires_at: datetime | None
    csrf: str | None


def _answer(request: Request, user: Account) -> dict:
    session: Session | None = request.state.session
    return {"account": user.name, "role": user.role,
            "expires_at": datetime.fromtimestamp(session.expiry, UTC) if session else None,
            "csrf": session.csrf if session else None}


@router.post("", response_model=SessionPublic, summary="Exchange the API token for a session cookie",
             responses=problems(401, 503))
async def create_session(request: Request, response: Response, user: CurrentUser,
                         settings: SettingsDep) -> dict:
    if request.state.session is not None:  # the cookie itself: a session cannot extend itself
        raise HTTPException(401, "a new session needs the API token: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    seconds = int(settings.session_hours * 3600)
    request.state.session = new_session(user, request.state.token_hash, seconds)
    response.set_cookie(SESSION_COOKIE, request.state.session.cookie, max_age=seconds, path="/",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return _answer(request, user)


@router.get("", response_model=SessionPublic, summary="This browser session (401 without one)",
            responses=problems(401, 503))
async def read_session(request: Request, user: CurrentUser) -> dict:
    return _answer(request, user)


@router.delete("", status_code=204, summary="End this browser session (Abmelden)",
               responses=problems(503))
async def delete_session(request: Request) -> Response:
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response
