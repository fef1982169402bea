(function () {
  "use strict";
  var raw = JSON.parse(document.getElementById("qn-data").textContent);
  var BROKER = 1, ISOLATED = 2, SEATED = 4, CENTER = 8, DIM = 16, UNREACHED = 32, FIXED = 64;
  var list = new Array(raw.nodes.length);
  for (var i = 0; i < raw.nodes.length; i++) {
    var r = raw.nodes[i], f = r[5], colour = raw.colours[r[1]];
    var shape = f & CENTER ? "star" : f & SEATED ? "square" : f & BROKER ? "diamond"
      : f & ISOLATED ? "triangle" : "dot";
    var border = f & ISOLATED ? "#c0392b" : f & (BROKER | SEATED | CENTER) ? "#1a1a1a" : "#00000055";
    var node = {
      id: i, title: r[6], size: r[2], x: r[3], y: r[4], shape: shape,
      color: {background: colour, border: border,
              highlight: {background: colour, border: "#000000"},
              hover: {background: colour, border: "#000000"}},
      borderWidth: f & (BROKER | SEATED | CENTER | ISOLATED) ? 3 : 1,
      opacity: f & DIM ? 0.35 : 1
    };
    if (r[0] !== "") { node.label = r[0]; }
    if (f & UNREACHED) { node.shapeProperties = {borderDashes: [4, 3]}; }
    if (f & FIXED) { node.fixed = true; }
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
