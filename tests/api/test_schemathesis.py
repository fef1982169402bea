"""Schemathesis against the app's own OpenAPI document: at least 1,000 generated cases over
every operation (and stateful sequences following the documented links), with 0 server errors
and 0 answers that contradict the schema (status codes, content types, bodies, headers).

Runs on both stores (the module-scoped ``backend`` fixture: first every test on SQLite, then
every test on Bolt, each with its own count); the examples per operation are bounded so that the
module takes about a minute per store.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.compute import Analyses
from graph.config import Settings
from graph.store import Store
from graph.store.sqlite import SqliteStore
from tests.api.conftest import BACKENDS

schemathesis_checks = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

APP = create_app(Settings(QUARTIERNETZ_QUERY_TIMEOUT=30))  # type: ignore[call-arg]
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
AUTH = {"Authorization": "Bearer qn_test-admin-token"}
EXAMPLES = 10
#: the calls made, per store
CASES: dict[str, list[str]] = {}
PLACE: dict[str, Any] = {}


def fresh_store() -> None:
    """Put a fresh copy of the seeded network behind the app (handing back the previous one)."""
    put_back()
    if PLACE["backend"] == "sqlite":
        PLACE["count"] = PLACE.get("count", 0) + 1
        path = PLACE["folder"] / f"netz-{PLACE['count']}.db"
        shutil.copyfile(PLACE["template"], path)
        store: Store = SqliteStore(path)
    else:
        store, PLACE["seeded"] = PLACE["seeds"].take()
    PLACE["store"] = APP.state.store = store
    APP.state.analyses = Analyses(store, 30)


def put_back() -> None:
    """Close the store this module put behind the app (SQLite), or hand it back (Bolt)."""
    store = PLACE.pop("store", None)
    APP.state.store = None
    if store is None:
        return
    if PLACE["backend"] == "sqlite":
        store.close()
    else:
        PLACE["seeds"].give_back(store, PLACE["seeded"])


@pytest.fixture(scope="module", params=BACKENDS, autouse=True)
def backend(request, seeded_template, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    PLACE.update(backend=request.param, template=seeded_template,
                 folder=tmp_path_factory.mktemp("schemathesis"))
    if request.param == "bolt":
        PLACE["seeds"] = request.getfixturevalue("bolt_seeds")
    CASES[request.param] = []
    fresh_store()
    yield request.param
    put_back()


def record(call: str) -> None:
    CASES[PLACE["backend"]].append(call)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_against_its_schema(case):
    record(f"{case.method} {case.path}")
    case.call_and_validate(headers=AUTH, checks=schemathesis_checks)


class Stateful(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        fresh_store()  # each scenario starts from the same network: reproducible sequences

    def get_call_kwargs(self, _case):  # type: ignore[no-untyped-def]
        return {"headers": AUTH}

    def validate_response(self, response, case, **_kwargs):  # type: ignore[no-untyped-def]
        record(f"stateful {case.method} {case.path}")
        case.validate_response(response, checks=schemathesis_checks)


def test_stateful_sequences_follow_the_links():
    Stateful.run(settings=settings(max_examples=30, deadline=None, database=None, derandomize=True,
                                   stateful_step_count=6,
                                   suppress_health_check=list(HealthCheck)))
    stateful = [c for c in CASES[PLACE["backend"]] if c.startswith("stateful")]
    # the sequences go on from what an earlier call created or listed: calls on one record
    assert any("{" in c for c in stateful)


def test_at_least_1000_cases_ran_over_every_operation(backend):
    operations = {f"{op.method.upper()} {op.path}" for op in
                  (result.ok() for result in schema.get_all_operations())}
    cases = CASES[backend]
    assert len(cases) >= 1000, len(cases)
    seen = {c.split(" ", 1)[1] if not c.startswith("stateful") else "" for c in cases}
    assert {o.split(" ", 1)[1] for o in operations} <= seen | {""}

