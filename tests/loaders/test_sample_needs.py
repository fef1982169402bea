"""The Zurich sample's illustrative needs: loaded with the sample, labelled illustrative, each
naming only stored actors, areas and topics, and loading the sample again changes nothing."""

from __future__ import annotations

from graph.model.needs import NeedStatus
from graph.store.sqlite import SqliteStore
from loaders.sample import load_sample
from loaders.sample.needs import NOTE, sample_needs


def test_sample_needs_are_loaded_illustrative_and_idempotent(tmp_path):
    with SqliteStore(tmp_path / "zh.db") as store:
        load_sample(store)
        needs = store.all_needs()
        assert len(needs) == len(sample_needs()) == 5
        assert all(NOTE in n.description for n in needs)
        assert all(s.by == "beispiel" for n in needs for s in n.history)
        # every status of a need's life but abgeklaert is shown
        assert {n.status for n in needs} == set(NeedStatus) - {NeedStatus.abgeklaert}
        version = store.version()
        load_sample(store)
        assert store.version() == version
        assert store.all_needs() == needs
