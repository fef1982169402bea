"""Surveys in the Neo4j store: :class:`~graph.store.surveys.SurveyOps` over one transaction
(statements in :mod:`graph.store.neo4j.survey_queries`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import neo4j

from graph.store.neo4j import queries as q
from graph.store.records import WriteOps
from graph.store.surveys import SurveyOps

T = TypeVar("T")

#: The schema statements of surveys (run by Neo4jStore.init with the others).
SURVEY_SCHEMA = (q.CREATE_SURVEY_ID, q.CREATE_SURVEY_INVITE_KEY, q.CREATE_SURVEY_INVITE_HASH,
                 q.CREATE_SURVEY_INVITE_ACTOR, q.CREATE_SURVEY_ANSWER_KEY,
                 q.CREATE_SURVEY_ANSWER_SURVEY, q.CREATE_SURVEY_DECISION_KEY,
                 q.CREATE_SURVEY_DECISION_SURVEY)


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _data(result: Any) -> list[dict[str, Any]]:
    return [json.loads(r["data"]) for r in result]


def _invite(record: Any) -> dict[str, Any]:
    return {"survey": record["survey"], "actor": record["actor"], "nonce": record["nonce"],
            "token_hash": record["token_hash"]}


class Neo4jSurveyOps:
    """The survey rows in one transaction (a write's or a read's)."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx

    def surveys(self, ids: list[str] | None) -> list[dict[str, Any]]:
        if ids is None:
            return _data(self.tx.run(q.ALL_SURVEYS))
        return _data(self.tx.run(q.GET_SURVEYS, ids=ids))

    def put_survey(self, row: dict[str, Any]) -> None:
        self.tx.run(q.WRITE_SURVEY, row={"id": row["id"], "status": row["status"],
                                         "data": _dumps(row)}).consume()

    def invites(self, survey_id: str) -> list[dict[str, Any]]:
        return [_invite(r) for r in self.tx.run(q.SURVEY_INVITES, survey=survey_id)]

    def invite_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        found = [_invite(r) for r in self.tx.run(q.SURVEY_INVITE_BY_HASH, hash=token_hash)]
        return found[0] if found else None

    def put_invites(self, rows: list[dict[str, Any]]) -> None:
        props = [{"key": f"{r['survey']}|{r['actor']}", "survey": r["survey"],
                  "actor": r["actor"], "nonce": r["nonce"], "token_hash": r["token_hash"]}
                 for r in rows]
        if props:
            self.tx.run(q.WRITE_SURVEY_INVITES, rows=props).consume()

    def delete_invites_of(self, actor: str) -> None:
        self.tx.run(q.DELETE_SURVEY_INVITES_OF, actor=actor).consume()

    def answers(self, survey_id: str | None, actor: str | None) -> list[dict[str, Any]]:
        return _data(self.tx.run(q.SURVEY_ANSWERS, survey=survey_id, actor=actor))

    def answers_naming(self, actor: str) -> list[dict[str, Any]]:
        return _data(self.tx.run(q.SURVEY_ANSWERS_NAMING, actor=actor))

    def put_answer(self, row: dict[str, Any]) -> None:
        named = sorted({row["actor"]} | {p["actor"] for p in row["partners"] if p.get("actor")})
        self.tx.run(q.WRITE_SURVEY_ANSWER, row={
            "key": f"{row['survey']}|{row['actor']}", "survey": row["survey"],
            "actor": row["actor"], "state": row["state"], "named": named,
            "data": _dumps(row)}).consume()

    def delete_answer(self, survey_id: str, actor: str) -> None:
        self.tx.run(q.DELETE_SURVEY_ANSWER, key=f"{survey_id}|{actor}").consume()

    def decisions(self, survey_id: str | None) -> list[dict[str, Any]]:
        return _data(self.tx.run(q.SURVEY_DECISIONS, survey=survey_id))

    def put_decision(self, row: dict[str, Any]) -> None:
        self.tx.run(q.WRITE_SURVEY_DECISION, row={
            "key": f"{row['survey']}|{row['key']}", "survey": row["survey"],
            "source": row.get("source"), "target": row.get("target"),
            "data": _dumps(row)}).consume()

    def delete_decisions_naming(self, actor: str) -> None:
        self.tx.run(q.DELETE_SURVEY_DECISIONS_NAMING, actor=actor).consume()


class Neo4jSurveys:
    """The survey primitives over the driver (mixed into Neo4jStore)."""

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:  # Neo4jStore's
        raise NotImplementedError

    def _survey_ops(self, ops: WriteOps) -> SurveyOps:
        return Neo4jSurveyOps(ops.tx)  # type: ignore[attr-defined]

    def _survey_read(self, fn: Callable[[SurveyOps], T]) -> T:
        return self._read(lambda tx: fn(Neo4jSurveyOps(tx)))
