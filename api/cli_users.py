"""``quartiernetz users add|list|revoke`` (API accounts) and ``quartiernetz serve`` (the API).

``users add`` prints the new token once, alone on the last line of its output: it is stored only
as a hash and cannot be shown again.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.auth import hash_token, new_token
from api.cli import OutputFormat, app, print_json, print_table, run, state
from graph.config import Settings
from graph.i18n import current_language

users = typer.Typer(help="API-Konten: anlegen, auflisten, sperren.", no_args_is_help=True)
app.add_typer(users, name="users")


def _de() -> bool:
    return current_language() == "de"


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
    where = ", ".join(account.areas) or ("ganze Stadt" if _de() else "whole city")
    if _de():
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
        typer.echo("Es gibt schon API-Konten; kein neues Token." if _de() else
                   "API accounts exist already; no new token.")
        return
    link = f"{url.rstrip('/')}/login#token={token}"
    if _de():
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
    de = _de()
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
    typer.echo(f"Konto «{account.name}» gesperrt." if _de() else f"Account '{account.name}' revoked.")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Adresse")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1,
        help="Prozesse (jeder mit eigenem Analyse-Cache; Standard: $QUARTIERNETZ_WORKERS, sonst 1)")] = None,
) -> None:
    """Den HTTP-Dienst starten (API unter /api/v1, Swagger UI unter /docs)."""
    import os

    import uvicorn

    settings = state.settings or Settings()
    workers = workers or settings.workers
    typer.echo(f"Quartiernetz API: http://{host}:{port}/docs ({settings.store}, {workers} Prozess"
               f"{'e' if workers > 1 else ''})")
    if workers == 1:
        uvicorn.run(served_app(settings), host=host, port=port, log_level="info", access_log=False)
        return
    # Worker processes build their own app from the environment: pass on what the options chose.
    os.environ.update({"QUARTIERNETZ_DB": str(settings.db), "QUARTIERNETZ_STORE": settings.store,
                       "QUARTIERNETZ_LANG": settings.lang})
    uvicorn.run("api.cli_users:served_app", factory=True, host=host, port=port, workers=workers,
                log_level="info", access_log=False)


#: How long a thread may hold the GIL while others wait (Python's default is 5 ms). An analysis
#: of a large neighbourhood runs in a worker thread for up to a second; with 5 ms turns, every
#: small request on the same process waited several turns behind it.
SWITCH_INTERVAL = 0.001


def served_app(settings: Settings | None = None) -> Any:
    """The app as ``serve`` runs it (one per server process)."""
    import sys

    from api import compute
    from api.app import create_app

    sys.setswitchinterval(SWITCH_INTERVAL)
    compute.FREEZE_GC = True
    return create_app(settings)
