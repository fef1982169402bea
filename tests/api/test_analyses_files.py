"""Analyses, invitations, imports and exports: the CLI's shapes and rules, over HTTP."""

from __future__ import annotations

import io
import json
import zipfile

from typer.testing import CliRunner

from api.cli import app as cli_app
from tests.api.conftest import CONTACT, cli_options

runner = CliRunner()


def cli_json(store, *args):  # type: ignore[no-untyped-def]
    options, env = cli_options(store)
    result = runner.invoke(cli_app, [*options, *args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_analyses_answer_what_the_cli_answers(api):
    db = api.store
    same = [
        ("/api/v1/analyses/brokers?top=3", ["brokers", "--top", "3"]),
        ("/api/v1/analyses/isolates?as_of=2025-01-01", ["isolates", "--as-of", "2025-01-01"]),
        ("/api/v1/analyses/communities?seed=1", ["communities", "--seed", "1"]),
        ("/api/v1/analyses/gaps?area=zuerich", ["gaps", "--area", "zuerich"]),
        ("/api/v1/analyses/ego/qv-hoengg?hops=2", ["ego", "qv-hoengg", "--hops", "2"]),
        ("/api/v1/analyses/path?source=gz-hoengg&target=sd&as_of=2025-01-01",
         ["path", "gz-hoengg", "sd", "--as-of", "2025-01-01"]),
    ]
    for path, args in same:
        answer = api.call("GET", path, who="viewer")
        assert answer.status_code == 200, (path, answer.text)
        assert answer.json() == cli_json(db, *args), path
    ego = api.call("GET", "/api/v1/analyses/ego/qv-hoengg?hops=1", who="viewer").json()
    assert sorted(a["id"] for a in ego["actors"]) == ["gz-hoengg", "qv-unterstrass"]
    path = api.call("GET", "/api/v1/analyses/path?source=gz-hoengg&target=sd&as_of=2025-01-01").json()
    assert path["found"] and [h["to"] for h in path["hops"]] == ["qv-hoengg", "qv-unterstrass", "sd"]


def test_reasons_in_the_language_asked_for(api):
    """``lang=en`` answers in the words the command line uses with ``QUARTIERNETZ_LANG=en`` (the
    second source); without it the answer stays German, as the command line's default."""
    day = "2025-01-01"
    body = {"topics": ["alter"], "areas": ["kreis-10"], "seats": 2, "as_of": day}
    asked = [
        ("GET", f"/api/v1/analyses/brokers?top=3&as_of={day}", None,
         ["brokers", "--top", "3", "--as-of", day]),
        ("GET", f"/api/v1/analyses/isolates?as_of={day}", None, ["isolates", "--as-of", day]),
        ("POST", "/api/v1/invite", body, ["invite", "--topic", "alter", "--area", "kreis-10",
                                          "--seats", "2", "--as-of", day]),
    ]
    options, env = cli_options(api.store)
    for method, path, json_body, args in asked:
        joiner = "&" if "?" in path else "?"
        en = api.call(method, f"{path}{joiner}lang=en", json=json_body, who="viewer")
        de = api.call(method, path, json=json_body, who="viewer")
        assert en.status_code == de.status_code == 200, (path, en.text)
        result = runner.invoke(cli_app, [*options, *args, "--format", "json"],
                               env={**env, "QUARTIERNETZ_LANG": "en"})
        assert en.json() == json.loads(result.output), path
        assert de.json() == cli_json(api.store, *args), path
        assert en.json() != de.json(), path  # the words differ, so the language took effect


def test_invite_and_need_take_the_cli_inputs(api):
    body = {"topics": ["alter"], "areas": ["kreis-10"], "seats": 2, "as_of": "2025-01-01"}
    answer = api.call("POST", "/api/v1/invite", json=body, who="viewer")
    assert answer.status_code == 200, answer.text
    expected = cli_json(api.store, "invite", "--topic", "alter", "--area", "kreis-10",
                        "--seats", "2", "--as-of", "2025-01-01")
    assert answer.json() == expected
    assert len(expected["seats"]) == 2
    need = api.call("POST", "/api/v1/need", json={"topic": "alter", "area": "kreis-10", "top": 3,
                                                  "as_of": "2025-01-01"})
    assert need.json() == cli_json(api.store, "need", "--topic", "alter", "--area", "kreis-10",
                                   "--top", "3", "--as-of", "2025-01-01")
    unknown = api.call("POST", "/api/v1/invite", json={**body, "topics": ["raumfahrt"]})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"]


def test_analysis_errors_are_problems(api):
    assert api.call("GET", "/api/v1/analyses/ego/nobody").status_code == 404
    assert api.call("GET", "/api/v1/analyses/ego/sd?hops=4").status_code == 422
    assert api.call("GET", "/api/v1/analyses/brokers?area=kreis-99").status_code in (404, 422)
    assert api.call("POST", "/api/v1/invite", json={"topics": ["alter"], "areas": ["kreis-10"],
                                                    "seats": 1000}).status_code == 422


def test_analyses_are_cached_by_version_and_a_write_invalidates(api):
    analyses = api.client.app.state.analyses
    first = api.call("GET", "/api/v1/analyses/brokers").json()
    computed = analyses.computed
    assert api.call("GET", "/api/v1/analyses/brokers").json() == first
    assert analyses.computed == computed  # from the cache
    api.call("PATCH", "/api/v1/ties/cooperates_with:gz-hoengg:qv-hoengg", json={"weight": 1})
    api.call("GET", "/api/v1/analyses/brokers")
    assert analyses.computed > computed


def test_export_then_import_round_trip_and_personal_data_rules(api):
    plain = api.call("GET", "/api/v1/exports/json", who="viewer")
    assert plain.status_code == 200 and plain.headers["content-type"] == "application/json"
    assert "anna@example.ch" not in plain.text
    assert "filename=" in plain.headers["content-disposition"]
    assert api.call("GET", "/api/v1/exports/json?include_personal=true", who="viewer").status_code == 403
    personal = api.call("GET", "/api/v1/exports/json?include_personal=true", who="admin")
    assert CONTACT["email"] in personal.text
    zipped = api.call("GET", "/api/v1/exports/csv?area=kreis-10")
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert sorted(names) == ["actors.csv", "areas.csv", "ties.csv", "topics.csv"]
    for fmt in ("xlsx", "graphml", "gexf"):
        assert api.call("GET", f"/api/v1/exports/{fmt}").status_code == 200

    again = api.call("POST", "/api/v1/imports", files={"upload": ("netz.json", personal.content)},
                     who="editor")
    assert again.status_code == 200, again.text
    report = again.json()
    assert report["counts"]["actor"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert report["files"] == ["netz.json"]


def test_import_reports_every_bad_row_with_file_line_and_column(api):
    csv = (b"id,name,kind,areas\n"
           b"neu-1,Neu 1,association,hoengg\n"
           b"neu-2,,association,hoengg\n"
           b"neu-3,Neu 3,castle,kreis-99\n")
    answer = api.call("POST", "/api/v1/imports", files={"upload": ("actors.csv", csv)})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert {(e["file"], e["line"]) for e in errors} >= {("actors.csv", 3), ("actors.csv", 4)}
    assert all(e.get("column") for e in errors)
    assert api.store.list_actors(q="neu").total == 0  # nothing was written
    dry = api.call("POST", "/api/v1/imports?dry_run=true&skip_invalid=true",
                   files={"upload": ("actors.csv", csv)}).json()
    assert dry["dry_run"] and dry["counts"]["actor"]["created"] == 1
    assert api.store.list_actors(q="neu").total == 0


def test_imports_respect_roles_and_areas(api):
    inside = b"id,name,kind,areas\nneu-in,Neu,association,hoengg\n"
    outside = b"id,name,kind,areas\nneu-out,Neu,association,unterstrass\n"
    assert api.call("POST", "/api/v1/imports", files={"upload": ("a.csv", inside)},
                    who="viewer").status_code == 403
    assert api.call("POST", "/api/v1/imports", files={"upload": ("a.csv", outside)},
                    who="editor10").status_code == 403
    assert api.store.list_actors(q="neu").total == 0
    ok = api.call("POST", "/api/v1/imports", files={"upload": ("a.csv", inside)}, who="editor10")
    assert ok.status_code == 200 and ok.json()["counts"]["actor"]["created"] == 1
    assert api.call("POST", "/api/v1/imports", files={"upload": ("x.exe", b"MZ")}).status_code == 422


def test_ego_on_the_cut_out_neighbourhood_equals_ego_on_the_whole_snapshot(api):
    """The API runs ego_network on the actors within reach only; the answer must be the one the
    analysis gives on the whole snapshot (the second source), for every actor, hops and kind."""
    from graph.analysis import ego_network

    analyses = api.client.app.state.analyses
    version = api.store.version()
    S = api.store.snapshot()
    for actor in S.nodes:
        for hops in (1, 2, 3):
            for kinds in (None, ["informs"]):
                whole = ego_network(S, actor, hops=hops, tie_kinds=kinds)
                cut = ego_network(analyses.around(version, actor, hops), actor, hops=hops,
                                  tie_kinds=kinds)
                assert cut == whole, (actor, hops, kinds)


def test_uploads_with_a_stated_format_are_read_as_that_format(api):
    """A file named without (or with another) ending is read as the stated format: openpyxl
    refuses a workbook by its name, so a bad upload must still be a 422, never a 500."""
    for name, content in (("upload", b"0"), ("actors.csv", b"id,name\n"), ("../../x", b"PK\x03\x04")):
        answer = api.call("POST", "/api/v1/imports?format=xlsx", files={"upload": (name, content)})
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["code"] in ("not_xlsx", "file_empty")
    csv = b"id,name,kind,areas\nneu,Neu,association,hoengg\n"
    answer = api.call("POST", "/api/v1/imports?format=csv&dry_run=true", files={"upload": ("data", csv)})
    assert answer.status_code == 200 and answer.json()["files"] == ["data.csv"]


def test_analyses_invitations_and_files_on_each_store(any_api):
    """The same answers from the SQLite and the Bolt store (the network is the same)."""
    brokers = any_api.call("GET", "/api/v1/analyses/brokers?top=2", who="viewer")
    # the chain gz-hoengg - qv-hoengg - qv-unterstrass - sd: only the middle two broker
    assert brokers.status_code == 200
    assert {b["id"] for b in brokers.json()} == {"qv-hoengg", "qv-unterstrass"}
    ego = any_api.call("GET", "/api/v1/analyses/ego/qv-hoengg?hops=1").json()
    assert sorted(a["id"] for a in ego["actors"]) == ["gz-hoengg", "qv-unterstrass"]
    path = any_api.call("GET", "/api/v1/analyses/path?source=gz-hoengg&target=sd&as_of=2025-01-01")
    assert [h["to"] for h in path.json()["hops"]] == ["qv-hoengg", "qv-unterstrass", "sd"]
    invite = any_api.call("POST", "/api/v1/invite", json={"topics": ["alter"], "areas": ["kreis-10"],
                                                          "seats": 2, "as_of": "2025-01-01"})
    assert invite.status_code == 200 and len(invite.json()["seats"]) == 2
    need = any_api.call("POST", "/api/v1/need", json={"topic": "alter", "area": "kreis-10"})
    assert need.status_code == 200 and need.json()[0]["id"] == "sd"
    exported = any_api.call("GET", "/api/v1/exports/json?include_personal=true")
    assert exported.status_code == 200 and CONTACT["email"] in exported.text
    again = any_api.call("POST", "/api/v1/imports?dry_run=true",
                         files={"upload": ("netz.json", exported.content)}).json()
    assert again["counts"]["actor"] == {"created": 0, "updated": 0, "unchanged": 4}
    log = any_api.call("GET", "/api/v1/audit").json()["data"]
    assert [e["action"] for e in log][:1] == ["export"]  # a dry run writes nothing, not even a log
