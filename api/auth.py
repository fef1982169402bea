"""Accounts, tokens, roles and area scoping.

- A token is ``secrets.token_urlsafe(32)`` (256 random bits) with a ``qn_`` prefix; the store keeps
  only its SHA-256 hash, and finds the account by that hash. It is sent as
  ``Authorization: Bearer <token>``. It may have an end (``expires_at``; an expired token is
  refused like an unknown one) and can be replaced (``users rotate``: the old one stops working).
- Wrong tokens are limited per client address (:class:`FailureLimit`): after
  ``auth_max_failures`` within ``auth_failure_window`` seconds the API answers 429 with
  ``Retry-After``.
- Roles: ``viewer`` reads; ``editor`` also writes (actors, ties, imports); ``admin`` also changes
  areas and topics when the editor is area-limited, reads the audit log and sees everything.
- An editor may be limited to areas (``areas``, sub-areas included): it may change only actors
  active in those areas and ties that touch them, and no areas or topics. Reads stay city-wide
  unless ``read_scoped`` is set: then actors outside its areas are invisible (404), and lists,
  analyses and exports must be asked for within its areas.
- A browser exchanges its token once for a session cookie (:func:`new_session`,
  ``POST /api/v1/session``): ``qn_session = name.expiry.nonce.mac`` with mac =
  HMAC-SHA256(key = the account's stored token hash, ``name|expiry|nonce``). Nothing new is kept
  on the server and there is no new secret: rotating or revoking the token (or its expiry) ends
  every session of the account at once, and a stolen cookie cannot be extended (the mac needs
  the hash). Writes with the cookie need ``X-CSRF-Token`` = HMAC(hash, ``csrf|nonce``).
- Personal data (an actor's ``contact``) is shown only to editors and admins who ask for it,
  and only for actors they may change (:func:`may_see_personal`, the one rule every route uses).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from api.errors import ForbiddenError
from graph.errors import NotFoundError, QuartiernetzError
from graph.i18n import word
from graph.store import Store
from graph.store.base import ROLES, Account, Change

RANK = {role: i for i, role in enumerate(ROLES)}
PREFIX = "qn_"

__all__ = ["Account", "CsrfError", "FailureLimit", "Scope", "Session", "area_guard", "hash_token",
           "new_token", "authenticate", "may_see_personal", "new_session", "read_scope",
           "session_of"]

#: The name of the session cookie.
SESSION_COOKIE = "qn_session"
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def authenticate(store: Store, authorization: str | None) -> Account | None:
    """The active, unexpired account for an ``Authorization: Bearer ...`` header, or None.

    The store finds the account by an index lookup on the SHA-256 hash of the token; that
    lookup is not constant-time, but what it compares is a hash of the guess, so its timing
    tells at most how much of that hash matched a stored one, which does not help to find a
    token (it would take a SHA-256 preimage). The final check compares the hash the store
    keeps for the found account with the hash of the presented token with
    :func:`hmac.compare_digest`: constant-time, and a guard against a store lookup that ever
    matched loosely (a collation, a prefix index). Guessing itself is limited per client by
    :class:`FailureLimit`.
    """
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    digest = hash_token(token)
    found = store.account_and_hash(digest)
    if found is None:
        return None
    account, stored = found
    if not hmac.compare_digest(stored.encode("ascii", "replace"), digest.encode("ascii")):
        return None
    return account


class CsrfError(ForbiddenError):
    """A write with the session cookie but without the right ``X-CSRF-Token`` header (403)."""

    code = "csrf_missing"

    def __init__(self, lang: str | None = None) -> None:
        self.why, self.why_params = "csrf", {}
        QuartiernetzError.__init__(self, "csrf_missing", lang=lang)


@dataclass(frozen=True)
class Session:
    """A browser session: whose, until when (Unix seconds), and the value of its cookie."""

    account: Account
    expiry: int
    nonce: str
    token_hash: str

    @property
    def cookie(self) -> str:
        return ".".join((self.account.name, str(self.expiry), self.nonce, self.mac))

    @property
    def mac(self) -> str:
        return _hmac(self.token_hash, f"{self.account.name}|{self.expiry}|{self.nonce}")

    @property
    def csrf(self) -> str:
        """What a write with this session must send as ``X-CSRF-Token``."""
        return _hmac(self.token_hash, f"csrf|{self.nonce}")

    def csrf_ok(self, presented: str | None) -> bool:
        return bool(presented) and hmac.compare_digest(
            self.csrf.encode("ascii"), (presented or "").encode("ascii", "replace"))


def _hmac(key: str, message: str) -> str:
    return hmac.new(key.encode("ascii", "replace"), message.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def new_session(account: Account, token_hash: str, seconds: float,
                now: float | None = None) -> Session:
    """A new session for an account that just presented its token (``token_hash``)."""
    expiry = int((time.time() if now is None else now) + seconds)
    return Session(account, expiry, secrets.token_urlsafe(24), token_hash)


def session_of(store: Store, cookie: str | None, now: float | None = None) -> Session | None:
    """The session of a ``qn_session`` cookie, or None if it is malformed, expired, tampered
    with, or its account was revoked, has expired or got a new token since."""
    if not cookie or len(cookie) > 300:
        return None
    parts = cookie.split(".")
    if len(parts) != 4:
        return None
    name, expiry, nonce, mac = parts
    if not expiry.isdigit() or not _NONCE.fullmatch(nonce) or len(mac) != 64:
        return None
    if int(expiry) <= (time.time() if now is None else now):
        return None
    found = store.account_and_hash_by_name(name)
    if found is None:
        return None
    session = Session(found[0], int(expiry), nonce, found[1])
    if not hmac.compare_digest(session.mac.encode("ascii"), mac.encode("ascii", "replace")):
        return None
    return session


class FailureLimit:
    """Failed token attempts per client address, in a sliding window, bounded in memory.

    A client that presented ``max_failures`` wrong tokens within ``window`` seconds is locked
    out: :meth:`retry_after` gives the seconds to wait (for ``Retry-After``) and the caller
    answers 429 without looking at the token. Every try while locked out counts as another
    failure, so a client that keeps trying stays locked out; one that waits ``Retry-After``
    gets in again. A correct token is neither slowed down nor does it reset the count (else
    one valid viewer token would let its holder guess others without limit).

    At most ``max_clients`` addresses are remembered (each with at most ``max_failures``
    times): when full, addresses whose failures have all expired go first, then those that
    failed longest ago. Kept per server process: with N workers a client gets up to N times
    ``max_failures`` tries per window. Behind a reverse proxy every client has the proxy's
    address unless uvicorn is told to trust its ``X-Forwarded-For`` (``--forwarded-allow-ips``).
    """

    def __init__(self, max_failures: int, window: float, *, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = window
        self.max_clients = max_clients
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._failures)

    def retry_after(self, client: str) -> int | None:
        """Seconds this client must wait before its token is looked at again, or None."""
        times = self._failures.get(client)
        if times is None:
            return None
        now = self.clock()
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.max_failures:
            if not times:
                del self._failures[client]
            return None
        self.failed(client)  # trying while locked out counts: the lock-out goes on
        return max(1, math.ceil(times[0] + self.window - now))

    def failed(self, client: str) -> None:
        """Count a wrong token from this client."""
        now = self.clock()
        times = self._failures.pop(client, None)
        if times is None:
            times = deque(maxlen=self.max_failures)
        times.append(now)
        self._failures[client] = times  # most recent last
        if len(self._failures) > self.max_clients:
            self._shrink(now)

    def _shrink(self, now: float) -> None:
        # Kept in the order of each client's last failure: the expired ones come first.
        while self._failures:
            oldest = next(iter(self._failures.values()))
            if oldest[-1] > now - self.window and len(self._failures) <= self.max_clients:
                break
            self._failures.popitem(last=False)


def may(account: Account, role: str) -> bool:
    return RANK[account.role] >= RANK[role]


def require(account: Account, role: str) -> None:
    if not may(account, role):
        raise ForbiddenError("needs_role", role=role, has=account.role)


@dataclass
class Scope:
    """The areas (sub-areas included) an account is limited to; None means city-wide.
    ``named`` are the areas as the account names them (without their sub-areas)."""

    areas: frozenset[str] | None
    named: tuple[str, ...] = ()

    @classmethod
    def of(cls, store: Store, account: Account) -> Scope:
        if not account.areas or account.role == "admin":
            return cls(None)
        below: set[str] = set()
        for area in account.areas:
            try:
                below |= store.area_and_below(area)
            except NotFoundError:  # an area deleted since: it limits to nothing
                continue
        return cls(frozenset(below), tuple(account.areas))

    def holds(self, areas: Iterable[str] | None) -> bool:
        return self.areas is None or bool(self.areas.intersection(areas or ()))

    def actor_ids_in(self, store: Store, ids: Iterable[str],
                     batch: dict[str, Any] | None = None) -> bool:
        """True if at least one of these actors is in scope (unknown ones are not); actors of
        the same batch (``batch``: id -> areas) count as they will be."""
        if self.areas is None:
            return True
        for actor_id in ids:
            if batch and actor_id in batch:
                if self.holds(batch[actor_id]):
                    return True
                continue
            try:
                if self.holds(store.get_actor(actor_id).areas):
                    return True
            except NotFoundError:
                continue
        return False

    def covers_area(self, area: str | None) -> bool:
        """True if asking about ``area`` stays within scope (None: the whole city)."""
        if self.areas is None:
            return True
        if area is None:
            return False
        return area in self.areas

    def narrow(self, store: Store, area: str | None) -> list[str] | None:
        """Area ids for a list within scope (None: no limit; [] nothing)."""
        if self.areas is None:
            return [area] if area else None
        if area is None:
            return sorted(self.areas)
        return sorted(store.area_and_below(area) & self.areas)


def read_scope(store: Store, account: Account) -> Scope:
    """The scope reads are limited to (city-wide unless the account is ``read_scoped``)."""
    return Scope.of(store, account) if account.read_scoped else Scope(None)


def may_see_personal(account: Account, scope: Scope, actor: Any) -> bool:
    """Whether ``account`` may see ``actor``'s personal data (its ``contact``): the one rule.

    Only an editor or admin, and only for an actor it may change: ``scope`` is the account's
    change scope (:meth:`Scope.of`, not the read scope), and the actor (a stored actor or its
    fields as a dict) must be active in it. A read-scoped account's read scope lies within its
    change scope, so nothing it may not read is shown either.
    """
    if not may(account, "editor"):
        return False
    areas = actor.get("areas") if isinstance(actor, dict) else actor.areas
    return scope.holds(areas)


class Guard:
    """Called by :meth:`Store.apply` inside the transaction with every change."""

    def __init__(self, store: Store, account: Account) -> None:
        self.store = store
        self.account = account

    def __call__(self, changes: list[Change]) -> None:
        require(self.account, "editor")
        scope = Scope.of(self.store, self.account)
        if scope.areas is None:
            return
        batch = {c.id: c.after.get("areas") for c in changes if c.record == "actor"}
        for change in changes:
            self._check(scope, change.record, change.id, change.before, change.after, batch)

    def check_delete(self, record: str, record_id: str) -> None:
        require(self.account, "editor")
        scope = Scope.of(self.store, self.account)
        if scope.areas is None:
            return
        if record == "actor":
            before: dict[str, Any] = self.store.get_actor(record_id).model_dump(mode="json")
        elif record == "tie":
            before = self.store.get_tie(record_id).model_dump(mode="json")
        else:
            before = {}
        self._check(scope, record, record_id, before, None)

    def _check(self, scope: Scope, record: str, record_id: str, before: dict[str, Any] | None,
               after: dict[str, Any] | None, batch: dict[str, Any] | None = None) -> None:
        limited = ", ".join(self.account.areas)
        if record == "actor":
            ok = all(scope.holds(side.get("areas")) for side in (before, after) if side is not None)
        elif record == "tie":
            ok = all(scope.actor_ids_in(self.store, (side["source"], side["target"]), batch)
                     for side in (before, after) if side is not None)
        else:
            ok = False
        if not ok:
            raise ForbiddenError("outside_areas", what=word(record), id=record_id, areas=limited)


def area_guard(store: Store, account: Account) -> Guard:
    return Guard(store, account)
