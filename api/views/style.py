"""How an actor is drawn: the one node style table (colours by kind, the marks' shapes and
borders, opacities), the flag bits, label limits.

:data:`NODE_STYLE` is the only copy: the view pages carry it in their data block (``page.js``
reads ``raw.style``) and the graph browser reads it from ``/static/model.js``
(``QN_MODEL.style``); no script or style sheet holds colours or shapes of its own.
"""

from __future__ import annotations

from typing import Any

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

# node flags (bits), read by the page script from NODE_STYLE
BROKER, ISOLATED, SEATED, CENTER, DIM, UNREACHED, FIXED = 1, 2, 4, 8, 16, 32, 64

#: The one node style table (JSON-ready). ``marks`` are strongest first: a node is drawn with
#: the first mark it carries (a mark hidden behind a stronger one is not in the picture), else
#: as ``plain``. ``mark`` is the mark's name, ``flag`` its bit in a view page's data.
NODE_STYLE: dict[str, Any] = {
    "colours": KIND_COLOURS,
    "otherColour": OTHER_COLOUR,
    "marks": [
        {"mark": "center", "flag": CENTER, "shape": "star", "border": "#1a1a1a"},
        {"mark": "seated", "flag": SEATED, "shape": "square", "border": "#1a1a1a"},
        {"mark": "broker", "flag": BROKER, "shape": "diamond", "border": "#1a1a1a"},
        {"mark": "isolated", "flag": ISOLATED, "shape": "triangle", "border": "#c0392b"},
    ],
    "plain": {"shape": "dot", "border": "#00000055", "borderWidth": 1},
    "markedBorderWidth": 3,
    "highlightBorder": "#000000",
    "flags": {"dim": DIM, "unreached": UNREACHED, "fixed": FIXED},
    #: a view page's actors outside the area asked for (DIM), the browser's partners outside it
    "dimOpacity": 0.35,
    "outsideOpacity": 0.4,
    "unreachedDashes": [4, 3],
}
