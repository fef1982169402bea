"""``quartiernetz serve``: the graph browser and the HTTP API, with uvicorn."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.common import Commands, state
from graph.config import Settings
from graph.i18n import plural

commands = Commands()


@commands.command()
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
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{shown}:{port}"
    typer.echo(plural("serving", workers, context="cli", base=base, store=settings.store))
    if workers == 1:
        uvicorn.run(served_app(settings), host=host, port=port, log_level="info", access_log=False)
        return
    # Worker processes build their own app from the environment: pass on what the options chose.
    os.environ.update({"QUARTIERNETZ_DB": str(settings.db), "QUARTIERNETZ_STORE": settings.store,
                       "QUARTIERNETZ_LANG": settings.lang})
    uvicorn.run("api.cli.serve:served_app", factory=True, host=host, port=port, workers=workers,
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
    return create_app(settings, warm=True)
