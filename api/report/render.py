"""A :class:`~api.report.data.ReportData` as one self-contained HTML document, and as PDF.

The HTML is ``report.html.j2`` (Jinja2, autoescape on): inline CSS and SVG, no script, and a
Content-Security-Policy (:data:`REPORT_CSP`) that forbids every request, so the file works
offline and a name can only ever be text. The PDF is the same HTML laid out by WeasyPrint (A4,
page numbers from CSS ``@page``, fonts embedded as subsets; it needs Debian's Pango).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from api.report import svg
from api.report.data import LIST_LIMIT, TOP_BROKERS, ReportData
from graph.config import package_version
from graph.i18n import join, number, percent, plural, say
from graph.words import label, worded

#: Area levels with a word of their own (others are left out of the subtitle).
LEVELS = ("city", "kreis", "quartier", "region")
#: No request to anywhere: styles inline, images only as data: URLs, no script at all.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'")


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(loader=PackageLoader("api.report", "."), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False)
    return env.get_template("report.html.j2")


def words(lang: str) -> Callable[..., str]:
    """The report's words in ``lang``: ``w(key, **params)``, the plural form when a ``count``
    is given (catalogue context ``report``)."""

    def w(key: str, **params: Any) -> str:
        if isinstance(params.get("count"), int):
            return plural(key, params.pop("count"), lang, context="report", **params)
        return say(key, lang, context="report", **params)

    return w


def day(value: date | None, lang: str) -> str:
    """A date as a coordinator writes it: ``28.11.2026`` (German), ``28 Nov 2026`` (English).

    >>> day(date(2026, 11, 28), "de"), day(date(2026, 11, 28), "en")
    ('28.11.2026', '28 Nov 2026')
    """
    if value is None:
        return "–"
    return value.strftime(say("date_format", lang, context="report"))


def _valid(t: dict[str, Any], lang: str) -> str:
    since, until = (date.fromisoformat(v) if isinstance(v, str) else v
                    for v in (t.get("since"), t.get("until")))
    return f"{day(since, lang) if since else '…'} – {day(until, lang) if until else ''}".strip()


def context(r: ReportData, lang: str, *, made: datetime | None = None) -> dict[str, Any]:
    """What the template draws (words, numbers in de-CH format, figures)."""
    w = words(lang)

    def sector(value: Any) -> str:
        return label("sector", None if value == "none" else value, lang)

    def n(x: float) -> str:
        return number(x)

    brokers = worded(r.brokers[:TOP_BROKERS], lang, codes=False)
    for b in brokers:
        b["sector_label"] = sector(b.get("sector"))
    isolated = worded(r.isolated[:LIST_LIMIT * 2], lang, codes=False)
    for i in isolated:
        i["sector_label"] = sector(i.get("sector"))
    forums = [{**f, "who": join(f["members"], lang, limit=8)} for f in r.forum_rows[:LIST_LIMIT]
              if len(f["members"]) >= 2]
    forums_missing = [w("forum_missing", forum=f["name"],
                        sectors=join([sector(s) for s in f["missing"]], lang))
                      for f in r.forum_rows if f["missing"]]
    share = r.reach_share
    reach = (f"{percent(share)} ({n(r.reach['reached'])}/{n(r.reach['eligible'])})"
             if share is not None else "–")
    pairs = sorted(r.ties_by_pair.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    pair_chart = svg.bar_chart(
        [(f"{sector(a)} – {sector(b)}" if a != b else w("within", sector=sector(a)), float(k),
          svg.SECTOR_COLOURS.get(a, svg.SECTOR_COLOURS["none"]) if a == b else "#7F7F7F", n(k))
         for (a, b), k in pairs])
    sector_chart = svg.bar_chart([(sector(s), float(k), svg.SECTOR_COLOURS.get(s, svg.SECTOR_COLOURS["none"]),
                                   n(k)) for s, k in r.by_sector.items()])
    ch = r.changes

    def ties(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**t, "source": t["source_name"], "target": t["target_name"],
                 "kind_label": label("tie", t["kind"], lang), "valid": _valid(t, lang)}
                for t in rows[:LIST_LIMIT]]

    needs = [s for s in r.extra if getattr(s, "place", None) == "needs"]
    ranked = [b["id"] for b in r.brokers]
    return {
        "lang": lang, "r": r, "w": w, "n": n, "version": package_version(),
        "csp": Markup(REPORT_CSP),  # a constant
        "page_word": w("page"), "of_word": w("of"),
        "level": w(f"level_{r.area['level']}") if r.area.get("level") in LEVELS else "",
        "as_of": day(r.as_of, lang), "since": day(r.since, lang),
        "made": day((made or datetime.now(UTC)).date(), lang),
        "map": svg.area_map(r.network.graph.get("areas") or {}, r.area["id"]),
        "colours": svg.MAP_COLOURS, "reach": reach,
        "open_needs": str(sum(getattr(s, "open", 0) for s in needs)) if needs else "–",
        "sector_chart": sector_chart, "pair_chart": pair_chart,
        "brokers": brokers, "forums": forums, "isolated": isolated,
        "sector_gaps": [g["reason"] for g in worded(r.sector_gaps[:LIST_LIMIT], lang, codes=False)],
        "orphan_topics": [w("orphan_topic", topic=t["name"], count=t["actors"])
                          for t in r.orphan_topics[:LIST_LIMIT]],
        "forums_missing": forums_missing[:LIST_LIMIT],
        "gained": ties(ch["ties_gained"]), "lost": ties(ch["ties_lost"]),
        "became_isolated": join([x["name"] for x in ch["became_isolated"]], lang, limit=LIST_LIMIT),
        "stopped": join([x["name"] for x in ch["stopped_brokering"]], lang, limit=LIST_LIMIT),
        "forums_lost": [w("forum_lost", forum=f["name"],
                          sectors=join([sector(x) for x in f["sectors_lost"]], lang))
                        for f in ch["forums_lost_sector"][:LIST_LIMIT]],
        "net": svg.network_figure(r.network, ranked, {x["id"] for x in r.isolated}),
        "extra": r.extra, "sector_label": sector, "sector_colours": svg.SECTOR_COLOURS,
        "outside_colour": svg.OUTSIDE_COLOUR, "tie_colour": svg.TIE_COLOUR,
        "ring": svg.ISOLATED_RING, "label_size": svg.LABEL_SIZE,
    }


def render_html(r: ReportData, lang: str, *, made: datetime | None = None) -> str:
    """The report as one HTML document (UTF-8 text)."""
    return _template().render(**context(r, lang, made=made))


def render_pdf(html: str) -> bytes:
    """The PDF of a report's HTML (A4, page numbers, fonts embedded)."""
    from weasyprint import HTML  # imported on first use: it loads Pango (about 0.3 s)

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
