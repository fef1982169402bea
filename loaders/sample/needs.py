"""Illustrative needs (Anliegen) of the Zurich sample: made up, like its ties, to show a need's
life on the sample (raised, clarified, handed on, answered; one not feasible; one still open
without a responsible unit). Not public facts: each says so in its description, and every step
is recorded by ``beispiel`` (the sample's author)."""

from __future__ import annotations

from typing import Any

NOTE = "Illustrativ: für das Beispielnetz erfunden, kein tatsächliches Anliegen."
BY = "beispiel"


def _step(status: str, on: str, note: str | None = None, actor: str | None = None,
          action: str = "step") -> dict[str, Any]:
    return {"status": status, "action": action, "on": on, "at": f"{on}T09:00:00+00:00",
            "by": BY, "note": note, "actor": actor}


def _need(nid: str, title: str, what: str, *, areas: list[str], topics: list[str],
          raised_on: str, steps: list[dict[str, Any]], raised_by: str | None = None,
          **more: Any) -> dict[str, Any]:
    history = [_step("neu", raised_on, action="create"), *steps]
    return {"id": nid, "title": title, "description": f"{what} {NOTE}", "areas": areas,
            "topics": topics, "raised_on": raised_on, "raised_by": raised_by,
            "status": history[-1]["status"], "history": history, **more}


def sample_needs() -> list[dict[str, Any]]:
    """The illustrative needs, in the shape of ``quartiernetz anliegen export``."""
    return [
        _need("anliegen-beispiel-sitzbaenke-hoengg", "Sitzbänke am Weg zum Friedhof Hönggerberg",
              "Ältere Menschen wünschen Sitzgelegenheiten auf dem steilen Weg.",
              areas=["hoengg"], topics=["alter"], raised_on="2026-03-02",
              raised_by="quartierverein-hoengg",
              proposed=["gruen-stadt-zuerich", "gesundheitszentren-fuer-das-alter"],
              confirmed=["gruen-stadt-zuerich"],
              assigned=[{"actor": "gruen-stadt-zuerich", "on": "2026-03-16"}],
              steps=[_step("abgeklaert", "2026-03-09", "Grün Stadt Zürich zuständig"),
                     _step("vermittelt", "2026-03-16"),
                     _step("in_bearbeitung", "2026-04-20", "Standorte werden geprüft",
                           actor="gruen-stadt-zuerich"),
                     _step("erledigt", "2026-06-30", "drei Bänke aufgestellt")]),
        _need("anliegen-beispiel-treffpunkt-jugend-wipkingen",
              "Treffpunkt für Jugendliche am Wipkingerplatz",
              "Jugendliche suchen einen Ort für den Abend; Anwohnende klagen über Lärm.",
              areas=["wipkingen"], topics=["jugend"], raised_on="2026-05-11",
              proposed=["oja-kreis-6-wipkingen", "gz-wipkingen"],
              confirmed=["oja-kreis-6-wipkingen", "gz-wipkingen"],
              assigned=[{"actor": "oja-kreis-6-wipkingen", "on": "2026-06-01"},
                        {"actor": "buero-fuer-sozialraum-stadtleben", "on": "2026-06-01"}],
              follow_up="2026-12-15",
              steps=[_step("abgeklaert", "2026-05-20"), _step("vermittelt", "2026-06-01"),
                     _step("in_bearbeitung", "2026-07-10", "Begehung vereinbart",
                           actor="buero-fuer-sozialraum-stadtleben")]),
        _need("anliegen-beispiel-hitze-hard", "Schatten und Trinkbrunnen in der Hardau",
              "Bei Hitze fehlen Schatten und Wasser für ältere Bewohnende.",
              areas=["hard"], topics=["klima-hitze-stadtgruen", "alter"],
              raised_on="2026-07-22", raised_by="quartierverein-aussersihl-hard",
              proposed=["gruen-stadt-zuerich", "wasserversorgung-zuerich"],
              confirmed=["wasserversorgung-zuerich"],
              assigned=[{"actor": "wasserversorgung-zuerich", "on": "2026-08-05"}],
              steps=[_step("abgeklaert", "2026-07-29"), _step("vermittelt", "2026-08-05")]),
        _need("anliegen-beispiel-velo-altstetten", "Velostreifen an der Badenerstrasse",
              "Eltern wünschen einen sicheren Schulweg mit dem Velo.",
              areas=["altstetten"], topics=["verkehr-mobilitaet"], raised_on="2026-02-14",
              raised_by="quartierverein-altstetten",
              assigned=[{"actor": "dienstabteilung-verkehr", "on": "2026-03-02"}],
              reason="Kantonsstrasse: die Stadt kann hier keinen Streifen anordnen",
              steps=[_step("abgeklaert", "2026-02-20"), _step("vermittelt", "2026-03-02"),
                     _step("in_bearbeitung", "2026-03-23", actor="dienstabteilung-verkehr"),
                     _step("nicht_umsetzbar", "2026-05-04",
                           "Kantonsstrasse: die Stadt kann hier keinen Streifen anordnen")]),
        _need("anliegen-beispiel-nachbarschaft-hoengg", "Nachbarschaftshilfe im Rütihof",
              "Neu Zugezogene finden keinen Anschluss; Idee eines Nachbarschaftsnetzes.",
              areas=["hoengg"], topics=["nachbarschaft-zusammenleben"],
              raised_on="2026-10-05", follow_up="2026-12-01", steps=[]),
    ]
