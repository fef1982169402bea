(function () {
  "use strict";
  var raw = JSON.parse(document.getElementById("qn-data").textContent);
  // The one node style table (api/views/style.py NODE_STYLE): marks strongest first.
  var S = raw.style, F = S.flags;
  function look(f) {
    for (var m = 0; m < S.marks.length; m++) { if (f & S.marks[m].flag) { return S.marks[m]; } }
    return null;
  }
  var list = new Array(raw.nodes.length);
  for (var i = 0; i < raw.nodes.length; i++) {
    var r = raw.nodes[i], f = r[5], colour = raw.colours[r[1]], mark = look(f), drawn = mark || S.plain;
    var node = {
      id: i, title: r[6], size: r[2], x: r[3], y: r[4], shape: drawn.shape,
      color: {background: colour, border: drawn.border,
              highlight: {background: colour, border: S.highlightBorder},
              hover: {background: colour, border: S.highlightBorder}},
      borderWidth: mark ? S.markedBorderWidth : S.plain.borderWidth,
      opacity: f & F.dim ? S.dimOpacity : 1
    };
    if (r[0] !== "") { node.label = r[0]; }
    if (f & F.unreached) { node.shapeProperties = {borderDashes: S.unreachedDashes}; }
    if (f & F.fixed) { node.fixed = true; }
    list[i] = node;
  }
  var edges = new Array(raw.edges.length / 3);
  for (var j = 0; j < edges.length; j++) {
    var e = {id: j, from: raw.edges[3 * j], to: raw.edges[3 * j + 1], width: raw.edges[3 * j + 2]};
    if (raw.edgeTitles && raw.edgeTitles[j]) { e.title = raw.edgeTitles[j]; }
    edges[j] = e;
  }
  var nodes = new vis.DataSet(list);
  var options = {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    physics: raw.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -4000, springLength: 110, springConstant: 0.03,
                  damping: 0.35, avoidOverlap: 0.1},
      stabilization: {enabled: true, iterations: 400, updateInterval: 50, fit: true}
    } : false,
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: raw.large,
                  hideEdgesOnZoom: raw.large, keyboard: false},
    nodes: {font: {size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: raw.labelThreshold}}},
    edges: {smooth: raw.large ? false : {type: "continuous", roundness: 0.2},
            color: {color: "#8a949e", highlight: "#222222", hover: "#444444",
                    opacity: raw.large ? 0.3 : 0.6}}
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: new vis.DataSet(edges)}, options);
  var details = document.getElementById("details");
  network.on("click", function (p) {
    details.textContent = p.nodes.length ? list[p.nodes[0]].title : "";
  });
  function ready() { document.documentElement.setAttribute("data-ready", "1"); }
  if (raw.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
    network.fit();
    network.redraw();
  }
  window.quartiernetz = {network: network, nodes: nodes, ids: raw.ids};
})();
