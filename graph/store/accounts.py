"""API accounts, kept beside the network in the same database: a name, a role, optionally the
areas an editor may change (and read, with ``read_scoped``), and the hash of its token (never
the token itself).

:class:`Accounts` is the part of :class:`~graph.store.base.Store` that adds, finds, rotates and
revokes accounts; an implementation provides the ``_`` primitives.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.errors import ConflictError, InvalidInputError, NotFoundError, Problem
from graph.i18n import word
from graph.model import SLUG_RE
from graph.store.records import iso

ROLES = ("viewer", "editor", "admin")


@dataclass(frozen=True)
class Account:
    """An API account. Its token is stored only as a hash (never the token itself)."""

    name: str
    role: str
    areas: tuple[str, ...] = ()
    read_scoped: bool = False
    created_at: str = ""
    revoked_at: str | None = None
    #: When the token stops working (ISO, UTC); None: it does not expire.
    expires_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def expired(self, now: datetime | None = None) -> bool:
        """True once ``expires_at`` has passed."""
        if self.expires_at is None:
            return False
        return datetime.fromisoformat(self.expires_at) <= (now or datetime.now(UTC))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "areas": list(self.areas),
                "read_scoped": self.read_scoped, "created_at": self.created_at,
                "revoked_at": self.revoked_at, "expires_at": self.expires_at}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Account:
        return cls(name=row["name"], role=row["role"], areas=tuple(row.get("areas") or ()),
                   read_scoped=bool(row.get("read_scoped")), created_at=row.get("created_at") or "",
                   revoked_at=row.get("revoked_at"), expires_at=row.get("expires_at"))


class Accounts(ABC):
    """Adding, finding, rotating and revoking API accounts."""

    @abstractmethod
    def _all(self, record: str) -> list[dict[str, Any]]:
        """Every record of a type (here: the areas an account may be scoped to)."""

    @abstractmethod
    def _insert_account(self, row: dict[str, Any], token_hash: str) -> bool:
        """Add an account; False (nothing written) if the name is taken."""

    @abstractmethod
    def _account_rows(self) -> list[dict[str, Any]]:
        """Every account (without token hashes), by name."""

    @abstractmethod
    def _account_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        """The account stored with this token hash, its row with the stored ``token_hash``."""

    @abstractmethod
    def _account_by_name(self, name: str) -> dict[str, Any] | None:
        """The account with this name, its row with the stored ``token_hash``."""

    @abstractmethod
    def _replace_account(self, row: dict[str, Any]) -> bool:
        """Overwrite a stored account's fields (not its token); False if it is not there."""

    @abstractmethod
    def _replace_token(self, row: dict[str, Any], token_hash: str) -> bool:
        """Overwrite a stored account's fields and its token hash in one write; False if it
        is not there."""

    def add_account(self, name: str, *, role: str, token_hash: str, areas: Iterable[str] = (),
                    read_scoped: bool = False, now: datetime | None = None,
                    expires_at: datetime | None = None) -> Account:
        """Add an account with the hash of its token. ConflictError if the name is taken;
        InvalidInputError for an unknown role or area, or an ``expires_at`` not in the future."""
        now = now or datetime.now(UTC)
        problems = expiry_problems(name, expires_at, now)
        if not SLUG_RE.match(name or ""):
            problems.append(Problem("bad_slug", {"value": name}, record="account", field="name"))
        if role not in ROLES:
            problems.append(Problem("unknown_choice", {"value": role, "allowed": ", ".join(ROLES)},
                                    record="account", id=name, field="role"))
        areas = list(dict.fromkeys(areas))
        known = {r["id"] for r in self._all("area")}
        problems += [Problem("unknown_area", {"id": a}, record="account", id=name, field="areas")
                     for a in areas if a not in known]
        if problems:
            raise InvalidInputError(problems)
        account = Account(name, role, tuple(areas), read_scoped, now.astimezone(UTC).isoformat(),
                          expires_at=iso(expires_at))
        if not self._insert_account(account.to_dict(), token_hash):
            raise ConflictError("duplicate", what=word("account"), id=name)
        return account

    def account_for_token(self, token_hash: str, *, now: datetime | None = None) -> Account | None:
        """The active, unexpired account with this token hash, or None."""
        found = self.account_and_hash(token_hash, now=now)
        return found[0] if found is not None else None

    def account_and_hash(self, token_hash: str, *,
                         now: datetime | None = None) -> tuple[Account, str] | None:
        """The active, unexpired account found by this token hash, with the hash as the store
        keeps it (so the caller can compare the two itself), or None."""
        return _usable(self._account_by_hash(token_hash), now)

    def account_and_hash_by_name(self, name: str, *,
                                 now: datetime | None = None) -> tuple[Account, str] | None:
        """The active, unexpired account with this name and the hash of its current token
        (the key of its browser sessions, :mod:`api.auth`), or None."""
        return _usable(self._account_by_name(name), now)

    def rotate_account(self, name: str, *, token_hash: str, expires_at: datetime | None = None,
                       now: datetime | None = None) -> Account:
        """Give an account a new token (its hash): the old token stops working with this
        write; role, areas and scope stay. ``expires_at`` is the new token's expiry (None: it
        does not expire). NotFoundError if unknown; ConflictError if the account is revoked
        (a revoked account is not brought back by a new token: add a new one)."""
        now = now or datetime.now(UTC)
        problems = expiry_problems(name, expires_at, now)
        if problems:
            raise InvalidInputError(problems)
        found = [a for a in self.accounts() if a.name == name]
        if not found:
            raise NotFoundError("account", name)
        if found[0].revoked_at:
            raise ConflictError("account_revoked", id=name)
        row = {**found[0].to_dict(), "expires_at": iso(expires_at)}
        if not self._replace_token(row, token_hash):
            raise NotFoundError("account", name)
        return Account.from_row(row)

    def accounts(self) -> list[Account]:
        return [Account.from_row(r) for r in self._account_rows()]

    def revoke_account(self, name: str, *, now: datetime | None = None) -> Account:
        """Revoke an account: its token stops working at once. NotFoundError if unknown."""
        found = [a for a in self.accounts() if a.name == name]
        if not found:
            raise NotFoundError("account", name)
        if found[0].revoked_at:
            return found[0]
        row = {**found[0].to_dict(),
               "revoked_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat()}
        if not self._replace_account(row):
            raise NotFoundError("account", name)
        return Account.from_row(row)


def _usable(row: Mapping[str, Any] | None,
            now: datetime | None) -> tuple[Account, str] | None:
    """A stored account row with its token hash, if the account is neither revoked nor
    expired."""
    if row is None or row.get("revoked_at"):
        return None
    account = Account.from_row(row)
    if account.expired(now):
        return None
    return account, str(row["token_hash"])


def expiry_problems(name: str, expires_at: datetime | None, now: datetime) -> list[Problem]:
    """An account's token expiry must lie in the future (a token born expired helps no one)."""
    if expires_at is None:
        return []
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)
    if expires_at > now:
        return []
    return [Problem("expiry_past", {"value": iso(expires_at)}, record="account", id=name,
                    field="expires_at")]

