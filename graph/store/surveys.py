"""Network surveys (Umfragen) kept beside the network: campaigns, personal links, the actors'
answers as assertions, the coordinator's reconciliation and the review of proposals.

:class:`SurveyStore` is the part of :class:`~graph.store.base.Store` that holds the rules; an
implementation provides :class:`SurveyOps` (the rows of surveys, invites, answers and
decisions) over a write transaction (:meth:`SurveyStore._survey_ops`) or a read
(:meth:`SurveyStore._survey_read`). Every write is one transaction with its audit entries.

Nothing a respondent says changes a tie: an answer is a set of assertions (``method`` survey,
``asserted_by`` the responding actor, ``asserted_on`` the day it was submitted).
:class:`~graph.store.survey_review.SurveyReview` (the coordinator's side, a base of this
class) shows them beside the recorded tie and reconciles.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from graph.errors import ConflictError, GoneError, InvalidInputError, NotFoundError, Problem
from graph.model import TIE_ENDPOINTS, ActorKind
from graph.model.fields import INPUT
from graph.model.surveys import Answer, Survey, new_survey_id
from graph.store.audit import Audit, entry
from graph.store.records import MAX_PAGE, WriteOps
from graph.store.survey_review import DECISIONS, SurveyReview, answer_id
from graph.store.survey_rules import (
    MAX_TOKEN,
    TOKEN_PREFIX,
    SurveyOps,
    local_day,
    make_token,
    new_nonce,
    problems_of,
    token_hash,
)
from graph.validation import descendants

T = TypeVar("T")


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


class SurveyStore(SurveyReview):
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
                "created_by": audit.user, "created_on": local_day(stamp)}, context=INPUT)
        except ValidationError as exc:
            raise InvalidInputError(problems_of(exc, "survey", None)) from exc

        default: list[str] = []
        if chosen is None:  # read before the write (a store's reads run apart from it)
            rows = self._all("area")
            if set(survey.areas) <= {r["id"] for r in rows}:
                default = self._default_actors(rows, survey.areas, survey.topics)

        def work(ops: WriteOps) -> Survey:
            problems = []
            if survey.until < local_day(stamp):
                problems.append(Problem("survey_until_past", {"value": survey.until.isoformat()},
                                        record="survey", field="until"))
            rows = ops.all_areas()
            known = {r["id"] for r in rows}
            problems += [Problem("unknown_area", {"id": a}, record="survey", field="areas")
                         for a in survey.areas if a not in known]
            found = ops.fetch("topic", list(survey.topics))
            problems += [Problem("unknown_topic", {"id": t}, record="survey", field="topics")
                         for t in survey.topics if t not in found]
            invited = list(survey.actors) if chosen is not None else default
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
            closed = survey.model_copy(update={"status": "closed", "closed_on": local_day(stamp)})
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
                raise NotFoundError("survey_invite", answer_id(survey_id, actor))
            so.put_invites([self._invite(survey_id, actor, nonce, key)])
            ops.append_audit([entry(stamp.isoformat(), audit, "survey_invite",
                                    answer_id(survey_id, actor), None, {"revoked": True})])

        self._run_write(work)
        if key is None:
            return None
        return {"actor": actor, "token": make_token(key, survey_id, actor, nonce)}

    def resolve_token(self, token: str, *, today: date | None = None) -> tuple[Survey, str]:
        """The survey and the actor a link token opens. NotFoundError for an unknown or revoked
        token (looked up by its hash: no comparison with stored tokens), GoneError when the
        campaign is closed or its last day has passed."""
        hidden = TOKEN_PREFIX + "…"  # no part of a token in a message or a log
        if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) \
                or len(token) > MAX_TOKEN:
            raise NotFoundError("survey_link", hidden)
        row = self._survey_read(lambda so: so.invite_by_hash(token_hash(token)))
        if row is None:
            raise NotFoundError("survey_link", hidden)
        survey = self.get_survey(row["survey"])
        self._check_open(survey, today or local_day(datetime.now(UTC)))
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
        record_id = answer_id(survey_id, actor)
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
            self._check_open(survey, local_day(stamp))
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

    def survey_status(self, survey_id: str) -> dict[str, Any]:
        """Where a campaign stands: ``{survey, invited, submitted, drafts, not_answered}``
        (actor ids, sorted; ``invited`` the number asked). NotFoundError if no such survey."""
        survey = self.get_survey(survey_id)
        states = {a["actor"]: a["state"] for a in self._survey_read(
            lambda so: so.answers(survey_id, None))}
        return {"survey": survey, "invited": len(survey.actors),
                "submitted": sorted(a for a in survey.actors if states.get(a) == "submitted"),
                "drafts": sorted(a for a in survey.actors if states.get(a) == "draft"),
                "not_answered": sorted(a for a in survey.actors if a not in states)}

    def survey_picker(self, survey_id: str) -> list[dict[str, str]]:
        """The actors a questionnaire's partner picker offers: the campaign's actors and every
        actor of its areas (sub-areas included), forums too (membership): ``{id, name,
        kind}`` only, by name then id. NotFoundError if no such survey."""
        survey = self.get_survey(survey_id)
        ids = set(survey.actors)
        if survey.areas:
            rows = self._all("area")
            known = {r["id"] for r in rows}
            areas = sorted(set().union(*(descendants(rows, a) for a in survey.areas
                                         if a in known)))
            offset = 0
            while areas:
                found, total = self._query_actors(  # type: ignore[attr-defined]
                    kinds=None, sectors=None, areas=areas, topics=None, text=None,
                    offset=offset, limit=MAX_PAGE)
                ids |= {r["id"] for r in found}
                offset += len(found)
                if not found or offset >= total:
                    break
        rows_ = self._get("actor", sorted(ids))
        out = [{"id": r["id"], "name": r["name"], "kind": r["kind"]} for r in rows_.values()]
        return sorted(out, key=lambda a: (a["name"].casefold(), a["id"]))


__all__ = ["DECISIONS", "SurveyOps", "SurveyStore"]
