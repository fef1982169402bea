"""Injection through names, search strings, ids and attribute keys, on both stores: the store's
counts and schema are unchanged afterwards, and text comes back exactly as it was sent."""

from __future__ import annotations

from urllib.parse import quote

import pytest

EVIL = [
    "Robert'); DROP TABLE actors;--",
    '"}) DETACH DELETE n //',
    "`Actor`) DETACH DELETE n // MATCH (m",
    "' OR '1'='1' --",
    "x} ) MERGE (p:Pwned {id: 'p'}) //",
    "\\u0027 \\\" \\u0000 \\n // /* */",
    "$rows {{7*7}} ${7*7} %s %(x)s",
    "Ünïcödé «ß» \u2028 \U0001F600 \u202e",
    "a\"b'c`d\\e",
]


def schema_of(store) -> list:  # type: ignore[no-untyped-def]
    """Tables and indexes (SQLite), or constraints and indexes (Bolt)."""
    if store.backend == "sqlite":
        return sorted(store._conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall(),
                      key=str)
    with store._driver.session(database=store.database) as session:
        names = [r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")]
        names += [r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")]
        labels = [r[0] for r in session.run("CALL db.labels()")]
    return sorted(names) + sorted(labels)


def counts(api) -> dict:  # type: ignore[no-untyped-def]
    stats = api.store.stats()
    stats.pop("version")
    return {**stats, "accounts": len(api.store.accounts())}


@pytest.mark.parametrize("evil", EVIL, ids=range(len(EVIL)))
def test_text_comes_back_exactly_and_nothing_else_changes(any_api, evil):
    before_schema, before = schema_of(any_api.store), counts(any_api)
    actor = {"id": "evil", "name": evil, "kind": "association", "areas": ["hoengg"],
             "description": evil, "tags": [evil, "plain"], "website": "https://example.org/?q=" + quote(evil),
             "contact": {"name": evil, "email": evil}}
    created = any_api.call("POST", "/api/v1/actors", json=actor)
    assert created.status_code == 201, created.text
    got = any_api.call("GET", "/api/v1/actors/evil", params={"include_personal": True}).json()
    assert (got["name"], got["description"]) == (evil, evil)
    assert got["website"] == "https://example.org/?q=" + quote(evil)  # only http(s) addresses
    assert got["tags"] == [evil, "plain"] and got["contact"]["name"] == evil
    tie = {"source": "evil", "target": "gz-hoengg", "kind": "informs", "note": evil,
           "asserted_by": evil}
    assert any_api.call("POST", "/api/v1/ties", json=tie).status_code == 201
    assert any_api.call("GET", "/api/v1/ties/informs:evil:gz-hoengg").json()["note"] == evil
    for path in ("/api/v1/actors", "/api/v1/areas", "/api/v1/topics"):
        searched = any_api.call("GET", path, params={"q": evil})
        assert searched.status_code == 200, searched.text
    found = any_api.call("GET", "/api/v1/actors", params={"q": evil}).json()
    assert "evil" in [a["id"] for a in found["data"]]

    after = counts(any_api)
    assert after["actors"]["association"] == before["actors"]["association"] + 1
    assert after["ties"]["informs"] == before["ties"]["informs"] + 1
    any_api.call("DELETE", "/api/v1/actors/evil")
    assert counts(any_api) == before and schema_of(any_api.store) == before_schema


def test_evil_ids_keys_and_filters_are_refused_and_change_nothing(any_api):
    before_schema, before = schema_of(any_api.store), counts(any_api)
    version = any_api.store.version()
    for evil in EVIL:
        refused = [
            any_api.call("POST", "/api/v1/actors", json={"id": evil, "name": "x", "kind": "association"}),
            any_api.call("POST", "/api/v1/actors", json={"name": "x", "kind": "association", evil: 1}),
            any_api.call("POST", "/api/v1/ties", json={"source": evil, "target": "sd", "kind": "funds"}),
            any_api.call("POST", "/api/v1/areas", json={"id": "x", "name": "x", "level": "kreis",
                                                        "parent": evil}),
            any_api.call("GET", "/api/v1/actors", params={"area": evil}),
            any_api.call("GET", "/api/v1/actors", params={"kind": evil}),
            any_api.call("GET", "/api/v1/ties", params={"actor": evil}),
            any_api.call("GET", "/api/v1/audit", params={"user": evil, "record_id": evil}),
        ]
        assert [r.status_code for r in refused][:-1] == [422] * 7, [r.text for r in refused]
        assert refused[-1].status_code == 200 and refused[-1].json()["count"] == 0
        for path in (f"/api/v1/actors/{evil}", f"/api/v1/ties/{evil}", f"/api/v1/areas/{evil}",
                     f"/api/v1/analyses/ego/{evil}"):
            answer = any_api.call("GET", path)
            assert answer.status_code in (404, 422), (path, answer.text)
            assert any_api.call("DELETE", path).status_code in (404, 405, 422)
    header = f"id,name,kind,{EVIL[1]}\nneu,Neu,association,x\n".encode()
    imported = any_api.call("POST", "/api/v1/imports?dry_run=true",
                            files={"upload": ("evil.csv", header)})
    assert imported.status_code in (200, 422)
    assert any_api.store.version() == version
    assert counts(any_api) == before and schema_of(any_api.store) == before_schema
