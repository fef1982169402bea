"""A :class:`~api.views.data.Page` as one offline HTML document, and the Content-Security-Policy.

The page is ``page.html.j2`` (Jinja2, autoescape on) with two scripts inlined: vis-network 9.1.2
as pyvis ships it (``pyvis/lib/vis-9.1.2``) and ``page.js``, which draws the JSON data block.
The CSP (:func:`page_csp`) allows exactly these two scripts, by the SHA-256 of what is inlined,
and no request to anywhere: the page works offline and an injected handler cannot run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from api.views.data import Page
from api.views.style import NODE_STYLE
from api.views.words import word


def _escape(value: Any) -> Any:
    """Escape as :func:`html.escape` does (``'`` as ``&#x27;``), leaving Markup as it is.

    Runs as the environment's ``finalize``, before autoescape: what it returns is Markup, so
    autoescape keeps it, and the pages stay byte for byte what the earlier string template wrote.
    """
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(loader=PackageLoader("api.views", "."), autoescape=True, finalize=_escape,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("page.html.j2")


@lru_cache(maxsize=1)
def vis_js() -> str:
    """vis-network 9.1.2 as bundled in the pyvis package (standalone build, no CSS needed)."""
    text = (resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")
    # nothing in it may end the script element early or start an HTML comment inside it
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@lru_cache(maxsize=1)
def app_js() -> str:
    """The page's own script (``page.js``): reads the data block and draws it with vis-network."""
    text = (resources.files("api.views") / "page.js").read_text("utf-8")
    if "</script" in text or "<!--" in text:
        raise RuntimeError("page.js must not contain '</script' or '<!--' (it is inlined)")
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _script_hashes() -> str:
    return f"{_sha256(vis_js())} {_sha256(app_js())}"


def page_csp() -> str:
    """The Content-Security-Policy of every view page: no request to anywhere, only our two
    scripts (by hash). A server sending a page should send it as a header too."""
    return (f"default-src 'none'; script-src {_script_hashes()}; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def json_for_html(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``.

    >>> json_for_html({"name": "</script>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_page(page: Page) -> str:
    """The HTML document of ``page``: headings, facts and legend escaped, the data as a JSON
    block, both scripts inline, the CSP of :func:`page_csp` in a ``<meta>`` element."""
    lang = page.lang
    return _template().render(
        lang=lang,
        csp=Markup(page_csp()),  # constants and base64 hashes: nothing to escape
        title=page.title,
        subtitle=page.subtitle,
        facts=page.facts,
        legend_title=word("legend", lang),
        legend=page.legend,
        mark_colours={mark["flag"]: mark["border"] for mark in NODE_STYLE["marks"]},
        details=word("details", lang),
        noscript=word("noscript", lang),
        data=Markup(json_for_html(page.data)),  # <, > and & escaped as JSON \u escapes
        vis=Markup(vis_js()),
        app=Markup(app_js()),
    )
