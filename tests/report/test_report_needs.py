"""The report's Anliegen section from the stored needs (issue 16 with issue 15's records): the
counts equal the needs API's, the response times the analysis's, and a reader sees only its own."""

from __future__ import annotations

from datetime import date

from api.report import build_report
from api.report.records import needs_section
from graph.analysis.needs import response_times
from graph.store.sqlite import SqliteStore
from tests.report.test_report import AREAS, actor

AS_OF = date(2026, 1, 1)


def test_the_anliegen_section_counts_the_areas_needs(tmp_path):
    with SqliteStore(tmp_path / "q.db") as store:
        store.apply({"areas": AREAS, "topics": [{"id": "alter", "name": "Alter"}],
                     "actors": [actor("a", "Verein A", "association"),
                                actor("d", "Soziale Dienste D", "city_unit")],
                     "ties": [{"source": "a", "target": "d", "kind": "cooperates_with"}]})
        u = "koordination"
        bank = store.add_need({"id": "bank", "title": "Sitzbank beim Bach", "areas": ["hoengg"],
                               "topics": ["alter"], "raised_on": "2025-03-01"}, user=u)
        store.step_need(bank.id, "abgeklaert", user=u, on=date(2025, 3, 5), confirmed=["d"])
        store.step_need(bank.id, "vermittelt", user=u, on=date(2025, 3, 10), actors=["d"])
        store.step_need(bank.id, "in_bearbeitung", user=u, on=date(2025, 3, 24), actor="d")
        store.step_need(bank.id, "erledigt", user=u, on=date(2025, 6, 1))
        store.add_need({"id": "treff", "title": "Treffpunkt <b>jung</b>", "areas": ["hoengg"],
                        "topics": ["alter"], "raised_on": "2025-09-01"}, user=u)
        store.add_need({"id": "weg", "title": "Anderswo", "areas": ["wipkingen"],
                        "topics": ["alter"], "raised_on": "2025-09-02"}, user=u)
        S, needs = store.snapshot(), store.all_needs()
    html = build_report(S, "hoengg", as_of=AS_OF, since=date(2025, 1, 1),
                        sections=[needs_section(needs)]).decode()
    assert "1 offen; seit 01.01.2025 2 neu erfasst und 1 abgeschlossen." in html
    assert "Treffpunkt &lt;b&gt;jung&lt;/b&gt;" in html and "Anderswo" not in html
    # second source: the analysis's own median for the unit (14 days from hand-over to answer)
    [row] = response_times([n for n in needs if n.id == "bank"], {"d": "city_unit"})
    assert row["median_days"] == 14
    assert "Antwortzeit der Dienstabteilungen" in html and "<td>Soziale Dienste D</td>" in html
    assert '<td class="num" data-key="needs">1</td>' in html  # the first page's open needs
    # the whole of Kreis 10 holds both Quartiere's needs; without needs the section says so
    kreis = build_report(S, "kreis-10", as_of=AS_OF, since=date(2025, 1, 1),
                         sections=[needs_section(needs)]).decode()
    assert "2 offen; seit 01.01.2025 3 neu erfasst und 1 abgeschlossen." in kreis
    empty = build_report(S, "hoengg", as_of=AS_OF, sections=[needs_section([])]).decode()
    assert "Keine Anliegen erfasst." in empty


def test_city_units_not_in_contact_for_long_are_a_gap(tmp_path):
    """Kontaktpflege in the report's Lücken: the unit met last in 2025-03 is lapsed on
    2026-01-01 (more than 6 months), the one met in 2025-11 is not; second source: the dates."""
    from api.report.records import contacts_section
    from graph.analysis.evidence import cared_units

    with SqliteStore(tmp_path / "q.db") as store:
        store.apply({"areas": AREAS, "topics": [],
                     "actors": [actor("a", "Verein A", "association"),
                                actor("d", "Soziale Dienste D", "city_unit"),
                                actor("e", "Schulamt E", "city_unit")],
                     "ties": [{"source": "a", "target": "d", "kind": "cooperates_with"}]})
        store.record_meeting({"date": "2025-03-01", "title": "Alt", "participants": ["a", "d"]})
        store.record_meeting({"date": "2025-11-01", "title": "Neu", "participants": ["a", "e"]})
        S = store.snapshot()
        contacts = store.last_contact(cared_units(S))
    html = build_report(S, "hoengg", as_of=AS_OF, sections=[contacts_section(contacts)]).decode()
    gap = html.split("Dienstabteilungen ohne Kontakt seit mehr als 6 Monaten", 1)[1].split("</table>", 1)[0]
    assert "Soziale Dienste D" in gap and "01.03.2025" in gap and "Schulamt E" not in gap
    assert "306" in gap  # days from 2025-03-01 to 2026-01-01


def test_without_any_contact_recorded_the_report_says_so_instead_of_listing_every_unit(tmp_path):
    from api.report.records import contacts_section

    with SqliteStore(tmp_path / "q.db") as store:
        store.apply({"areas": AREAS, "topics": [],
                     "actors": [actor("d", "Soziale Dienste D", "city_unit")], "ties": []})
        S = store.snapshot()
    html = build_report(S, "hoengg", as_of=AS_OF, sections=[contacts_section({})]).decode()
    assert "Dienstabteilungen ohne Kontakt" not in html
    assert "Keine Kontakte der Dienstabteilungen erfasst" in html
