"""``/health`` (is the store reachable, and how fast) and ``/version``; no token needed."""

from __future__ import annotations

import time

from fastapi import APIRouter

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


@router.get("/version", response_model=VersionInfo, summary="Versions of the service and the data")
async def version(store: StoreDep, run: Run) -> dict:
    return {"name": "quartiernetz", "version": package_version(), "api": "v1",
            "store": store.backend, "store_version": await run(store.version),
            "kernel": kernel_name()}
