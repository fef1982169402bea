"""Meetings from a calendar export (issue 15 item 5): events read as RFC 5545 says, people
matched to actors, unknown names listed, broken files refused naming the file."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import InvalidInputError
from loaders.ics import match_calendar, read_calendar

ACTORS = [
    {"id": "gz-wipkingen", "name": "GZ Wipkingen"},
    {"id": "qv-wipkingen", "name": "Quartierverein Wipkingen"},
    {"id": "sz-wipkingerplatz", "name": "Sozialzentrum Wipkingerplatz"},
    {"id": "oja", "name": "OJA"},
]
TODAY = date(2026, 11, 28)

# Written by hand following RFC 5545 (CRLF line ends, a folded line, parameters quoted where
# they hold a comma, a date-only event and a UTC date-time).
HAND = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Stadt Zuerich//Kalender//DE\r\n"
    "BEGIN:VEVENT\r\nUID:a1@example.ch\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART:20261015T170000Z\r\nSUMMARY:Vernetzungstreffen Wipkingen\r\n"
    "ORGANIZER;CN=\"Quartierkoordination, Kreis 10\":mailto:qk10@example.ch\r\n"
    "ATTENDEE;CN=Petra Muster (GZ Wipkingen):mailto:petra.muster@gz.example.ch\r\n"
    "ATTENDEE;CN=Quartierverein Wipkingen:mailto:info@qv.example.ch\r\n"
    "ATTENDEE:mailto:oja@example.ch\r\n"
    "ATTENDEE;CN=Hans Unbekannt:mailto:hans@example.ch\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:a2@example.ch\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART;VALUE=DATE:20270110\r\nSUMMARY:Planung 2027\r\n"
    "ATTENDEE;CN=GZ Wipkingen:mailto:gz@example.ch\r\n"
    "ATTENDEE;CN=Sozialzentrum Wipkingerplatz (SOD):mailto:sz@example.ch\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:a3@example.ch\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART;TZID=Europe/Zurich:20261002T090000\r\nSUMMARY:Telefon mit dem Sozialzen\r\n"
    " trum\r\n"
    "ATTENDEE;CN=Mitarbeiterin Sozialzentrum Wipkingerplatz:mailto:m@example.ch\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_events_read_as_rfc_5545_says(tmp_path):
    path = tmp_path / "kalender.ics"
    path.write_text(HAND, encoding="utf-8", newline="")
    events = read_calendar(path)
    assert [(e.uid, e.day, e.title) for e in events] == [
        ("a1@example.ch", date(2026, 10, 15), "Vernetzungstreffen Wipkingen"),
        ("a2@example.ch", date(2027, 1, 10), "Planung 2027"),
        ("a3@example.ch", date(2026, 10, 2), "Telefon mit dem Sozialzentrum"),  # unfolded
    ]
    assert "Quartierkoordination, Kreis 10 <qk10@example.ch>" in events[0].people


def test_people_matched_to_actors_and_the_rest_listed(tmp_path):
    path = tmp_path / "kalender.ics"
    path.write_text(HAND, encoding="utf-8", newline="")
    first, later, call = match_calendar(read_calendar(path), ACTORS, today=TODAY)
    # by the name in parentheses, by the whole name, by the address's name (oja@)
    assert first.participants == ["gz-wipkingen", "qv-wipkingen", "oja"]
    assert first.unknown == ["Hans Unbekannt", "Quartierkoordination, Kreis 10"]
    assert first.problem is None
    assert later.problem == "future" and later.participants == ["gz-wipkingen", "sz-wipkingerplatz"]
    # one actor's name inside a longer text; a single actor is not a meeting
    assert call.participants == ["sz-wipkingerplatz"] and call.problem == "too_few"
    # by hand: one name placed, one left out on purpose
    first, *_ = match_calendar(read_calendar(path), ACTORS, today=TODAY,
                               mapped={"Hans Unbekannt": "sz-wipkingerplatz",
                                       "Quartierkoordination, Kreis 10": ""})
    assert first.participants == ["gz-wipkingen", "qv-wipkingen", "oja", "sz-wipkingerplatz"]
    assert first.unknown == []


def test_a_calendar_written_by_the_icalendar_library_reads_the_same(tmp_path):
    # Second source: the file written by another tool (icalendar's own writer).
    from icalendar import Calendar, Event, vCalAddress

    cal = Calendar()
    cal.add("prodid", "-//test//")
    cal.add("version", "2.0")
    for i, (when, who) in enumerate([(datetime(2026, 3, 4, 18, 0), ["GZ Wipkingen", "OJA"]),
                                     (date(2026, 5, 6), ["Quartierverein Wipkingen", "Niemand"])]):
        event = Event()
        event.add("uid", f"u{i}")
        event.add("dtstart", when)
        event.add("summary", f"Sitzung {i}")
        for name in who:
            address = vCalAddress(f"mailto:{name.split()[0].lower()}@example.ch")
            address.params["cn"] = name
            event.add("attendee", address, encode=0)
        cal.add_component(event)
    path = tmp_path / "lib.ics"
    path.write_bytes(cal.to_ical())
    matched = match_calendar(read_calendar(path), ACTORS, today=TODAY)
    assert [(m.day, m.participants, m.unknown) for m in matched] == [
        (date(2026, 3, 4), ["gz-wipkingen", "oja"], []),
        (date(2026, 5, 6), ["qv-wipkingen"], ["Niemand"]),
    ]


@pytest.mark.parametrize("content", [b"id,name\n1,GZ\n", b"", b"\x00\x01\xff\xfe",
                                     b"BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:x\n",
                                     b"BEGIN:VCARD\nFN:Petra\nEND:VCARD\n"],
                         ids=["csv", "empty", "binary", "truncated", "vcard"])
def test_a_file_that_is_not_icalendar_is_refused_naming_it(tmp_path, content):
    path = tmp_path / "termine.ics"
    path.write_bytes(content)
    with pytest.raises(InvalidInputError) as caught:
        read_calendar(path)
    problem = caught.value.problems[0]
    assert problem.code == "not_icalendar" and problem.file == "termine.ics"
    assert "termine.ics" in problem.render("de") and "iCalendar" in problem.render("de")


def test_an_event_without_a_date_is_named(tmp_path):
    path = tmp_path / "k.ics"
    path.write_text(HAND.replace("DTSTART;VALUE=DATE:20270110\r\n", ""), encoding="utf-8", newline="")
    with pytest.raises(InvalidInputError) as caught:
        read_calendar(path)
    assert [(p.code, p.params["number"], p.field) for p in caught.value.problems] == [
        ("event_without_date", 2, "DTSTART")]


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(0, len(HAND)), junk=st.binary(max_size=40))
def test_a_mutated_calendar_never_gives_a_traceback(tmp_path_factory, cut, junk):
    path = tmp_path_factory.mktemp("ics") / "k.ics"
    path.write_bytes(HAND.encode()[:cut] + junk + HAND.encode()[cut:])
    try:
        match_calendar(read_calendar(path), ACTORS, today=TODAY)
    except InvalidInputError as exc:
        assert exc.problems and all(p.file == "k.ics" for p in exc.problems)
