"""The primitives of the network's memory (:mod:`graph.store.meetings`) that each store
implements in its own query language: :class:`MemoryOps`, the reads and writes of encounters and
pair evidence inside one transaction (:mod:`graph.store.sqlite.meetings`,
:mod:`graph.store.neo4j.meetings`). :class:`~graph.store.meetings.Memory` builds recording,
reading, evidence and suggestions on them.
"""

from __future__ import annotations

from typing import Any, Protocol


class MemoryOps(Protocol):
    """The primitives of the memory, inside one transaction (a read or a write)."""

    def insert_encounter(self, row: dict[str, Any]) -> None:
        """Store one encounter (its row as :func:`~graph.store.meetings._row` makes it)."""
        ...

    def add_pairs(self, pairs: list[tuple[str, str]], day: str) -> None:
        """One more encounter on ``day`` for each pair (sorted ends): count + 1, first and
        last day widened."""
        ...

    def insert_encounters(self, rows: list[dict[str, Any]]) -> None:
        """Store many encounters (rows as :func:`~graph.store.meetings._row` makes them; ids
        not stored yet), in as few statements as the store allows."""
        ...

    def add_pair_counts(self, rows: list[tuple[str, str, int, str, str]]) -> None:
        """``(a, b, count, first, last)`` for pairs (sorted ends, each once): ``count`` more
        encounters between ``first`` and ``last``; the stored first and last day widened."""
        ...

    def encounters_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored encounter rows of these ids (those that exist), by id."""
        ...

    def encounters(self, *, type: str | None, actor: str | None, forum: str | None,
                   since: str | None, until: str | None, offset: int,
                   limit: int) -> tuple[list[dict[str, Any]], int]:
        """Encounter rows matching every non-None filter, newest day first then id, and
        their total."""
        ...

    def encounter(self, encounter_id: str) -> dict[str, Any] | None:
        ...

    def suggestable(self, count: int, limit: int | None) -> list[dict[str, Any]]:
        """Pair evidence rows (``a, b, count, first_seen, last_seen, dismissed_at``) with at
        least ``count`` encounters, more than when they were dismissed (if they were), whose
        actors have no tie (of any kind, either way): the most encounters first, then the
        latest, then by ids; at most ``limit`` (None: all)."""
        ...

    def pairs_of(self, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """The pair evidence rows of these pairs (those that have any)."""
        ...

    def dismiss_pair(self, a: str, b: str) -> int | None:
        """Remember that the pair was dismissed at its current count; that count, or None."""
        ...

    def last_contact(self, actor_ids: list[str]) -> dict[str, str]:
        """The latest day each of these actors took part in an encounter (those that did)."""
        ...

    def encounters_of(self, actor_id: str) -> list[dict[str, Any]]:
        """Every encounter row the actor took part in."""
        ...

    def replace_encounters(self, rows: list[dict[str, Any]]) -> None:
        """Overwrite these stored encounters (the actors present and the data)."""
        ...

    def delete_encounters(self, ids: list[str]) -> None:
        ...

    def delete_pairs_of(self, actor_id: str) -> None:
        """Forget every pair evidence row with this actor."""
        ...
