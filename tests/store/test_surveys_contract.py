"""The surveys contract (issue 17): every behaviour runs against both stores (SQLite and Bolt)
unless it is about the SQLite file by nature.

The network is the small one of tests/store/test_contract.py: GZ Höngg (``gz-hoengg``) and the
Quartierverein Höngg (``qv-hoengg``) already have a coordinator's tie (cooperation, weight 4,
method interview). Expected values are written by hand from that data and the answers given
here (a second source: reading the literal data), never computed by the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from graph.errors import ConflictError, GoneError, InvalidInputError, NotFoundError
from graph.store.audit import ERASED, Audit
from graph.store.survey_rules import local_day
from tests.store.test_contract import seed

KEY = b"k" * 32
ANNA = Audit("anna", "create")
TODAY = local_day(datetime.now(UTC))
UNTIL = TODAY + timedelta(days=30)
HOSTILE = "<script>alert('x')</script> \"; DROP TABLE actors; -- {{7*7}} ${x} \u202e Ünïcødé"


@pytest.fixture
def seeded(store):
    seed(store)
    return store


def make(store, **over):
    data = {"title": "Netzwerk Höngg 2026", "until": UNTIL, "areas": ["hoengg"],
            "audit": ANNA, **over}
    title = data.pop("title")
    until = data.pop("until")
    return store.create_survey(title, until, **data)


def links(store, survey):
    return {link["actor"]: link["token"] for link in store.survey_links(survey.id, KEY)}


def answer(store, survey, actor, partners, *, submit=True, record=None, now=None):
    return store.save_answer(survey.id, actor, partners=partners, record=record, submit=submit,
                             audit=Audit(actor, "answer"), now=now)


GZ_SAYS = [{"actor": "qv-hoengg", "kind": "cooperates_with", "weight": 5,
            "frequency": "woechentlich", "since": "2019-05-01"},
           {"actor": "oja", "kind": "informs", "weight": 3}]
QV_SAYS = [{"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 2,
            "frequency": "monatlich"}]


# --- campaigns -------------------------------------------------------------------------------

def test_create_get_list_and_close_a_survey(seeded):
    survey = make(seeded, message="Danke fürs Mitmachen")
    assert survey.id.startswith("umfrage-") and len(survey.id) == len("umfrage-") + 10
    # the actors of Höngg (no forum is there): GZ Höngg and the Quartierverein
    assert survey.actors == ["gz-hoengg", "qv-hoengg"]
    assert (survey.status, survey.until, survey.created_by) == ("open", UNTIL, "anna")
    assert seeded.get_survey(survey.id) == survey
    other = make(seeded, title="Jugend", areas=[], topics=["jugend"])
    assert {s.id for s in seeded.list_surveys()} == {survey.id, other.id}
    closed = seeded.close_survey(survey.id, audit=ANNA)
    assert closed.status == "closed" and closed.closed_on == TODAY
    assert seeded.get_survey(survey.id).status == "closed"
    with pytest.raises(NotFoundError):
        seeded.get_survey("umfrage-0000000000")


def test_default_actors_of_areas_and_topics_leave_forums_out(seeded):
    # Kreis 10 and below: Höngg and Wipkingen; the forum of Kreis 10 is not asked
    assert make(seeded, areas=["kreis-10"]).actors == [
        "elterngruppe-wipkingen", "gz-hoengg", "oja", "qv-hoengg"]
    # both given: the actors of Kreis 10 that work on Jugend
    assert make(seeded, areas=["kreis-10"], topics=["jugend"]).actors == [
        "elterngruppe-wipkingen", "gz-hoengg", "oja"]
    assert make(seeded, areas=[], actors=["sd", "oja"]).actors == ["sd", "oja"]


def test_create_refuses_unknown_refs_a_past_day_and_nobody_and_stores_nothing(seeded):
    with pytest.raises(InvalidInputError) as info:
        make(seeded, areas=["atlantis"], topics=["nix"], actors=["niemand"],
             until=TODAY - timedelta(days=1))
    assert {(p.code, p.field) for p in info.value.problems} == {
        ("unknown_area", "areas"), ("unknown_topic", "topics"), ("unknown_actor", "actors"),
        ("survey_until_past", "until")}
    with pytest.raises(InvalidInputError) as info:
        make(seeded, areas=["hoengg"], topics=["integration"])  # nobody in Höngg on it
    assert [p.code for p in info.value.problems] == ["survey_no_actors"]
    assert seeded.list_surveys() == []


# --- links -------------------------------------------------------------------------------------

def test_each_token_opens_its_own_actor_only(seeded):
    survey = make(seeded)
    tokens = links(seeded, survey)
    assert set(tokens) == {"gz-hoengg", "qv-hoengg"}
    assert tokens["gz-hoengg"] != tokens["qv-hoengg"]
    assert all(t.startswith("qs_") for t in tokens.values())
    for actor, token in tokens.items():
        found, who = seeded.resolve_token(token)
        assert (found.id, who) == (survey.id, actor)
    # listed again with the key: the same links
    assert links(seeded, survey) == tokens
    # another survey inviting GZ Höngg gives it another link
    other = make(seeded, title="Zweite Runde", areas=[], actors=["gz-hoengg"])
    assert links(seeded, other)["gz-hoengg"] != tokens["gz-hoengg"]
    assert seeded.resolve_token(links(seeded, other)["gz-hoengg"])[0].id == other.id


def test_revoked_and_unknown_tokens_are_not_found(seeded):
    survey = make(seeded)
    old = links(seeded, survey)["gz-hoengg"]
    new = seeded.revoke_link(survey.id, "gz-hoengg", audit=ANNA, key=KEY)
    assert new["actor"] == "gz-hoengg" and new["token"] != old
    with pytest.raises(NotFoundError):
        seeded.resolve_token(old)
    assert seeded.resolve_token(new["token"])[1] == "gz-hoengg"
    assert links(seeded, survey)["gz-hoengg"] == new["token"]
    assert links(seeded, survey)["qv-hoengg"]  # the other link is untouched
    for bad in ("qs_" + "A" * 43, "", "nonsense", "qs_" + "x" * 500, old[:-1]):
        with pytest.raises(NotFoundError):
            seeded.resolve_token(bad)


def test_links_listed_with_another_key_are_refused(seeded):
    survey = make(seeded)
    links(seeded, survey)
    with pytest.raises(ConflictError) as info:
        seeded.survey_links(survey.id, b"another key")
    assert info.value.code == "survey_key_mismatch"


def test_closed_or_expired_campaign_links_are_gone(seeded):
    survey = make(seeded)
    token = links(seeded, survey)["gz-hoengg"]
    assert seeded.resolve_token(token, today=UNTIL)[1] == "gz-hoengg"  # the last day counts
    with pytest.raises(GoneError):
        seeded.resolve_token(token, today=UNTIL + timedelta(days=1))
    late = datetime.combine(UNTIL + timedelta(days=1), datetime.min.time(), UTC)
    with pytest.raises(GoneError):
        answer(seeded, survey, "gz-hoengg", GZ_SAYS, now=late)
    seeded.close_survey(survey.id, audit=ANNA)
    with pytest.raises(GoneError) as info:
        seeded.resolve_token(token)
    assert info.value.code == "survey_closed"
    with pytest.raises(GoneError):
        answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    assert seeded.answer_of(survey.id, "gz-hoengg") is None


# --- answers -----------------------------------------------------------------------------------

def test_drafts_are_kept_submitted_and_revised_until_the_end(seeded):
    survey = make(seeded)
    draft = answer(seeded, survey, "gz-hoengg", GZ_SAYS[:1], submit=False)
    assert draft.state == "draft" and draft.submitted_on is None
    got = seeded.answer_of(survey.id, "gz-hoengg")
    assert got.state == "draft" and [p.weight for p in got.partners] == [5]
    assert got.partners[0].frequency == "woechentlich" and got.partners[0].since == date(2019, 5, 1)
    assert seeded.perspectives(survey.id) == []  # a draft is no assertion yet
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    assert seeded.answer_of(survey.id, "gz-hoengg").state == "submitted"
    assert [(p["source"], p["target"], p["kind"]) for p in seeded.perspectives(survey.id)] == [
        ("gz-hoengg", "oja", "informs"), ("gz-hoengg", "qv-hoengg", "cooperates_with")]
    revised = [{**GZ_SAYS[0], "weight": 4}]
    answer(seeded, survey, "gz-hoengg", revised)
    [only] = seeded.perspectives(survey.id)
    assert [(a["asserted_by"], a["weight"]) for a in only["assertions"]] == [("gz-hoengg", 4)]
    assert [a.actor for a in seeded.answers(survey.id)] == ["gz-hoengg"]


def test_two_actors_naming_each_other_differently_show_both_perspectives(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)  # A says 5 and names C (oja)
    answer(seeded, survey, "qv-hoengg", QV_SAYS)  # B says 2
    found = seeded.perspectives(survey.id)
    assert [(p["source"], p["target"], p["kind"], p["status"]) for p in found] == [
        ("gz-hoengg", "oja", "informs", "open"),
        ("gz-hoengg", "qv-hoengg", "cooperates_with", "open")]
    only_a, both = found
    assert only_a["tie"] is None
    assert [(a["asserted_by"], a["weight"]) for a in only_a["assertions"]] == [("gz-hoengg", 3)]
    assert [(a["asserted_by"], a["kind"], a["weight"], a["frequency"], a["state"])
            for a in both["assertions"]] == [
        ("gz-hoengg", "cooperates_with", 5, "woechentlich", "submitted"),
        ("qv-hoengg", "cooperates_with", 2, "monatlich", "submitted")]
    assert both["assertions"][0]["asserted_on"] == TODAY.isoformat()
    # the coordinator's tie beside them, unchanged
    assert both["tie"] == {"id": "cooperates_with:gz-hoengg:qv-hoengg", "weight": 4,
                           "method": "interview", "asserted_by": "QK Waidberg",
                           "asserted_on": "2024-03-01"}
    assert seeded.get_tie("cooperates_with:gz-hoengg:qv-hoengg").weight == 4


@pytest.mark.parametrize(("partner", "field", "code"), [
    ({"actor": "atlantis", "kind": "informs", "weight": 3}, "partners[1].actor",
     "survey_partner_unknown"),
    ({"actor": "oja", "kind": "informs", "weight": 0}, "partners[1].weight", "weight_range"),
    ({"actor": "oja", "kind": "informs", "weight": 6}, "partners[1].weight", "weight_range"),
    ({"actor": "oja", "kind": "informs", "weight": "stark"}, "partners[1].weight",
     "not_a_number"),
    ({"actor": "gz-hoengg", "kind": "informs", "weight": 3}, "partners[1].actor",
     "survey_partner_self"),
    ({"actor": "qv-hoengg", "kind": "cooperates_with", "weight": 1}, "partners[1]",
     "survey_partner_duplicate"),
    ({"actor": "oja", "kind": "part_of", "weight": 3}, "partners[1].kind", "unknown_choice"),
    ({"actor": "oja", "kind": "member_of", "weight": 3}, "partners[1].kind",
     "survey_partner_kind"),
    ({"actor": "oja", "kind": "informs", "weight": 3, "frequency": "oft"},
     "partners[1].frequency", "unknown_choice"),
    ({"actor": "oja", "proposed_name": "Neu", "kind": "informs", "weight": 3},
     "partners[1]", "survey_partner_one"),
])
def test_a_bad_partner_is_refused_naming_its_field_and_nothing_is_stored(
        seeded, partner, field, code):
    survey = make(seeded)
    first = answer(seeded, survey, "gz-hoengg", GZ_SAYS[:1], submit=False)
    with pytest.raises(InvalidInputError) as info:
        answer(seeded, survey, "gz-hoengg", [GZ_SAYS[0], partner])
    assert [(p.field, p.code) for p in info.value.problems] == [(field, code)]
    assert info.value.problems[0].message()  # a sentence, in German by default
    assert seeded.answer_of(survey.id, "gz-hoengg") == first
    assert seeded.perspectives(survey.id) == []


def test_an_actor_not_invited_cannot_answer(seeded):
    survey = make(seeded)
    with pytest.raises(NotFoundError):
        answer(seeded, survey, "oja", GZ_SAYS[:1])


def test_hostile_text_is_stored_verbatim(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg",
           [{"proposed_name": HOSTILE, "kind": "cooperates_with", "weight": 2}],
           record={"name": HOSTILE, "areas": ["hoengg"], "topics": []})
    got = seeded.answer_of(survey.id, "gz-hoengg")
    assert got.partners[0].proposed_name == HOSTILE.strip()
    assert got.record.name == HOSTILE.strip()
    names = {(p["type"], p["name"]) for p in seeded.proposals(survey.id)}
    assert names == {("actor", HOSTILE.strip()), ("record", HOSTILE.strip())}
    survey2 = make(seeded, title=HOSTILE, message=HOSTILE)
    assert seeded.get_survey(survey2.id).message == HOSTILE.strip()


# --- reconciliation ------------------------------------------------------------------------

def test_reconcile_accept_takes_one_perspective_with_its_provenance(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    answer(seeded, survey, "qv-hoengg", QV_SAYS)
    done = seeded.reconcile(survey.id, "qv-hoengg", "gz-hoengg", "cooperates_with",
                            decision="accept", asserted_by="qv-hoengg", audit=ANNA)
    assert done["status"] == "reconciled"
    tie = seeded.get_tie("cooperates_with:gz-hoengg:qv-hoengg")
    assert (tie.weight, tie.method.value, tie.asserted_by, tie.asserted_on) == (
        2, "survey", "qv-hoengg", TODAY)
    assert tie.note == "gemeinsames Quartierfest"  # the rest of the tie is kept
    statuses = {(p["target"], p["status"]) for p in seeded.perspectives(survey.id)}
    assert statuses == {("oja", "open"), ("qv-hoengg", "reconciled")}
    logged = seeded.audit_log(record="tie", record_id="cooperates_with:gz-hoengg:qv-hoengg")
    assert logged.items[0]["after"]["weight"] == 2 and logged.items[0]["user"] == "anna"
    # a revision after the decision opens the pair again
    answer(seeded, survey, "qv-hoengg", [{**QV_SAYS[0], "weight": 3}],
           now=datetime.now(UTC) + timedelta(minutes=1))
    assert {p["status"] for p in seeded.perspectives(survey.id)} == {"open"}


def test_reconcile_set_creates_the_tie_with_the_coordinators_weight(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    with pytest.raises(NotFoundError):
        seeded.get_tie("informs:gz-hoengg:oja")
    seeded.reconcile(survey.id, "gz-hoengg", "oja", "informs", decision="set", weight=4,
                     audit=ANNA)
    tie = seeded.get_tie("informs:gz-hoengg:oja")
    assert (tie.weight, tie.method.value, tie.asserted_by, tie.asserted_on) == (
        4, "survey", "anna", TODAY)


def test_reconcile_reject_leaves_the_tie_and_marks_the_pair(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    before = seeded.get_tie("cooperates_with:gz-hoengg:qv-hoengg")
    done = seeded.reconcile(survey.id, "gz-hoengg", "qv-hoengg", "cooperates_with",
                            decision="reject", audit=ANNA)
    assert done["status"] == "rejected"
    assert seeded.get_tie("cooperates_with:gz-hoengg:qv-hoengg") == before
    seeded.reconcile(survey.id, "gz-hoengg", "oja", "informs", decision="reject", audit=ANNA)
    with pytest.raises(NotFoundError):
        seeded.get_tie("informs:gz-hoengg:oja")
    assert {p["status"] for p in seeded.perspectives(survey.id)} == {"rejected"}


def test_reconcile_refuses_what_was_not_asserted(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    with pytest.raises(InvalidInputError) as info:
        seeded.reconcile(survey.id, "gz-hoengg", "oja", "informs", decision="accept",
                         asserted_by="qv-hoengg", audit=ANNA)
    assert info.value.problems[0].field == "asserted_by"
    with pytest.raises(InvalidInputError):
        seeded.reconcile(survey.id, "gz-hoengg", "oja", "informs", decision="set", weight=9,
                         audit=ANNA)
    with pytest.raises(NotFoundError):
        seeded.reconcile(survey.id, "sd", "oja", "funds", decision="reject", audit=ANNA)
    with pytest.raises(NotFoundError):
        seeded.get_tie("informs:gz-hoengg:oja")


# --- proposals -------------------------------------------------------------------------------

def test_a_proposed_actor_waits_for_review_and_counts_once_accepted(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", [
        *GZ_SAYS, {"proposed_name": "Seniorentreff Höngg", "kind": "cooperates_with",
                   "weight": 4}])
    [proposal] = seeded.proposals(survey.id)
    assert (proposal["type"], proposal["name"], proposal["proposed_by"], proposal["status"]) == (
        "actor", "Seniorentreff Höngg", "gz-hoengg", "open")
    with pytest.raises(InvalidInputError):  # a kind is needed to make the actor
        seeded.decide_proposal(proposal["id"], True, audit=ANNA)
    done = seeded.decide_proposal(proposal["id"], True, audit=ANNA,
                                  actor_fields={"kind": "resident_group", "areas": ["hoengg"]})
    assert done["status"] == "accepted" and done["actor"] == "seniorentreff-hoengg"
    assert seeded.get_actor("seniorentreff-hoengg").name == "Seniorentreff Höngg"
    pairs = {(p["source"], p["target"]) for p in seeded.perspectives(survey.id)}
    assert ("gz-hoengg", "seniorentreff-hoengg") in pairs
    with pytest.raises(ConflictError):
        seeded.decide_proposal(proposal["id"], False, audit=ANNA)
    with pytest.raises(NotFoundError):
        seeded.decide_proposal("vorschlag-0000000000", True, audit=ANNA)


def test_a_record_correction_is_applied_only_when_accepted(seeded):
    survey = make(seeded)
    answer(seeded, survey, "qv-hoengg", QV_SAYS,
           record={"name": "Quartierverein Höngg-Rütihof", "areas": ["hoengg"],
                   "topics": ["alter"]})
    [proposal] = seeded.proposals(survey.id)
    assert proposal["type"] == "record" and proposal["fields"]["topics"] == ["alter"]
    assert seeded.get_actor("qv-hoengg").name == "Quartierverein Höngg"
    seeded.decide_proposal(proposal["id"], True, audit=ANNA)
    actor = seeded.get_actor("qv-hoengg")
    assert (actor.name, actor.topics) == ("Quartierverein Höngg-Rütihof", ["alter"])
    assert [p["status"] for p in seeded.proposals(survey.id)] == ["accepted"]


# --- erasure -------------------------------------------------------------------------------

def test_deleting_an_actor_erases_its_answers_and_every_mention(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", GZ_SAYS, record={"name": "GZ Höngg", "areas": []})
    answer(seeded, survey, "qv-hoengg", [*QV_SAYS, {"actor": "oja", "kind": "informs",
                                                    "weight": 2}])
    seeded.delete_actor("gz-hoengg", audit=ANNA)
    assert seeded.answer_of(survey.id, "gz-hoengg") is None
    kept = seeded.answer_of(survey.id, "qv-hoengg")
    assert [p.actor for p in kept.partners] == ["oja"]
    assert seeded.get_survey(survey.id).actors == ["qv-hoengg"]
    assert set(links(seeded, survey)) == {"qv-hoengg"}
    assert [(p["source"], p["target"]) for p in seeded.perspectives(survey.id)] == [
        ("qv-hoengg", "oja")]
    mine = seeded.audit_log(record="survey_answer", record_id=f"{survey.id}:gz-hoengg").items
    assert mine and all(e["after"] in (None, ERASED) and e["before"] in (None, ERASED)
                        for e in mine)
    theirs = seeded.audit_log(record="survey_answer", record_id=f"{survey.id}:qv-hoengg").items
    assert all("gz-hoengg" not in str(e["after"]) for e in theirs)


def test_erase_answers_on_request(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    seeded.erase_answers(survey.id, "gz-hoengg", audit=ANNA)
    assert seeded.answer_of(survey.id, "gz-hoengg") is None
    assert seeded.perspectives(survey.id) == []
    logged = seeded.audit_log(record="survey_answer", record_id=f"{survey.id}:gz-hoengg").items
    assert {str(e["after"]) for e in logged if e["after"] is not None} <= {ERASED}
    assert seeded.get_actor("gz-hoengg")  # the actor itself stays
    with pytest.raises(NotFoundError):
        seeded.erase_answers(survey.id, "gz-hoengg", audit=ANNA)


# --- analyses -----------------------------------------------------------------------------

def test_snapshot_with_survey_adds_open_assertions_only(seeded):
    survey = make(seeded)
    answer(seeded, survey, "gz-hoengg", [*GZ_SAYS, {"actor": "sd", "kind": "funds",
                                                    "weight": 4}])
    answer(seeded, survey, "qv-hoengg", [*QV_SAYS, {"actor": "oja", "kind": "informs",
                                                    "weight": 2}])
    seeded.reconcile(survey.id, "gz-hoengg", "sd", "funds", decision="reject", audit=ANNA)
    plain = seeded.snapshot()
    assert not plain.has_edge("gz-hoengg", "oja") and "with_survey" not in plain.graph
    graph = seeded.snapshot(with_survey=True)
    assert graph.graph["with_survey"] is True
    edge = graph.edges["gz-hoengg", "oja", "informs:gz-hoengg:oja"]
    assert (edge["weight"], edge["method"], edge["survey"]) == (3, "survey", True)
    assert graph.edges["qv-hoengg", "oja", "informs:qv-hoengg:oja"]["weight"] == 2
    assert not graph.has_edge("gz-hoengg", "sd")  # rejected
    # the recorded cooperation stands as it is; no second edge beside it
    assert list(graph["gz-hoengg"]["qv-hoengg"]) == ["cooperates_with:gz-hoengg:qv-hoengg"]
    assert graph.number_of_edges() == plain.number_of_edges() + 2


# --- the SQLite file -------------------------------------------------------------------------

def test_the_sqlite_file_holds_no_token(sqlite_store):
    seed(sqlite_store)
    survey = make(sqlite_store)
    tokens = links(sqlite_store, survey)
    answer(sqlite_store, survey, "gz-hoengg", GZ_SAYS)
    sqlite_store.close()
    data = b""
    for suffix in ("", "-wal"):
        try:
            with open(sqlite_store.path + suffix, "rb") as fh:
                data += fh.read()
        except FileNotFoundError:
            pass
    assert b"qs_" not in data or all(t.encode() not in data for t in tokens.values())
    for token in tokens.values():
        assert token.encode() not in data
        assert token[3:].encode() not in data


def test_over_long_text_is_refused_naming_its_field(seeded):
    survey = make(seeded)
    with pytest.raises(InvalidInputError) as info:
        answer(seeded, survey, "gz-hoengg",
               [{"proposed_name": "x" * 301, "kind": "informs", "weight": 2}])
    assert [p.field for p in info.value.problems] == ["partners[0].proposed_name"]
    with pytest.raises(InvalidInputError) as info:
        make(seeded, message="m" * 10_001)
    assert [p.field for p in info.value.problems] == ["message"]
    assert seeded.answer_of(survey.id, "gz-hoengg") is None
    assert [s.id for s in seeded.list_surveys()] == [survey.id]


def test_links_made_with_the_key_at_creation_open_at_once(seeded):
    survey = make(seeded, key=KEY)
    token = seeded.revoke_link(survey.id, "qv-hoengg", audit=ANNA, key=KEY)["token"]
    assert seeded.resolve_token(token)[1] == "qv-hoengg"
    assert links(seeded, survey)["qv-hoengg"] == token


def test_erased_answers_leave_no_text_in_the_sqlite_file(sqlite_store):
    seed(sqlite_store)
    survey = make(sqlite_store)
    secret, other = "Geheimer Treff Nord-Ost", "Verborgener Zirkel Süd"
    answer(sqlite_store, survey, "gz-hoengg",
           [{"proposed_name": secret, "kind": "informs", "weight": 2}])
    answer(sqlite_store, survey, "qv-hoengg",
           [{"proposed_name": other, "kind": "informs", "weight": 2}])
    sqlite_store.delete_actor("gz-hoengg", audit=ANNA)
    sqlite_store.erase_answers(survey.id, "qv-hoengg", audit=ANNA)
    path = sqlite_store.path
    sqlite_store.close()
    data = b""
    for suffix in ("", "-wal"):
        try:
            with open(path + suffix, "rb") as fh:
                data += fh.read()
        except FileNotFoundError:
            pass
    assert secret.encode() not in data
    assert other.encode() not in data


def test_status_and_picker_of_a_campaign(seeded):
    survey = make(seeded, areas=["kreis-10"])
    answer(seeded, survey, "gz-hoengg", GZ_SAYS)
    answer(seeded, survey, "oja", [{"actor": "gz-hoengg", "kind": "informs", "weight": 1}],
           submit=False)
    status = seeded.survey_status(survey.id)
    assert (status["invited"], status["submitted"], status["drafts"], status["not_answered"]) == (
        4, ["gz-hoengg"], ["oja"], ["elterngruppe-wipkingen", "qv-hoengg"])
    # the campaign's actors and the forum of Kreis 10 (for membership), by name; nothing else
    assert [(a["id"], a["name"]) for a in seeded.survey_picker(survey.id)] == [
        ("elterngruppe-wipkingen", "Elterngruppe Wipkingen"), ("gz-hoengg", "GZ Höngg"),
        ("oja", "Offene Jugendarbeit Zürich"), ("forum-waidberg", "Quartierkonferenz Waidberg"),
        ("qv-hoengg", "Quartierverein Höngg")]
    assert set(seeded.survey_picker(survey.id)[0]) == {"id", "name", "kind"}


def test_with_survey_weight_is_the_mean_of_both_sides(seeded):
    survey = make(seeded, areas=[], actors=["gz-hoengg", "oja"])
    answer(seeded, survey, "gz-hoengg", [{"actor": "oja", "kind": "cooperates_with", "weight": 5}])
    answer(seeded, survey, "oja", [{"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 2}])
    graph = seeded.snapshot(with_survey=True)
    edge = graph.edges["gz-hoengg", "oja", "cooperates_with:gz-hoengg:oja"]
    assert edge["weight"] == pytest.approx(3.5)  # (5 + 2) / 2, by hand
    assert edge["asserted_by"] == "gz-hoengg, oja" and edge["directed"] is False
    seeded.reconcile(survey.id, "oja", "gz-hoengg", "cooperates_with", decision="accept",
                     asserted_by="oja", audit=ANNA)
    # reconciled: the recorded tie (weight 2) is the one edge, the survey adds nothing more
    graph = seeded.snapshot(with_survey=True)
    [(key, data)] = graph["gz-hoengg"]["oja"].items()
    assert (key, data["weight"], data.get("survey")) == ("cooperates_with:gz-hoengg:oja", 2, None)
