"""``quartiernetz users add|list|rotate|revoke|first-admin``: the API accounts.

``users add`` and ``users rotate`` print the new token once, alone on the last line of their
output: it is stored only as a hash and cannot be shown again. ``--expires`` (``90d``, ``12h``,
``2w`` or a date) gives a token an end; an expired token is refused like an unknown one.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import typer

from api.auth import hash_token, new_token
from api.cli.common import Commands, OutputFormat, cli, columns, fail, print_json, print_table, run, state
from graph.i18n import say
from graph.store.base import Account

commands = Commands()
users = commands.group(
    typer.Typer(help="API-Konten: anlegen, auflisten, neues Token, sperren.", no_args_is_help=True),
    "users")


_DURATION = re.compile(r"(\d{1,5})\s*([hdw])")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}

EXPIRES_HELP = ("das Token gilt nur so lange: 90d (Tage), 12h (Stunden), 2w (Wochen) oder bis zu "
                "einem Datum (2027-03-31: bis Ende dieses Tages, UTC); ohne: unbefristet")


def parse_expiry(text: str | None, now: datetime | None = None) -> datetime | None:
    """``--expires``: ``90d``, ``12h``, ``2w`` from now, or an ISO date (the token works through
    that day, until midnight UTC) or date and time (``2027-03-31T18:00``, UTC unless a zone is
    given). None for no expiry; ValueError with a message for anything else.

    >>> parse_expiry("2w", datetime(2026, 1, 1, tzinfo=UTC)).isoformat()
    '2026-01-15T00:00:00+00:00'
    >>> parse_expiry("2027-03-31").isoformat()
    '2027-04-01T00:00:00+00:00'
    """
    if text is None or not text.strip():
        return None
    text = text.strip().lower()
    now = now or datetime.now(UTC)
    m = _DURATION.fullmatch(text)
    if m:
        return now + timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
        moment = datetime.fromisoformat(text.upper())
    except ValueError:
        raise ValueError(cli("bad_expiry", text=text)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _expiry(text: str | None) -> datetime | None:
    try:
        return parse_expiry(text)
    except ValueError as exc:
        fail(str(exc))
        raise  # not reached: fail() exits


def _until(account: Account) -> str:
    """When the token stops working, as the CLI says it."""
    if account.expires_at is None:
        return cli("no_expiry")
    return cli("valid_until", until=account.expires_at[:16])


@users.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Name des Kontos (a-z, 0-9, -)")],
    role: Annotated[str, typer.Option("--role", help="viewer, editor oder admin")] = "viewer",
    area: Annotated[list[str] | None, typer.Option(
        "--area", help="nur in diesem Gebiet ändern (mit Teilgebieten), mehrfach möglich")] = None,
    read_scoped: Annotated[bool, typer.Option(
        "--read-scoped", help="auch nur in diesen Gebieten lesen")] = False,
    expires: Annotated[str | None, typer.Option("--expires", help=EXPIRES_HELP)] = None,
) -> None:
    """Ein API-Konto anlegen; das Token steht einmalig auf der letzten Zeile. Auch auf einer
    Datenbank mit Konten: so kommt ein Admin zu einem neuen Token, wenn seines verloren ist."""
    token = new_token()
    expires_at = _expiry(expires)

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            return store.add_account(name, role=role, token_hash=hash_token(token),
                                     areas=area or [], read_scoped=read_scoped, expires_at=expires_at)

    account = run(work)
    where = ", ".join(account.areas) or say("whole_city", context="browser")
    typer.echo(cli("account_added", name=account.name, role=account.role, areas=where,
                   until=_until(account)))
    typer.echo(cli("token_once"))
    typer.echo(token)


@users.command("rotate")
def users_rotate(
    name: Annotated[str, typer.Argument(help="Name des Kontos")],
    expires: Annotated[str | None, typer.Option("--expires", help=EXPIRES_HELP)] = None,
) -> None:
    """Einem Konto ein neues Token geben (Rolle und Gebiete bleiben); das alte gilt ab sofort
    nicht mehr. Das neue steht einmalig auf der letzten Zeile."""
    token = new_token()
    expires_at = _expiry(expires)

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            return store.rotate_account(name, token_hash=hash_token(token), expires_at=expires_at)

    account = run(work)
    typer.echo(cli("account_rotated", name=account.name, role=account.role, until=_until(account)))
    typer.echo(cli("token_once"))
    typer.echo(token)


@users.command("first-admin")
def users_first_admin(
    url: Annotated[str, typer.Option("--url", help="Adresse des Dienstes (für den Anmeldelink)")] = (
        "http://127.0.0.1:8000"),
) -> None:
    """Beim ersten Start: ein Admin-Konto anlegen und sein Token mit Anmeldelink zeigen
    (gibt es schon Konten, geschieht nichts)."""
    token = new_token()

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            if store.accounts():
                return None
            return store.add_account("admin", role="admin", token_hash=hash_token(token))

    account = run(work)
    if account is None:
        typer.echo(cli("accounts_exist"))
        return
    link = f"{url.rstrip('/')}/login#token={token}"
    typer.echo(cli("admin_added"))
    typer.echo(f"  {link}")
    typer.echo("Token (Authorization: Bearer ...):")
    typer.echo(token)


@users.command("list")
def users_list(
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table oder json")] = OutputFormat.table,
) -> None:
    """Alle API-Konten (ohne Tokens)."""

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            return store.accounts()

    accounts = run(work)
    if fmt is OutputFormat.json:
        print_json([a.to_dict() for a in accounts])
        return
    now = datetime.now(UTC)

    def expiry(a: Account) -> str:
        if a.expires_at is None:
            return ""
        return cli("expired_suffix", when=a.expires_at[:19]) if a.expired(now) else a.expires_at[:19]

    print_table(columns("account", "role", "areas", "reads_limited", "created", "expires", "revoked"),
                [[a.name, a.role, ", ".join(a.areas), cli("yes") if a.read_scoped else "",
                  a.created_at[:19], expiry(a), (a.revoked_at or "")[:19]] for a in accounts])


@users.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="Name des Kontos")]) -> None:
    """Ein API-Konto sperren: sein Token gilt sofort nicht mehr."""

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            return store.revoke_account(name)

    account = run(work)
    typer.echo(cli("account_revoked", name=account.name))
