"""Questions to "who to invite", the need finder and introduction paths on the Zurich sample,
and their answers as JSON.

``tests/invite/data/previous_answers.json`` holds the answers of the previous version of the code
(``graph/analysis/invite.py`` as one module, before it became the ``graph.analysis.invite``
package and ``graph.analysis.network``), recorded once with::

    cd /work/main && PYTHONPATH=$PWD .venv/bin/python <this file> tests/invite/data/previous_answers.json

Recorded again on 2026-11-28 when the sample's topic responsibilities were corrected (issue 15:
the Krippenaufsicht is no longer responsible for Jugend, nor the Kreisschulbehörden for Alter),
with the analysis code unchanged. That run is the second source for a pure refactoring: the
same questions must get the same answers, word for word (see test_previous_answers.py). Since
the analyses return messages (codes with parameters), the answers are put in words by the i18n
layer first (:mod:`tests.spoken`, as the API does), without the ``*_codes`` fields the API adds.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

AS_OF = date(2025, 6, 1)
DATA = Path(__file__).resolve().parent / "data" / "previous_answers.json"

#: (kind, keyword arguments); ``invite`` questions may give ``prepared=False`` to pass the bare
#: snapshot instead of the prepared network.
QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    # -- invite_table ------------------------------------------------------------------------
    ("invite", {"topics": ["jugend"], "areas": ["kreis-10"], "seats": 6}),
    ("invite", {"topics": ["Jugend"], "areas": ["Kreis 10"], "seats": 12, "reach_isolated": 2,
                "requirements": ["sector=administration:2", "kind=resident_group:1"]}),
    ("invite", {"topics": ["alter", "gesundheit"], "areas": ["kreis-12"], "seats": 8,
                "lang": "en"}),
    ("invite", {"topics": ["wohnen-bezahlbarer-wohnraum"], "areas": ["kreis-4", "kreis-5"],
                "seats": 5, "requirements": ["kind=Verein:2", "area=langstrasse:1"],
                "alternates": 3}),
    ("invite", {"topics": ["nachbarschaft-zusammenleben"], "areas": ["hoengg"], "seats": 4,
                "must": ["gz-hoengg", "quartierverein-hoengg"], "exclude": ["hoengger"],
                "reach_isolated": 1}),
    ("invite", {"topics": ["integration"], "areas": ["kreis-3"], "seats": 3, "responsible": False,
                "alternates": 0}),
    ("invite", {"topics": ["jugend"], "areas": ["wipkingen"], "seats": 2,
                "requirements": ["unit=sozialzentrum-wipkingerplatz"], "prepared": False}),
    ("invite", {"topics": ["kultur-soziokultur"], "areas": ["kreis-10"], "seats": 10,
                "requirements": ["sector=private:3", "kind=department:1"], "lang": "en"}),
    ("invite", {"topics": ["sucht-randstaendigkeit-obdach"], "areas": ["kreis-4"], "seats": 3,
                "requirements": ["sector=civil_society:2"], "exclude": ["zuercher-stadtmission"]}),
    ("invite", {"topics": ["jugend", "familie-fruehe-foerderung", "schule-schulraum-bildung"],
                "areas": ["kreis-12", "kreis-11"], "seats": 15, "reach_isolated": 3,
                "requirements": ["sector=administration:3", "sector=population:1"]}),
    ("invite", {"topics": ["gleichstellung-diversitaet"], "areas": ["zuerich"], "seats": 6,
                "must": ["pro-infirmis-zuerich"], "reach_isolated": 1}),
    ("invite", {"topics": ["freiraum-gruenraum"], "areas": ["Kreis 6"], "seats": 1}),
    ("invite", {"topics": ["verkehr-mobilitaet"], "areas": ["kreis-9"], "seats": 4,
                "requirements": ["kind=forum:1", "unit=dienstabteilung-verkehr:2"], "lang": "en"}),
    ("invite", {"topics": ["nowhere", "jugend"], "areas": ["atlantis"], "seats": 0,
                "reach_isolated": -1, "requirements": ["colour=blue", "sector=Verwaltung:0"]}),
    ("invite", {"topics": [], "areas": [], "seats": 2, "must": ["gz-hoengg", "hoengger", "ewz"],
                "exclude": ["gz-hoengg"], "lang": "en"}),
    ("invite", {"topics": ["jugend"], "areas": ["kreis-10"], "seats": 3, "must": ["no-such-actor"]}),
    ("invite", {"topics": ["jugend"], "areas": ["kreis-10"], "seats": 3,
                "requirements": ["kind=Raumschiff"]}),
    # -- need_finder -------------------------------------------------------------------------
    ("need", {"topic": "jugend", "area": "kreis-10"}),
    ("need", {"topic": "Alter", "area": "Höngg", "keywords": ["Treffpunkt", "Spitex"], "top": None}),
    ("need", {"topic": "wohnen-bezahlbarer-wohnraum", "area": "kreis-4", "top": 5, "lang": "en"}),
    ("need", {"topic": "integration", "area": "zuerich", "keywords": ["Sprache"], "top": 20}),
    ("need", {"topic": "kinderbetreuung", "area": "schwamendingen-mitte", "top": 0}),
    ("need", {"topic": "littering-sauberkeit", "area": "kreis-4", "keywords": ["hongg", ""]}),
    ("need", {"topic": "unbekannt", "area": "kreis-4"}),
    ("need", {"topic": "jugend", "area": "mars", "lang": "en"}),
    # -- introduction_path -------------------------------------------------------------------
    ("path", {"source": "gz-hoengg", "target": "quartierverein-wipkingen"}),
    ("path", {"source": "jugendarbeit-hoengg", "target": "katholische-pfarrei-st-gallus",
              "lang": "en"}),
    ("path", {"source": "genossenschaft-kalkbreite", "target": "zuerich-nord", "nearest": 3}),
    ("path", {"source": "pro-infirmis-zuerich", "target": "gz-wipkingen"}),
    ("path", {"source": "gz-wipkingen", "target": "pro-infirmis-zuerich", "nearest": 8,
              "lang": "en"}),
    ("path", {"source": "quartieridee", "target": "ewz"}),
    ("path", {"source": "gz-hoengg", "target": "gz-hoengg"}),
    ("path", {"source": "gz-hoengg", "target": "nobody"}),
]


def zurich_snapshot(folder: Path) -> nx.MultiDiGraph:
    """The Zurich sample written through a real SQLite store in ``folder``, as a snapshot."""
    from graph.store.sqlite import SqliteStore
    from loaders.sample import load_sample

    store = SqliteStore(folder / "zh.db")
    try:
        load_sample(store, "zurich")
        return store.snapshot()
    finally:
        store.close()


def answer(S: nx.MultiDiGraph, net: Any, kind: str, question: dict[str, Any]) -> Any:
    """The answer to one question as plain JSON data (an error as its class and message)."""
    from graph.errors import QuartiernetzError
    from tests.spoken import introduction_path, invite_table, need_finder

    q = dict(question)
    target = net if q.pop("prepared", True) else S
    try:
        if kind == "invite":
            table = invite_table(target, as_of=AS_OF, **q)
            result: Any = {**table.to_dict(), "ids": table.ids,
                           "relevance": {k: round(v, 9) for k, v in sorted(table.relevance.items())},
                           "reach": {k: len(v) for k, v in sorted(table.cover.items())},
                           "relevant": sorted(table.relevant)}
        elif kind == "need":
            result = need_finder(target, as_of=AS_OF, **q)
        else:
            result = introduction_path(target, q.pop("source"), q.pop("target"), as_of=AS_OF, **q)
    except QuartiernetzError as exc:
        problems = [[p.code, p.field, sorted(p.params)] for p in getattr(exc, "problems", [])]
        result = {"error": type(exc).__name__, "message": str(exc), "problems": problems}
    return json.loads(json.dumps(result, default=str, sort_keys=True))


def answers(folder: Path) -> list[dict[str, Any]]:
    """Every question of :data:`QUESTIONS` with its answer."""
    from graph.analysis.invite import prepare

    S = zurich_snapshot(folder)
    net = prepare(S, as_of=AS_OF)
    return [{"kind": kind, "question": q, "answer": answer(S, net, kind, q)}
            for kind, q in QUESTIONS]


if __name__ == "__main__":  # record: python previous_answers.py OUT.json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        rows = answers(Path(tmp))
    Path(sys.argv[1]).write_text(json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    print(f"{len(rows)} answers -> {sys.argv[1]}")  # noqa: T201
