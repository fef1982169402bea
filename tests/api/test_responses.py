"""Answers sent as prepared bytes (api/responses.py) are exactly what the route's response model
would have produced: same keys, same values, same formats (dates, null for NaN)."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from api.schemas import ActorPublic, ActorsPublic
from api.schemas_analysis import BrokerRow, Communities, Ego, Gaps, Invitation, IsolateRow, NeedRow, Path
from api.schemas_graph import GraphPiece, GraphView, Neighbourhood, Neighbours, Overview

#: (method, path, body, the route's response model)
ENDPOINTS = [
    ("GET", "/api/v1/actors?area=kreis-10", None, ActorsPublic),
    ("GET", "/api/v1/actors?q=hongg&include_personal=true", None, ActorsPublic),
    ("GET", "/api/v1/actors/qv-hoengg?include_personal=true", None, ActorPublic),
    ("GET", "/api/v1/actors/gz-hoengg", None, ActorPublic),
    ("GET", "/api/v1/analyses/brokers", None, list[BrokerRow]),
    ("GET", "/api/v1/analyses/isolates?top=2", None, list[IsolateRow]),
    ("GET", "/api/v1/analyses/communities", None, Communities),
    ("GET", "/api/v1/analyses/gaps", None, Gaps),
    ("GET", "/api/v1/analyses/ego/qv-hoengg?hops=2", None, Ego),
    ("GET", "/api/v1/analyses/path?source=gz-hoengg&target=sd", None, Path),
    ("POST", "/api/v1/invite", {"topics": ["alter"], "areas": ["kreis-10"], "seats": 3}, Invitation),
    ("POST", "/api/v1/need", {"topic": "alter", "area": "kreis-10"}, list[NeedRow]),
    ("GET", "/api/v1/graph?area=kreis-10", None, GraphView),
    ("GET", "/api/v1/graph/neighbours/qv-hoengg", None, Neighbours),
    ("GET", "/api/v1/graph/actors?id=qv-hoengg&id=sd", None, GraphPiece),
    ("GET", "/api/v1/graph/overview?level=quartier", None, Overview),
    ("GET", "/api/v1/graph/neighbourhood/qv-hoengg?depth=2", None, Neighbourhood),
]


@pytest.mark.parametrize(("method", "path", "body", "model"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS])
def test_fast_answers_equal_what_the_response_model_gives(api, method, path, body, model):
    answer = api.call(method, path, json=body)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    sent = answer.json()
    assert sent, "an empty answer proves nothing"
    adapter = TypeAdapter(model)
    assert adapter.dump_python(adapter.validate_python(sent), mode="json") == sent
