"""Need finder and introduction paths on the scenario (tests/invite/conftest.py)."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.introduction import tie_cost
from graph.analysis.invite import prepare
from graph.errors import InvalidInputError, NotFoundError
from tests.invite.conftest import AS_OF
from tests.spoken import introduction_path, need_finder


def test_need_finder_ranks_responsible_then_active_then_partners(scenario):
    rows = need_finder(scenario, topic="Jugend", area="wipkingen", as_of=AS_OF, top=None)
    ids = [r["id"] for r in rows]
    assert ids[:2] == ["jugendamt", "oja-wipkingen"]
    assert rows[0]["codes"] == ["responsible", "partner"]
    assert rows[0]["reasons"][0] == "zuständig für Jugend in Kreis 10"
    assert rows[1]["reasons"][0] == "bereits zu Jugend aktiv in Wipkingen"
    club = next(r for r in rows if r["id"] == "jugendclub-kreis-5")
    assert club["codes"] == ["elsewhere"] and club["reasons"] == ["Erfahrung mit Jugend anderswo: Kreis 5"]
    verein = next(r for r in rows if r["id"] == "quartierverein-hoengg")
    assert verein["reasons"] == ["arbeitet mit OJA Wipkingen zusammen, hier zu Jugend aktiv"]
    assert "bewohner-ruetihof" not in ids  # residents' groups are not asked to take on a need
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_need_finder_keywords_ignore_accents(scenario):
    rows = need_finder(scenario, topic="jugend", area="hoengg", keywords=["treffpunkt"], as_of=AS_OF)
    verein = next(r for r in rows if r["id"] == "quartierverein-hoengg")
    assert "keyword" in verein["codes"] and "Stichworte gefunden: treffpunkt" in verein["reasons"]
    with pytest.raises(InvalidInputError, match="unbekanntes Gebiet «mars»"):
        need_finder(scenario, topic="jugend", area="mars", as_of=AS_OF)


def test_path_prefers_strong_recent_ties(scenario):
    result = introduction_path(scenario, "jugendtreff-a", "bewohner-ruetihof", as_of=AS_OF)
    assert result["found"]
    assert [h["to"] for h in result["hops"]] == ["oja-wipkingen", "quartierverein-hoengg",
                                                 "gz-hoengg", "bewohner-ruetihof"]
    assert result["hops"][0]["text"] == ("Jugendtreff A arbeitet zusammen mit OJA Wipkingen "
                                         "(Stärke 4, bestätigt 2025-03-01)")
    assert result["summary"] == "4 Schritte von Jugendtreff A zu Bewohnergruppe Rütihof"
    # by hand: 1 + 1/4 (fresh), 1 + 1/(2 * 0.5) (confirmed 2019: over 5 years old),
    # 1 + 1/5, 1 + 1/4 (no date counts as fresh)
    assert result["cost"] == pytest.approx(1.25 + 2.0 + 1.2 + 1.25)
    # the old tie is still the only way: NetworkX finds no other route of 4 hops
    G = prepare(scenario, as_of=AS_OF).G
    assert nx.shortest_path_length(G, "jugendtreff-a", "bewohner-ruetihof") == 4


def test_tie_cost_prefers_fewer_hops_then_strength_and_freshness():
    assert tie_cost(5, 0.5) < tie_cost(2, 0.5) < tie_cost(2, 6)
    assert tie_cost(5, None) == pytest.approx(1.2)
    assert tie_cost(4, 5.0) == pytest.approx(1.5)  # freshness 0.5 at five years
    assert 2 * tie_cost(5, 0) < tie_cost(0.2, 0) + 0.1  # a weak forum tie loses to two strong ties


def test_no_path_is_said_plainly_with_nearest(scenario):
    result = introduction_path(scenario, "oja-wipkingen", "jugendclub-kreis-5", as_of=AS_OF)
    assert not result["found"] and result["hops"] == []
    assert result["summary"] == ("keine Verbindung von OJA Wipkingen zu Jugendclub Kreis 5 über "
                                 "aktuelle Beziehungen")
    assert result["notes"] == ["Jugendclub Kreis 5 hat keine aktuellen Beziehungen"]
    first = result["nearest"][0]
    assert first["id"] == "jugendamt" and first["shared"] == ["Jugend"]
    assert first["text"] == "von OJA Wipkingen erreichbar (1 Schritt), teilt mit Jugendclub Kreis 5: Jugend"


def test_path_errors(scenario):
    with pytest.raises(NotFoundError):
        introduction_path(scenario, "oja-wipkingen", "niemand", as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="derselbe Akteur"):
        introduction_path(scenario, "oja-wipkingen", "oja-wipkingen", as_of=AS_OF)


def test_path_in_english(scenario):
    result = introduction_path(scenario, "gz-hoengg", "bewohner-ruetihof", as_of=AS_OF, lang="en")
    assert result["summary"] == "GZ Höngg and Bewohnergruppe Rütihof know each other directly"
