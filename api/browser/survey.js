// "Umfragen": the coordinator's view of the network surveys (issue 17), a wide workspace in
// place of the filter column like the round table. The campaigns (GET /api/v1/surveys), a
// campaign's dashboard (GET .../dashboard: response rate by sector and area, who has not
// answered, ties named by one side only, the largest disagreements), every pair with all its
// perspectives ("A sagt Stärke 5, B sagt 2; erfasst: 3"; "nur A nennt B") and the buttons to
// reconcile it (accept one side, set a value, reject: POST .../reconcile), and the queue of
// proposed new actors (POST /api/v1/surveys/proposals/{id}). Editors and admins only (the API
// refuses others). Data only ever goes into textContent (see page.js).
import {MODEL} from "./state.js";
import {areaName, day, label, num, problemText, t} from "./i18n.js";
import {$, clear, el} from "./page.js";
import {api} from "./api.js";

var current = null;    // the campaign shown: {survey, board}
var names = {};        // actor id -> name (from the dashboard's answer)
var seq = 0;
var uid = 0;

/** Wire the panel (after the page's other modules). */
export function initSurvey() {
  $("survey-open").addEventListener("click", function () { setSurveyOpen(true, true); });
  $("survey-close").addEventListener("click", function () { setSurveyOpen(false, true); });
  $("survey-open-only").addEventListener("change", function () { if (current) { loadPairs(); } });
}

export function setSurveyOpen(open, focus) {
  $("survey-panel").hidden = !open;
  if (open) { $("table-panel").hidden = true; }
  $("left").hidden = open || !$("table-panel").hidden;
  $("survey-open").setAttribute("aria-expanded", String(open));
  if (open) { listSurveys(); }
  if (focus) { (open ? $("survey-heading") : $("survey-open")).focus(); }
}

/** After a language switch: the workspace's lists and the campaign shown, in the new words. */
export function refreshSurvey() {
  if ($("survey-panel").hidden) { return Promise.resolve(); }
  var shown = current && current.survey.id;
  return listSurveys().then(function () { if (shown) { return openSurvey(shown, false); } });
}

function nameOf(id) { return names[id] || id; }

function problem(err) {
  $("survey-error").textContent = problemText(err);
}

function say(text) {
  $("survey-error").textContent = "";
  $("survey-status").textContent = text;
}

// -- the campaigns ----------------------------------------------------------------------------
export function listSurveys() {
  var mine = ++seq;
  var out = $("survey-list");
  return api("GET", "/api/v1/surveys").then(function (page) {
    if (mine !== seq) { return; }
    clear(out);
    if (!page.data.length) { out.appendChild(el("li", t("survey_none"), "empty")); }
    page.data.forEach(function (s) {
      var li = el("li");
      var b = el("button", s.title, "link-button");
      b.type = "button";
      b.dataset.survey = s.id;
      b.setAttribute("aria-describedby", "survey-sub-" + s.id);
      b.addEventListener("click", function () { openSurvey(s.id); });
      li.appendChild(b);
      li.appendChild(el("div", t("survey_line", {status: t("survey_status_" + s.status),
                                                  until: day(s.until), count: s.actors.length}), "sub"));
      li.lastChild.id = "survey-sub-" + s.id;
      out.appendChild(li);
    });
    out.setAttribute("data-answered", "1");
  }).catch(problem);
}

/** One campaign: its dashboard, its pairs and its proposals (``focus`` false: keep the focus). */
export function openSurvey(id, focus) {
  var mine = ++seq;
  $("survey-error").textContent = "";
  return api("GET", "/api/v1/surveys/" + encodeURIComponent(id) + "/dashboard").then(function (answer) {
    if (mine !== seq) { return; }
    current = answer;
    names = Object.assign({}, answer.names || {});
    $("survey-detail").hidden = false;
    $("survey-name").textContent = answer.survey.title;
    $("survey-meta").textContent = t("survey_line", {status: t("survey_status_" + answer.survey.status),
                                                      until: day(answer.survey.until),
                                                      count: answer.survey.actors.length});
    renderBoard(answer.dashboard);
    return Promise.all([loadPairs(), loadProposals()]);
  }).then(function () {
    if (mine === seq && focus !== false) { $("survey-name").focus(); }
  }).catch(problem);
}

// -- the dashboard ----------------------------------------------------------------------------
function rateTable(caption, head, rows) {
  var table = el("table", null, "survey-rates");
  table.appendChild(el("caption", caption));
  var tr = el("tr");
  [head, t("survey_invited"), t("survey_answered"), t("survey_rate")].forEach(function (h) {
    var th = el("th", h);
    th.scope = "col";
    tr.appendChild(th);
  });
  var thead = el("thead");
  thead.appendChild(tr);
  table.appendChild(thead);
  var body = el("tbody");
  rows.forEach(function (r) {
    var row = el("tr");
    var th = el("th", r.name);
    th.scope = "row";
    row.appendChild(th);
    [num(r.invited, 0), num(r.answered, 0), num(r.percent, 1) + " %"].forEach(function (v) {
      row.appendChild(el("td", v, "num"));
    });
    body.appendChild(row);
  });
  table.appendChild(body);
  return table;
}

function sectorName(s) { return s === "none" ? t("survey_no_sector") : label("sectors", s); }

var LIST_MAX = 50;   // a dashboard list shows this many, then says how many more there are

function titled(parent, text, items, render) {
  parent.appendChild(el("h5", text));
  var ul = el("ul", null, "list");
  if (!items.length) { ul.appendChild(el("li", t("survey_nobody"), "empty")); }
  items.slice(0, LIST_MAX).forEach(function (x) { ul.appendChild(render(x)); });
  if (items.length > LIST_MAX) {
    ul.appendChild(el("li", t("survey_more", {count: num(items.length - LIST_MAX, 0)}), "empty"));
  }
  parent.appendChild(ul);
}

function kindsText(kinds) {
  return kinds.map(function (k) { return label("tieKinds", k.kind); }).join(", ");
}

function decidedMark(r) { return r.decided ? " · " + t("survey_decided_mark") : ""; }

function renderBoard(d) {
  var out = $("survey-board");
  clear(out);
  out.appendChild(el("p", t("survey_total", {answered: num(d.total.answered, 0), invited: num(d.total.invited, 0),
                                             rate: num(d.total.percent, 1) + " %", drafts: num(d.total.drafts, 0)}),
                     "survey-total"));
  out.appendChild(rateTable(t("survey_by_sector"), t("sector"), d.by_sector.map(function (r) {
    return Object.assign({name: sectorName(r.sector)}, r);
  })));
  out.appendChild(rateTable(t("survey_by_area"), t("area"), d.by_area.map(function (r) {
    return Object.assign({name: r.area === "none" ? t("survey_no_area") : areaName(r.area)}, r);
  })));
  titled(out, t("survey_waiting", {count: d.not_answered.length}), d.not_answered, function (r) {
    return el("li", t(r.draft ? "survey_waiting_draft" : "survey_waiting_none",
                      {name: r.name, sector: sectorName(r.sector)}));
  });
  titled(out, t("survey_one_sided", {count: d.one_sided.length}), d.one_sided, function (r) {
    return el("li", t("survey_only", {a: nameOf(r.named_by), b: nameOf(r.other)}) + " (" + kindsText(r.kinds) +
                    (r.other_answered ? "" : "; " + t("survey_other_silent")) + ")" + decidedMark(r));
  });
  titled(out, t("survey_disagreements", {count: d.disagreements.length}), d.disagreements, function (r) {
    return el("li", Object.keys(r.weights).map(function (x) {
      return t("survey_says_kinds", {name: nameOf(x), weight: r.weights[x], kinds: kindsText(r.kinds[x])});
    }).join("; ") + decidedMark(r));
  });
}

// -- the pairs and their perspectives ---------------------------------------------------------
function pairName(p) {
  return nameOf(p.source) + " – " + nameOf(p.target) + " (" + label("tieKinds", p.kind) + ")";
}

/** "A sagt Stärke 5, B sagt 2; erfasst: 3" or "nur A nennt B (Stärke 4); noch keine Beziehung erfasst". */
export function perspectiveText(p) {
  var by = {};
  p.assertions.forEach(function (a) { by[a.asserted_by] = a; });
  var who = Object.keys(by);
  var parts;
  if (who.length === 1) {
    var other = who[0] === p.source ? p.target : p.source;
    parts = [t("survey_only_weight", {a: nameOf(who[0]), b: nameOf(other), weight: by[who[0]].weight})];
  } else {
    parts = [who.map(function (x, i) {
      return t(i === 0 ? "survey_says_first" : "survey_says", {name: nameOf(x), weight: by[x].weight});
    }).join(", ")];
  }
  parts.push(p.tie && p.tie.weight !== null && p.tie.weight !== undefined
    ? t("survey_recorded", {weight: num(p.tie.weight, 1)}) : t("survey_not_recorded"));
  return parts.join("; ");
}

function details(p) {
  return p.assertions.map(function (a) {
    var bits = [];
    if (a.frequency) { bits.push(t("survey_freq_" + a.frequency)); }
    if (a.since) { bits.push(t("survey_since", {date: day(a.since)})); }
    bits.push(t("survey_answered_on", {date: day(String(a.asserted_on).slice(0, 10))}));
    return nameOf(a.asserted_by) + ": " + bits.join(", ");
  }).join(" · ");
}

function loadPairs() {
  var out = $("survey-pairs");
  var id = current.survey.id;
  return api("GET", "/api/v1/surveys/" + encodeURIComponent(id) + "/perspectives").then(function (pairs) {
    if (!current || current.survey.id !== id) { return; }
    pairs.forEach(function (p) { [p.source, p.target].forEach(function (x) { names[x] = names[x] || x; }); });
    var shown = $("survey-open-only").checked ? pairs.filter(function (p) { return p.status === "open"; }) : pairs;
    clear(out);
    $("survey-pairs-count").textContent = t("survey_pairs_count", {count: shown.length, all: pairs.length});
    if (!shown.length) { out.appendChild(el("li", t("survey_no_pairs"), "empty")); }
    morePairs(out, shown, 0);
    out.setAttribute("data-answered", "1");
  });
}

var PAIRS_AT_ONCE = 100;   // pairs drawn at a time; a button draws the next ones

function morePairs(out, shown, from) {
  shown.slice(from, from + PAIRS_AT_ONCE).forEach(function (p) { out.appendChild(pairItem(p)); });
  var rest = shown.length - from - PAIRS_AT_ONCE;
  if (rest > 0) {
    var li = el("li", null, "empty");
    var b = el("button", t("survey_more_pairs", {count: num(Math.min(rest, PAIRS_AT_ONCE), 0)}));
    b.type = "button";
    b.addEventListener("click", function () {
      out.removeChild(li);
      morePairs(out, shown, from + PAIRS_AT_ONCE);
      var next = out.children[from + PAIRS_AT_ONCE];
      if (next && next.querySelector("h5")) { next.querySelector("h5").focus(); }
    });
    li.appendChild(b);
    out.appendChild(li);
  }
}

function pairItem(p) {
  var li = el("li", null, "pair");
  li.dataset.pair = [p.source, p.target, p.kind].join("|");
  fillPair(li, p);
  return li;
}

function fillPair(li, p) {
  clear(li);
  li.dataset.status = p.status;
  var head = el("h5", pairName(p));
  head.tabIndex = -1;
  li.appendChild(head);
  li.appendChild(el("p", perspectiveText(p), "perspective"));
  li.appendChild(el("p", details(p), "sub"));
  li.appendChild(el("p", t("survey_pair_" + p.status), "sub pair-status"));
  var group = el("div", null, "pair-actions");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", t("survey_reconcile_group", {pair: pairName(p)}));
  var seen = {};
  p.assertions.forEach(function (a) {
    if (seen[a.asserted_by]) { return; }
    seen[a.asserted_by] = true;
    var b = el("button", t("survey_accept", {name: nameOf(a.asserted_by), weight: a.weight}));
    b.type = "button";
    b.addEventListener("click", function () { decide(li, p, {decision: "accept", asserted_by: a.asserted_by}); });
    group.appendChild(b);
  });
  var pick = "survey-w-" + (++uid);
  var lab = el("label", t("survey_weight"));
  lab.htmlFor = pick;
  var select = el("select");
  select.id = pick;
  for (var w = 1; w <= 5; w++) { select.appendChild(new Option(String(w), String(w))); }
  select.value = String(p.tie && p.tie.weight ? Math.round(p.tie.weight) : 3);
  var set = el("button", t("survey_set"));
  set.type = "button";
  set.addEventListener("click", function () { decide(li, p, {decision: "set", weight: Number(select.value)}); });
  var reject = el("button", t("survey_reject"));
  reject.type = "button";
  reject.addEventListener("click", function () { decide(li, p, {decision: "reject"}); });
  var span = el("span", null, "pair-set");
  span.appendChild(lab);
  span.appendChild(select);
  span.appendChild(set);
  group.appendChild(span);
  group.appendChild(reject);
  li.appendChild(group);
}

function decide(li, p, choice) {
  var body = Object.assign({source: p.source, target: p.target, kind: p.kind}, choice);
  var buttons = li.querySelectorAll("button");
  buttons.forEach(function (b) { b.disabled = true; });
  return api("POST", "/api/v1/surveys/" + encodeURIComponent(current.survey.id) + "/reconcile", body)
    .then(function (after) {
      fillPair(li, after);
      var tie = after.tie && after.tie.weight !== null && after.tie.weight !== undefined ? num(after.tie.weight, 1) : "–";
      say(t("survey_decided_" + choice.decision, {pair: pairName(after), weight: tie}));
      li.querySelector("h5").focus();
    }).catch(function (err) {
      buttons.forEach(function (b) { b.disabled = false; });
      problem(err);
    });
}

// -- proposed new actors ----------------------------------------------------------------------
function loadProposals() {
  var out = $("survey-proposals");
  var id = current.survey.id;
  return api("GET", "/api/v1/surveys/" + encodeURIComponent(id) + "/proposals").then(function (rows) {
    if (!current || current.survey.id !== id) { return; }
    clear(out);
    if (!rows.length) { out.appendChild(el("li", t("survey_no_proposals"), "empty")); }
    rows.forEach(function (r) { out.appendChild(proposalItem(r)); });
  });
}

function proposalItem(r) {
  var li = el("li", null, "pair");
  var what = r.type === "record" ? t("survey_proposal_record") : t("survey_proposal_actor");
  li.appendChild(el("h5", r.name));
  li.appendChild(el("p", what + " · " + t("survey_proposed_by", {name: nameOf(r.proposed_by)}) + " · " +
                          t("survey_pair_" + r.status), "sub"));
  if (r.status !== "open") { return li; }
  var group = el("div", null, "pair-actions");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", t("survey_proposal_group", {name: r.name}));
  var kind = null;
  if (r.type !== "record") {
    var pick = "survey-k-" + (++uid);
    var lab = el("label", t("kind"));
    lab.htmlFor = pick;
    kind = el("select");
    kind.id = pick;
    Object.keys(MODEL.kinds).forEach(function (k) { kind.appendChild(new Option(label("kinds", k), k)); });
    kind.value = "association";
    group.appendChild(lab);
    group.appendChild(kind);
  }
  var yes = el("button", t(r.type === "record" ? "survey_take_over" : "survey_add_actor"));
  yes.type = "button";
  var no = el("button", t("survey_reject"));
  no.type = "button";
  function send(accept) {
    var body = {accept: accept};
    if (accept && kind) {
      body.actor_fields = {kind: kind.value};
      if (current.survey.areas.length) { body.actor_fields.areas = current.survey.areas.slice(); }
    }
    return api("POST", "/api/v1/surveys/proposals/" + encodeURIComponent(r.id), body).then(function (done) {
      say(t(accept ? "survey_proposal_accepted" : "survey_proposal_rejected", {name: r.name}));
      li.parentNode.replaceChild(proposalItem(Object.assign({}, r, done)), li);
    }).catch(problem);
  }
  yes.addEventListener("click", function () { send(true); });
  no.addEventListener("click", function () { send(false); });
  group.appendChild(yes);
  group.appendChild(no);
  li.appendChild(group);
  return li;
}
