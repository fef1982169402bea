// The network's memory in the browser: "Treffen erfassen" (a meeting or a contact, the actors
// picked by name as chips; POST /api/v1/meetings, /contacts), "Vorgeschlagene Beziehungen"
// (GET /api/v1/ties/suggested, confirm or dismiss each), "Was hat sich verändert?"
// (GET /api/v1/changes) and a forum's "Gremium: Zustand" in its details
// (GET /api/v1/forums/{id}/health). Data only ever goes into textContent (see page.js).
import {query, state} from "./state.js";
import {areaName, day, label, num, problemText, t} from "./i18n.js";
import {$, clear, el, fail, status} from "./page.js";
import {api} from "./api.js";
import {loadGraph} from "./graph.js";

var hooks = {openActor: null};   // from app.js: (id) => Promise, an actor selected
var forums = null;               // [{id, name}] of the forums (asked once)
var chosen = {people: [], actors: []};
var FIELDS = ["date", "title", "participants", "forum", "kind", "actors", "note"];
var CONTACT_KINDS = ["sitzung", "telefon", "anlass", "mail", "begehung"];

/** Wire the three panels; ``h.openActor(id)`` selects an actor (a name clicked in a list). */
export function initMemory(h) {
  hooks = h;
  $("m-form").addEventListener("submit", function (ev) { ev.preventDefault(); record(); });
  document.querySelectorAll("input[name=m-what]").forEach(function (r) {
    r.addEventListener("change", showWhat);
  });
  ["people", "actors"].forEach(function (key) {
    var input = $("m-" + key);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); pick(key, input.value); }
    });
    input.addEventListener("change", function () { if (input.value.trim()) { pick(key, input.value, true); } });
    input.addEventListener("input", function () { suggest(key); });
  });
  $("record-details").addEventListener("toggle", function () {
    if ($("record-details").open) { fillForums(); }
  });
  $("suggested-reload").addEventListener("click", function () { listSuggested(); });
  $("suggested-details").addEventListener("toggle", function () {
    if ($("suggested-details").open) { listSuggested(); }
  });
  $("changes-details").addEventListener("toggle", function () {   // the area chosen now
    $("c-area").textContent = state.filters.area ? areaName(state.filters.area) : t("whole_city");
  });
  $("changes-form").addEventListener("submit", function (ev) { ev.preventDefault(); listChanges(); });
  $("c-since").value = isoDay(yearAgo());
  $("m-date").value = isoDay(new Date());
  showWhat();
}

/** The panels' words and lists (after the reference lists arrived, on a language switch). */
export function fillMemorySelects() {
  var kind = $("m-kind"), keep = kind.value;
  clear(kind);
  CONTACT_KINDS.forEach(function (k) { kind.appendChild(new Option(t("contact_" + k), k)); });
  kind.value = keep || "sitzung";
  document.querySelectorAll("#memory-panel [data-i18n-label]").forEach(function (e) {
    e.setAttribute("aria-label", t(e.dataset.i18nLabel));
  });
  renderChips("people");
  renderChips("actors");
  $("c-area").textContent = state.filters.area ? areaName(state.filters.area) : t("whole_city");
}

function isoDay(d) {
  return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
}
function yearAgo() { var d = new Date(); d.setFullYear(d.getFullYear() - 1); return d; }
function what() { return document.querySelector("input[name=m-what]:checked").value; }
function showWhat() {
  var meeting = what() === "meeting";
  $("m-meeting").hidden = !meeting;
  $("m-contact").hidden = meeting;
}

// -- "Treffen erfassen": pickers by name, chosen ones as chips ---------------------------------
var suggestTimer = null;
function suggest(key) {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(function () {
    var q = $("m-" + key).value.trim();
    if (q.length < 2) { return; }
    lookUp(q).then(function (rows) {
      var list = $("m-" + key + "-list");
      clear(list);
      rows.forEach(function (a) { list.appendChild(new Option(a.name, a.name)); });
    }).catch(function () { return null; });   // the picker only helps; Enter says what is wrong
  }, 200);
}
function lookUp(q, kind) {
  return api("GET", "/api/v1/actors" + query({q: q, kind: kind, limit: 20})).then(function (page) {
    page.data.forEach(function (a) { state.names[a.id] = a.name; });
    return page.data;
  });
}
function byName(rows, name) {
  var key = name.trim().toLowerCase();
  for (var i = 0; i < rows.length; i++) { if (rows[i].name.toLowerCase() === key) { return rows[i].id; } }
  return null;
}
function known() { return Object.keys(state.names).map(function (id) { return {id: id, name: state.names[id]}; }); }
function findActor(name, kind) {
  var id = kind ? null : byName(known(), name);
  if (id) { return Promise.resolve(id); }
  return lookUp(name, kind).then(function (rows) { return byName(rows, name); });
}
/** The typed or picked name as a chip; ``quiet``: an unknown name is left to finish typing. */
function pick(key, name, quiet) {
  name = name.trim();
  if (!name) { return Promise.resolve(); }
  var slot = key === "people" ? "participants" : "actors";
  $("m-err-" + slot).textContent = "";
  return findActor(name).then(function (id) {
    if (!id) {
      if (!quiet) { $("m-err-" + slot).textContent = t("path_unknown", {name: name}); }
      return;
    }
    if (chosen[key].indexOf(id) < 0) { chosen[key].push(id); }
    $("m-" + key).value = "";
    renderChips(key);
  }).catch(fail);
}
function renderChips(key) {
  var ul = $("m-" + key + "-chips");
  clear(ul);
  chosen[key].forEach(function (id, i) {
    var name = state.names[id] || id;
    var li = el("li", null, "chip");
    li.dataset.value = id;
    li.appendChild(el("span", name));
    var x = el("button", "×", "chip-remove");
    x.type = "button";
    x.setAttribute("aria-label", t("remove_chip", {name: name}));
    x.addEventListener("click", function () {
      chosen[key] = chosen[key].filter(function (v) { return v !== id; });
      renderChips(key);
      var next = ul.querySelectorAll("button")[Math.min(i, chosen[key].length - 1)];
      (next || $("m-" + key)).focus();
    });
    li.appendChild(x);
    ul.appendChild(li);
  });
}
function forumId(name) {
  if (!name.trim()) { return Promise.resolve(null); }
  var ask = forums ? Promise.resolve(forums) : api("GET", "/api/v1/actors" + query({kind: "forum", limit: 1000}))
    .then(function (page) { forums = page.data; return forums; });
  return ask.then(function (rows) { return byName(rows, name) || false; });
}
/** Fill the forum picker's list (once, when the form is first used). */
export function fillForums() {
  if (forums) { return Promise.resolve(); }
  return forumId("-").then(function () {
    var list = $("m-forum-list");
    clear(list);
    forums.forEach(function (f) { list.appendChild(new Option(f.name, f.name)); });
  }).catch(function () { return null; });
}

function showProblems(err) {
  var general = [];
  var items = (err.problem && err.problem.errors) || [];
  items.forEach(function (p) {
    var slot = p.field === "participants" || p.field === "forum" || FIELDS.indexOf(p.field) >= 0 ? p.field : null;
    if (slot === "actors" && what() === "meeting") { slot = "participants"; }
    var box = slot && $("m-err-" + slot);
    if (box) { box.textContent = (box.textContent ? box.textContent + " " : "") + p.message; } else { general.push(p.message); }
  });
  $("m-error").textContent = general.length ? general.join(" ") : (items.length ? "" : problemText(err));
}
function clearProblems() {
  FIELDS.forEach(function (f) { $("m-err-" + f).textContent = ""; });
  $("m-error").textContent = "";
  $("m-status").textContent = "";
}

export function record() {
  clearProblems();
  var meeting = what() === "meeting";
  var key = meeting ? "people" : "actors";
  var body, path;
  var typed = $("m-forum").value;
  // a name typed but not yet taken (no Enter) is taken now; an unknown one stops here
  return pick(key, $("m-" + key).value).then(function () {
    if ($("m-" + key).value.trim()) { return false; }
    return forumId(meeting ? typed : "");
  }).then(function (forum) {
    if (forum === false && $("m-" + key).value.trim()) { return; }
    if (forum === false) {
      $("m-err-forum").textContent = t("path_unknown", {name: typed.trim()});
      return;
    }
    if (meeting) {
      path = "/api/v1/meetings";
      body = {date: $("m-date").value, title: $("m-title").value.trim(), participants: chosen.people.slice()};
      if (forum) { body.forum = forum; }
    } else {
      path = "/api/v1/contacts";
      body = {date: $("m-date").value, kind: $("m-kind").value, actors: chosen.actors.slice(),
              note: $("m-note").value.trim()};
    }
    return api("POST", path + query({lang: state.lang}), body).then(function () {
      chosen.people = [];
      chosen.actors = [];
      renderChips("people");
      renderChips("actors");
      $("m-title").value = "";
      $("m-forum").value = "";
      $("m-note").value = "";
      $("m-status").textContent = t(meeting ? "meeting_saved" : "contact_saved");
    });
  }).catch(function (err) {
    if (err && err.status === 401) { fail(err); return; }
    showProblems(err);
  });
}

// -- "Vorgeschlagene Beziehungen" --------------------------------------------------------------
export function listSuggested() {
  var out = $("suggested-list");
  $("suggested-error").textContent = "";
  return api("GET", "/api/v1/ties/suggested" + query({lang: state.lang})).then(function (rows) {
    clear(out);
    if (!rows.length) { out.appendChild(el("li", t("suggested_none"), "sub")); }
    rows.forEach(function (s) {
      var pair = s.source_name + " – " + s.target_name;
      var li = el("li");
      li.dataset.suggestion = s.id;
      li.appendChild(el("strong", pair));
      li.appendChild(el("div", s.text, "sub"));
      var actions = el("div", null, "actions");
      var editor = state.me && (state.me.role === "editor" || state.me.role === "admin");
      [["confirm", "suggested_confirm"], ["dismiss", "suggested_dismiss"]].forEach(function (b) {
        var button = el("button", t(b[1]));
        button.type = "button";
        button.setAttribute("aria-label", t(b[1] + "_pair", {pair: pair}));
        button.addEventListener("click", function () { decide(s, b[0], li, pair); });
        actions.appendChild(button);
      });
      if (editor) { li.appendChild(actions); }   // a viewer sees the evidence, decides nothing
      out.appendChild(li);
    });
    out.setAttribute("data-answered", "1");
  }).catch(function (err) {
    $("suggested-error").textContent = problemText(err);
    out.setAttribute("data-answered", "1");
  });
}
function decide(s, how, li, pair) {
  $("suggested-error").textContent = "";
  return api("POST", "/api/v1/ties/suggested/" + encodeURIComponent(s.id) + "/" + how + query({lang: state.lang}))
    .then(function () {
      li.remove();
      $("suggested-status").textContent = t(how === "confirm" ? "suggested_confirmed" : "suggested_dismissed", {pair: pair});
      if (how === "confirm" && state.view === "graph") { return loadGraph(); }
    }).catch(function (err) { $("suggested-error").textContent = problemText(err); });
}

// -- "Was hat sich verändert?" -----------------------------------------------------------------
var changeSeq = 0;
export function listChanges() {
  var mine = ++changeSeq;
  var out = $("changes-list");
  $("changes-error").textContent = "";
  $("c-area").textContent = state.filters.area ? areaName(state.filters.area) : t("whole_city");
  var params = {since: $("c-since").value, lang: state.lang};
  if (state.filters.area) { params.area = state.filters.area; }
  return api("GET", "/api/v1/changes" + query(params)).then(function (c) {
    if (mine !== changeSeq) { return; }
    clear(out);
    group(out, "ties_gained", c.ties_gained, tieItem);
    group(out, "ties_lost", c.ties_lost, tieItem);
    group(out, "became_isolated", c.became_isolated, actorItem);
    group(out, "stopped_brokering", c.stopped_brokering, actorItem);
    group(out, "forums_lost_sector", c.forums_lost_sector, function (li, f) {
      li.appendChild(nameButton(f.id, f.name));
      li.appendChild(el("span", " · " + f.sectors_lost.map(function (s) { return label("sectors", s); }).join(", ")));
    });
    group(out, "needs_opened", c.needs_opened, needItem);
    group(out, "needs_closed", c.needs_closed, needItem);
    out.setAttribute("data-answered", "1");
  }).catch(function (err) {
    if (mine !== changeSeq) { return; }
    $("changes-error").textContent = problemText(err);
    out.setAttribute("data-answered", "1");
  });
}
function group(out, key, rows, item) {
  var section = el("div", null, "change-group");
  section.dataset.change = key;
  var h = el("h4", t("changes_" + key) + ": ");
  h.appendChild(el("span", num(rows.length, 0), "change-count"));
  section.appendChild(h);
  if (rows.length) {
    var ul = el("ul", null, "list");
    rows.forEach(function (r) { var li = el("li"); item(li, r); ul.appendChild(li); });
    section.appendChild(ul);
  }
  out.appendChild(section);
}
function nameButton(id, name) {
  var b = el("button", name, "link");
  b.type = "button";
  b.dataset.actor = id;
  b.addEventListener("click", function () { if (hooks.openActor) { hooks.openActor(id); } });
  return b;
}
function tieItem(li, r) {
  li.appendChild(nameButton(r.source, r.source_name));
  li.appendChild(el("span", " – "));
  li.appendChild(nameButton(r.target, r.target_name));
}
function actorItem(li, r) { li.appendChild(nameButton(r.id, r.name)); }
function needItem(li, n) { li.appendChild(el("span", n.title)); }

// -- a forum's health, in its details ----------------------------------------------------------
/** The details of ``id`` are shown (panels.js): for a forum, its health below them. */
export function showForum(id, node) {
  var box = $("d-forum");
  if (!node || node.kind !== "forum") { box.hidden = true; return Promise.resolve(); }
  var dl = $("d-forum-fields");
  clear(dl);
  box.hidden = false;
  box.dataset.forum = id;
  return api("GET", "/api/v1/forums/" + encodeURIComponent(id) + "/health").then(function (h) {
    if (state.selected !== id) { return; }
    function field(name, value) { dl.appendChild(el("dt", t(name))); dl.appendChild(el("dd", value)); }
    function sectors(rows) { return rows.map(function (s) { return label("sectors", s); }).join(", ") || "–"; }
    var names = {};
    h.members.forEach(function (m) { names[m.id] = m.name; });
    field("forum_sectors_present", sectors(h.sectors_present));
    field("forum_sectors_missing", sectors(h.sectors_missing));
    field("forum_trend", h.trend ? t("forum_trend_" + h.trend) : "–");
    field("forum_missed_last", h.missed_last.map(function (m) { return names[m] || m; }).join(", ") || "–");
    field("forum_should_join", h.should_join.map(function (s) { return s.name || s.id; }).join(", ") || "–");
    var members = el("dd");
    var ul = el("ul", null, "list forum-members");
    h.members.forEach(function (m) {
      ul.appendChild(el("li", m.name + " · " + (m.last_attended ? t("forum_last", {day: day(m.last_attended)})
                                                               : t("forum_never"))));
    });
    members.appendChild(ul);
    dl.appendChild(el("dt", t("forum_members")));
    dl.appendChild(members);
    box.setAttribute("data-answered", "1");
  }).catch(function (err) {
    if (err && err.status === 401) { fail(err); return; }
    status(t("error", {detail: problemText(err)}));
  });
}
