"""The network views: one self-contained, offline HTML page each, drawn with vis-network.

Four views (:mod:`api.views.compose`), each a pure function from NetworkX graphs (and analysis
rows) to one HTML string: :func:`network_view`, :func:`area_view`, :func:`ego_view` and
:func:`round_table_view`; :func:`snapshot_view` (:mod:`api.views.inputs`) computes what they mark
from a store snapshot. Colour by actor kind, size by betweenness, brokers and isolated actors
marked, a legend, tooltips in German (de-CH) or English (:func:`graph.i18n.current_language`).

The parts, one purpose each:

- :mod:`api.views.inputs`: the analyses a view needs (brokers, isolated actors, ego network,
  invitation table), computed in one place;
- :mod:`api.views.compose`: which nodes a view shows, their marks, tooltip lines and heading;
- :mod:`api.views.data`: what the page draws, as JSON-ready dicts (nodes, edges, legend);
- :mod:`api.views.render`: the Jinja2 template ``page.html.j2`` (autoescape) with ``page.js`` and
  vis-network inlined, and the Content-Security-Policy (:func:`page_csp`);
- :mod:`api.views.words`, :mod:`api.views.style`: the words and the one node style table;
- the positions come from :mod:`graph.analysis.layout` (pivot MDS).

Why not pyvis's ``Network.from_nx(...).write_html(...)``, though the JavaScript is the one pyvis
ships (``pyvis/lib/vis-9.1.2``, vis-network 9.1.2, inlined):

- **offline**: pyvis's "local" and "in_line" modes still load bootstrap (and more) from CDNs.
  Here every script is inline and a Content-Security-Policy (``default-src 'none'``, scripts
  only by hash) forbids the page any request at all;
- **safe**: pyvis renders its template without autoescaping and inserts titles containing
  "href" with ``innerHTML``. Here the template escapes the heading and legend, the data travels
  as JSON in a ``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped), and
  tooltips are plain strings, which vis-network 9 sets with ``innerText``;
- **large**: ``from_nx`` grows with the square of the graph; here the node and edge lists are
  built directly, in compact arrays. Every view gets a server-side layout (pivot MDS); up to
  :data:`~graph.analysis.layout.PHYSICS_LIMIT` nodes vis-network's physics then refines it and
  stops once stable, above it physics stays off.
"""

from api.views.compose import area_view, ego_view, network_view, round_table_view
from api.views.inputs import VIEW_EXACT_LIMIT, ViewInputs, draw, find_area, snapshot_view, view_inputs
from api.views.render import page_csp, vis_js
from api.views.style import KIND_COLOURS, NODE_STYLE, OTHER_COLOUR

__all__ = [
    "KIND_COLOURS",
    "NODE_STYLE",
    "OTHER_COLOUR",
    "VIEW_EXACT_LIMIT",
    "ViewInputs",
    "area_view",
    "draw",
    "ego_view",
    "find_area",
    "network_view",
    "page_csp",
    "round_table_view",
    "snapshot_view",
    "view_inputs",
    "vis_js",
]
