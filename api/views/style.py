"""How a view draws an actor: colours by kind, the flag bits the page script reads, label limits."""

from __future__ import annotations

#: Colours by actor kind (Okabe & Ito's colour-blind safe palette).
KIND_COLOURS = {
    "resident_group": "#E69F00",
    "association": "#56B4E9",
    "institution": "#009E73",
    "private_provider": "#F0E442",
    "city_unit": "#0072B2",
    "department": "#CC79A7",
    "forum": "#999999",
}
OTHER_COLOUR = "#BBBBBB"

#: Above this many nodes only marked actors (brokers, seats, the centre) carry a label.
LABEL_LIMIT = 1000

# node flags (bits), read by the page script (page.js holds the same numbers)
BROKER, ISOLATED, SEATED, CENTER, DIM, UNREACHED, FIXED = 1, 2, 4, 8, 16, 32, 64
