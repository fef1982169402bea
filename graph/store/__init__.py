"""Where the network is kept: :func:`open_store` picks SQLite (default) or Neo4j."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.store.base import ApplyResult, Counts, Page, Store

if TYPE_CHECKING:
    from graph.config import Settings

__all__ = ["ApplyResult", "Counts", "Page", "Store", "open_store"]


def open_store(settings: Settings) -> Store:
    """Open the store the settings name (``store``: ``sqlite`` or ``neo4j``); its writes wait
    at most ``write_wait`` seconds for another write's lock."""
    store: Store
    if settings.store == "neo4j":
        from graph.store.neo4j import Neo4jStore

        store = Neo4jStore.from_settings(settings)
    else:
        from graph.store.sqlite import SqliteStore

        store = SqliteStore(settings.db)
    store.lock_wait = settings.write_wait
    return store
