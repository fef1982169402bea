"""Dependencies for the routes, as ``Annotated`` aliases: ``StoreDep``, ``SettingsDep``, ``Run``,
``Write``.

``Run`` calls a blocking store or analysis function (a read) off the event loop, in a worker
thread, and gives up after ``query_timeout`` seconds with a 503 (the thread is left to finish;
its result is dropped). ``Write`` calls a write the same way but never gives up on it: a write
that answered 503 must not commit later. A write is bounded instead by the store's lock wait
(``QUARTIERNETZ_WRITE_WAIT``): if another write holds the lock longer, it answers 503 with
``Retry-After`` having written nothing; once it has the lock it runs to its end, and the answer
says how long it took (``Server-Timing: write;dur=<ms>``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import Depends, HTTPException, Query, Request, Response

from api.auth import (
    SESSION_COOKIE,
    Account,
    CsrfError,
    FailureLimit,
    authenticate,
    hash_token,
    require,
    session_of,
)
from api.errors import QueryTimeoutError
from graph.config import Settings
from graph.i18n import say
from graph.store import Store

T = TypeVar("T")


def get_store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


class Runner:
    """``await run(fn, *args, **kwargs)``: ``fn`` in a worker thread, with the query timeout."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout

    async def __call__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await run_with_timeout(self.timeout, partial(fn, *args, **kwargs))


async def run_with_timeout(timeout: float, fn: Callable[[], T]) -> T:
    try:
        with anyio.fail_after(timeout):
            return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
    except TimeoutError:
        raise QueryTimeoutError(seconds=f"{timeout:g}") from None


def get_runner(request: Request) -> Runner:
    return Runner(request.app.state.settings.query_timeout)


Run = Annotated[Runner, Depends(get_runner)]


class WriteRunner:
    """``await write(fn, *args, **kwargs)``: a write in a worker thread, run to its end (not cut
    by the query timeout, not abandoned when the client goes away). Its duration goes into
    :attr:`headers` (and the route's response) as ``Server-Timing``."""

    def __init__(self, response: Response) -> None:
        self.response = response
        self.headers: dict[str, str] = {}

    async def __call__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        started = time.perf_counter()
        try:
            return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs))
        finally:
            took = (time.perf_counter() - started) * 1000
            self.headers["Server-Timing"] = f"write;dur={took:.1f}"
            self.response.headers["Server-Timing"] = self.headers["Server-Timing"]


def get_write_runner(response: Response) -> WriteRunner:
    return WriteRunner(response)


Write = Annotated[WriteRunner, Depends(get_write_runner)]


# -- who is asking ---------------------------------------------------------------------------

class TokenCache:
    """Accounts by token hash for a few seconds, so that a busy client does not cost a store
    query per request. A revoked token stops working within ``ttl`` seconds."""

    def __init__(self, ttl: float = 5.0) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, Account]] = {}

    def get(self, digest: str) -> Account | None:
        found = self._items.get(digest)
        if found is None or found[0] < time.monotonic() or found[1].expired():
            self._items.pop(digest, None)
            return None
        return found[1]

    def put(self, digest: str, account: Account) -> None:
        if len(self._items) > 10_000:
            self._items.clear()
        self._items[digest] = (time.monotonic() + self.ttl, account)


UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def current_user(request: Request) -> Account:
    """The account of the bearer token or, without one, of the session cookie ``qn_session``
    (:func:`api.auth.session_of`); 401 without a valid one, 429 after too many wrong ones from
    the same client address (:class:`api.auth.FailureLimit`). With the cookie, a write (POST,
    PUT, PATCH, DELETE) needs the session's ``X-CSRF-Token`` (else 403 ``csrf_missing``).
    ``request.state.session`` is the session (None for a bearer token)."""
    header = request.headers.get("authorization")
    cookie = None if header else request.cookies.get(SESSION_COOKIE)
    request.state.session = None
    request.state.token_hash = None
    failures: FailureLimit = request.app.state.auth_failures
    client = request.client.host if request.client else ""
    if header or cookie:
        wait = failures.retry_after(client)
        if wait is not None:
            raise HTTPException(429, _too_many(wait), headers={"Retry-After": str(wait)})
    if cookie:
        return await _by_cookie(request, cookie, failures, client)
    cache: TokenCache = request.app.state.tokens
    digest = hash_token(header) if header else ""
    account = cache.get(digest) if header else None
    if account is None:
        account = await run_with_timeout(request.app.state.settings.query_timeout,
                                         partial(authenticate, request.app.state.store, header))
        if account is not None:
            cache.put(digest, account)
    if account is None:
        if header:
            failures.failed(client)
        raise HTTPException(401, "a valid API token is needed: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    request.state.token_hash = _bearer_hash(header)
    return account


def _bearer_hash(header: str | None) -> str:
    """The SHA-256 hash of the token in a valid ``Authorization: Bearer`` header."""
    return hash_token((header or "").partition(" ")[2].strip())


async def _by_cookie(request: Request, cookie: str, failures: FailureLimit,
                     client: str) -> Account:
    session = await run_with_timeout(request.app.state.settings.query_timeout,
                                     partial(session_of, request.app.state.store, cookie))
    if session is None:
        if not _expired(cookie):  # an expired cookie is no guess; a forged or stale one is
            failures.failed(client)
        raise HTTPException(401, "the session has ended: sign in again with the API token "
                                 "(POST /api/v1/session) or send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if request.method in UNSAFE and not session.csrf_ok(request.headers.get("x-csrf-token")):
        raise CsrfError()
    request.state.session = session
    request.state.token_hash = session.token_hash
    return session.account


def _expired(cookie: str) -> bool:
    parts = cookie.split(".")
    return len(parts) == 4 and parts[1].isdigit() and int(parts[1]) <= time.time()


def _too_many(seconds: int) -> str:
    return say("too_many_tokens", seconds=seconds)


def _at_least(role: str) -> Callable[[Account], Account]:
    def check(account: Annotated[Account, Depends(current_user)]) -> Account:
        require(account, role)
        return account

    return check


CurrentUser = Annotated[Account, Depends(current_user)]
Editor = Annotated[Account, Depends(_at_least("editor"))]
Admin = Annotated[Account, Depends(_at_least("admin"))]


def get_analyses(request: Request) -> Any:
    return request.app.state.analyses


AnalysesDep = Annotated[Any, Depends(get_analyses)]

#: The language of the words in an answer (reasons, roles): ``de`` (default) or ``en``.
Lang = Annotated[Literal["de", "en"] | None, Query(description="words in de (default) or en")]
