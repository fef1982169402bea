"""Hostile uploads to ``POST /api/v1/imports`` (issue 11, findings 6 and 7), on both stores: the
.xlsx zip bomb is a 413 at once, deep JSON, numbers no record can hold and cut-off files of
each format are a 422 naming file, line and column; always problem+json, never a 500, and
the store (version, audit log, accounts) is exactly as before."""

from __future__ import annotations

import time
import zipfile

import pytest

from tests.api.conftest import fingerprint
from tests.loaders.hostile import write_xlsx_bomb
from tests.loaders.test_hostile_files import hostile_files


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> bytes:
    path = write_xlsx_bomb(tmp_path_factory.mktemp("bomb") / "netz.xlsx")
    assert sum(m.file_size for m in zipfile.ZipFile(path).infolist()) > 270_000_000
    return path.read_bytes()


def upload(api, name: str, data: bytes):  # type: ignore[no-untyped-def]
    """POST the file; checks the answer came within 5 s, as problem+json, storing nothing."""
    before = fingerprint(api.store)
    started = time.perf_counter()
    answer = api.call("POST", "/api/v1/imports", files={"upload": (name, data)})
    assert time.perf_counter() - started < 5
    assert answer.headers["content-type"] == "application/problem+json", answer.text
    assert fingerprint(api.store) == before
    return answer


def test_the_zip_bomb_is_a_413_naming_the_limit(api, bomb):
    assert len(bomb) < 1.5 * 1024**2  # far below the 10 MB body limit: the file itself is refused
    answer = upload(api, "netz.xlsx", bomb)
    assert answer.status_code == 413
    body = answer.json()
    assert body["code"] == "too_large"
    assert body["detail"] == "zu gross (1 Grenze(n) überschritten), nichts wurde gespeichert:"
    (problem,) = body["errors"]
    assert (problem["code"], problem["file"]) == ("zip_ratio", "netz.xlsx")
    assert problem["params"]["setting"] == "QUARTIERNETZ_MAX_ZIP_RATIO"
    assert "258-fach gepackt" in problem["message"] and "als CSV speichern" in problem["message"]
    assert api.call("GET", "/api/v1/health").status_code == 200


def test_a_row_limit_of_the_service_settings_is_a_413(api, monkeypatch):
    """The route holds uploads to the app's settings (QUARTIERNETZ_MAX_ROWS when it started)."""
    monkeypatch.setattr(api.client.app.state.settings, "max_rows", 2)
    csv = b"id,name,kind,areas\n" + b"".join(b"a-%d,A %d,association,hoengg\n" % (i, i) for i in range(5))
    answer = upload(api, "actors.csv", csv)
    assert answer.status_code == 413
    (problem,) = answer.json()["errors"]
    assert (problem["code"], problem["file"], problem["line"]) == ("too_many_rows", "actors.csv", 4)


API_CASES = [
    "json nested 100,000 deep",
    "json nested in a field",
    "json weight 1e400",
    "json weight NaN",
    "json 5,000 digits",
    "json 5,000 digits in a name",
    "json cut off",
    "json key not in quotes",
    "csv weight 1e400",
    "csv weight of 5,000 digits",
    "csv binary garbage",
    "csv empty",
    "csv NUL byte",
    "xlsx cut off",
    "xlsx sheet cut inside a valid zip",
    "xlsx garbage",
    "graphml weight 1e400",
    "graphml weight of 5,000 digits",
    "graphml cut off",
    "graphml nested 100,000 deep",
    "gexf weight 1e400",
    "gexf cut off",
]


@pytest.mark.parametrize("case", API_CASES)
def test_a_hostile_upload_is_a_422_in_our_words(api, tmp_path, case):
    name, data, code, text = hostile_files(tmp_path)[case]
    answer = upload(api, name, data)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert code in [e["code"] for e in body["errors"]], body
    problem = next(e for e in body["errors"] if e["code"] == code)
    assert problem["file"].startswith(name)
    assert text.split(": ", 1)[-1] in problem["message"] or text in _rendered(problem)


def _rendered(problem: dict) -> str:
    where = problem["file"] + (f":{problem['line']}" if problem.get("line") else "")
    where += f": {problem['column']}" if problem.get("column") else ""
    return f"{where}: {problem['message']}"


def test_numbers_no_record_can_hold_name_the_field_and_the_line(api, tmp_path):
    name, data, _, _ = hostile_files(tmp_path)["json weight 1e400"]
    (problem,) = upload(api, name, data).json()["errors"]
    assert {k: problem[k] for k in ("code", "file", "line", "column", "field")} == {
        "code": "bad_number",
        "file": "netz.json",
        "line": 6,
        "column": "weight",
        "field": "weight",
    }


@pytest.mark.parametrize("weight", [b"1e400", b"-1e400", b"NaN", b"Infinity", b"9" * 400])
def test_a_tie_with_a_number_no_record_can_hold_is_a_422(api, weight):
    """The same numbers in a request body (the record check itself refuses them)."""
    before = fingerprint(api.store)
    body = (
        b'{"source": "gz-hoengg", "target": "qv-unterstrass", "kind": "informs", "weight": ' + weight + b"}"
    )
    answer = api.call("POST", "/api/v1/ties", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert fingerprint(api.store) == before


def test_the_import_function_takes_the_limits_it_is_given(seeded_sqlite):
    """For a route that passes the app's settings (``FileLimits.from_settings(settings)``)."""
    from api.files import import_files
    from graph.config import FileLimits
    from loaders.load import FileTooLargeError

    admin = next(a for a in seeded_sqlite.accounts() if a.name == "admin")
    before = fingerprint(seeded_sqlite)
    csv = b"id,name,kind,areas\n" + b"".join(b"a-%d,A %d,association,hoengg\n" % (i, i) for i in range(5))
    with pytest.raises(FileTooLargeError) as caught:
        import_files(
            seeded_sqlite,
            admin,
            [("actors.csv", csv)],
            fmt=None,
            dry_run=False,
            skip_invalid=False,
            limits=FileLimits(max_rows=3),
        )
    assert [(p.code, p.line) for p in caught.value.problems] == [("too_many_rows", 5)]
    assert fingerprint(seeded_sqlite) == before
