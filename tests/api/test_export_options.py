"""GraphML/GEXF downloads: the export options over HTTP, and measures computed on the network
the account reads (a read-scoped account's export must not carry what outside actors add)."""

from __future__ import annotations

import re


def _values(gexf: str, node: str) -> dict[str, str]:
    """The attribute values of one node of a GEXF file, by attribute id."""
    found = re.search(rf'<node id="{node}"[^>]*>(.*?)</node>', gexf, re.S)
    assert found, node
    return dict(re.findall(r'<attvalue for="([^"]+)" value="([^"]*)"', found.group(1)))


def test_a_read_scoped_accounts_measures_come_from_its_own_network(api):
    # seeded: gz-hoengg - qv-hoengg (cooperation, Kreis 10), qv-hoengg -> qv-unterstrass
    # (information, Kreis 6): city-wide qv-hoengg lies between the two, within Kreis 10 not.
    path = "/api/v1/exports/gexf?area=kreis-10"
    city = api.call("GET", path, who="admin")
    own = api.call("GET", path, who="reader10")
    assert city.status_code == own.status_code == 200, (city.text, own.text)
    assert float(_values(city.text, "qv-hoengg")["betweenness"]) > 0
    assert int(_values(city.text, "qv-hoengg")["gatekeeper"]) + int(
        _values(city.text, "qv-hoengg")["liaison"]) > 0
    mine = _values(own.text, "qv-hoengg")
    assert float(mine["betweenness"]) == 0.0
    assert sum(int(mine[r]) for r in ("coordinator", "itinerant", "gatekeeper",
                                      "representative", "liaison")) == 0
    assert "unterstrass" not in own.text and "Soziale Dienste" not in own.text


def test_the_export_options_are_query_parameters(api):
    plain = api.call("GET", "/api/v1/exports/gexf").text
    assert 'id="betweenness"' in plain and '<node id="area:hoengg"' not in plain
    shaped = api.call("GET", "/api/v1/exports/gexf?with_areas_topics=true&measures=false").text
    assert '<node id="area:hoengg"' in shaped and 'id="betweenness"' not in shaped
    graphml = api.call("GET", "/api/v1/exports/graphml?measures=false")
    assert graphml.status_code == 200 and "betweenness" not in graphml.text
