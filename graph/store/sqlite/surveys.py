"""Surveys in the SQLite store: :class:`~graph.store.surveys.SurveyOps` over one connection
(tables of migration 6, :mod:`graph.store.sqlite.schema`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from graph.store.records import WriteOps
from graph.store.sqlite.rows import dumps
from graph.store.surveys import SurveyOps

T = TypeVar("T")


def _json(rows: list[Any]) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in rows]


class SqliteSurveyOps:
    """The survey rows on one connection (a write transaction's, or a reader's)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def surveys(self, ids: list[str] | None) -> list[dict[str, Any]]:
        if ids is None:
            return _json(self.conn.execute("SELECT data FROM surveys ORDER BY id").fetchall())
        return _json(self.conn.execute(
            "SELECT data FROM surveys WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (json.dumps(ids),)).fetchall())

    def put_survey(self, row: dict[str, Any]) -> None:
        self.conn.execute("INSERT INTO surveys (id, status, data) VALUES (?, ?, ?) "
                          "ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
                          "data = excluded.data", (row["id"], row["status"], dumps(row)))

    def invites(self, survey_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT survey_id, actor_id, nonce, token_hash FROM "
                                 "survey_invites WHERE survey_id = ? ORDER BY actor_id",
                                 (survey_id,)).fetchall()
        return [{"survey": s, "actor": a, "nonce": n, "token_hash": h} for s, a, n, h in rows]

    def invite_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT survey_id, actor_id, nonce, token_hash FROM "
                                "survey_invites WHERE token_hash = ?", (token_hash,)).fetchone()
        if row is None:
            return None
        return {"survey": row[0], "actor": row[1], "nonce": row[2], "token_hash": row[3]}

    def put_invites(self, rows: list[dict[str, Any]]) -> None:
        self.conn.executemany(
            "INSERT INTO survey_invites (survey_id, actor_id, nonce, token_hash) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (survey_id, actor_id) DO UPDATE SET "
            "nonce = excluded.nonce, token_hash = excluded.token_hash",
            [(r["survey"], r["actor"], r["nonce"], r["token_hash"]) for r in rows])

    def delete_invites_of(self, actor: str) -> None:
        self.conn.execute("DELETE FROM survey_invites WHERE actor_id = ?", (actor,))

    def answers(self, survey_id: str | None, actor: str | None) -> list[dict[str, Any]]:
        where, params = [], []
        if survey_id is not None:
            where.append("survey_id = ?")
            params.append(survey_id)
        if actor is not None:
            where.append("actor_id = ?")
            params.append(actor)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return _json(self.conn.execute(
            f"SELECT data FROM survey_answers {clause} ORDER BY survey_id, actor_id",
            params).fetchall())

    def answers_naming(self, actor: str) -> list[dict[str, Any]]:
        return _json(self.conn.execute(
            "SELECT a.data FROM survey_answers a JOIN survey_answer_actors n "
            "ON n.survey_id = a.survey_id AND n.actor_id = a.actor_id WHERE n.named_id = ? "
            "ORDER BY a.survey_id, a.actor_id", (actor,)).fetchall())

    def put_answer(self, row: dict[str, Any]) -> None:
        key = (row["survey"], row["actor"])
        self.conn.execute("INSERT INTO survey_answers (survey_id, actor_id, state, data) "
                          "VALUES (?, ?, ?, ?) ON CONFLICT (survey_id, actor_id) DO UPDATE SET "
                          "state = excluded.state, data = excluded.data",
                          (*key, row["state"], dumps(row)))
        self.conn.execute("DELETE FROM survey_answer_actors WHERE survey_id = ? AND actor_id = ?",
                          key)
        named = {row["actor"]} | {p["actor"] for p in row["partners"] if p.get("actor")}
        self.conn.executemany("INSERT INTO survey_answer_actors (survey_id, actor_id, named_id) "
                              "VALUES (?, ?, ?)", [(*key, n) for n in sorted(named)])

    def delete_answer(self, survey_id: str, actor: str) -> None:
        self.conn.execute("DELETE FROM survey_answers WHERE survey_id = ? AND actor_id = ?",
                          (survey_id, actor))

    def decisions(self, survey_id: str | None) -> list[dict[str, Any]]:
        if survey_id is None:
            return _json(self.conn.execute(
                "SELECT data FROM survey_decisions ORDER BY survey_id, key").fetchall())
        return _json(self.conn.execute(
            "SELECT data FROM survey_decisions WHERE survey_id = ? ORDER BY key",
            (survey_id,)).fetchall())

    def put_decision(self, row: dict[str, Any]) -> None:
        self.conn.execute("INSERT INTO survey_decisions (survey_id, key, source, target, data) "
                          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (survey_id, key) DO UPDATE SET "
                          "source = excluded.source, target = excluded.target, "
                          "data = excluded.data",
                          (row["survey"], row["key"], row.get("source"), row.get("target"),
                           dumps(row)))

    def delete_decisions_naming(self, actor: str) -> None:
        self.conn.execute("DELETE FROM survey_decisions WHERE source = ? OR target = ?",
                          (actor, actor))


class SqliteSurveys:
    """The survey primitives over the store's connections (mixed into SqliteStore)."""

    def _reader(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by SqliteStore
        raise NotImplementedError

    def _survey_ops(self, ops: WriteOps) -> SurveyOps:
        return SqliteSurveyOps(ops.conn)  # type: ignore[attr-defined]

    def _survey_read(self, fn: Callable[[SurveyOps], T]) -> T:
        with self._reader() as conn:
            return fn(SqliteSurveyOps(conn))
