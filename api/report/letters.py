"""Letters for a survey campaign: one A4 page per invited actor with the campaign's title, the
coordinator's message, the last day for answers, the actor's personal link and a QR code of it.

Made from ``(name, url)`` pairs, so it needs neither a store nor the web framework (the links
are made by whoever holds the survey key: :meth:`Store.survey_links`). The HTML is
``letters.html.j2`` (Jinja2, autoescape on: a name or message is text), the QR code an inline
SVG from `segno <https://segno.readthedocs.io>`_ (error correction M, four modules of quiet
zone), the PDF laid out by WeasyPrint like the Quartierbericht (:func:`api.report.render.render_pdf`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

import segno
from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from api.report.render import REPORT_CSP, day, render_pdf
from graph.config import package_version
from graph.i18n import say

#: QR error correction: M (15 % of the code may be damaged or dirty and it still reads).
QR_ERROR = "m"


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(loader=PackageLoader("api.report", "."), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("letters.html.j2")


def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` as an inline SVG (a ``viewBox`` in modules, quiet zone 4; the
    page sizes it). Only path data: ``url`` itself is not in the SVG's text.

    >>> qr_svg("https://example.org/s/qs_x").startswith('<svg viewBox="0 0 33 33" class="qr">')
    True
    """
    qr = segno.make(url, error=QR_ERROR, micro=False)
    return Markup(qr.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None))


def letters_html(title: str, until: date, message: str | None, letters: Iterable[tuple[str, str]],
                 *, lang: str = "de") -> str:
    """The letters as one HTML document (one ``<section class="letter">`` per ``(name, url)``,
    each printed on its own A4 page)."""

    def w(key: str, **params: Any) -> str:
        return say(key, lang, context="letter", **params)

    pages = [{"name": name, "url": url, "qr": qr_svg(url)} for name, url in letters]
    return _template().render(w=w, lang=lang, csp=REPORT_CSP,
                              version=package_version(), title=title, message=message or "",
                              until=day(until, lang), pages=pages)


def letters_pdf(title: str, until: date, message: str | None, letters: Iterable[tuple[str, str]],
                *, lang: str = "de") -> bytes:
    """The letters as a PDF, one A4 page per actor (WeasyPrint; needs Debian's Pango)."""
    return render_pdf(letters_html(title, until, message, letters, lang=lang))
