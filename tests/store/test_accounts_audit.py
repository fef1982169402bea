"""Accounts and the audit log, kept in the same store as the network: a contract on both stores.

Expected values are written out by hand from the literal records below.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.errors import ConflictError, InvalidInputError, NotFoundError
from graph.store.base import ERASED, Audit

AREAS = [{"id": "zuerich", "name": "Zürich", "level": "city"},
         {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "zuerich"}]
CONTACT = {"name": "Anna Muster", "email": "anna@example.ch", "phone": "044 000 00 00"}
ACTOR = {"id": "qv-hoengg", "name": "Quartierverein Höngg", "kind": "association",
         "areas": ["kreis-10"], "contact": CONTACT}
OTHER = {"id": "gz-hoengg", "name": "GZ Höngg", "kind": "institution", "areas": ["kreis-10"]}
TIE = {"source": "gz-hoengg", "target": "qv-hoengg", "kind": "cooperates_with", "weight": 4}


def test_accounts_are_added_found_by_token_hash_listed_and_revoked(store):
    store.apply({"areas": AREAS})
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    added = store.add_account("anna", role="editor", token_hash="h1", areas=["kreis-10"],
                              read_scoped=True, now=at)
    store.add_account("root", role="admin", token_hash="h2")
    assert added.areas == ("kreis-10",) and added.read_scoped
    found = store.account_for_token("h1")
    assert found is not None
    assert (found.name, found.role, found.areas, found.read_scoped) == ("anna", "editor",
                                                                        ("kreis-10",), True)
    assert found.created_at == "2026-01-02T03:04:05+00:00"
    assert store.account_for_token("nope") is None
    assert [a.name for a in store.accounts()] == ["anna", "root"]
    assert "h1" not in repr(store.accounts())  # the hash never leaves the store
    revoked = store.revoke_account("anna")
    assert revoked.revoked_at is not None
    assert store.account_for_token("h1") is None
    assert [a.name for a in store.accounts() if a.active] == ["root"]


def test_account_names_are_unique_and_roles_and_areas_checked(store):
    store.apply({"areas": AREAS})
    store.add_account("anna", role="viewer", token_hash="h1")
    with pytest.raises(ConflictError):
        store.add_account("anna", role="admin", token_hash="h9")
    assert store.account_for_token("h9") is None
    with pytest.raises(InvalidInputError) as info:
        store.add_account("bob", role="king", token_hash="h3", areas=["kreis-99"])
    assert {p.field for p in info.value.problems} == {"role", "areas"}
    with pytest.raises(NotFoundError):
        store.revoke_account("nobody")


def test_writes_are_audited_with_before_and_after_in_the_same_transaction(store):
    store.apply({"areas": AREAS})
    store.apply({"actors": [ACTOR]}, audit=Audit("anna", "create"))
    store.apply({"actors": [{**ACTOR, "name": "QV Höngg"}]}, audit=Audit("bob", "update"))
    store.apply({"actors": [{**ACTOR, "name": "QV Höngg"}]}, audit=Audit("bob", "update"))  # no-op
    page = store.audit_log(record="actor", record_id="qv-hoengg")
    assert page.total == 2
    newest, oldest = page.items
    assert (oldest["user"], oldest["action"], oldest["before"]) == ("anna", "create", None)
    assert oldest["after"]["name"] == "Quartierverein Höngg"
    assert oldest["after"]["contact"]["email"] == "anna@example.ch"
    assert (newest["user"], newest["before"]["name"], newest["after"]["name"]) == (
        "bob", "Quartierverein Höngg", "QV Höngg")
    assert newest["seq"] > oldest["seq"]
    assert store.audit_log(user="bob").total == 1
    assert store.audit_log(action="create").total == 1


def test_a_refused_batch_leaves_no_audit_entry(store):
    store.apply({"areas": AREAS})
    with pytest.raises(InvalidInputError):
        store.apply({"actors": [{**ACTOR, "areas": ["kreis-99"]}]}, audit=Audit("anna", "create"))
    with pytest.raises(ConflictError):
        store.apply({"areas": [AREAS[0]]}, mode="create", audit=Audit("anna", "create"))
    assert store.audit_log().total == 0


def test_deleting_an_actor_erases_its_personal_data_from_the_audit_log(store):
    store.apply({"areas": AREAS})
    store.apply({"actors": [ACTOR, OTHER], "ties": [TIE]}, audit=Audit("anna", "create"))
    store.apply({"actors": [{**ACTOR, "contact": {**CONTACT, "phone": "079 555 01 02"}}]},
                audit=Audit("anna", "update"))
    store.delete_actor("qv-hoengg", audit=Audit("root", "delete"))
    entries = store.audit_log(record="actor", record_id="qv-hoengg").items
    assert [e["action"] for e in entries] == ["delete", "update", "create"]
    for entry in entries:
        for side in ("before", "after"):
            if entry[side] is not None:
                assert entry[side]["contact"] == ERASED
                assert entry[side]["name"]  # what is not personal stays
    text = repr(store.audit_log(limit=100).items)
    # (a phone number with spaces: a bare "079" also turned up in the timestamps' microseconds)
    assert "anna@example.ch" not in text and "079 555 01 02" not in text
    # the tie went with the actor, and that is logged too
    tie_entries = store.audit_log(record="tie").items
    assert [e["action"] for e in tie_entries] == ["delete", "create"]
    # the other actor's entries are untouched
    other = store.audit_log(record="actor", record_id="gz-hoengg").items
    assert other[0]["after"]["name"] == "GZ Höngg"


def test_import_summary_and_exports_are_logged_and_filters_work(store):
    store.apply({"areas": AREAS, "actors": [OTHER]},
                audit=Audit("anna", "import", {"files": ["a.csv"]}, summary=True))
    store.append_audit(Audit("bob", "export", {"format": "json"}))
    entries = store.audit_log().items
    assert [e["action"] for e in entries] == ["export", "import"]
    imported = entries[1]
    assert imported["detail"]["files"] == ["a.csv"]
    assert imported["detail"]["ids"]["actor"]["created"] == ["gz-hoengg"]
    later = datetime(2999, 1, 1, tzinfo=UTC)
    assert store.audit_log(since=later).total == 0
    assert store.audit_log(until=later).total == 2
    assert store.audit_log(limit=1, offset=1).items[0]["action"] == "import"


def test_deleting_areas_and_topics_in_use_is_refused(store):
    store.apply({"areas": AREAS, "topics": [{"id": "alter", "name": "Alter"}],
                 "actors": [{**OTHER, "topics": ["alter"]}]})
    with pytest.raises(ConflictError):
        store.delete_area("kreis-10")
    with pytest.raises(ConflictError):
        store.delete_area("zuerich")  # kreis-10 is below it
    with pytest.raises(ConflictError):
        store.delete_topic("alter")
    store.delete_actor("gz-hoengg")
    store.delete_topic("alter", audit=Audit("root", "delete"))
    store.delete_area("kreis-10")
    assert [a.id for a in store.areas()] == ["zuerich"]
    assert store.audit_log(record="topic").items[0]["before"]["name"] == "Alter"
    with pytest.raises(NotFoundError):
        store.delete_topic("alter")
