"""``quartiernetz users add|list|revoke|first-admin``: the API accounts.

``users add`` prints the new token once, alone on the last line of its output: it is stored only
as a hash and cannot be shown again.
"""

from __future__ import annotations

from typing import Annotated

import typer

from api.auth import hash_token, new_token
from api.cli.common import Commands, OutputFormat, is_german, print_json, print_table, run, state

commands = Commands()
users = commands.group(
    typer.Typer(help="API-Konten: anlegen, auflisten, sperren.", no_args_is_help=True), "users")


@users.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Name des Kontos (a-z, 0-9, -)")],
    role: Annotated[str, typer.Option("--role", help="viewer, editor oder admin")] = "viewer",
    area: Annotated[list[str] | None, typer.Option(
        "--area", help="nur in diesem Gebiet ändern (mit Teilgebieten), mehrfach möglich")] = None,
    read_scoped: Annotated[bool, typer.Option(
        "--read-scoped", help="auch nur in diesen Gebieten lesen")] = False,
) -> None:
    """Ein API-Konto anlegen; das Token steht einmalig auf der letzten Zeile."""
    token = new_token()

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            return store.add_account(name, role=role, token_hash=hash_token(token),
                                     areas=area or [], read_scoped=read_scoped)

    account = run(work)
    where = ", ".join(account.areas) or ("ganze Stadt" if is_german() else "whole city")
    if is_german():
        typer.echo(f"Konto «{account.name}» angelegt: Rolle {account.role}, Gebiete: {where}.")
        typer.echo("Das Token wird nur jetzt angezeigt (gespeichert ist nur sein Hash):")
    else:
        typer.echo(f"Account '{account.name}' created: role {account.role}, areas: {where}.")
        typer.echo("The token is shown only now (only its hash is stored):")
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
        typer.echo("Es gibt schon API-Konten; kein neues Token." if is_german() else
                   "API accounts exist already; no new token.")
        return
    link = f"{url.rstrip('/')}/login#token={token}"
    if is_german():
        typer.echo("Admin-Konto «admin» angelegt. Anmelden im Browser (Link nur jetzt sichtbar):")
    else:
        typer.echo("Admin account 'admin' created. Log in in the browser (link shown only now):")
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
    de = is_german()
    print_table(["Konto", "Rolle", "Gebiete", "nur dort lesen", "angelegt", "gesperrt"] if de else
                ["account", "role", "areas", "reads limited", "created", "revoked"],
                [[a.name, a.role, ", ".join(a.areas), ("ja" if de else "yes") if a.read_scoped else "",
                  a.created_at[:19], (a.revoked_at or "")[:19]] for a in accounts])


@users.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="Name des Kontos")]) -> None:
    """Ein API-Konto sperren: sein Token gilt sofort nicht mehr."""

    def work():  # type: ignore[no-untyped-def]
        with state.open() as store:
            return store.revoke_account(name)

    account = run(work)
    typer.echo(f"Konto «{account.name}» gesperrt." if is_german() else f"Account '{account.name}' revoked.")
