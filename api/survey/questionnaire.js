// The questionnaire at /s/{token}: loads /s/{token}/form, lets the organisation confirm its
// own record and name its partners, saves a draft or sends (POST /s/{token}/answers).
// Every text from the server or the respondent goes into the page as text (textContent,
// attribute values), never as HTML. No cookie, no request to another host.

const WORDS = window.QS_WORDS || {de: {}, en: {}};
const base = location.pathname.replace(/\/+$/, "");
const params = new URLSearchParams(location.search);
let lang = params.get("lang") === "en" ? "en" : "de";
const started = performance.now();

const state = {form: null, rows: [], nextKey: 1, answer: null, entryRows: [], byName: new Map()};
window.questionnaire = {timings: {}, state};

const $ = (id) => document.getElementById(id);

function t(code, values) {
  let text = (WORDS[lang] && WORDS[lang][code]) || (WORDS.de && WORDS.de[code]) || code;
  for (const [name, value] of Object.entries(values || {})) text = text.split(`{${name}}`).join(String(value));
  return text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function day(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}.${m}.${y}`;
}

function when(iso) {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const two = (n) => String(n).padStart(2, "0");
  return `${two(at.getDate())}.${two(at.getMonth() + 1)}.${at.getFullYear()} ${two(at.getHours())}:${two(at.getMinutes())}`;
}

function label(choice) { return choice[lang] || choice.de || choice.value; }

// -- the static words -------------------------------------------------------------------------

function applyWords() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-w]")) node.textContent = t(node.dataset.w);
  for (const node of document.querySelectorAll("[data-w-label]")) node.setAttribute("aria-label", t(node.dataset.wLabel));
  const sw = $("lang-switch");
  sw.setAttribute("lang", lang === "en" ? "de" : "en");
}

// -- the own record -----------------------------------------------------------------------------

function choices(id, items, chosen, name) {
  const box = $(id);
  for (const old of box.querySelectorAll(".choice")) old.remove();
  for (const item of items) {
    const input = el("input", {type: "checkbox", name, value: item.id, id: `${name}-${item.id}`});
    input.checked = chosen.includes(item.id);
    input.addEventListener("change", ownSummary);
    box.append(el("div", {class: "choice"}, input, el("label", {for: input.id, text: item.name})));
  }
}

function ownSummary() {
  const names = (name) => Array.from(document.querySelectorAll(`input[name="${name}"]:checked`))
    .map((i) => i.labels[0].textContent).join(", ") || t("own_none");
  $("own-summary").textContent = t("own_summary", {areas: names("own-area"), topics: names("own-topic")});
}

function ownRecord() {
  const picked = (name) => Array.from(document.querySelectorAll(`input[name="${name}"]:checked`)).map((i) => i.value);
  return {name: $("own-name").value, areas: picked("own-area"), topics: picked("own-topic")};
}

// -- partners -------------------------------------------------------------------------------------

function pickerLabels() {
  const counts = new Map();
  for (const p of state.form.picker) counts.set(p.name, (counts.get(p.name) || 0) + 1);
  state.byName = new Map();
  const list = $("pick-list");
  list.replaceChildren();
  for (const p of state.form.picker) {
    const shown = counts.get(p.name) > 1 ? `${p.name} · ${p.id}` : p.name;
    state.byName.set(shown.trim().toLowerCase(), p);
    list.append(el("option", {value: shown}));
  }
}

function nameOf(actorId) {
  const found = state.form.picker.find((p) => p.id === actorId);
  return found ? found.name : actorId;
}

function rowKey(row) { return row.actor ? `a:${row.actor}` : `n:${row.proposed.trim().toLowerCase()}`; }

function addRow(row, announce) {
  row.key = state.nextKey++;
  state.rows.push(row);
  const li = renderRow(row);
  $("partners").append(li);
  $("none-yet").hidden = true;
  if (announce) {
    say(t("added", {name: row.name}));
    li.querySelector("input").focus();
  }
}

function renderRow(row) {
  const id = `p${row.key}`;
  const kinds = el("fieldset", {class: "kinds", id: `${id}-kinds`, "aria-describedby": `${id}-kinds-error`},
    el("legend", {text: t("kinds_legend")}));
  for (const kind of state.form.kinds) {
    const input = el("input", {type: "checkbox", id: `${id}-kind-${kind.value}`, name: `${id}-kind`, value: kind.value});
    input.checked = row.kinds.has(kind.value);
    input.addEventListener("change", () => {
      if (input.checked) row.kinds.add(kind.value); else row.kinds.delete(kind.value);
      clearError(`${id}-kinds`);
    });
    kinds.append(el("div", {class: "choice"}, input, el("label", {for: input.id, text: label(kind)})));
  }
  const weight = el("fieldset", {class: "weight", id: `${id}-weight`, "aria-describedby": `${id}-weight-error`},
    el("legend", {text: t("weight_legend")}));
  const scale = el("div", {class: "scale"});
  for (let n = 1; n <= 5; n++) {
    const input = el("input", {type: "radio", id: `${id}-w${n}`, name: `${id}-weight`, value: n});
    input.checked = row.weight === n;
    input.addEventListener("change", () => { row.weight = n; clearError(`${id}-weight`); });
    scale.append(el("div", {class: "step"}, input, el("label", {for: input.id, text: t(`weight_${n}`)})));
  }
  weight.append(scale);
  const freq = el("select", {id: `${id}-freq`});
  freq.append(el("option", {value: "", text: t("frequency_none")}));
  for (const f of state.form.frequencies) freq.append(el("option", {value: f.value, text: label(f)}));
  freq.value = row.frequency || "";
  freq.addEventListener("change", () => { row.frequency = freq.value || null; });
  const since = el("input", {id: `${id}-since`, inputmode: "numeric", maxlength: 4, autocomplete: "off",
                             "aria-describedby": `${id}-since-error`});
  since.value = row.since || "";
  since.addEventListener("input", () => { row.since = since.value.trim(); clearError(`${id}-since`); });
  const remove = el("button", {type: "button", class: "remove link", "aria-label": t("remove_label", {name: row.name}),
                               text: t("remove")});
  remove.addEventListener("click", () => removeRow(row));
  const legend = el("legend", {class: "pname"}, el("span", {text: row.name}));
  if (!row.actor) legend.append(" ", el("span", {class: "tag", text: `(${t("proposed")})`}));
  const box = el("fieldset", {class: "partner", id},
    legend,
    kinds, el("p", {class: "error", id: `${id}-kinds-error`, hidden: true}),
    weight, el("p", {class: "error", id: `${id}-weight-error`, hidden: true}),
    el("div", {class: "field"}, el("label", {for: freq.id, text: t("frequency_label")}), freq),
    el("div", {class: "field"}, el("label", {for: since.id, text: t("since_label")}), since,
       el("p", {class: "error", id: `${id}-since-error`, hidden: true})),
    remove);
  return el("li", {"data-key": row.key}, box);
}

function removeRow(row) {
  const index = state.rows.indexOf(row);
  if (index < 0) return;
  state.rows.splice(index, 1);
  const li = document.querySelector(`#partners > li[data-key="${row.key}"]`);
  const next = li && (li.nextElementSibling || li.previousElementSibling);
  if (li) li.remove();
  $("none-yet").hidden = state.rows.length > 0;
  say(t("removed", {name: row.name}));
  (next ? next.querySelector("input") : $("pick")).focus();
}

function renderRows() {
  $("partners").replaceChildren(...state.rows.map(renderRow));
  $("none-yet").hidden = state.rows.length > 0;
}

function fieldError(inputId, errorId, text) {
  const error = $(errorId);
  if (!error) return;  // a problem without a field of its own: in the summary only
  error.textContent = text;
  error.hidden = !text;
  const input = $(inputId);
  if (input) {
    if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }
}

function clearError(groupId) {
  const error = $(`${groupId}-error`);
  if (error && !error.hidden) fieldError(groupId, `${groupId}-error`, "");
}

function addPicked() {
  const input = $("pick");
  const typed = input.value.trim();
  fieldError("pick", "pick-error", "");
  if (!typed) { fieldError("pick", "pick-error", t("pick_empty")); return; }
  const found = state.byName.get(typed.toLowerCase());
  if (!found) {
    fieldError("pick", "pick-error", found === undefined && typed.toLowerCase() === state.form.actor.name.toLowerCase()
      ? t("pick_self") : t("pick_unknown", {name: typed}));
    return;
  }
  if (state.rows.some((r) => r.actor === found.id)) { fieldError("pick", "pick-error", t("pick_twice", {name: found.name})); return; }
  input.value = "";
  addRow({actor: found.id, proposed: null, name: found.name, kinds: new Set(), weight: null, frequency: null, since: ""}, true);
}

function addProposed() {
  const input = $("new-name");
  const typed = input.value.trim();
  fieldError("new-name", "new-error", "");
  if (!typed) { fieldError("new-name", "new-error", t("pick_empty")); return; }
  if (state.rows.some((r) => !r.actor && r.proposed.trim().toLowerCase() === typed.toLowerCase())) {
    fieldError("new-name", "new-error", t("pick_twice", {name: typed})); return;
  }
  input.value = "";
  addRow({actor: null, proposed: typed, name: typed, kinds: new Set(), weight: null, frequency: null, since: ""}, true);
}

// -- saving -----------------------------------------------------------------------------------------

function entries() {
  const out = [];
  state.entryRows = [];
  for (const row of state.rows) {
    for (const kind of state.form.kinds.map((k) => k.value).filter((k) => row.kinds.has(k))) {
      const entry = {actor: row.actor, kind, weight: row.weight};
      if (!row.actor) entry.proposed_name = row.proposed;
      if (row.frequency) entry.frequency = row.frequency;
      if (/^\d{4}$/.test(row.since || "")) entry.since = `${row.since}-01-01`;
      out.push(entry);
      state.entryRows.push(row);
    }
  }
  return out;
}

function check() {
  const problems = [];
  const year = new Date().getFullYear();
  if (!$("own-name").value.trim()) problems.push(["own-name", "own-name-error", t("err_name"), t("own_name")]);
  for (const row of state.rows) {
    const id = `p${row.key}`;
    if (!row.kinds.size) problems.push([`${id}-kinds`, `${id}-kinds-error`, t("err_kind"), `${row.name}: ${t("kinds_legend")}`]);
    if (!row.weight) problems.push([`${id}-weight`, `${id}-weight-error`, t("err_weight"), `${row.name}: ${t("weight_legend")}`]);
    const since = (row.since || "").trim();
    if (since && (!/^\d{4}$/.test(since) || Number(since) > year || Number(since) < 1800)) {
      problems.push([`${id}-since`, `${id}-since-error`, t("err_since"), `${row.name}: ${t("since_label")}`]);
    }
  }
  return problems;
}

function showProblems(problems) {
  for (const node of document.querySelectorAll("#q-form .error")) { node.textContent = ""; node.hidden = true; }
  for (const node of document.querySelectorAll("#q-form [aria-invalid]")) node.removeAttribute("aria-invalid");
  const box = $("errors");
  box.replaceChildren();
  if (!problems.length) { box.hidden = true; return; }
  for (const [inputId, errorId, text] of problems) fieldError(inputId, errorId, text);
  box.append(el("p", {text: t("errors_found", {count: problems.length, list: problems.map((p) => p[3]).join("; ")})}));
  box.hidden = false;
  const first = $(problems[0][0]);
  const target = first && (first.matches("fieldset") ? first.querySelector("input") : first);
  (target || box).focus();
}

function serverProblems(body) {
  const out = [];
  for (const item of (body && body.errors) || []) {
    const field = item.field || "";
    const match = /^partners\[(\d+)\]\.?(\w*)/.exec(field);
    const message = item.message || body.detail || "";
    if (match && state.entryRows[Number(match[1])]) {
      const row = state.entryRows[Number(match[1])];
      const id = `p${row.key}`;
      const part = match[2] === "since" ? "since" : match[2] === "kind" ? "kinds" : "weight";
      out.push([`${id}-${part}`, `${id}-${part}-error`, message, `${row.name}: ${message}`]);
    } else if (field.startsWith("record.name")) {
      out.push(["own-name", "own-name-error", message, `${t("own_name")}: ${message}`]);
    } else {
      out.push(["errors", "errors-none", message, message]);
    }
  }
  if (!out.length) out.push(["errors", "errors-none", t("err_server", {message: (body && body.detail) || ""}), t("err_server", {message: (body && body.detail) || ""})]);
  return out;
}

let live;
function say(text) {
  live.textContent = "";
  window.setTimeout(() => { live.textContent = text; }, 30);
}

async function save(submit) {
  const problems = check();  // a draft too: every partner named needs a kind and a strength
  if (problems.length) { showProblems(problems); return; }
  showProblems([]);
  const body = {partners: entries(), record: ownRecord(), submit};
  $("saved").textContent = t("saving");
  for (const b of document.querySelectorAll(".actions button")) b.disabled = true;
  let answer;
  try {
    answer = await fetch(`${base}/answers?lang=${lang}`, {
      method: "POST", credentials: "omit", cache: "no-store",
      headers: {"Content-Type": "application/json", Accept: "application/json"},
      body: JSON.stringify(body)});
  } catch (err) {
    $("saved").textContent = "";
    showProblems([["errors", "errors-none", t("err_network"), t("err_network")]]);
    return;
  } finally {
    for (const b of document.querySelectorAll(".actions button")) b.disabled = false;
  }
  let data = null;
  try { data = await answer.json(); } catch (err) { data = null; }
  if (!answer.ok) {
    $("saved").textContent = "";
    if (answer.status === 410) { location.reload(); return; }
    showProblems(serverProblems(data));
    return;
  }
  state.answer = data;
  stateLine();
  if (submit) {
    showThanks();
  } else {
    $("saved").textContent = t("draft_saved");  // a polite live region: announced once
  }
}

function stateLine() {
  const a = state.answer;
  const until = day(state.form.survey.until);
  $("q-state").textContent = !a ? t("state_new")
    : a.state === "submitted" ? t("state_submitted", {when: when(a.submitted_on || a.saved_on), date: until})
      : t("state_draft", {when: when(a.saved_on)});
}

function showThanks() {
  const count = new Set((state.answer.partners || []).map((p) => p.actor || `n:${p.proposed_name}`)).size;
  $("thanks-sent").textContent = t("thanks_sent", {count});
  $("thanks-revise").textContent = t("thanks_revise", {date: day(state.form.survey.until)});
  $("form-view").hidden = true;
  $("thanks-view").hidden = false;
  $("thanks-h").focus();
}

function showForm() {
  $("thanks-view").hidden = true;
  $("form-view").hidden = false;
  $("q-title").setAttribute("tabindex", "-1");
  $("q-title").focus();
}

// -- the whole page ----------------------------------------------------------------------------------

function fillForm() {
  const f = state.form;
  $("q-title").textContent = f.survey.title;
  $("q-message").textContent = f.survey.message || "";
  $("q-message").hidden = !f.survey.message;
  $("q-until").textContent = t("until", {date: day(f.survey.until)});
  const own = (state.answer && state.answer.record) || f.actor;
  $("own-name").value = own.name;
  choices("own-areas", f.areas, own.areas || [], "own-area");
  choices("own-topics", f.topics, own.topics || [], "own-topic");
  ownSummary();
  pickerLabels();
  stateLine();
}

function rowsFromAnswer(answer) {
  const rows = new Map();
  for (const p of (answer && answer.partners) || []) {
    const row = {actor: p.actor || null, proposed: p.actor ? null : p.proposed_name, kinds: new Set(),
                 weight: p.weight, frequency: p.frequency || null, since: p.since ? p.since.slice(0, 4) : ""};
    row.name = row.actor ? nameOf(row.actor) : row.proposed;
    const key = rowKey(row);
    if (!rows.has(key)) rows.set(key, row);
    rows.get(key).kinds.add(p.kind);
  }
  return Array.from(rows.values());
}

function switchLanguage() {
  lang = lang === "en" ? "de" : "en";
  const url = new URL(location.href);
  if (lang === "en") url.searchParams.set("lang", "en"); else url.searchParams.delete("lang");
  history.replaceState(null, "", url);
  applyWords();
  if (state.form) {
    $("q-until").textContent = t("until", {date: day(state.form.survey.until)});
    stateLine();
    ownSummary();
    renderRows();
    if (!$("thanks-view").hidden) showThanksWords();
  }
}

function showThanksWords() {
  const count = new Set((state.answer.partners || []).map((p) => p.actor || `n:${p.proposed_name}`)).size;
  $("thanks-sent").textContent = t("thanks_sent", {count});
  $("thanks-revise").textContent = t("thanks_revise", {date: day(state.form.survey.until)});
}

async function start() {
  live = el("div", {class: "visually-hidden", role: "status", "aria-live": "polite", id: "announce"});
  document.body.append(live);
  $("lang-switch").addEventListener("click", switchLanguage);
  applyWords();
  let answer;
  try {
    answer = await fetch(`${base}/form`, {credentials: "omit", cache: "no-store", headers: {Accept: "application/json"}});
  } catch (err) {
    answer = null;
  }
  if (!answer || !answer.ok) {
    if (answer && answer.status === 410) { location.reload(); return; }
    $("loading").hidden = true;
    $("failed-view").hidden = false;
    document.documentElement.dataset.ready = "failed";
    return;
  }
  state.form = await answer.json();
  window.questionnaire.timings.formFetched = performance.now();
  state.answer = state.form.answer;
  fillForm();
  state.rows = [];
  for (const row of rowsFromAnswer(state.answer)) addRow(row, false);
  $("none-yet").hidden = state.rows.length > 0;
  $("pick").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addPicked(); } });
  $("pick-add").addEventListener("click", addPicked);
  $("new-name").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addProposed(); } });
  $("new-add").addEventListener("click", addProposed);
  $("own-name").addEventListener("input", () => clearError("own-name"));
  $("save-draft").addEventListener("click", () => save(false));
  $("q-form").addEventListener("submit", (e) => { e.preventDefault(); save(true); });
  $("revise").addEventListener("click", showForm);
  $("loading").hidden = true;
  $("form-view").hidden = false;
  window.questionnaire.timings.interactive = performance.now() - started;
  window.questionnaire.timings.sinceNavigation = performance.now();
  document.documentElement.dataset.ready = "1";
}

start();
