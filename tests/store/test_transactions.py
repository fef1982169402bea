"""Deletes and updates are each one transaction, on both stores: delete + erasure of personal
data in older audit entries + the audit entry, all or nothing; read-merge-write under one lock;
``if_match`` compared inside; a removed or replaced contact person erased from the audit log."""

from __future__ import annotations

import pytest

from graph.errors import ConflictError, NotFoundError, PreconditionFailedError
from graph.store.base import ERASED, Audit, etag

AREAS = [{"id": "zuerich", "name": "Zürich", "level": "city"},
         {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "zuerich"}]
TOPICS = [{"id": "alter", "name": "Alter"}, {"id": "velo", "name": "Velo"}]
ANNA = {"name": "Anna Muster", "email": "anna@example.ch"}
BEAT = {"name": "Beat Beispiel", "phone": "044 222 33 44"}
ACTORS = [
    {"id": "qv-hoengg", "name": "Quartierverein Höngg", "kind": "association",
     "areas": ["hoengg"], "topics": ["alter"], "contact": ANNA},
    {"id": "gz-hoengg", "name": "GZ Höngg", "kind": "institution", "areas": ["hoengg"]},
]
TIES = [{"source": "gz-hoengg", "target": "qv-hoengg", "kind": "cooperates_with", "weight": 3}]
TIE_ID = "cooperates_with:gz-hoengg:qv-hoengg"


@pytest.fixture
def seeded(store):
    store.apply({"areas": AREAS, "topics": TOPICS, "actors": ACTORS, "ties": TIES},
                audit=Audit("seed", "create"))
    store.update("actor", "qv-hoengg", {"description": "seit 1900"}, audit=Audit("ed", "update"))
    return store


def _entries(store, record_id):
    return store.audit_log(record_id=record_id, limit=100).items


def _contacts(store, record_id):
    """The contact in each audit entry of one actor (before and after): the person's name, or
    ERASED."""
    found = []
    for e in _entries(store, record_id):
        for side in (e["before"], e["after"]):
            if side is not None and side.get("contact") is not None:
                contact = side["contact"]
                found.append(contact["name"] if isinstance(contact, dict) else contact)
    return found


class _Unserialisable:
    """An audit detail no store can write: the audit write fails inside the transaction."""


def test_a_delete_whose_audit_write_fails_deletes_nothing(seeded):
    version, log = seeded.version(), seeded.audit_log(limit=100).total
    bad = Audit("ed", "delete", detail={"why": _Unserialisable()})
    with pytest.raises(TypeError):
        seeded.delete("actor", "qv-hoengg", audit=bad)
    assert seeded.get_actor("qv-hoengg").contact.name == "Anna Muster"
    assert seeded.get_tie(TIE_ID).weight == 3  # its tie is still there
    assert "Anna Muster" in _contacts(seeded, "qv-hoengg")  # the erasure was rolled back
    assert (seeded.version(), seeded.audit_log(limit=100).total) == (version, log)


def test_a_delete_refused_by_its_guard_deletes_nothing(seeded):
    def refuse(before):
        assert before["id"] == "qv-hoengg"  # the guard sees the stored record
        raise PermissionError("not this one")

    with pytest.raises(PermissionError):
        seeded.delete("actor", "qv-hoengg", guard=refuse, audit=Audit("ed", "delete"))
    assert seeded.get_actor("qv-hoengg").contact.name == "Anna Muster"
    assert "Anna Muster" in _contacts(seeded, "qv-hoengg")


def test_deleting_an_actor_erases_it_logs_it_and_its_ties_at_once(seeded):
    version = seeded.version()
    seeded.delete_actor("qv-hoengg", audit=Audit("ed", "delete"))
    with pytest.raises(NotFoundError):
        seeded.get_actor("qv-hoengg")
    with pytest.raises(NotFoundError):
        seeded.get_tie(TIE_ID)
    assert seeded.version() > version
    entries = _entries(seeded, "qv-hoengg")
    assert [e["action"] for e in entries] == ["delete", "update", "create"]  # newest first
    assert set(_contacts(seeded, "qv-hoengg")) == {ERASED}
    assert entries[0]["before"]["name"] == "Quartierverein Höngg"  # only personal data goes
    (tie_entry,) = [e for e in _entries(seeded, TIE_ID) if e["action"] == "delete"]
    assert tie_entry["before"]["weight"] == 3
    with pytest.raises(NotFoundError):  # a second delete finds nothing and changes nothing
        seeded.delete_actor("qv-hoengg", audit=Audit("ed", "delete"))
    assert len(_entries(seeded, "qv-hoengg")) == 3


@pytest.mark.parametrize("record, record_id, using", [
    ("area", "hoengg", ["gz-hoengg", "qv-hoengg"]),
    ("area", "zuerich", ["hoengg"]),
    ("topic", "alter", ["qv-hoengg"]),
])
def test_an_area_or_topic_in_use_is_not_deleted(seeded, record, record_id, using):
    with pytest.raises(ConflictError) as refused:
        seeded.delete(record, record_id, audit=Audit("ed", "delete"))
    assert refused.value.params["count"] == len(using)
    assert refused.value.params["examples"] == ", ".join(using)
    assert getattr(seeded, f"get_{record}")(record_id).id == record_id
    assert not [e for e in _entries(seeded, record_id) if e["action"] == "delete"]


def test_an_unused_topic_is_deleted_with_its_audit_entry(seeded):
    seeded.delete_topic("velo", audit=Audit("ed", "delete"))
    with pytest.raises(NotFoundError):
        seeded.get_topic("velo")
    assert [e["action"] for e in _entries(seeded, "velo")] == ["delete", "create"]


def test_a_stale_version_changes_nothing_and_the_current_one_works(seeded):
    stale = etag(seeded.get_actor("gz-hoengg"))
    seeded.update("actor", "gz-hoengg", {"description": "neu"})
    current = etag(seeded.get_actor("gz-hoengg"))
    assert current != stale
    with pytest.raises(PreconditionFailedError):
        seeded.update("actor", "gz-hoengg", {"name": "Anders"}, if_match=stale)
    with pytest.raises(PreconditionFailedError):
        seeded.delete("actor", "gz-hoengg", if_match=[stale])
    assert seeded.get_actor("gz-hoengg").name == "GZ Höngg"
    changed = seeded.update("actor", "gz-hoengg", {"name": "GZ Hönggerberg"}, if_match=current)
    assert changed.name == "GZ Hönggerberg" and changed.description == "neu"
    seeded.delete("tie", TIE_ID, if_match="*")
    with pytest.raises(NotFoundError):
        seeded.get_tie(TIE_ID)


def test_an_update_that_changes_nothing_keeps_the_version(seeded):
    before = etag(seeded.get_actor("gz-hoengg"))
    seeded.update("actor", "gz-hoengg", {"name": "GZ Höngg"})
    assert etag(seeded.get_actor("gz-hoengg")) == before


def test_removing_the_contact_erases_it_from_every_audit_entry(seeded):
    seeded.update("actor", "qv-hoengg", {"contact": None}, audit=Audit("ed", "update"))
    assert seeded.get_actor("qv-hoengg").contact is None
    contacts = _contacts(seeded, "qv-hoengg")
    assert "Anna Muster" not in contacts and ERASED in contacts
    assert "Anna" not in str(seeded.audit_log(limit=100).items)


def test_a_replaced_contact_is_erased_and_the_new_one_kept(seeded):
    seeded.update("actor", "qv-hoengg", {"contact": BEAT}, audit=Audit("ed", "update"))
    contacts = _contacts(seeded, "qv-hoengg")
    assert "Anna Muster" not in contacts
    assert contacts.count("Beat Beispiel") == 1  # the current one, in the newest "after"
    assert _entries(seeded, "qv-hoengg")[0]["after"]["contact"]["phone"] == BEAT["phone"]


def test_an_update_keeping_the_contact_erases_nothing(seeded):
    seeded.update("actor", "qv-hoengg", {"name": "QV Höngg"}, audit=Audit("ed", "update"))
    assert "Anna Muster" in _contacts(seeded, "qv-hoengg")
