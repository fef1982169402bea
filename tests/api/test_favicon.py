"""The icon: every page names it, and it is served from here (no request to another host)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.config import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("icon") / "netz.db"
    with TestClient(create_app(Settings(QUARTIERNETZ_DB=str(db)))) as http:  # type: ignore[call-arg]
        yield http


@pytest.mark.parametrize("path", ["/favicon.ico", "/static/favicon.svg"])
def test_the_icon_is_an_svg_served_here(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/svg+xml"
    assert ET.fromstring(answer.content).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("page", ["/", "/login", "/docs"])
def test_every_page_names_the_icon(client, page):
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in client.get(page).text
