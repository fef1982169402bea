"""The record reads of :class:`~graph.store.base.Store`: one actor, tie, area or topic by id,
all areas and topics, an area with its sub-areas, pages of actors and ties by filter, and the
counts (:meth:`RecordReads.stats`).

:class:`RecordReads` builds them on the primitive reads an implementation provides
(``_get``, ``_all``, ``_query_actors``, ``_query_ties``, ``version``); the snapshot, which also
reads the memory and the surveys, stays in :class:`~graph.store.base.Store`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

from graph.errors import NotFoundError
from graph.model import Actor, ActorKind, Area, Sector, Tie, TieKind, Topic, search_key
from graph.store.records import MAX_PAGE, Page, enum_values
from graph.validation import descendants


class RecordReads(ABC):
    """Reading the four record types; see the module docstring."""

    # -- primitives for implementations ---------------------------------------------------
    @abstractmethod
    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    def _all(self, record: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def version(self) -> int: ...

    @abstractmethod
    def _query_actors(
        self,
        *,
        kinds: list[str] | None,
        sectors: list[str] | None,
        areas: list[str] | None,
        topics: list[str] | None,
        text: str | None,
        offset: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """Matching actors ordered by name then id, and the total count."""

    @abstractmethod
    def _query_ties(
        self, *, actor: str | None, kinds: list[str] | None, offset: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]: ...

    # -- reads -------------------------------------------------------------------------------
    def get_actor(self, actor_id: str) -> Actor:
        return Actor.model_validate(self._get_one("actor", actor_id))

    def get_tie(self, tie_id: str) -> Tie:
        return Tie.model_validate(self._get_one("tie", tie_id))

    def get_area(self, area_id: str) -> Area:
        return Area.model_validate(self._get_one("area", area_id))

    def get_topic(self, topic_id: str) -> Topic:
        return Topic.model_validate(self._get_one("topic", topic_id))

    def _get_one(self, record: str, record_id: str) -> dict[str, Any]:
        found = self._get(record, [record_id]).get(record_id)
        if found is None:
            raise NotFoundError(record, record_id)
        return found

    def areas(self) -> list[Area]:
        return sorted((Area.model_validate(r) for r in self._all("area")), key=lambda a: a.id)

    def topics(self) -> list[Topic]:
        return sorted((Topic.model_validate(r) for r in self._all("topic")), key=lambda t: t.id)

    def area_and_below(self, area_id: str) -> set[str]:
        """The area and all its sub-areas (through parent and covers). NotFoundError if unknown."""
        rows = self._all("area")
        if not any(r["id"] == area_id for r in rows):
            raise NotFoundError("area", area_id)
        return descendants(rows, area_id)

    def list_actors(
        self,
        *,
        kind: str | Iterable[str] | None = None,
        sector: str | Iterable[str] | None = None,
        area: str | Iterable[str] | None = None,
        topic: str | Iterable[str] | None = None,
        q: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """Actors matching every given filter, ordered by name, one page at a time.

        ``area`` (one id or several) includes the sub-areas; ``q`` is free text that ignores case and accents
        ("hongg" and "hoengg" find "Höngg"); ``kind``/``sector`` accept ids or German labels.
        """
        kinds = enum_values(ActorKind, kind)
        sectors = enum_values(Sector, sector)
        topics = [topic] if isinstance(topic, str) else (list(topic) if topic else None)
        if not area:
            areas = None
        else:
            wanted = [area] if isinstance(area, str) else list(area)
            areas = sorted(set().union(*(self.area_and_below(a) for a in wanted)))
        text = search_key(q) if q and q.strip() else None
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._query_actors(kinds=kinds, sectors=sectors, areas=areas, topics=topics,
                                         text=text, offset=offset, limit=limit)
        return Page([Actor.model_validate(r) for r in rows], total, offset, limit)

    def list_ties(
        self,
        *,
        actor: str | None = None,
        kind: str | Iterable[str] | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """Ties (of one actor, of some kinds), ordered by id, one page at a time."""
        kinds = enum_values(TieKind, kind)
        offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
        rows, total = self._query_ties(actor=actor, kinds=kinds, offset=offset, limit=limit)
        return Page([Tie.model_validate(r) for r in rows], total, offset, limit)

    def stats(self) -> dict[str, Any]:
        """Counts: actors by kind, ties by kind, areas, topics, and the version."""
        actors: dict[str, int] = dict.fromkeys((k.value for k in ActorKind), 0)
        for row in self._all("actor"):
            actors[row["kind"]] += 1
        ties: dict[str, int] = dict.fromkeys((k.value for k in TieKind), 0)
        for row in self._all("tie"):
            ties[row["kind"]] += 1
        return {
            "actors": actors,
            "ties": ties,
            "areas": len(self._all("area")),
            "topics": len(self._all("topic")),
            "version": self.version(),
        }
