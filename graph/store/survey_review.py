"""The coordinator's side of the surveys: perspectives, reconciliation, the review of
proposals, erasure and the survey ties of an analysis (a part of
:class:`~graph.store.surveys.SurveyStore`, which holds the campaigns, links and answers).

Nothing a respondent says changes a tie: :meth:`SurveyReview.perspectives` shows the assertions
beside the recorded tie; only :meth:`SurveyReview.reconcile` writes the tie, with its provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from graph.errors import ConflictError, InvalidInputError, NotFoundError, Problem
from graph.model import TieKind, tie_id
from graph.model.surveys import MAX_WEIGHT, MIN_WEIGHT, Survey
from graph.store.audit import ERASED, Audit, entry
from graph.store.records import WriteOps
from graph.store.survey_rules import (
    SurveyOps,
    assertions,
    local_day,
    pair_key,
    perspectives,
    proposals,
)
from graph.store.writes import write_batch
from graph.validation import parse_batch

T = TypeVar("T")

DECISIONS = ("accept", "set", "reject")


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def answer_id(survey_id: str, actor: str) -> str:
    """The audit log's record id of an answer: ``survey:actor``."""
    return f"{survey_id}:{actor}"


class SurveyReview:
    """Perspectives, reconciliation, proposals, erasure (mixed into SurveyStore)."""

    # provided by Store, SurveyStore and the implementation
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T:
        raise NotImplementedError

    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    def _survey_ops(self, ops: WriteOps) -> SurveyOps:
        raise NotImplementedError

    def _survey_read(self, fn: Callable[[SurveyOps], T]) -> T:
        raise NotImplementedError

    def get_survey(self, survey_id: str) -> Survey:
        raise NotImplementedError

    def list_surveys(self) -> list[Survey]:
        raise NotImplementedError

    @staticmethod
    def _survey_in(so: SurveyOps, survey_id: str) -> Survey:
        raise NotImplementedError

    # -- perspectives and reconciliation -----------------------------------------------------
    def perspectives(self, survey_id: str) -> list[dict[str, Any]]:
        """One entry per pair and kind named in a submitted answer (cooperation unordered,
        ``source < target``; the other kinds directed as named), sorted by source, target and
        kind: ``{source, target, kind, tie, assertions, status}``. ``tie`` is the recorded tie
        (``{id, weight, method, asserted_by, asserted_on}``) or None; ``assertions`` each
        ``{asserted_by, kind, weight, asserted_on, frequency, since, state}``; ``status``
        ``open``, ``reconciled`` or ``rejected`` (a revision after the decision opens it)."""
        self.get_survey(survey_id)
        answers, decisions = self._survey_read(
            lambda so: (so.answers(survey_id, None), so.decisions(survey_id)))
        found = assertions(answers, decisions)
        ties = self._get("tie", [tie_id(k, s, t) for s, t, k in found])
        by_key = {d["key"]: d for d in decisions}
        return perspectives(found, ties, by_key)

    def reconcile(self, survey_id: str, source: str, target: str, kind: str, *, decision: str,
                  asserted_by: str | None = None, weight: int | None = None, audit: Audit,
                  now: datetime | None = None) -> dict[str, Any]:
        """Decide one pair: ``accept`` takes the weight of ``asserted_by``'s assertion (the tie
        then says ``asserted_by`` that actor, ``asserted_on`` its answer's day), ``set`` the
        coordinator's ``weight`` 1..5 (``asserted_by`` the account, today), ``reject`` changes
        no tie. Accept and set create or update the tie with ``method`` survey, in the same
        transaction as the decision. Returns the pair's perspective afterwards.

        NotFoundError if no submitted answer names the pair; InvalidInputError for an unknown
        decision, an ``asserted_by`` without an assertion there, a weight outside 1..5."""
        stamp = _now(now)
        try:
            kind = TieKind.parse(kind).value
        except Exception as exc:
            raise InvalidInputError([Problem("unknown_choice", {"value": str(kind), "allowed": ", ".join(
                k.value for k in TieKind)}, record="survey_decision", field="kind")]) from exc
        source, target, kind = pair_key(kind, source, target)
        key = tie_id(kind, source, target)
        if decision not in DECISIONS:
            raise InvalidInputError([Problem("unknown_choice", {
                "value": str(decision), "allowed": ", ".join(DECISIONS)},
                record="survey_decision", id=key, field="decision")])

        def work(ops: WriteOps) -> dict[str, Any]:
            so = self._survey_ops(ops)
            self._survey_in(so, survey_id)
            decisions = so.decisions(survey_id)
            items = assertions(so.answers(survey_id, None), decisions).get(
                (source, target, kind))
            if not items:
                raise NotFoundError("survey_perspective", key)
            stored = ops.fetch("tie", [key]).get(key)
            row: dict[str, Any] = {"survey": survey_id, "key": key, "source": source,
                                   "target": target, "kind": kind, "decision": decision,
                                   "by": audit.user, "at": stamp.isoformat(),
                                   "asserted_by": None, "weight": None}
            if decision != "reject":
                if decision == "accept":
                    chosen = next((a for a in items if a["asserted_by"] == asserted_by), None)
                    if chosen is None:
                        raise InvalidInputError([Problem(
                            "survey_no_assertion", {"id": str(asserted_by)},
                            record="survey_decision", id=key, field="asserted_by")])
                    value, by, on = chosen["weight"], chosen["asserted_by"], chosen["asserted_on"]
                    since = chosen.get("since")
                else:
                    if type(weight) is not int or not MIN_WEIGHT <= weight <= MAX_WEIGHT:
                        raise InvalidInputError([Problem(
                            "weight_range", {"value": str(weight), "min": str(MIN_WEIGHT),
                                             "max": str(MAX_WEIGHT)},
                            record="survey_decision", id=key, field="weight")])
                    value, by, on, since = weight, audit.user, local_day(stamp).isoformat(), None
                tie = ({k: v for k, v in stored.items()
                        if k not in ("id", "directed", "sector", "created_at", "updated_at")}
                       if stored else {"source": source, "target": target, "kind": kind,
                                       "since": since})
                tie.update({"weight": value, "method": "survey", "asserted_by": by,
                            "asserted_on": on})
                parsed, problems = parse_batch({"ties": [tie]})
                write_batch(ops, parsed, problems, stamp.isoformat(), mode="upsert", guard=None,
                            audit=audit, dry_run=False)
                row.update({"asserted_by": by, "weight": value})
            so.put_decision(row)
            ops.append_audit([entry(stamp.isoformat(), audit, "survey_decision",
                                    f"{survey_id}:{key}", None, row)])
            ties = ops.fetch("tie", [key])
            return perspectives({(source, target, kind): items}, ties, {key: row})[0]

        return self._run_write(work)

    # -- proposals -----------------------------------------------------------------------------
    def proposals(self, survey_id: str) -> list[dict[str, Any]]:
        """New actors proposed in submitted answers ("nicht in der Liste", ``type`` actor) and
        corrections of a respondent's own record (``type`` record, ``fields`` the correction):
        ``{id, type, name, proposed_by, survey, status, kinds, fields, actor}``, ``status``
        ``open``, ``accepted`` or ``rejected`` (``actor``: the actor made or corrected)."""
        self.get_survey(survey_id)
        return self._survey_read(lambda so: self._proposals_in(so, survey_id))

    def _proposals_in(self, so: SurveyOps, survey_id: str,
                      fetch: Callable[[str, list[str]], dict[str, dict[str, Any]]] | None = None,
                      ) -> list[dict[str, Any]]:
        answers = so.answers(survey_id, None)
        by = sorted({a["actor"] for a in answers})
        actors = (fetch or self._get)("actor", by)
        return proposals(survey_id, answers, actors, {d["key"]: d for d in
                                                      so.decisions(survey_id)})

    def decide_proposal(self, proposal_id: str, accept: bool, *,
                        actor_fields: Mapping[str, Any] | None = None, audit: Audit,
                        now: datetime | None = None) -> dict[str, Any]:
        """Accept or reject a proposal. Accepting a new actor creates it from the proposed
        name and ``actor_fields`` (``kind`` required; ``id``, areas, topics, ... optional), and
        the respondents' assertions about it count from then on; accepting a record
        correction writes the name, areas and topics to the actor. One transaction; the
        proposal afterwards. NotFoundError for an unknown id, ConflictError if decided."""
        stamp = _now(now)
        surveys = [s.id for s in self.list_surveys()]

        def work(ops: WriteOps) -> dict[str, Any]:
            so = self._survey_ops(ops)
            found = None
            for sid in surveys:
                found = next((p for p in self._proposals_in(so, sid, ops.fetch)
                              if p["id"] == proposal_id), None)
                if found is not None:
                    break
            if found is None:
                raise NotFoundError("survey_proposal", proposal_id)
            if found["status"] != "open":
                raise ConflictError("survey_proposal_decided", id=proposal_id)
            made = None
            if accept:
                made = self._accept_proposal(ops, found, dict(actor_fields or {}), stamp, audit)
            row = {"survey": found["survey"], "key": "proposal:" + proposal_id,
                   "source": found["proposed_by"], "target": made,
                   "decision": "accepted" if accept else "rejected", "by": audit.user,
                   "at": stamp.isoformat(), "actor": made}
            so.put_decision(row)
            ops.append_audit([entry(stamp.isoformat(), audit, "survey_proposal", proposal_id,
                                    None, row)])
            return {**found, "status": row["decision"], "actor": made}

        return self._run_write(work)

    @staticmethod
    def _accept_proposal(ops: WriteOps, found: dict[str, Any], fields: dict[str, Any],
                         stamp: datetime, audit: Audit) -> str:
        if found["type"] == "record":
            stored = ops.fetch("actor", [found["proposed_by"]])[found["proposed_by"]]
            row = {k: v for k, v in stored.items() if k not in ("sector", "created_at",
                                                                "updated_at")}
            row.update(found["fields"])
            mode = "update"
        else:
            if not fields.get("kind"):
                raise InvalidInputError([Problem("missing", {}, record="survey_proposal",
                                                 id=found["id"], field="actor_fields.kind")])
            row = {"name": found["name"], **fields}
            mode = "create"
        parsed, problems = parse_batch({"actors": [row]})
        write_batch(ops, parsed, problems, stamp.isoformat(), mode=mode, guard=None, audit=audit,
                    dry_run=False)
        return str(parsed.of("actor")[0].id)

    # -- erasure -------------------------------------------------------------------------------
    def erase_answers(self, survey_id: str, actor: str, *, audit: Audit,
                      now: datetime | None = None) -> None:
        """Erase one actor's answer in a survey on request: the answer goes, and its audit
        entries keep only that it existed (``before``/``after`` :data:`ERASED`)."""
        stamp = _now(now)

        def work(ops: WriteOps) -> None:
            so = self._survey_ops(ops)
            self._survey_in(so, survey_id)
            rows = so.answers(survey_id, actor)
            if not rows:
                raise NotFoundError("survey_answer", answer_id(survey_id, actor))
            self._erase_answer(ops, so, rows[0])
            ops.append_audit([entry(stamp.isoformat(), audit, "survey_answer",
                                    answer_id(survey_id, actor), None, None)])

        self._run_write(work)

    @staticmethod
    def _erase_answer(ops: WriteOps, so: SurveyOps, row: dict[str, Any]) -> None:
        so.delete_answer(row["survey"], row["actor"])
        ops.rewrite_audit("survey_answer", answer_id(row["survey"], row["actor"]),
                          lambda e: {**e, "before": None if e.get("before") is None else ERASED,
                                     "after": None if e.get("after") is None else ERASED})
        ops.forget(_texts(row))

    def _on_actor_deleted(self, ops: WriteOps, actor_id: str, stamp: str,
                          audit: Audit | None) -> None:
        """Called by :meth:`Store.delete` in its transaction when an actor goes: its invites,
        its answers (erased, in the audit log too), every partner entry naming it in other
        answers (there and in their audit entries), and the decisions about it. The surveys
        no longer list it among the invited."""
        chained = getattr(super(), "_on_actor_deleted", None)
        if chained is not None:
            chained(ops, actor_id, stamp, audit)
        so = self._survey_ops(ops)
        for row in so.answers_naming(actor_id):
            if row["actor"] == actor_id:
                self._erase_answer(ops, so, row)
                continue
            kept = [p for p in row["partners"] if p.get("actor") != actor_id]
            so.put_answer({**row, "partners": kept})
            ops.rewrite_audit("survey_answer", answer_id(row["survey"], row["actor"]),
                              _without_partner(actor_id))
        so.delete_invites_of(actor_id)
        so.delete_decisions_naming(actor_id)
        for row in so.surveys(None):
            if actor_id in row["actors"]:
                so.put_survey({**row, "actors": [a for a in row["actors"] if a != actor_id]})

    # -- analyses on survey answers -----------------------------------------------------------
    def _with_survey(self, ties: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Tie rows plus one per pair and kind that submitted answers assert, that no decision
        rejected or reconciled and that has no recorded tie: ``method`` survey, ``survey``
        True, ``weight`` the mean of the assertions (of every survey), ``asserted_by`` the
        asserting actors."""
        answers, decisions = self._survey_read(
            lambda so: (so.answers(None, None), so.decisions(None)))
        if not answers:
            return ties
        have = {t["id"] for t in ties}
        found: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for sid in sorted({a["survey"] for a in answers}):
            mine = [d for d in decisions if d["survey"] == sid]
            by_key = {d["key"]: d for d in mine}
            for entry_ in perspectives(assertions([a for a in answers if a["survey"] == sid],
                                                  mine), {}, by_key):
                if entry_["status"] == "open":
                    pair = (entry_["source"], entry_["target"], entry_["kind"])
                    found.setdefault(pair, []).extend(entry_["assertions"])
        for (source, target, kind), items in sorted(found.items()):
            key = tie_id(kind, source, target)
            if key in have:
                continue
            weights = [a["weight"] for a in items]
            ties.append({"id": key, "source": source, "target": target, "kind": kind,
                         "weight": sum(weights) / len(weights), "since": None, "until": None,
                         "asserted_by": ", ".join(sorted({a["asserted_by"] for a in items})),
                         "method": "survey", "asserted_on": max(a["asserted_on"] for a in items),
                         "note": "", "survey": True})
        return ties



def _texts(row: Mapping[str, Any]) -> set[str]:
    """The free text of an answer (proposed names, the record's name): forgotten on erasure."""
    found = {p["proposed_name"] for p in row.get("partners") or [] if p.get("proposed_name")}
    if row.get("record"):
        found.add(row["record"]["name"])
    return found


def _without_partner(actor_id: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def fn(audit_entry: dict[str, Any]) -> dict[str, Any]:
        out = dict(audit_entry)
        for side in ("before", "after"):
            row = audit_entry.get(side)
            if isinstance(row, dict):
                out[side] = {**row, "partners": [p for p in row.get("partners") or []
                                                 if p.get("actor") != actor_id]}
        return out

    return fn


__all__ = ["DECISIONS", "SurveyReview", "answer_id"]
