"""``/api/v1/reports/{area}``: the numbers in the Quartierbericht are the API's own for the same
area and day (read back from the PDF with pdftotext), on both stores; roles, area scope and
contact persons as everywhere else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.auth import hash_token
from graph.analysis import CACHE
from graph.i18n import number, percent
from graph.store.sqlite import SqliteStore
from loaders.sample import load_sample
from tests.api.conftest import BACKENDS, CONTACT, Api, make_api
from tests.report.pdf import figure, pdf_text

AS_OF = "2026-06-30"
AREA = "wipkingen"  # an isolated actor, a sector gap, brokers and new ties in the Zurich sample
ISOLATION = {"no_ties", "no_admin_in_component", "admin_unreachable", "own_sector_only"}
UNREACHED = {"no_ties", "no_admin_in_component", "admin_unreachable"}


@pytest.fixture(scope="module", params=BACKENDS)
def zurich_api(request, tmp_path_factory) -> Iterator[Api]:
    """The Zurich sample behind the API (SQLite file, or a Bolt database), with an admin and a
    viewer account."""
    if request.param == "sqlite":
        store = SqliteStore(tmp_path_factory.mktemp("zh") / "zh.db")
    else:
        from graph.store.neo4j import Neo4jStore

        uri, user, password, make_database, wipe = request.getfixturevalue("bolt_target")
        store = Neo4jStore(uri, user, password, database=make_database())
        if wipe:
            store.wipe()
        store.init()
    load_sample(store, "zurich")
    for name, role in (("admin", "admin"), ("viewer", "viewer")):
        store.add_account(name, token_hash=hash_token(f"qn_test-{name}-token"), role=role)
    CACHE.clear()
    try:
        yield from make_api(store, seeded=True)
    finally:
        store.close()


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_numbers_in_the_report_are_the_apis(zurich_api):
    api = zurich_api
    got = api.call("GET", f"/api/v1/reports/{AREA}?format=pdf&as_of={AS_OF}&since=2023-01-01")
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == "application/pdf"
    assert got.content.startswith(b"%PDF-")
    text = pdf_text(got.content)
    flat = _words(pdf_text(got.content, layout=False))

    mapped = api.call("GET", f"/api/v1/map?as_of={AS_OF}").json()["figures"][AREA]
    actors, forums = int(figure(text, "Akteure im Gebiet")), int(figure(text, "Gremien im Gebiet"))
    assert actors + forums == mapped["actors"]

    isolates = api.call("GET", f"/api/v1/analyses/isolates?area={AREA}&as_of={AS_OF}").json()
    cut_off = [r for r in isolates if ISOLATION & set(r["codes"])]
    assert figure(text, "isolierte Akteure") == number(len(cut_off))
    assert cut_off, "the test area should have isolated actors"
    for row in cut_off:
        assert _words(row["name"]) in flat
        assert _words(row["reasons"][0]) in flat  # the reason, as the API words it

    members = api.call("GET", f"/api/v1/actors?area={AREA}&limit=1000").json()["data"]
    eligible = [a for a in members if a["kind"] != "forum" and a.get("sector") != "administration"]
    unreached = {r["id"] for r in isolates if UNREACHED & set(r["codes"])}
    reached = [a for a in eligible if a["id"] not in unreached]
    assert figure(text, "in Reichweite der Verwaltung") == (
        f"{percent(len(reached) / len(eligible))} ({len(reached)}/{len(eligible)})")

    gaps = api.call("GET", f"/api/v1/analyses/gaps?area={AREA}&as_of={AS_OF}").json()["sectors"]
    assert gaps, "the test area should have sector gaps"
    for gap in gaps:
        assert _words(gap["reason"]) in flat

    brokers = api.call("GET", f"/api/v1/analyses/brokers?area={AREA}&as_of={AS_OF}").json()
    named = [b["name"] for b in brokers if b["betweenness"] > 0][:5]
    assert named, "the test area should have brokers"
    strengths = flat[flat.index("Stärken"):flat.index("Lücken")]
    positions = [strengths.index(_words(n)) for n in named]
    assert positions == sorted(positions)  # in the API's order
    changes = api.call("GET", f"/api/v1/changes?since=2023-01-01&until={AS_OF}&area={AREA}").json()
    assert changes["ties_gained"], "the period should hold new ties"
    assert f"{len(changes['ties_gained'])} neue Beziehung" in flat
    assert f"{len(changes['ties_lost'])} weggefallene Beziehung" in flat
    for row in changes["became_isolated"] + changes["stopped_brokering"]:
        assert _words(row["name"]) in flat
    assert "Seite 1 von" in flat and "illustrativ" in flat


def test_the_html_report_in_english_is_offline_and_has_the_same_numbers(zurich_api):
    api = zurich_api
    got = api.call("GET", f"/api/v1/reports/{AREA}?format=html&as_of={AS_OF}&lang=en")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in got.headers["content-security-policy"]
    page = got.text
    assert '<html lang="en">' in page and "Neighbourhood report Wipkingen" in page
    isolates = api.call("GET", f"/api/v1/analyses/isolates?area={AREA}&as_of={AS_OF}").json()
    count = len([r for r in isolates if ISOLATION & set(r["codes"])])
    assert f'data-key="isolated">{count}<' in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page


def test_roles_scope_and_contact_persons(api):
    assert api.call("GET", "/api/v1/reports/hoengg?format=html", who=None).status_code == 401
    seen = api.call("GET", "/api/v1/reports/kreis-10?format=html", who="viewer")
    assert seen.status_code == 200
    for secret in CONTACT.values():
        assert secret not in seen.text  # contact persons are never in a report
    assert "Quartierverein Höngg" in seen.text
    # a read-scoped account: its own areas only, and only the part of the network it may read
    assert api.call("GET", "/api/v1/reports/unterstrass?format=html", who="reader10").status_code == 403
    own = api.call("GET", "/api/v1/reports/hoengg?format=html", who="reader10")
    assert own.status_code == 200 and own.headers["x-quartiernetz-scope"] == "kreis-10"
    assert "Quartierverein Unterstrass" not in own.text
    missing = api.call("GET", "/api/v1/reports/nowhere?format=html")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    late = api.call("GET", "/api/v1/reports/hoengg?format=html&since=2030-01-01&as_of=2026-01-01")
    assert late.status_code in (400, 422)
    assert "2030-01-01" in late.text
