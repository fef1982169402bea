"""``POST /api/v1/invite/list``: a round table's invitation list as CSV and Excel, with the
seats of ``POST /invite`` for the same request, and contact persons only for the accounts the
one personal-data rule (``include_personal``) allows: never a viewer; an admin; an editor only
for actors in its areas. Runs on both stores."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.api.conftest import CONTACT

BODY = {"topics": ["alter"], "areas": ["kreis-10"], "seats": 3, "must": ["qv-hoengg"]}
HEAD_DE = ["Nr", "Akteur", "Art", "Sektor", "Rolle", "Gründe"]
CONTACT_DE = ["Kontaktperson", "E-Mail", "Telefon"]


def csv_rows(answer) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel keeps the umlauts
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


@pytest.fixture
def seated(api):  # type: ignore[no-untyped-def]
    table = api.call("POST", "/api/v1/invite", who="viewer", json=BODY).json()
    names = [s["name"] for s in table["seats"]]
    assert "Quartierverein Höngg" in names, table  # the actor with a contact person is seated
    return table


def test_viewer_gets_the_seats_without_contact_columns(api, seated):
    rows = csv_rows(api.call("POST", "/api/v1/invite/list?format=csv", who="viewer", json=BODY))
    assert rows[0] == HEAD_DE
    assert [r[1] for r in rows[1:]] == [s["name"] for s in seated["seats"]]
    assert [r[4] for r in rows[1:]] == [s["role"] for s in seated["seats"]]
    assert [r[5] for r in rows[1:]] == ["; ".join(s["reasons"]) for s in seated["seats"]]
    text = "\n".join(",".join(r) for r in rows)
    assert CONTACT["name"] not in text and CONTACT["email"] not in text


def test_admin_gets_contact_persons_in_csv_and_excel(api, seated):
    rows = csv_rows(api.call("POST", "/api/v1/invite/list", who="admin", json=BODY))
    assert rows[0] == HEAD_DE + CONTACT_DE
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Quartierverein Höngg"][6:] == [CONTACT["name"], CONTACT["email"], CONTACT["phone"]]
    answer = api.call("POST", "/api/v1/invite/list?format=xlsx&lang=en", who="admin", json=BODY)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].startswith('attachment; filename="invitation-list-')
    sheet = load_workbook(io.BytesIO(answer.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "Invitation list"
    assert cells[0] == ["#", "actor", "kind", "sector", "role", "reasons", "contact person", "E-mail",
                        "phone"]
    assert [r[1] for r in cells[1:]] == [s["name"] for s in seated["seats"]]
    hoengg = next(r for r in cells[1:] if r[1] == "Quartierverein Höngg")
    assert hoengg[3] == "civil society"
    assert hoengg[6:] == [CONTACT["name"], CONTACT["email"], CONTACT["phone"]]


@pytest.mark.usefixtures("seated")
def test_editor_sees_contacts_only_in_its_areas(api):
    # editor10 may change Kreis 10 (Höngg's Quartierverein): its contact; a city-wide editor too
    for who in ("editor10", "editor"):
        rows = csv_rows(api.call("POST", "/api/v1/invite/list", who=who, json=BODY))
        assert {r[1]: r for r in rows[1:]}["Quartierverein Höngg"][6] == CONTACT["name"]
    # moved out of Kreis 10 (to Unterstrass), editor10 may no longer change it: no contact
    moved = api.call("PATCH", "/api/v1/actors/qv-hoengg", json={"areas": ["unterstrass"]})
    assert moved.status_code == 200, moved.text
    body = {**BODY, "areas": ["zuerich"], "seats": 4}
    rows = csv_rows(api.call("POST", "/api/v1/invite/list", who="editor10", json=body))
    qv = {r[1]: r for r in rows[1:]}["Quartierverein Höngg"]
    assert qv[6:] == ["", "", ""]
    rows = csv_rows(api.call("POST", "/api/v1/invite/list", who="admin", json=body))
    assert {r[1]: r for r in rows[1:]}["Quartierverein Höngg"][6] == CONTACT["name"]


def test_a_bad_request_is_the_same_problem_as_invite(api):
    bad = {**BODY, "topics": ["no-such-topic"]}
    plain = api.call("POST", "/api/v1/invite", who="viewer", json=bad)
    listed = api.call("POST", "/api/v1/invite/list", who="viewer", json=bad)
    assert listed.status_code == plain.status_code >= 400
    assert listed.json()["code"] == plain.json()["code"]
    assert api.call("POST", "/api/v1/invite/list?format=pdf", who="viewer", json=BODY).status_code == 422
