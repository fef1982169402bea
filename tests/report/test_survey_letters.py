"""Survey letters (api/report/letters.py): one A4 page per actor with its own link, read back
from the PDF with poppler's pdftotext; the QR code read back by zbar (Debian's zbar-tools) from
the rendered page where it is installed, and always compared module by module with segno's
matrix of the link."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
import segno

from api.report.letters import letters_html, letters_pdf, qr_svg
from tests.report.pdf import pdf_png, pdf_text

BASE = "https://quartiernetz.example.ch/s/"
LETTERS = [("GZ Wipkingen", BASE + "qs_" + "A1b2" * 10 + "xyz"),
           ("<img src=x onerror=alert(1)> & Söhne", BASE + "qs_" + "Zz_-" * 10 + "987"),
           ("Quartierverein Wipkingen", BASE + "qs_" + "q" * 43)]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return letters_pdf("Wer arbeitet mit wem in Wipkingen?", date(2026, 12, 20),
                       "Liebe Partnerinnen und Partner\nbitte helfen Sie mit.", LETTERS)


def test_one_page_per_actor_with_its_own_link(pdf):
    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == len(LETTERS)
    for page, (name, url) in zip(pages, LETTERS, strict=True):
        assert url in page  # on one line, as typed
        assert name in page  # a hostile name is printed as the text it is
        assert [u for _, u in LETTERS if u in page] == [url]  # no other actor's link
        assert "Wer arbeitet mit wem in Wipkingen?" in page
        assert "bis am 20.12.2026" in page
        assert "bitte helfen Sie mit." in page


def test_english_letters():
    text = pdf_text(letters_pdf("Who works with whom?", date(2026, 12, 20), None, LETTERS[:1],
                                lang="en"))
    assert "Please answer by 20 Dec 2026." in text and LETTERS[0][1] in text
    assert "Guten Tag" not in text


def test_the_html_escapes_names_and_loads_nothing():
    html = letters_html("T <script>", date(2026, 12, 20), "<b>hi</b>", LETTERS)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp; Söhne" in html
    assert "<script>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "default-src &#39;none&#39;" in html  # the CSP: no request anywhere
    assert html.count('<section class="letter">') == 3


def svg_modules(svg: str) -> list[list[bool]]:
    """The dark modules of a segno SVG (one path of horizontal runs: ``M4 4.5h7m3 0h1...``)."""
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                grid[int(y)][int(x) + i] = True
            x += float(a)
    return grid


@pytest.mark.parametrize(("_name", "url"), LETTERS)
def test_the_embedded_qr_holds_exactly_the_link(_name, url):
    html = letters_html("T", date(2026, 12, 20), None, [(_name, url)])
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg == str(qr_svg(url))
    qr = segno.make(url, error="m", micro=False)
    expected = [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=4)]
    assert svg_modules(svg) == expected
    other = [[bool(v) for v in row] for row in segno.make(url + "x", error="m").matrix_iter(border=4)]
    assert svg_modules(svg) != other  # the comparison can tell links apart


def test_the_printed_qr_code_decodes_to_the_link(pdf, tmp_path):
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg is missing: apt-get install zbar-tools (.ci/run installs it)")
    for page, (_, url) in enumerate(LETTERS, 1):
        png = pdf_png(pdf, tmp_path / f"letter{page}", first=page, dpi=100)[0]
        found = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                               capture_output=True, text=True, timeout=60)
        assert found.stdout.strip() == url
