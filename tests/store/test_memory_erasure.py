"""Deleting an actor erases the notes of its contact log entries from the SQLite files too
(database and WAL), not only from what the store answers."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.store.base import Audit
from graph.store.sqlite import SqliteStore
from graph.store.sqlite.scrub import found_in

NOW = datetime(2026, 6, 30, tzinfo=UTC)
NOTES = ["Pfarrerin Quirina Zwyssig ruft zurück", "Sigristin Ottilie Brändli im Spital"]


def test_notes_of_a_deleted_actor_are_not_left_in_the_files(tmp_path):
    path = tmp_path / "netz.db"
    with SqliteStore(path) as store:
        store.apply({"actors": [{"id": f"a{i}", "name": f"Akteur {i}", "kind": "association"}
                                for i in range(40)]})
        for i in range(40):  # enough rows that pages split and rebalance
            store.record_contact({"date": "2026-03-04", "kind": "telefon",
                                  "actors": [f"a{i}", f"a{(i + 1) % 40}"],
                                  "note": f"Routinekontakt Nummer {i:03d} " + "x" * 200},
                                 audit=Audit("coord", "create"), now=NOW)
        store.record_contact({"date": "2026-03-05", "kind": "telefon", "actors": ["a7"],
                              "note": NOTES[0]}, audit=Audit("coord", "create"), now=NOW)
        store.record_contact({"date": "2026-03-06", "kind": "begehung", "actors": ["a7", "a8"],
                              "note": NOTES[1]}, audit=Audit("coord", "create"), now=NOW)
        assert found_in(str(path), set(NOTES)) | found_in(str(path) + "-wal", set(NOTES))
        store.delete_actor("a7", audit=Audit("coord", "delete"))
        assert found_in(str(path), set(NOTES)) == set()
        assert found_in(str(path) + "-wal", set(NOTES)) == set()
        kept = store.list_contacts(actor="a8").items
        assert [(c.actors, c.note) for c in kept if c.date.day == 6] == [(["a8"], "[erased]")]
        # the other notes stay: only what concerned the deleted actor is erased
        assert found_in(str(path), {"Routinekontakt Nummer 020"}) == {"Routinekontakt Nummer 020"}
