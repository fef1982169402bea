"""``POST /api/v1/imports`` of GEXF and GraphML from other tools with the import choices, and
weights: any positive number from a file, the coordinator's 1..5 by hand (issue 13 items 2, 3)."""

from __future__ import annotations

import pytest

from tests.loaders.test_graph_files import GEXF_11, GEXF_13


def test_a_gephi_file_imports_with_the_choices_as_query_parameters(any_api):
    answer = any_api.call(
        "POST", "/api/v1/imports",
        params=[("kind_from", "Typ"), ("map", "Verein=association"), ("map", "Polizei=city_unit"),
                ("id_prefix", "lm")],
        files={"upload": ("gephi.gexf", GEXF_13.encode())})
    assert answer.status_code == 200, answer.text
    assert answer.json()["counts"]["actor"]["created"] == 3
    actor = any_api.call("GET", "/api/v1/actors/lm-a").json()
    assert (actor["name"], actor["kind"], actor["source_id"]) == ("Jean Valjean", "association", "A")
    tie = any_api.call("GET", "/api/v1/ties/funds:lm-c:lm-a").json()
    assert tie["weight"] == 0.75  # from a file: kept as given


def test_without_choices_a_generic_file_is_a_422_saying_what_would_load_it(any_api):
    before = any_api.call("GET", "/api/v1/actors", params={"limit": 1}).json()["count"]
    answer = any_api.call("POST", "/api/v1/imports", files={"upload": ("web.gexf", GEXF_11.encode())})
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    line = GEXF_11.splitlines().index('<node id="2" label="Spitex"/>') + 1
    assert (error["code"], error["file"], error["line"]) == ("kind_missing_node", "web.gexf", line)
    assert "--default-kind" in error["message"]
    assert any_api.call("GET", "/api/v1/actors", params={"limit": 1}).json()["count"] == before


@pytest.mark.parametrize("query", [{"default_kind": "club"}, {"map": "x"}, {"id_prefix": "A B"}])
def test_a_bad_choice_is_a_422_naming_it(any_api, query):
    answer = any_api.call("POST", "/api/v1/imports", params=query,
                          files={"upload": ("web.gexf", GEXF_11.encode())})
    assert answer.status_code == 422 and "ungültige Option" in answer.text


@pytest.mark.parametrize("data", [GEXF_13.encode()[:333], b"\x00\xff" * 50, b"<gexf/>"])
def test_a_broken_graph_file_is_never_a_500(any_api, data):
    answer = any_api.call("POST", "/api/v1/imports", params={"default_kind": "association"},
                          files={"upload": ("kaputt.gexf", data)})
    assert answer.status_code == 422, answer.text


def test_hand_entry_keeps_the_coordinators_scale(any_api):
    tie = {"source": "qv-hoengg", "target": "gz-hoengg", "kind": "informs", "weight": 6}
    assert any_api.call("POST", "/api/v1/ties", json=tie).status_code == 422
    created = any_api.call("POST", "/api/v1/ties", json={**tie, "weight": 5})
    assert created.status_code in (200, 201) and created.json()["weight"] == 5
    default = {"source": "gz-hoengg", "target": "qv-hoengg", "kind": "informs"}
    assert any_api.call("POST", "/api/v1/ties", json=default).json()["weight"] == 3
