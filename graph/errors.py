"""One exception hierarchy for everything a user can cause or meet.

::

    QuartiernetzError
    ├── InvalidInputError          bad records: a list of Problems, nothing was written
    │   └── TooLargeError          a file over a configured limit (size, unpacked size, rows)
    ├── NotFoundError              an id that is not in the store
    ├── ConflictError              the change would break something that exists (in use, duplicate)
    ├── PreconditionFailedError    someone else changed the record since it was read (If-Match)
    ├── StoreUnavailableError      the database cannot be reached (retry later)
    │   └── StoreBusyError         another write holds the lock longer than we wait (retry later)
    └── StoreSchemaError           the database file is not ours, or is newer than this code

Every message says what is wrong, where (file, line, column, record, id, field) and what to do, in
German by default (see :mod:`graph.i18n`). Lower-level exceptions (sqlite3, neo4j, pydantic) are
translated once, at the store boundary, with ``raise ... from exc``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graph.i18n import say, translate, word


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record (or one cell of a file).

    ``record`` is ``actor``, ``tie``, ``area`` or ``topic``; ``index`` is the position in the
    batch (0-based); ``id`` the record's id where known; ``field`` the field at fault. Loaders
    fill ``file``, ``line`` (as a spreadsheet user counts) and ``column``.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    record: str | None = None
    index: int | None = None
    id: str | None = None
    field: str | None = None
    file: str | None = None
    line: int | None = None
    column: str | None = None

    def message(self, lang: str | None = None) -> str:
        """The sentence alone, without the location."""
        return translate(self.code, self.params, lang)

    def location(self, lang: str | None = None) -> str:
        """Where: ``file:line: column`` for files, else ``Akteur «id» (Eintrag 3), Feld name``."""
        if self.file is not None:
            parts = [self.file]
            if self.line is not None:
                parts.append(str(self.line))
            loc = ":".join(parts)
            return f"{loc}: {self.column}" if self.column else loc
        bits: list[str] = []
        if self.record:
            who = word(self.record, lang)
            if self.id:
                who = say("with_id", lang, context="where", who=who, id=self.id)
            if self.index is not None:
                who = say("with_index", lang, context="where", who=who, index=self.index + 1)
            bits.append(who)
        if self.field:
            bits.append(say("field", lang, context="where", field=self.field))
        return ", ".join(bits)

    def render(self, lang: str | None = None) -> str:
        loc = self.location(lang)
        return f"{loc}: {self.message(lang)}" if loc else self.message(lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v not in (None, {})}
        data["message"] = self.message(lang)
        return data

    def __str__(self) -> str:
        return self.render()


class QuartiernetzError(Exception):
    """Base of every error Quartiernetz raises on purpose."""

    code = "error"

    def __init__(self, code: str | None = None, lang: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        self.lang = lang
        super().__init__(translate(self.code, params, lang))


class InvalidInputError(QuartiernetzError):
    """Records were rejected; ``problems`` lists every one, and nothing was written."""

    code = "batch_invalid"

    def __init__(self, problems: list[Problem], lang: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__("batch_invalid", lang=lang, count=len(self.problems))

    def __str__(self) -> str:
        head = translate("batch_invalid", {"count": len(self.problems)}, self.lang)
        return "\n".join([head, *("  " + p.render(self.lang) for p in self.problems)])


class TooLargeError(InvalidInputError):
    """Input over a configured limit (bytes, unpacked bytes, rows, cells): ``problems`` name the
    file and the limit; nothing was written. The API answers 413."""

    def __init__(self, problems: list[Problem], lang: str | None = None) -> None:
        super().__init__(problems, lang=lang)
        self.code = "too_large"

    def __str__(self) -> str:
        head = translate("too_large", {"count": len(self.problems)}, self.lang)
        return "\n".join([head, *("  " + p.render(self.lang) for p in self.problems)])


class NotFoundError(QuartiernetzError):
    code = "not_found"

    def __init__(self, record: str, id: str, lang: str | None = None) -> None:
        self.record = record
        self.id = id
        super().__init__("not_found", lang=lang, what=word(record, lang), id=id)


class ConflictError(QuartiernetzError):
    code = "in_use"


class StoreUnavailableError(QuartiernetzError):
    code = "store_unavailable"
    retry_after = 5


class PreconditionFailedError(QuartiernetzError):
    """The record changed since the client read it (its ``If-Match`` version is stale);
    nothing was written."""

    code = "precondition_failed"

    def __init__(self, record: str, id: str, lang: str | None = None) -> None:
        self.record = record
        self.id = id
        super().__init__("precondition_failed", lang=lang, what=word(record, lang), id=id)


class StoreBusyError(StoreUnavailableError):
    """Another write held the database's write lock for longer than ``seconds``; nothing was
    written. Try again in a moment."""

    code = "store_busy"
    retry_after = 2


class StoreSchemaError(QuartiernetzError):
    code = "not_a_database"


# -- needs (Anliegen): appended by h/needs ------------------------------------------------------


class StepNotAllowedError(InvalidInputError):
    """A need's status step that its life does not allow (``neu`` -> ``erledigt``,
    ``erledigt`` -> ``neu``): the one problem (code ``need_step_not_allowed``, field
    ``status``) names the statuses from and to and the steps allowed from there; nothing was
    written. The API answers 422, the command line exits with 1."""

    def __init__(self, need_id: str, from_status: str, to_status: str, allowed: list[str],
                 lang: str | None = None) -> None:
        self.from_status, self.to_status, self.allowed = from_status, to_status, list(allowed)
        code = "need_step_not_allowed" if allowed else "need_step_final"
        def status(value: str) -> dict[str, Any]:  # as graph.model.needs.status_words makes it
            return {"code": value, "params": {}, "context": "need_status"}

        params = {"from_status": status(from_status), "to_status": status(to_status),
                  "allowed": {"items": [status(s) for s in allowed]}}
        super().__init__([Problem(code, params, record="need", id=need_id, field="status")],
                         lang=lang)


# -- surveys (Umfragen): appended by h/survey-store ---------------------------------------------


class GoneError(QuartiernetzError):
    """A survey link of a campaign that was closed or whose last day (``until``) has passed:
    the link was valid, but answers are no longer accepted. The API answers 410."""

    code = "survey_closed"
