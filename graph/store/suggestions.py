"""Suggested ties: pairs of actors without a tie who keep meeting (the pair evidence of
:mod:`graph.store.meetings`), for a coordinator to confirm or dismiss; nothing is tied silently.

:class:`SuggestedTies` is the part of :class:`~graph.store.meetings.Memory` that lists, confirms
and dismisses them; it reads and writes through the memory primitives ``_memory_read`` and
``_memory_ops`` (``suggestable``, ``dismiss_pair``) the stores provide.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from graph.errors import NotFoundError
from graph.model import TieKind
from graph.model.meetings import suggestion_id
from graph.store.audit import Audit, entry
from graph.store.records import ApplyResult, WriteOps

T = TypeVar("T")

#: Encounters a pair of actors without a tie must share before a tie is suggested (default).
SUGGEST_AFTER = 3


@dataclass(frozen=True)
class Suggestion:
    """A tie the evidence suggests: ``evidence`` encounters of ``source`` and ``target``
    (sorted ends) since ``since``, the last on ``last_seen``; they have no tie."""

    id: str
    source: str
    target: str
    evidence: int
    since: str
    last_seen: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)



class SuggestedTies(ABC):
    """Listing, confirming and dismissing the ties the evidence suggests."""

    @abstractmethod
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T: ...

    @abstractmethod
    def _memory_ops(self, ops: WriteOps) -> Any: ...

    @abstractmethod
    def _memory_read(self, fn: Callable[[Any], T]) -> T: ...

    # -- suggested ties ----------------------------------------------------------------------
    def suggested_ties(self, *, min_evidence: int = SUGGEST_AFTER,
                       limit: int | None = None) -> list[Suggestion]:
        """Pairs of actors without a tie (of any kind, either way) that shared at least
        ``min_evidence`` encounters, and not dismissed since: most evidence first, then the
        latest, then by id; the first ``limit`` (None: all). Nothing is created:
        :meth:`confirm_suggestion` does that."""
        rows = self._memory_read(lambda m: m.suggestable(max(1, min_evidence), limit))
        out = [Suggestion(suggestion_id(r["a"], r["b"]), r["a"], r["b"], int(r["count"]),
                          r["first_seen"], r["last_seen"]) for r in rows]
        out.sort(key=lambda s: (-s.evidence, _neg_day(s.last_seen), s.source, s.target))
        return out if limit is None else out[:limit]

    def _suggestion(self, suggestion: str, min_evidence: int) -> Suggestion:
        for found in self.suggested_ties(min_evidence=min_evidence):
            if found.id == suggestion:
                return found
        raise NotFoundError("suggestion", suggestion)

    def confirm_suggestion(self, suggestion: str, *, account: str,
                           min_evidence: int = SUGGEST_AFTER, note: str = "",
                           guard: Callable[[list[Any]], None] | None = None,
                           audit: Audit | None = None,
                           now: datetime | None = None) -> ApplyResult:
        """Create the suggested ``cooperates_with`` tie, with provenance: method ``evidence``,
        asserted by ``account`` today, since the first shared encounter, ``note`` (the evidence
        in words: :func:`graph.analysis.evidence.evidence_text`); ``guard`` and ``audit`` as in
        :meth:`Store.apply`. NotFoundError if it is not
        (or no longer) suggested; ConflictError if the tie exists meanwhile."""
        found = self._suggestion(suggestion, min_evidence)
        today = (now or datetime.now(UTC)).astimezone(UTC).date()
        tie = {"source": found.source, "target": found.target, "kind": TieKind.cooperates_with.value,
               "method": "evidence", "asserted_by": account, "asserted_on": today.isoformat(),
               "since": found.since, "note": note}
        return self.apply({"ties": [tie]}, mode="create", guard=guard, audit=audit, now=now)  # type: ignore[attr-defined, no-any-return]

    def dismiss_suggestion(self, suggestion: str, *, min_evidence: int = SUGGEST_AFTER,
                           audit: Audit | None = None, now: datetime | None = None) -> Suggestion:
        """Dismiss a suggestion: it is not suggested again unless new evidence comes.
        NotFoundError if it is not suggested."""
        found = self._suggestion(suggestion, min_evidence)
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat()

        def work(ops: WriteOps) -> None:
            if self._memory_ops(ops).dismiss_pair(found.source, found.target) is None:
                raise NotFoundError("suggestion", suggestion)
            if audit is not None:
                ops.append_audit([entry(stamp, audit, "suggestion", found.id, found.to_dict(),
                                        None)])
            ops.bump_version()

        self._run_write(work)
        return found


def _neg_day(day: str) -> int:
    return -date.fromisoformat(day).toordinal()


__all__ = ["SUGGEST_AFTER", "SuggestedTies", "Suggestion"]
