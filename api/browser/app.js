// Quartiernetz graph browser: plain JavaScript, no build step; vis-network served by us.
// Safety rule: data (names, descriptions, reasons) only ever goes into textContent, option
// text, vis-network's plain-text labels, or tooltip elements built with textContent. Never
// innerHTML with data.
(function () {
  "use strict";

  var WORDS = window.QN_I18N, MODEL = window.QN_MODEL;
  var TOKEN_KEY = "qn-token";
  var PAGE = 25;                       // neighbours per expansion
  var FILTERS = ["area", "kind", "sector", "topic", "tie_kind", "as_of"];

  var state = {
    lang: "de", me: null, filters: {}, selected: null, brokers: false, isolates: false,
    brokerRows: [], isolateRows: [], seats: [], seatRows: {}, expandOffset: {}, table: null,
    areas: [], topics: [], areaNames: {}, topicNames: {}, names: {}, layout: "physics", large: false
  };
  var nodes = null, edges = null, network = null, view = null;
  var timings = {};

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }

  // -- words ------------------------------------------------------------------------------------
  function t(key, params) {
    var text = WORDS[state.lang][key];
    if (text === undefined) { text = WORDS.de[key]; }
    if (text === undefined) { return key; }
    return text.replace(/\{(\w+)\}/g, function (_, k) {
      return params && params[k] !== undefined ? String(params[k]) : "";
    });
  }
  function label(table, value) {
    var pair = MODEL[table][value];
    return pair ? pair[state.lang === "en" ? 1 : 0] : String(value === null ? "" : value);
  }
  function areaName(id) { return state.areaNames[id] || id; }
  function topicName(id) { return state.topicNames[id] || id; }

  function applyWords() {
    document.documentElement.lang = state.lang === "en" ? "en" : "de-CH";
    document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll("[data-i18n-ph]").forEach(function (e) { e.placeholder = t(e.dataset.i18nPh); });
    $("lang-toggle").textContent = t("lang_switch");
    if (state.me) { showWho(); fillSelects(); }
    renderLegend();
    renderMarkLists();
    renderSeats();
    if (state.selected) { showDetails(state.selected); }
    if (view) { renderStatus(); }
  }

  // -- the API ----------------------------------------------------------------------------------
  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function api(method, path, body, ifMatch) {
    var headers = {"Authorization": "Bearer " + token(), "Accept": "application/json"};
    if (ifMatch) { headers["If-Match"] = ifMatch; }  // the version loaded: 412 if it changed since
    var init = {method: method, headers: headers};
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return answer(fetch(path, init));
  }

  // a GET the boot script (boot.js) already sent for this token and path, else a new one
  function early(name, path) {
    var boot = window.QN_BOOT;
    if (boot && boot.token === token() && boot.paths[name] === path && boot.answers[name]) {
      var asked = boot.answers[name];
      boot.answers[name] = null;  // once: later views ask anew
      return answer(asked);
    }
    return api("GET", path);
  }

  function answer(response) {
    return response.then(function (r) {
      if (r.status === 204) { return null; }
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var err = new Error((data && data.detail) || r.statusText);
          err.status = r.status;
          err.problem = data || {};
          throw err;
        }
        var etag = r.headers.get("ETag");
        if (etag && data && typeof data === "object") {
          Object.defineProperty(data, "etag", {value: etag, enumerable: false});
        }
        return data;
      });
    });
  }

  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v === null || v === undefined || v === "") { return; }
      (Array.isArray(v) ? v : [v]).forEach(function (x) { q.append(k, x); });
    });
    var s = q.toString();
    return s ? "?" + s : "";
  }

  function problemText(err) {
    var p = err.problem || {};
    if (p.code && WORDS[state.lang]["err." + p.code]) {
      return t("err." + p.code) + (p.detail ? " (" + p.detail + ")" : "");
    }
    return p.detail || err.message;
  }

  function status(text) { $("status").textContent = text || ""; }
  function fail(err) {
    if (err && err.status === 401) { logout(); return; }
    status(t("error", {detail: problemText(err)}));
  }

  // -- login ------------------------------------------------------------------------------------
  function showLogin(message) {
    $("app").hidden = true;
    $("logout").hidden = true;
    $("who").hidden = true;
    $("login-view").hidden = false;
    $("login-error").textContent = message || "";
    document.documentElement.setAttribute("data-ready", "login");
  }

  function logout() {
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    if (network) { network.destroy(); network = null; }
    showLogin("");
  }

  function showWho() {
    var role = state.me.role;
    $("who").textContent = t("role", {name: state.me.name, role: t("role_" + role)});
    $("who").dataset.role = role;
    $("who").hidden = false;
  }

  function start() {
    if (!token()) { showLogin(""); return; }
    readUrl();
    // who, the reference lists and the graph are asked for at once (not one after the other)
    var refs = Promise.all([early("areas", "/api/v1/areas?limit=1000"), early("topics", "/api/v1/topics?limit=1000")]);
    var graph = fetchGraph();
    refs.catch(function () { return null; });   // handled below; no unhandled rejection if the token fails
    graph.catch(function () { return null; });
    early("me", "/api/v1/me").then(function (me) {
      state.me = me;
      $("login-view").hidden = true;
      $("app").hidden = false;
      $("logout").hidden = false;
      showWho();
      var editor = me.role === "editor" || me.role === "admin";
      document.querySelectorAll(".editor-only").forEach(function (e) { e.hidden = !editor; });
      return refs;
    }).then(function (lists) {
      state.areas = lists[0].data.slice().sort(byName);
      state.topics = lists[1].data.slice().sort(byName);
      state.areas.forEach(function (a) { state.areaNames[a.id] = a.name; });
      state.topics.forEach(function (x) { state.topicNames[x.id] = x.name; });
      fillSelects();
      return graph.catch(function (err) {
        // an account that reads only its areas cannot see the whole city: open its first area
        if (err.status === 403 && state.me.read_scoped && !state.filters.area && state.me.areas.length) {
          state.filters.area = state.me.areas[0];
          fillSelects();
          return fetchGraph();
        }
        throw err;
      });
    }).then(function (data) {
      showGraph(data);
      return restoreMarks();
    }).then(function () {
      if (state.selected) { return showActor(state.selected, false); }
    }).catch(function (err) {
      if (err && (err.status === 401 || err.status === 403) && !state.me) {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin(t("login_failed"));
      } else {
        fail(err);
      }
    });
  }

  function byName(a, b) { return a.name.localeCompare(b.name, "de"); }

  // -- selects ----------------------------------------------------------------------------------
  function options(select, rows, first) {
    var keep = select.multiple ? Array.from(select.selectedOptions).map(function (o) { return o.value; })
      : select.value;
    clear(select);
    if (first !== null) { select.appendChild(new Option(first, "")); }
    rows.forEach(function (r) { select.appendChild(new Option(r[1], r[0])); });
    if (select.multiple) {
      Array.from(select.options).forEach(function (o) { o.selected = keep.indexOf(o.value) >= 0; });
    } else {
      select.value = keep || "";
    }
  }
  function enumRows(table) {
    return Object.keys(MODEL[table]).map(function (k) { return [k, label(table, k)]; });
  }
  function fillSelects() {
    var areas = state.areas.map(function (a) { return [a.id, a.name]; });
    var topics = state.topics.map(function (x) { return [x.id, x.name]; });
    options($("f-area"), areas, t("whole_city"));
    options($("f-kind"), enumRows("kinds"), t("all"));
    options($("f-sector"), enumRows("sectors"), t("all"));
    options($("f-topic"), topics, t("all"));
    options($("f-tie-kind"), enumRows("tieKinds"), t("all"));
    options($("i-topic"), topics, null);
    options($("i-area"), areas, null);
    options($("a-kind"), enumRows("kinds"), null);
    options($("a-areas"), areas, null);
    options($("a-topics"), topics, null);
    options($("r-kind"), enumRows("tieKinds"), null);
    sectorBoxes();
    var ids = {area: "f-area", kind: "f-kind", sector: "f-sector", topic: "f-topic", tie_kind: "f-tie-kind",
               as_of: "f-as-of"};
    FILTERS.forEach(function (f) { $(ids[f]).value = state.filters[f] || ""; });
  }

  // one checkbox per sector for the round table ("at least one seat for ...")
  function sectorBoxes() {
    var box = $("i-sectors");
    var checked = Array.from(box.querySelectorAll("input:checked")).map(function (i) { return i.value; });
    box.querySelectorAll("label").forEach(function (l) { l.remove(); });
    Object.keys(MODEL.sectors).forEach(function (k) {
      var lab = el("label", null, "check");
      var input = el("input");
      input.type = "checkbox";
      input.name = "sector";
      input.value = k;
      input.checked = checked.indexOf(k) >= 0;
      lab.appendChild(input);
      lab.appendChild(el("span", " " + label("sectors", k)));
      box.appendChild(lab);
    });
  }

  // -- the view's state in the URL --------------------------------------------------------------
  function readUrl() {
    var q = new URLSearchParams(location.search);
    FILTERS.forEach(function (f) { state.filters[f] = q.get(f) || ""; });
    state.selected = q.get("actor") || null;
    state.brokers = q.get("brokers") === "1";
    state.isolates = q.get("isolates") === "1";
    $("t-brokers").checked = state.brokers;
    $("t-isolates").checked = state.isolates;
    fillSelects();
  }

  function writeUrl() {
    var params = {};
    FILTERS.forEach(function (f) { params[f] = state.filters[f]; });
    params.actor = state.selected;
    params.brokers = state.brokers ? "1" : "";
    params.isolates = state.isolates ? "1" : "";
    params.lang = state.lang === "en" ? "en" : "";
    history.replaceState(null, "", "/" + query(params));
  }

  // -- drawing ----------------------------------------------------------------------------------
  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("strong", n.name));
    var lines = [t("kind") + ": " + label("kinds", n.kind)];
    if (n.areas.length) { lines.push(t("areas") + ": " + n.areas.map(areaName).join(", ")); }
    if (n.topics.length) { lines.push(t("topics") + ": " + n.topics.map(topicName).join(", ")); }
    markReasons(n.id).forEach(function (m) { lines.push(m.title + (m.reasons.length ? ": " + m.reasons.join("; ") : "")); });
    lines.forEach(function (line) { box.appendChild(el("div", line)); });
    return box;
  }

  // The colour of a kind lives in its vis group (set once); a node carries its own colour and
  // shape only when it is marked, or when it is restyled (so that a mark can be taken off).
  function style(n, full) {
    var colour = MODEL.colours[n.kind] || MODEL.otherColour;
    var seat = state.seatRows[n.id], broker = brokerRank(n.id), isolated = isolateRow(n.id);
    var marked = seat || broker || isolated;
    var size = 8 + Math.min(22, Math.sqrt(n.degree || 0) * 3);
    var item = {id: n.id, group: MODEL.colours[n.kind] ? n.kind : "other", size: marked ? size + 4 : size};
    if (marked || full) {
      item.shape = seat ? "square" : broker ? "diamond" : isolated ? "triangle" : "dot";
      item.color = {background: colour,
                    border: isolated && !seat && !broker ? "#c0392b" : marked ? "#1a1a1a" : "#00000055",
                    highlight: {background: colour, border: "#000000"}, hover: {background: colour, border: "#000000"}};
      item.borderWidth = marked ? 3 : 1;
    }
    if (n.outside || full) { item.opacity = n.outside && !marked ? 0.4 : 1; }
    item.label = (!state.large || marked || n.id === state.selected) ? n.name : undefined;
    return item;
  }

  function groups() {
    var out = {};
    Object.keys(MODEL.colours).concat(["other"]).forEach(function (k) {
      var c = MODEL.colours[k] || MODEL.otherColour;
      out[k] = {shape: "dot", borderWidth: 1,
                color: {background: c, border: "#00000055", highlight: {background: c, border: "#000000"},
                        hover: {background: c, border: "#000000"}}};
    });
    return out;
  }

  function nodeRow(n) {
    var row = style(n);
    row.data = n;
    if (n.x !== null && n.x !== undefined) { row.x = n.x; row.y = n.y; }
    return row;
  }

  function edgeRow(e) {
    return {id: e.id, from: e.source, to: e.target, width: 0.5 + e.weight * 0.5,
            arrows: e.directed && !state.large ? {to: {enabled: true, scaleFactor: 0.5}} : undefined,
            data: e};
  }

  // the actors that carry a mark now (a restyle touches these and the ones that carried one)
  function markedIds() {
    var ids = Object.keys(state.seatRows);
    if (state.brokers) { state.brokerRows.forEach(function (r) { ids.push(r.id); }); }
    if (state.isolates) { state.isolateRows.forEach(function (r) { ids.push(r.id); }); }
    return ids;
  }

  function restyle(ids) {
    var rows = [];
    (ids || nodes.getIds()).forEach(function (id) {
      var item = nodes.get(id);
      if (item) { var s = style(item.data, true); s.label = s.label === undefined ? null : s.label; rows.push(s); }
    });
    nodes.update(rows);
  }

  function fetchGraph() {
    status(t("loading"));
    var f = state.filters;
    var path = "/api/v1/graph" + query({area: f.area, kind: f.kind, sector: f.sector, topic: f.topic,
                                        tie_kind: f.tie_kind, as_of: f.as_of});
    var asked = performance.now();
    timings.asked = asked;
    return early("graph", path).then(function (data) {
      timings.fetched = performance.now() - asked;
      return data;
    });
  }

  function showGraph(data) {
    view = data;
    state.layout = data.layout;
    state.large = data.nodes.length > MODEL.physicsLimit;
    state.expandOffset = {};
    state.omitted = {};
    draw(data);
    renderStatus();
    writeUrl();
  }

  function loadGraph() { return fetchGraph().then(showGraph); }

  function draw(data) {
    var ready = false;
    function done() {
      if (ready) { return; }
      ready = true;
      timings.interactive = performance.now();
      document.documentElement.setAttribute("data-ready", "1");
    }
    document.documentElement.removeAttribute("data-ready");
    if (network) { network.destroy(); network = null; }
    clear($("graph"));
    nodes = new vis.DataSet(data.nodes.map(nodeRow));
    edges = new vis.DataSet(data.edges.map(edgeRow));
    var large = state.large;
    var options = {
      autoResize: true,
      layout: {improvedLayout: false, randomSeed: 1},
      physics: large ? false : {
        enabled: true, solver: "barnesHut",
        barnesHut: {gravitationalConstant: -4000, springLength: 110, springConstant: 0.03, damping: 0.35,
                    avoidOverlap: 0.1},
        stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}
      },
      interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                    keyboard: false},
      groups: groups(),
      nodes: {font: {size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"}},
      edges: {smooth: large ? false : {type: "continuous", roundness: 0.2},
              color: {color: "#8a949e", highlight: "#222222", hover: "#444444", opacity: large ? 0.35 : 0.7}}
    };
    timings.built = performance.now();
    network = new vis.Network($("graph"), {nodes: nodes, edges: edges}, options);
    timings.created = performance.now();
    network.on("click", function (p) {
      if (p.nodes.length) { select(p.nodes[0]); }
    });
    // the tooltip: built when the pointer is on a node, from text only (never HTML)
    var tip = el("div", null, "qn-tooltip");
    tip.hidden = true;
    tip.setAttribute("role", "tooltip");
    $("graph").appendChild(tip);
    network.on("hoverNode", function (p) {
      var item = nodes.get(p.node);
      if (!item) { return; }
      clear(tip);
      tip.appendChild(tooltip(item.data));
      tip.style.left = (p.pointer.DOM.x + 14) + "px";
      tip.style.top = (p.pointer.DOM.y + 14) + "px";
      tip.hidden = false;
    });
    network.on("blurNode", function () { tip.hidden = true; });
    network.on("dragStart", function () { tip.hidden = true; });
    if (large) {
      network.once("afterDrawing", done);
      network.fit({animation: false});
    } else {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({physics: {enabled: false}});
        done();
      });
      if (!data.nodes.length) { done(); }
    }
    window.quartiernetz.network = network;
    window.quartiernetz.nodes = nodes;
    window.quartiernetz.edges = edges;
  }

  function renderStatus() {
    var shown = nodes ? nodes.length : 0, tied = edges ? edges.length : 0;
    var text = view.omitted ? t("shown_omitted", {nodes: shown, count: view.count, edges: tied})
      : t("shown", {nodes: shown, edges: tied});
    if (state.large) { text += " · " + t("layout_server"); }
    status(text);
    var illustrative = edges ? edges.get({filter: function (e) { return e.data.illustrative; }}).length : 0;
    $("notice").textContent = t("illustrative", {n: illustrative});
    $("notice").hidden = illustrative === 0;
  }

  // add actors and the ties whose both ends are then shown
  function addPiece(piece) {
    var fresh = piece.nodes.filter(function (n) { return !nodes.get(n.id); });
    if (fresh.length) {
      var anchor = piece.center && network ? network.getPosition(piece.center) : null;
      nodes.add(fresh.map(function (n, i) {
        var row = nodeRow(n);
        if (anchor) {            // around the actor they belong to, then fixed in place
          var a = 2 * Math.PI * i / fresh.length, r = 120 + 6 * fresh.length;
          row.x = anchor.x + r * Math.cos(a);
          row.y = anchor.y + r * Math.sin(a);
        }
        return row;
      }));
    }
    var newEdges = piece.edges.filter(function (e) {
      return !edges.get(e.id) && nodes.get(e.source) && nodes.get(e.target);
    });
    edges.add(newEdges.map(edgeRow));
    return fresh.length;
  }

  // -- selection and details --------------------------------------------------------------------
  function select(id) {
    var old = state.selected;
    state.selected = id;
    writeUrl();
    if (state.large) { restyle([old, id].filter(Boolean)); }
    showDetails(id);
  }

  function showActor(id, focus) {
    var present = nodes && nodes.get(id);
    var ready = present ? Promise.resolve() :
      api("GET", "/api/v1/graph/actors" + query({id: id, as_of: state.filters.as_of})).then(addPiece);
    return ready.then(function () {
      if (!nodes.get(id)) { return; }
      network.selectNodes([id]);
      if (focus !== false) { network.focus(id, {scale: 1.2, animation: false}); }
      select(id);
    });
  }

  function markReasons(id) {
    var out = [];
    var seat = state.seatRows[id];
    if (seat) { out.push({cls: "seat", title: t("seat_reason", {role: seat.role || ""}), reasons: seat.reasons || []}); }
    var rank = brokerRank(id);
    if (rank) { out.push({cls: "broker", title: t("broker_reason", {rank: rank}), reasons: state.brokerRows[rank - 1].reasons || []}); }
    var iso = isolateRow(id);
    if (iso) { out.push({cls: "isolated", title: t("isolated_reason"), reasons: iso.reasons || []}); }
    return out;
  }
  function brokerRank(id) {
    if (!state.brokers) { return 0; }
    for (var i = 0; i < state.brokerRows.length; i++) { if (state.brokerRows[i].id === id) { return i + 1; } }
    return 0;
  }
  function isolateRow(id) {
    if (!state.isolates) { return null; }
    for (var i = 0; i < state.isolateRows.length; i++) { if (state.isolateRows[i].id === id) { return state.isolateRows[i]; } }
    return null;
  }

  function showDetails(id) {
    var box = $("details");
    var item = nodes && nodes.get(id);
    if (!item) { box.hidden = true; return; }
    var n = item.data;
    box.hidden = false;
    box.dataset.actor = id;
    $("d-name").textContent = n.name;
    var dl = $("d-fields");
    clear(dl);
    function field(name, value) { dl.appendChild(el("dt", t(name))); dl.appendChild(el("dd", value)); }
    field("kind", label("kinds", n.kind));
    field("sector", n.sector ? label("sectors", n.sector) : "–");
    field("areas", n.areas.map(areaName).join(", ") || "–");
    field("topics", n.topics.map(topicName).join(", ") || "–");
    var marks = $("d-marks");
    clear(marks);
    markReasons(id).forEach(function (m) {
      var div = el("div", null, "mark-reason " + m.cls);
      div.appendChild(el("strong", m.title));
      var ul = el("ul", null, "reasons");
      m.reasons.forEach(function (r) { ul.appendChild(el("li", r)); });
      div.appendChild(ul);
      marks.appendChild(div);
    });
    updateMore(id);
    $("d-description").textContent = "";
    var ties = $("d-ties");
    clear(ties);
    api("GET", "/api/v1/actors/" + encodeURIComponent(id)).then(function (actor) {
      if (state.selected !== id) { return; }
      $("d-description").textContent = actor.description || "";
      if (actor.website) {
        var p = el("p");
        if (/^https?:\/\//i.test(actor.website)) {
          var a = el("a", actor.website);
          a.href = actor.website;
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          p.appendChild(a);
        } else {
          p.textContent = actor.website;
        }
        $("d-description").appendChild(p);
      }
      state.actor = actor;
    }).catch(fail);
    api("GET", "/api/v1/ties" + query({actor: id, limit: 200})).then(function (page) {
      if (state.selected !== id) { return; }
      var buttons = {};
      clear(ties);
      if (!page.data.length) { ties.appendChild(el("li", t("no_ties"))); }
      page.data.forEach(function (tie) {
        var other = tie.source === id ? tie.target : tie.source;
        var incoming = tie.directed && tie.target === id;
        var shown = nodes.get(other);
        var li = el("li");
        var b = el("button", null, "link");
        b.type = "button";
        b.dataset.actor = other;
        var words = function (name) {
          return t(incoming ? "tie_from" : "tie_to", {kind: label("tieKinds", tie.kind), other: name});
        };
        b.textContent = words(shown ? shown.data.name : state.names[other] || other);
        if (!shown) {
          b.title = t("not_in_view");
          if (!state.names[other]) { buttons[other] = function (name) { b.textContent = words(name); }; }
        }
        b.addEventListener("click", function () { showActor(other); });
        li.appendChild(b);
        if (tie.method === "illustrative") { li.appendChild(el("span", " (" + t("illustrative_tie") + ")", "sub")); }
        if (state.me && (state.me.role === "editor" || state.me.role === "admin")) {
          var edit = el("button", t("edit_short"), "link small edit-tie");
          edit.type = "button";
          edit.dataset.tie = tie.id;
          edit.addEventListener("click", function () {  // loaded anew: its current version
            api("GET", "/api/v1/ties/" + encodeURIComponent(tie.id)).then(openTieForm).catch(fail);
          });
          li.appendChild(document.createTextNode(" "));
          li.appendChild(edit);
        }
        ties.appendChild(li);
      });
      var unknown = Object.keys(buttons).slice(0, 200);
      if (unknown.length) {   // names of partners not in the view (as text, like every name)
        return api("GET", "/api/v1/graph/actors" + query({id: unknown})).then(function (piece) {
          piece.nodes.forEach(function (n) {
            state.names[n.id] = n.name;
            if (buttons[n.id]) { buttons[n.id](n.name); }
          });
        });
      }
    }).catch(fail);
  }

  // -- neighbours -------------------------------------------------------------------------------
  function expand(id, more) {
    var offset = more ? (state.expandOffset[id] || 0) : 0;
    var t0 = performance.now();
    var f = state.filters;
    return api("GET", "/api/v1/graph/neighbours/" + encodeURIComponent(id) +
               query({offset: offset, limit: PAGE, tie_kind: f.tie_kind, as_of: f.as_of})).then(function (piece) {
      timings.expandFetch = performance.now() - t0;
      var added = addPiece(piece);
      timings.expandAdded = performance.now() - t0;
      state.expandOffset[id] = offset + PAGE;
      state.omitted = state.omitted || {};
      state.omitted[id] = piece.omitted;
      network.once("afterDrawing", function () {
        timings.expand = performance.now() - t0;
        document.documentElement.setAttribute("data-expanded", String(Date.now()));
      });
      network.redraw();
      updateMore(id);
      renderStatus();
      status($("status").textContent + " · " + t("neighbours_added", {n: added}));
    }).catch(fail);
  }

  function updateMore(id) {
    var left = state.omitted && state.omitted[id];
    $("more").hidden = !left;
    if (left) { $("more").textContent = t("more", {n: left}); }
  }

  // -- brokers and isolated actors --------------------------------------------------------------
  function loadBrokers() {
    var f = state.filters;
    var params = {area: f.area, top: 10, as_of: f.as_of, lang: state.lang};
    if (state.large) { params.method = "sampled"; params.samples = 64; }
    return api("GET", "/api/v1/analyses/brokers" + query(params)).then(function (rows) {
      state.brokerRows = rows.filter(function (r) { return (r.betweenness || 0) > 0; });
    });
  }
  function loadIsolates() {
    var f = state.filters;
    return api("GET", "/api/v1/analyses/isolates" + query({area: f.area, as_of: f.as_of, top: 100, lang: state.lang}))
      .then(function (rows) {
        state.isolateRows = rows.filter(function (r) {
          return (r.codes || []).some(function (c) { return c !== "no_forum"; });
        });
      });
  }
  function restoreMarks() {
    var work = [];
    if (state.brokers) { work.push(loadBrokers()); }
    if (state.isolates) { work.push(loadIsolates()); }
    return Promise.all(work).then(function () {
      if (work.length) { restyle(markedIds()); }
      renderMarkLists();
      renderLegend();
    });
  }

  function markList(list, rows, withRank) {
    clear(list);
    rows.forEach(function (r, i) {
      var li = el("li");
      var b = el("button", r.name, "link");
      b.type = "button";
      b.dataset.actor = r.id;
      b.addEventListener("click", function () { showActor(r.id); });
      li.appendChild(b);
      var why = (r.reasons || []).slice(0, withRank ? 2 : 3).join("; ");
      if (why) { li.appendChild(el("div", why, "sub")); }
      if (!nodes || !nodes.get(r.id)) { li.appendChild(el("div", t("not_in_view"), "sub")); }
      list.appendChild(li);
      return i;
    });
  }
  function renderMarkLists() {
    $("broker-title").hidden = !state.brokers;
    $("isolate-title").hidden = !state.isolates;
    markList($("broker-list"), state.brokers ? state.brokerRows : [], true);
    markList($("isolate-list"), state.isolates ? state.isolateRows : [], false);
  }

  function toggle(which, on) {
    var before = markedIds();
    state[which] = on;
    writeUrl();
    var load = !on ? Promise.resolve() : which === "brokers" ? loadBrokers() : loadIsolates();
    return load.then(function () {
      restyle(before.concat(markedIds()));
      renderMarkLists();
      renderLegend();
      if (state.selected) { showDetails(state.selected); }
    }).catch(fail);
  }

  // -- round table ------------------------------------------------------------------------------
  function compose(ev) {
    ev.preventDefault();
    var form = $("invite-form");
    form.querySelector("[data-error-for=invite]").textContent = "";
    var body = {
      topics: [$("i-topic").value], areas: [$("i-area").value],
      seats: parseInt($("i-seats").value, 10) || 8,
      require: Array.from($("i-sectors").querySelectorAll("input:checked")).map(function (i) {
        return "sector=" + i.value + ":1";
      }).concat(list($("i-require").value)),
      must: list($("i-must").value), exclude: list($("i-exclude").value),
      reach_isolated: parseInt($("i-reach").value, 10) || 0,
      responsible: $("i-responsible").checked
    };
    if (state.filters.as_of) { body.as_of = state.filters.as_of; }
    status(t("loading"));
    var before = markedIds();
    return api("POST", "/api/v1/invite" + query({lang: state.lang}), body).then(function (table) {
      state.table = table;
      state.seatRows = {};
      table.seats.forEach(function (s) { state.seatRows[s.id] = s; });
      var missing = table.seats.map(function (s) { return s.id; }).filter(function (id) { return !nodes.get(id); });
      var more = missing.length ? api("GET", "/api/v1/graph/actors" + query({id: missing, as_of: state.filters.as_of}))
        .then(addPiece) : Promise.resolve();
      return more.then(function () {
        restyle(before.concat(markedIds()));
        renderSeats();
        renderLegend();
        renderStatus();
        network.fit({nodes: table.seats.map(function (s) { return s.id; }).filter(function (id) { return nodes.get(id); }),
                     animation: false});
      });
    }).catch(function (err) {
      form.querySelector("[data-error-for=invite]").textContent = problemText(err);
      status("");
    });
  }

  function list(text) { return text.split(",").map(function (x) { return x.trim(); }).filter(Boolean); }

  function renderSeats() {
    var list = $("seats");
    clear(list);
    if (!state.table) { return; }
    state.table.seats.forEach(function (s) {
      var li = el("li");
      li.dataset.actor = s.id;
      var b = el("button", s.name, "link");
      b.type = "button";
      b.addEventListener("click", function () { showActor(s.id); });
      li.appendChild(b);
      li.appendChild(el("div", s.role || "", "sub"));
      var ul = el("ul");
      (s.reasons || []).forEach(function (r) { ul.appendChild(el("li", r)); });
      li.appendChild(ul);
      list.appendChild(li);
    });
  }

  // -- legend -----------------------------------------------------------------------------------
  function renderLegend() {
    var ul = $("legend");
    clear(ul);
    Object.keys(MODEL.kinds).forEach(function (k) {
      var li = el("li");
      li.appendChild(el("span", null, "swatch k-" + k));
      li.appendChild(el("span", label("kinds", k)));
      ul.appendChild(li);
    });
    var marks = [["outside", "legend_outside", !!state.filters.area]];
    marks.push(["broker", "legend_broker", state.brokers], ["isolated", "legend_isolated", state.isolates],
               ["seat", "legend_seat", !!state.table]);
    marks.forEach(function (m) {
      if (!m[2]) { return; }
      var li = el("li");
      li.dataset.mark = m[0];
      li.appendChild(el("span", null, "mark " + m[0]));
      li.appendChild(el("span", t(m[1])));
      ul.appendChild(li);
    });
  }

  // -- PNG --------------------------------------------------------------------------------------
  function pngDataUrl() {
    var canvas = $("graph").querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  }
  function exportPng() {
    var a = document.createElement("a");
    a.href = pngDataUrl();
    a.download = "quartiernetz" + (state.filters.area ? "-" + state.filters.area : "") + ".png";
    document.body.appendChild(a);
    a.click();
    a.remove();
    status(t("exported"));
  }

  // -- editing (editors and admins) -------------------------------------------------------------
  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (e) { e.textContent = ""; });
  }
  function showProblem(form, err) {
    var p = err.problem || {};
    var items = p.errors && p.errors.length ? p.errors : [{message: problemText(err), code: p.code}];
    items.forEach(function (item) {
      var name = String(item.field || "").split(".")[0];
      var slot = name && form.querySelector("[data-error-for='" + CSS.escape(name) + "']");
      var text = item.code && WORDS[state.lang]["err." + item.code] ?
        t("err." + item.code) + (item.message ? " – " + item.message : "") : item.message || problemText(err);
      if (slot) { slot.textContent = text; } else {
        var all = form.querySelector("[data-error-for=_form]");
        all.textContent = (all.textContent ? all.textContent + " " : "") + (name ? t("field_error", {field: name, message: text}) : text);
      }
    });
  }

  function selected(select) { return Array.from(select.selectedOptions).map(function (o) { return o.value; }); }
  function setSelected(select, values) {
    Array.from(select.options).forEach(function (o) { o.selected = values.indexOf(o.value) >= 0; });
  }

  // Someone else saved the record since it was loaded (412): say so, load its new version (for
  // the next save) and keep what the user typed in the form.
  function staleRecord(form, path, loaded) {
    form.querySelector("[data-error-for=_form]").textContent = t("err.precondition_failed");
    return api("GET", path).then(loaded).catch(fail);
  }

  var editing = null;   // actor id being edited, or null for a new one
  var editingEtag = null;   // the version of that actor when it was loaded
  function openActorForm(actor) {
    var form = $("actor-form");
    clearErrors(form);
    editing = actor ? actor.id : null;
    editingEtag = actor ? actor.etag || null : null;
    $("actor-form-title").textContent = actor ? t("edit_title") : t("new_actor");
    $("a-name").value = actor ? actor.name : "";
    $("a-kind").value = actor ? actor.kind : "association";
    setSelected($("a-areas"), actor ? actor.areas : (state.filters.area ? [state.filters.area] : []));
    setSelected($("a-topics"), actor ? actor.topics : []);
    $("a-description").value = actor ? actor.description || "" : "";
    $("a-website").value = actor ? actor.website || "" : "";
    $("actor-dialog").showModal();
  }

  function saveActor(ev) {
    ev.preventDefault();
    var form = $("actor-form");
    clearErrors(form);
    var body = {name: $("a-name").value, kind: $("a-kind").value, areas: selected($("a-areas")),
                topics: selected($("a-topics")), description: $("a-description").value,
                website: $("a-website").value || null};
    var path = editing ? "/api/v1/actors/" + encodeURIComponent(editing) : null;
    var call = editing ? api("PATCH", path, body, editingEtag) : api("POST", "/api/v1/actors", body);
    return call.then(function (actor) {
      $("actor-dialog").close();
      state.selected = actor.id;
      return loadGraph().then(function () { return restoreMarks(); }).then(function () {
        return showActor(actor.id);
      }).then(function () { status(t("saved")); });
    }).catch(function (err) {
      if (err.status === 412 && path) {
        return staleRecord(form, path, function (actor) { editingEtag = actor.etag || null; });
      }
      showProblem(form, err);
    });
  }

  var editingTie = null;   // the tie being edited (as loaded, with its etag), or null for a new one
  function openTieForm(tie) {
    var form = $("tie-form");
    clearErrors(form);
    editingTie = tie && tie.id ? tie : null;
    $("tie-form-title").textContent = editingTie ? t("edit_tie") : t("add_tie");
    var source = nodes.get(state.selected);
    $("tie-source-name").textContent = source ? source.data.name : state.selected;
    var list = $("r-target-list");
    clear(list);
    nodes.forEach(function (n) { if (n.id !== state.selected) { list.appendChild(new Option(n.data.name, n.id)); } });
    // source, target and kind make a tie's id: shown, not changed, when editing
    $("r-target").value = editingTie ? (editingTie.source === state.selected ? editingTie.target : editingTie.source) : "";
    $("r-kind").value = editingTie ? editingTie.kind : "cooperates_with";
    $("r-target").disabled = $("r-kind").disabled = !!editingTie;
    $("r-weight").value = editingTie ? String(editingTie.weight) : "3";
    $("r-since").value = editingTie && editingTie.since || "";
    $("r-until").value = editingTie && editingTie.until || "";
    $("r-note").value = editingTie && editingTie.note || "";
    $("tie-dialog").showModal();
  }

  function saveTie(ev) {
    ev.preventDefault();
    var form = $("tie-form");
    clearErrors(form);
    var body = {source: state.selected, target: $("r-target").value.trim(), kind: $("r-kind").value,
                weight: parseInt($("r-weight").value, 10), note: $("r-note").value};
    if ($("r-since").value) { body.since = $("r-since").value; }
    if ($("r-until").value) { body.until = $("r-until").value; }
    if (isNaN(body.weight)) { body.weight = $("r-weight").value; }
    if (editingTie) {
      var change = {weight: body.weight, note: body.note, since: body.since || null, until: body.until || null};
      var tiePath = "/api/v1/ties/" + encodeURIComponent(editingTie.id);
      return api("PATCH", tiePath, change, editingTie.etag).then(function (tie) {
        $("tie-dialog").close();
        var edge = edges && edges.get(tie.id);
        if (edge) { edges.update(edgeRow(Object.assign({}, edge.data, tie))); }
        showDetails(state.selected);
        status(t("saved"));
      }).catch(function (err) {
        if (err.status === 412) {
          return staleRecord(form, tiePath, function (tie) { editingTie = tie; });
        }
        showProblem(form, err);
      });
    }
    return api("POST", "/api/v1/ties", body).then(function (tie) {
      $("tie-dialog").close();
      var id = state.selected;
      return api("GET", "/api/v1/graph/actors" + query({id: [tie.source, tie.target], as_of: state.filters.as_of}))
        .then(addPiece).then(function () { renderStatus(); showDetails(id); status(t("saved")); });
    }).catch(function (err) { showProblem(form, err); });
  }

  // -- search -----------------------------------------------------------------------------------
  var searchTimer = null, searchSeq = 0;
  function search() {
    var q = $("search").value.trim();
    var list = $("results");
    var seq = ++searchSeq;
    if (!q) { clear(list); return Promise.resolve(); }
    return api("GET", "/api/v1/actors" + query({q: q, limit: 20})).then(function (page) {
      if (seq !== searchSeq) { return; }
      clear(list);
      if (!page.data.length) { list.appendChild(el("li", t("no_results"))); }
      page.data.forEach(function (a) {
        var li = el("li");
        var b = el("button", a.name, "link");
        b.type = "button";
        b.dataset.actor = a.id;
        b.addEventListener("click", function () { showActor(a.id); });
        li.appendChild(b);
        li.appendChild(el("div", label("kinds", a.kind) + " · " + a.areas.map(areaName).join(", "), "sub"));
        list.appendChild(li);
      });
      if (page.count > page.data.length) {
        list.appendChild(el("li", t("results_more", {count: page.count, shown: page.data.length}), "sub"));
      }
      list.dataset.query = q;
    }).catch(fail);
  }

  // -- wiring -----------------------------------------------------------------------------------
  function init() {
    var q = new URLSearchParams(location.search);
    state.lang = q.get("lang") === "en" ? "en" : "de";
    applyWords();
    $("lang-toggle").addEventListener("click", function () {
      state.lang = state.lang === "en" ? "de" : "en";
      applyWords();
      if (state.me) { writeUrl(); restoreMarks().catch(fail); }   // reasons in the new language
    });
    $("logout").addEventListener("click", logout);
    $("login-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var value = $("token-input").value.trim();
      if (!value) { return; }
      sessionStorage.setItem(TOKEN_KEY, value);
      $("token-input").value = "";
      start();
    });
    $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
    $("search").addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(search, 250);
    });
    var ids = {area: "f-area", kind: "f-kind", sector: "f-sector", topic: "f-topic", tie_kind: "f-tie-kind",
               as_of: "f-as-of"};
    FILTERS.forEach(function (f) {
      $(ids[f]).addEventListener("change", function () {
        state.filters[f] = $(ids[f]).value;
        if (f === "area" && state.filters.area) { $("i-area").value = state.filters.area; }
        loadGraph().then(restoreMarks).catch(fail);
      });
    });
    $("t-brokers").addEventListener("change", function () { toggle("brokers", $("t-brokers").checked); });
    $("t-isolates").addEventListener("change", function () { toggle("isolates", $("t-isolates").checked); });
    $("invite-form").addEventListener("submit", compose);
    $("expand").addEventListener("click", function () { if (state.selected) { expand(state.selected, false); } });
    $("more").addEventListener("click", function () { if (state.selected) { expand(state.selected, true); } });
    $("export-png").addEventListener("click", exportPng);
    $("fit").addEventListener("click", function () { if (network) { network.fit({animation: false}); } });
    $("add-actor").addEventListener("click", function () { openActorForm(null); });
    $("edit-actor").addEventListener("click", function () {
      api("GET", "/api/v1/actors/" + encodeURIComponent(state.selected)).then(openActorForm).catch(fail);
    });
    $("add-tie").addEventListener("click", function () { openTieForm(null); });
    $("actor-form").addEventListener("submit", saveActor);
    $("tie-form").addEventListener("submit", saveTie);
    document.querySelectorAll("dialog .cancel").forEach(function (b) {
      b.addEventListener("click", function () { b.closest("dialog").close(); });
    });
    start();
  }

  window.quartiernetz = {state: state, timings: timings, pngDataUrl: pngDataUrl, expand: expand,
                         tooltipText: function (id) { return tooltip(nodes.get(id).data).textContent; },
                         showActor: showActor};
  init();
})();
