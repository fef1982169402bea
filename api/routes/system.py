"""``/health`` (is the store reachable, and how fast) and ``/version``; no token needed."""

from __future__ import annotations

import time

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import Run, StoreDep
from api.errors import problems
from api.schemas import Health, VersionInfo
from graph.analysis._kernels import kernel_name
from graph.config import package_version

router = APIRouter(tags=["system"], responses=problems(503))


@router.get("/health", response_model=Health, summary="Is the store reachable?")
async def health(store: StoreDep, run: Run) -> dict:
    start = time.perf_counter()
    await run(store.ping)
    return {"status": "ok", "store": store.backend,
            "latency_ms": round((time.perf_counter() - start) * 1000, 3)}


LOGIN_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Quartiernetz: Anmeldung</title></head>
<body><p id="msg">Anmeldung …</p><script>
const token = new URLSearchParams(location.hash.slice(1)).get("token");
if (token) {
  localStorage.setItem("quartiernetz-token", token);
  localStorage.setItem("authorized", JSON.stringify({bearer: {name: "bearer",
    schema: {type: "http", scheme: "bearer"}, value: token}}));
  history.replaceState(null, "", location.pathname);
  location.replace("/docs");
} else {
  document.getElementById("msg").textContent =
    "Kein Token im Link. / No token in the link: /login#token=...";
}
</script></body></html>
"""


@router.get("/login", include_in_schema=False)
async def login() -> HTMLResponse:
    """Takes the token from the link's fragment (never sent to the server), keeps it in the
    browser and opens the API documentation, already authorised."""
    return HTMLResponse(LOGIN_PAGE, headers={"Cache-Control": "no-store"})


@router.get("/version", response_model=VersionInfo, summary="Versions of the service and the data")
async def version(store: StoreDep, run: Run) -> dict:
    return {"name": "quartiernetz", "version": package_version(), "api": "v1",
            "store": store.backend, "store_version": await run(store.version),
            "kernel": kernel_name()}
