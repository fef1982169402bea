"""Pure helpers of the surveys (no I/O): link tokens, field-named problems, perspectives and
proposals built from stored rows (:mod:`graph.store.surveys` reads the rows and writes).

Tokens: ``qs_`` + URL-safe base64 (no padding) of HMAC-SHA256(key, ``survey|actor|nonce``).
The store keeps the nonce and the SHA-256 of the token only, so the links can be made again by
whoever holds the key, and a copy of the database reveals no link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol

from pydantic import ValidationError
from pydantic_core import core_schema

from graph.errors import Problem
from graph.model import TieKind, tie_id
from graph.validation import _problems_from_pydantic

_BUILTIN = set(core_schema.ErrorType.__args__)  # type: ignore[attr-defined]

#: The prefix of a survey token (tells it apart from an API account's token).
TOKEN_PREFIX = "qs_"
#: A token is 3 + 43 characters; anything much longer is not looked up.
MAX_TOKEN = 100


def local_day(stamp: datetime) -> date:
    """The day in Zurich at ``stamp`` (a survey's ``until`` is a local day); UTC's where the
    system has no time zone data."""
    try:
        from zoneinfo import ZoneInfo

        return stamp.astimezone(ZoneInfo("Europe/Zurich")).date()
    except (ImportError, LookupError, OSError):
        return stamp.astimezone(UTC).date()


def new_nonce() -> str:
    return secrets.token_hex(16)


def make_token(key: bytes, survey_id: str, actor: str, nonce: str) -> str:
    mac = hmac.new(key, f"{survey_id}|{actor}|{nonce}".encode(), hashlib.sha256).digest()
    return TOKEN_PREFIX + base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def field_name(loc: Iterable[Any]) -> str:
    """pydantic's location as the API names a field: ``("partners", 2, "weight")`` ->
    ``partners[2].weight``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


#: Problem codes of the survey model kept as they are (others as graph.validation maps them).
OWN_CODES = frozenset({"survey_partner_one"})


def problems_of(exc: ValidationError, record: str, record_id: str | None) -> list[Problem]:
    """A pydantic error as our problems, each naming its field like ``partners[2].weight``."""
    out = []
    for err in exc.errors():
        field = field_name(err["loc"]) or None
        if err["type"] in OWN_CODES:
            code, params = err["type"], {k: str(v) for k, v in (err.get("ctx") or {}).items()}
        else:
            one = ValidationError.from_exception_data(exc.title, [_raw(err)])
            found = _problems_from_pydantic(one, record, 0, {})
            if not found:
                continue
            code, params = found[0].code, found[0].params
        out.append(Problem(code, params, record=record, id=record_id, field=field))
    return out


def _raw(err: Any) -> Any:
    """One error of ``exc.errors()`` in the shape ``from_exception_data`` takes back."""
    raw = {"type": err["type"], "loc": err["loc"], "input": err.get("input")}
    if err.get("ctx"):
        raw["ctx"] = err["ctx"]
    if err["type"] not in _BUILTIN:
        from pydantic_core import PydanticCustomError

        raw["type"] = PydanticCustomError(err["type"], err["msg"], err.get("ctx"))
    return raw


def pair_key(kind: str, source: str, target: str) -> tuple[str, str, str]:
    """(source, target, kind) of a named tie: cooperation unordered (ends sorted), the other
    kinds directed as named."""
    if kind == TieKind.cooperates_with.value and source > target:
        source, target = target, source
    return source, target, kind


def proposal_id(survey_id: str, by: str, what: str) -> str:
    """A stable id of a proposal (the same name proposed again keeps its id and decision)."""
    text = f"{survey_id}|{by}|{what.casefold().strip()}"
    return "vorschlag-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def accepted_actors(decisions: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """proposal id -> the actor created for it (accepted proposals of new actors)."""
    return {d["key"].removeprefix("proposal:"): d["actor"] for d in decisions
            if d["key"].startswith("proposal:") and d.get("decision") == "accepted"
            and d.get("actor")}


def assertions(answers: Iterable[Mapping[str, Any]],
               decisions: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str, str],
                                                                list[dict[str, Any]]]:
    """Every assertion of the submitted answers by pair and kind (a proposed partner counts once
    its proposal was accepted, as the actor made for it)."""
    made = accepted_actors(decisions)
    out: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for answer in answers:
        if answer["state"] != "submitted":
            continue
        by = answer["actor"]
        on = local_day(_time(answer.get("submitted_on") or answer["saved_on"])).isoformat()
        for partner in answer["partners"]:
            other = partner.get("actor")
            if other is None:
                other = made.get(proposal_id(answer["survey"], by, partner["proposed_name"]))
                if other is None or other == by:
                    continue
            key = pair_key(partner["kind"], by, other)
            out.setdefault(key, []).append({
                "asserted_by": by, "kind": partner["kind"], "weight": partner["weight"],
                "asserted_on": on, "frequency": partner.get("frequency"),
                "since": partner.get("since"), "state": answer["state"],
                "_at": answer.get("submitted_on") or answer["saved_on"]})
    for found in out.values():
        found.sort(key=lambda a: a["asserted_by"])
    return out


def decision_status(decision: Mapping[str, Any] | None, found: list[dict[str, Any]]) -> str:
    """``reconciled`` or ``rejected`` if decided after the latest assertion, else ``open`` (an
    answer revised after the decision opens the pair again)."""
    if decision is None:
        return "open"
    latest = max((_time(a["_at"]) for a in found), default=None)
    if latest is not None and latest > _time(decision["at"]):
        return "open"
    return "rejected" if decision["decision"] == "reject" else "reconciled"


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def tie_view(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row["id"], "weight": row.get("weight"), "method": row.get("method"),
            "asserted_by": row.get("asserted_by"), "asserted_on": row.get("asserted_on")}


def perspectives(found: Mapping[tuple[str, str, str], list[dict[str, Any]]],
                 ties: Mapping[str, Mapping[str, Any]],
                 decisions: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One entry per pair and kind (see :meth:`~graph.store.surveys.SurveyStore.perspectives`)."""
    out = []
    for (source, target, kind), items in sorted(found.items()):
        key = tie_id(kind, source, target)
        out.append({"source": source, "target": target, "kind": kind,
                    "tie": tie_view(ties.get(key)),
                    "assertions": [{k: v for k, v in a.items() if k != "_at"} for a in items],
                    "status": decision_status(decisions.get(key), items)})
    return out


def proposals(survey_id: str, answers: Iterable[Mapping[str, Any]],
              actors: Mapping[str, Mapping[str, Any]],
              decisions: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """New actors proposed (``nicht in der Liste``) and corrections of an actor's own record,
    from the submitted answers; each with its status (``open``, ``accepted``, ``rejected``)."""
    out: dict[str, dict[str, Any]] = {}
    for answer in answers:
        if answer["state"] != "submitted":
            continue
        by = answer["actor"]
        for partner in answer["partners"]:
            name = partner.get("proposed_name")
            if not name:
                continue
            pid = proposal_id(survey_id, by, name)
            item = out.setdefault(pid, {"id": pid, "type": "actor", "name": name,
                                        "proposed_by": by, "survey": survey_id, "kinds": [],
                                        "fields": None})
            item["kinds"].append(partner["kind"])
        record = answer.get("record")
        stored = actors.get(by)
        pid = proposal_id(survey_id, by, "record")
        if record and stored is not None and (_differs(record, stored)
                                              or "proposal:" + pid in decisions):
            out[pid] = {"id": pid, "type": "record", "name": record["name"], "proposed_by": by,
                        "survey": survey_id, "kinds": [], "fields": dict(record)}
    for pid, item in out.items():
        decision = decisions.get("proposal:" + pid)
        item["status"] = decision["decision"] if decision else "open"
        item["actor"] = decision.get("actor") if decision else None
    return sorted(out.values(), key=lambda p: (p["proposed_by"], p["type"], p["name"], p["id"]))


def _differs(record: Mapping[str, Any], actor: Mapping[str, Any]) -> bool:
    return (record["name"] != actor.get("name")
            or set(record.get("areas") or []) != set(actor.get("areas") or [])
            or set(record.get("topics") or []) != set(actor.get("topics") or []))


class SurveyOps(Protocol):
    """The survey rows of one store, inside a write transaction or a read."""

    def surveys(self, ids: list[str] | None) -> list[dict[str, Any]]:
        """Surveys by id (None: all), as stored (JSON-ready dicts)."""
        ...

    def put_survey(self, row: dict[str, Any]) -> None: ...

    def invites(self, survey_id: str) -> list[dict[str, Any]]:
        """``{survey, actor, nonce, token_hash}`` (token_hash None until the key made it)."""
        ...

    def invite_by_hash(self, token_hash: str) -> dict[str, Any] | None: ...

    def put_invites(self, rows: list[dict[str, Any]]) -> None: ...

    def delete_invites_of(self, actor: str) -> None: ...

    def answers(self, survey_id: str | None, actor: str | None) -> list[dict[str, Any]]:
        """Answers of a survey (None: every survey), of one actor or all, by survey and actor."""
        ...

    def answers_naming(self, actor: str) -> list[dict[str, Any]]:
        """Every answer by ``actor`` or naming it as a partner."""
        ...

    def put_answer(self, row: dict[str, Any]) -> None: ...

    def delete_answer(self, survey_id: str, actor: str) -> None: ...

    def decisions(self, survey_id: str | None) -> list[dict[str, Any]]:
        """``{survey, key, source, target, decision, by, at, ...}``; None: every survey."""
        ...

    def put_decision(self, row: dict[str, Any]) -> None: ...

    def delete_decisions_naming(self, actor: str) -> None: ...
