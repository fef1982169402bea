"""Network surveys (Umfragen) kept beside the network: campaigns, personal links, the actors'
answers as assertions, the coordinator's reconciliation and the review of proposals.

:class:`SurveyStore` is the part of :class:`~graph.store.base.Store` that holds the rules; an
implementation provides :class:`SurveyOps` (the rows of surveys, invites, answers and
decisions) over a write transaction (:meth:`SurveyStore._survey_ops`) or a read
(:meth:`SurveyStore._survey_read`). Every write is one transaction with its audit entries.

Nothing a respondent says changes a tie: an answer is a set of assertions (``method`` survey,
``asserted_by`` the responding actor, ``asserted_on`` the day it was submitted).
:meth:`SurveyStore.perspectives` shows them beside the recorded tie; only
:meth:`SurveyStore.reconcile` writes the tie, with its provenance.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from graph.errors import (
    ConflictError,
    GoneError,
    InvalidInputError,
    NotFoundError,
    Problem,
)
from graph.model import TIE_ENDPOINTS, ActorKind, TieKind, tie_id
from graph.model.fields import INPUT
from graph.model.surveys import MAX_WEIGHT, MIN_WEIGHT, Answer, Survey, new_survey_id
from graph.store.audit import ERASED, Audit, entry
from graph.store.records import MAX_PAGE, WriteOps
from graph.store.survey_rules import (
    MAX_TOKEN,
    TOKEN_PREFIX,
    assertions,
    make_token,
    new_nonce,
    pair_key,
    perspectives,
    problems_of,
    proposals,
    token_hash,
)
from graph.store.writes import write_batch
from graph.validation import descendants, parse_batch

T = TypeVar("T")

DECISIONS = ("accept", "set", "reject")


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


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _answer_id(survey_id: str, actor: str) -> str:
    return f"{survey_id}:{actor}"


class SurveyStore:
    """Surveys: a mixin of :class:`~graph.store.base.Store` (see the module)."""

    # provided by Store and the implementation
    def _run_write(self, fn: Callable[[WriteOps], T]) -> T:
        raise NotImplementedError

    def _all(self, record: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _get(self, record: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    def _survey_ops(self, ops: WriteOps) -> SurveyOps:
        raise NotImplementedError

    def _survey_read(self, fn: Callable[[SurveyOps], T]) -> T:
        raise NotImplementedError

    # -- campaigns -----------------------------------------------------------------------------
    def create_survey(self, title: str, until: date | str, *, areas: Iterable[str] = (),
                      topics: Iterable[str] = (), actors: Iterable[str] | None = None,
                      message: str | None = None, audit: Audit, key: bytes | None = None,
                      now: datetime | None = None) -> Survey:
        """Start a campaign: ``actors`` are asked (default: the actors active in the areas,
        sub-areas included, and on the topics when both are given; forums left out) until
        ``until`` (the last day answers are accepted, not before today). Each invited actor
        gets a nonce; with ``key`` its link's hash is stored at once (else at the first
        :meth:`survey_links`). InvalidInputError naming every problem (unknown area, topic or
        actor, no actor, a day in the past); nothing written."""
        stamp = _now(now)
        areas, topics = list(dict.fromkeys(areas)), list(dict.fromkeys(topics))
        chosen = None if actors is None else list(dict.fromkeys(actors))
        try:
            survey = Survey.model_validate({
                "id": new_survey_id(), "title": title, "areas": areas, "topics": topics,
                "actors": chosen or [], "until": until, "message": message, "status": "open",
                "created_by": audit.user, "created_on": stamp.date()}, context=INPUT)
        except ValidationError as exc:
            raise InvalidInputError(problems_of(exc, "survey", None)) from exc

        def work(ops: WriteOps) -> Survey:
            problems = []
            if survey.until < stamp.date():
                problems.append(Problem("survey_until_past", {"value": survey.until.isoformat()},
                                        record="survey", field="until"))
            rows = ops.all_areas()
            known = {r["id"] for r in rows}
            problems += [Problem("unknown_area", {"id": a}, record="survey", field="areas")
                         for a in survey.areas if a not in known]
            found = ops.fetch("topic", list(survey.topics))
            problems += [Problem("unknown_topic", {"id": t}, record="survey", field="topics")
                         for t in survey.topics if t not in found]
            invited = list(survey.actors)
            if chosen is None and not problems:
                invited = self._default_actors(rows, survey.areas, survey.topics)
            stored = ops.fetch("actor", invited)
            problems += [Problem("unknown_actor", {"id": a}, record="survey", field="actors")
                         for a in invited if a not in stored]
            if not invited and not problems:
                problems.append(Problem("survey_no_actors", {}, record="survey", field="actors"))
            if problems:
                raise InvalidInputError(problems)
            made = survey.model_copy(update={"actors": invited})
            row = made.model_dump(mode="json")
            so = self._survey_ops(ops)
            so.put_survey(row)
            so.put_invites([self._invite(made.id, a, new_nonce(), key) for a in invited])
            ops.append_audit([entry(stamp.isoformat(), audit, "survey", made.id, None, row)])
            return made

        return self._run_write(work)

    def _default_actors(self, areas: list[dict[str, Any]], wanted_areas: list[str],
                        topics: list[str]) -> list[str]:
        """The actors in the areas (and below) and on the topics, forums left out."""
        area_ids = (sorted(set().union(*(descendants(areas, a) for a in wanted_areas)))
                    if wanted_areas else None)
        out, offset = [], 0
        while True:
            rows, total = self._query_actors(  # type: ignore[attr-defined]
                kinds=[k.value for k in ActorKind if k is not ActorKind.forum], sectors=None,
                areas=area_ids, topics=topics or None, text=None, offset=offset,
                limit=MAX_PAGE)
            out += [r["id"] for r in rows]
            offset += len(rows)
            if not rows or offset >= total:
                return sorted(out)

    @staticmethod
    def _invite(survey_id: str, actor: str, nonce: str, key: bytes | None) -> dict[str, Any]:
        made = token_hash(make_token(key, survey_id, actor, nonce)) if key else None
        return {"survey": survey_id, "actor": actor, "nonce": nonce, "token_hash": made}

    def get_survey(self, survey_id: str) -> Survey:
        rows = self._survey_read(lambda so: so.surveys([survey_id]))
        if not rows:
            raise NotFoundError("survey", survey_id)
        return Survey.model_validate(rows[0])

    def list_surveys(self) -> list[Survey]:
        """Every survey, newest first (then by id)."""
        found = [Survey.model_validate(r) for r in self._survey_read(lambda so: so.surveys(None))]
        found.sort(key=lambda s: s.id)
        found.sort(key=lambda s: s.created_on, reverse=True)
        return found

    def close_survey(self, survey_id: str, *, audit: Audit, now: datetime | None = None) -> Survey:
        """Close a campaign: its links answer :class:`~graph.errors.GoneError` from now on,
        its answers stay (for the perspectives). Closing a closed one changes nothing."""
        stamp = _now(now)

        def work(ops: WriteOps) -> Survey:
            so = self._survey_ops(ops)
            survey = self._survey_in(so, survey_id)
            if survey.status == "closed":
                return survey
            before = survey.model_dump(mode="json")
            closed = survey.model_copy(update={"status": "closed", "closed_on": stamp.date()})
            row = closed.model_dump(mode="json")
            so.put_survey(row)
            ops.append_audit([entry(stamp.isoformat(), audit, "survey", survey_id, before, row)])
            return closed

        return self._run_write(work)

    @staticmethod
    def _survey_in(so: SurveyOps, survey_id: str) -> Survey:
        rows = so.surveys([survey_id])
        if not rows:
            raise NotFoundError("survey", survey_id)
        return Survey.model_validate(rows[0])

    # -- links ---------------------------------------------------------------------------------
    def survey_links(self, survey_id: str, key: bytes, *,
                     audit: Audit | None = None) -> list[dict[str, str]]:
        """Each invited actor's link token (``[{"actor", "token"}]``, by actor), made from the
        stored nonce with ``key``. Links whose hash is not stored yet get it now (one write);
        ConflictError ``survey_key_mismatch`` if ``key`` is not the key the links were made
        with (they would not open). ``audit`` logs that the links were handed out."""
        survey = self.get_survey(survey_id)
        invites = self._survey_read(lambda so: so.invites(survey_id))
        links, missing = [], []
        for row in invites:
            token = make_token(key, survey_id, row["actor"], row["nonce"])
            if row.get("token_hash") is None:
                missing.append({**row, "token_hash": token_hash(token)})
            elif not hmac.compare_digest(row["token_hash"], token_hash(token)):
                raise ConflictError("survey_key_mismatch", id=survey_id)
            links.append({"actor": row["actor"], "token": token})
        if missing or audit is not None:
            def work(ops: WriteOps) -> None:
                so = self._survey_ops(ops)
                current = {r["actor"]: r for r in so.invites(survey_id)}
                fill = [m for m in missing if (current.get(m["actor"]) or {}).get("nonce")
                        == m["nonce"]]
                if fill:
                    so.put_invites(fill)
                if audit is not None:
                    ops.append_audit([entry(_now(None).isoformat(), audit, "survey", survey.id,
                                            None, None)])

            self._run_write(work)
        return sorted(links, key=lambda link: link["actor"])

    def revoke_link(self, survey_id: str, actor: str, *, audit: Audit, key: bytes | None = None,
                    now: datetime | None = None) -> dict[str, str] | None:
        """Give ``actor`` a new nonce: its old link stops working. With ``key`` the new link
        is returned (``{"actor", "token"}``), else it is made by the next :meth:`survey_links`.
        NotFoundError if the survey does not invite the actor."""
        stamp = _now(now)
        nonce = new_nonce()

        def work(ops: WriteOps) -> None:
            so = self._survey_ops(ops)
            self._survey_in(so, survey_id)
            if not any(r["actor"] == actor for r in so.invites(survey_id)):
                raise NotFoundError("survey_invite", _answer_id(survey_id, actor))
            so.put_invites([self._invite(survey_id, actor, nonce, key)])
            ops.append_audit([entry(stamp.isoformat(), audit, "survey_invite",
                                    _answer_id(survey_id, actor), None, {"revoked": True})])

        self._run_write(work)
        if key is None:
            return None
        return {"actor": actor, "token": make_token(key, survey_id, actor, nonce)}

    def resolve_token(self, token: str, *, today: date | None = None) -> tuple[Survey, str]:
        """The survey and the actor a link token opens. NotFoundError for an unknown or revoked
        token (looked up by its hash: no comparison with stored tokens), GoneError when the
        campaign is closed or its last day has passed."""
        hidden = (token or "")[:6] + "…"
        if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) \
                or len(token) > MAX_TOKEN:
            raise NotFoundError("survey_link", hidden)
        row = self._survey_read(lambda so: so.invite_by_hash(token_hash(token)))
        if row is None:
            raise NotFoundError("survey_link", hidden)
        survey = self.get_survey(row["survey"])
        self._check_open(survey, today or date.today())
        return survey, row["actor"]

    @staticmethod
    def _check_open(survey: Survey, today: date) -> None:
        if not survey.accepts(today):
            raise GoneError("survey_closed", id=survey.id, title=survey.title,
                            until=survey.until.isoformat())

    # -- answers -------------------------------------------------------------------------------
    def save_answer(self, survey_id: str, actor: str, *, record: Mapping[str, Any] | None = None,
                    partners: Iterable[Mapping[str, Any]], submit: bool, audit: Audit,
                    now: datetime | None = None) -> Answer:
        """Replace ``actor``'s answer (a draft, or submitted with ``submit``) while the campaign
        accepts answers (else GoneError). InvalidInputError naming each field
        (``partners[2].weight``): a weight outside 1..5 or not a number, an unknown kind or
        frequency, an unknown partner, the actor itself, a partner named twice for one kind,
        an unknown area or topic in ``record``; nothing stored."""
        stamp = _now(now)
        record_id = _answer_id(survey_id, actor)
        raw = {"survey": survey_id, "actor": actor, "state": "submitted" if submit else "draft",
               "saved_on": stamp, "record": None if record is None else dict(record),
               "partners": [dict(p) if isinstance(p, Mapping) else p for p in partners]}
        try:
            answer = Answer.model_validate(raw, context=INPUT)
        except ValidationError as exc:
            raise InvalidInputError(problems_of(exc, "survey_answer", record_id)) from exc

        def work(ops: WriteOps) -> Answer:
            so = self._survey_ops(ops)
            survey = self._survey_in(so, survey_id)
            if actor not in survey.actors:
                raise NotFoundError("survey_invite", record_id)
            self._check_open(survey, stamp.date())
            self._check_answer(ops, answer, record_id)
            before = so.answers(survey_id, actor)
            last = before[0].get("submitted_on") if before else None
            final = answer.model_copy(update={"submitted_on": stamp if submit else (
                datetime.fromisoformat(last) if last else None)})
            if not submit and before and before[0]["state"] == "submitted":
                final = final.model_copy(update={"state": "draft"})
            row = final.model_dump(mode="json")
            so.put_answer(row)
            ops.append_audit([entry(stamp.isoformat(), audit, "survey_answer", record_id,
                                    before[0] if before else None, row)])
            return final

        return self._run_write(work)

    @staticmethod
    def _check_answer(ops: WriteOps, answer: Answer, record_id: str) -> None:
        named = [p.actor for p in answer.partners if p.actor]
        stored = ops.fetch("actor", [answer.actor, *named])
        me = stored.get(answer.actor)
        problems: list[Problem] = []
        seen: set[tuple[str, str]] = set()

        def problem(code: str, field: str, **params: Any) -> None:
            problems.append(Problem(code, params, record="survey_answer", id=record_id,
                                    field=field))

        for i, partner in enumerate(answer.partners):
            at = f"partners[{i}]"
            if partner.actor is not None:
                if partner.actor == answer.actor:
                    problem("survey_partner_self", f"{at}.actor", id=partner.actor)
                    continue
                if partner.actor not in stored:
                    problem("survey_partner_unknown", f"{at}.actor", id=partner.actor)
                    continue
                ident = partner.actor
                if me is not None:
                    allowed = TIE_ENDPOINTS[partner.kind]
                    ends = ((allowed[0], me["kind"], answer.actor),
                            (allowed[1], stored[partner.actor]["kind"], partner.actor))
                    for want, kind, who in ends:
                        if want is not None and ActorKind(kind) not in want:
                            problem("survey_partner_kind", f"{at}.kind", id=who,
                                    kind=partner.kind.value)
                            break
            else:
                ident = "?" + (partner.proposed_name or "").casefold()
            if (ident, partner.kind.value) in seen:
                problem("survey_partner_duplicate", at, id=partner.actor or partner.proposed_name,
                        kind=partner.kind.value)
            seen.add((ident, partner.kind.value))
        if answer.record is not None:
            known = {r["id"] for r in ops.all_areas()}
            for a in answer.record.areas:
                if a not in known:
                    problem("unknown_area", "record.areas", id=a)
            topics = ops.fetch("topic", list(answer.record.topics))
            for t in answer.record.topics:
                if t not in topics:
                    problem("unknown_topic", "record.topics", id=t)
        if problems:
            raise InvalidInputError(problems)

    def answer_of(self, survey_id: str, actor: str) -> Answer | None:
        rows = self._survey_read(lambda so: so.answers(survey_id, actor))
        return Answer.model_validate(rows[0]) if rows else None

    def answers(self, survey_id: str) -> list[Answer]:
        """Every answer of a survey (drafts too), by actor. NotFoundError if no such survey."""
        self.get_survey(survey_id)
        return [Answer.model_validate(r)
                for r in self._survey_read(lambda so: so.answers(survey_id, None))]

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
                    value, by, on, since = weight, audit.user, stamp.date().isoformat(), None
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

    def _proposals_in(self, so: SurveyOps, survey_id: str) -> list[dict[str, Any]]:
        answers = so.answers(survey_id, None)
        by = sorted({a["actor"] for a in answers})
        actors = self._get("actor", by)
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
                found = next((p for p in self._proposals_in(so, sid) if p["id"] == proposal_id),
                             None)
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
                raise NotFoundError("survey_answer", _answer_id(survey_id, actor))
            self._erase_answer(ops, so, rows[0])
            ops.append_audit([entry(stamp.isoformat(), audit, "survey_answer",
                                    _answer_id(survey_id, actor), None, None)])

        self._run_write(work)

    @staticmethod
    def _erase_answer(ops: WriteOps, so: SurveyOps, row: dict[str, Any]) -> None:
        so.delete_answer(row["survey"], row["actor"])
        ops.rewrite_audit("survey_answer", _answer_id(row["survey"], row["actor"]),
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
            ops.rewrite_audit("survey_answer", _answer_id(row["survey"], row["actor"]),
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


__all__ = ["DECISIONS", "SurveyOps", "SurveyStore"]
