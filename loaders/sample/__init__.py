"""The Zurich sample network, built from public facts shipped in ``loaders/data/zurich/``.

Facts (see that folder's README and each row's ``source``): the 12 Stadtkreise and 34
Quartiere, the Sozialregionen, Schulkreise, reformed Kirchenkreise and the former
Quartierkoordination areas; the 9 departments and their units (Dienstabteilungen); the
Gemeinschaftszentren, Quartiervereine, Quartiertreffs, parishes, cooperatives, NGOs, care
centres, Sozialzentren, local papers; the forums; the topics. Each actor and topic keeps its
source in its description (``Quelle: ...``); areas have no field for it, the data folder does.

Ties between organisations are **not** public facts. The ones here are made up, deterministically
(by shared area, topic and kind), to make the sample look like a working network: every tie has
``method = illustrative`` and says so in its note. Even ``part_of`` (a unit belongs to its
department), which follows the public structure, is marked illustrative, because the files
hold no relationships.
"""


from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.store.base import ApplyResult, Store
from loaders.sample.facts import CITY, data_dir
from loaders.sample.ties import ASSERTED_BY, NOTE_ILLUSTRATIVE, NOTE_STRUCTURE, SEED
from loaders.sample.zurich import build_zurich

__all__ = ["ASSERTED_BY", "CITY", "NOTE_ILLUSTRATIVE", "NOTE_STRUCTURE", "SAMPLES", "SEED",
           "build_zurich", "data_dir", "load_sample"]

SAMPLES: dict[str, Callable[[], dict[str, list[dict[str, Any]]]]] = {"zurich": build_zurich}


def load_sample(store: Store, name: str = "zurich", *, dry_run: bool = False) -> ApplyResult:
    """Load a sample network (``zurich``) into ``store``; loading it again changes nothing.
    The Zurich sample also gets its illustrative needs (:mod:`loaders.sample.needs`) and
    meetings and contacts (:mod:`loaders.sample.memory`)."""
    result = store.apply(SAMPLES[name](), dry_run=dry_run)
    # -- appended by h/needs: the illustrative needs --
    if name == "zurich" and not dry_run:
        from loaders.sample.needs import BY, sample_needs

        store.import_needs(sample_needs(), user=BY)
    if name == "zurich" and not dry_run:  # h/memory: illustrative meetings and contacts
        from loaders.sample.memory import add_illustrative_memory

        if add_illustrative_memory(store):
            result.version = store.version()
    return result
