// Editing (editors and admins): the actor and tie forms, field errors from problem+json, and a
// record someone else saved meanwhile (412: reloaded, the user's input kept).
import {MODEL, query, scene, state} from "./state.js";
import {WORDS, label, problemText, t} from "./i18n.js";
import {$, clear, fail, status} from "./page.js";
import {api} from "./api.js";
import {addPiece, edgeRow, loadGraph, renderStatus} from "./graph.js";
import {restoreMarks, showActor, showDetails} from "./panels.js";

export function clearErrors(form) {
  form.querySelectorAll("[data-error-for]").forEach(function (e) { e.textContent = ""; });
}
export function showProblem(form, err) {
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

export function selected(select) { return Array.from(select.selectedOptions).map(function (o) { return o.value; }); }
export function setSelected(select, values) {
  Array.from(select.options).forEach(function (o) { o.selected = values.indexOf(o.value) >= 0; });
}

// Someone else saved the record since it was loaded (412): say so, load its new version (for
// the next save) and keep what the user typed in the form.
export function staleRecord(form, path, loaded) {
  form.querySelector("[data-error-for=_form]").textContent = t("err.precondition_failed");
  return api("GET", path).then(loaded).catch(fail);
}

// how a tie typed in by hand is known unless the editor says otherwise (api.records.HAND_ENTRY_METHOD)
var HAND_ENTRY_METHOD = "meeting";

var editing = null;   // actor id being edited, or null for a new one
var editingEtag = null;   // the version of that actor when it was loaded
export function openActorForm(actor) {
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

export function saveActor(ev) {
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
var partners = {};   // what the partner field may hold (an actor's name) -> that actor's id

// The partner is chosen by name: the actors in view, each by its name (a name two actors share
// as "name (id)", so each entry names one actor); the id is looked up, never typed.
function partnerChoices() {
  var count = {};
  var others = [];
  scene.nodes.forEach(function (n) {
    if (n.id === state.selected) { return; }
    others.push(n);
    count[n.data.name] = (count[n.data.name] || 0) + 1;
  });
  others.sort(function (a, b) { return a.data.name.localeCompare(b.data.name, "de-CH"); });
  partners = {};
  var list = $("r-target-list");
  clear(list);
  others.forEach(function (n) {
    var shown = count[n.data.name] > 1 ? n.data.name + " (" + n.id + ")" : n.data.name;
    partners[shown] = n.id;
    list.appendChild(new Option(shown));
  });
}

function sameName(a, b) {
  return a.normalize("NFC").toLocaleLowerCase("de-CH") === b.normalize("NFC").toLocaleLowerCase("de-CH");
}

// The id of the actor the partner field names (null: no actor has that name). An actor not in
// view is found through the actor search, by its exact name (case ignored).
function resolvePartner(text) {
  if (partners[text]) { return Promise.resolve(partners[text]); }
  var inView = Object.keys(partners).filter(function (k) { return sameName(k, text); });
  if (inView.length === 1) { return Promise.resolve(partners[inView[0]]); }
  return api("GET", "/api/v1/actors" + query({q: text, limit: 50})).then(function (page) {
    var found = page.data.filter(function (a) { return a.id !== state.selected && sameName(a.name, text); });
    return found.length === 1 ? found[0].id : null;
  });
}

export function openTieForm(tie) {
  var form = $("tie-form");
  clearErrors(form);
  editingTie = tie && tie.id ? tie : null;
  $("tie-form-title").textContent = editingTie ? t("edit_tie") : t("add_tie");
  var source = scene.nodes.get(state.selected);
  $("tie-source-name").textContent = source ? source.data.name : state.selected;
  partnerChoices();
  var methods = $("r-method");
  if (!methods.options.length) {
    Object.keys(MODEL.methods).forEach(function (m) { methods.appendChild(new Option(label("methods", m), m)); });
  }
  // source, target and kind make a tie's id: shown, not changed, when editing
  var other = editingTie ? (editingTie.source === state.selected ? editingTie.target : editingTie.source) : null;
  var otherNode = other && scene.nodes.get(other);
  $("r-target").value = other ? (otherNode ? otherNode.data.name : state.names[other] || other) : "";
  $("r-kind").value = editingTie ? editingTie.kind : "cooperates_with";
  $("r-target").disabled = $("r-kind").disabled = !!editingTie;
  $("r-weight").value = editingTie ? String(editingTie.weight) : "3";
  $("r-method").value = editingTie && editingTie.method || HAND_ENTRY_METHOD;
  $("r-since").value = editingTie && editingTie.since || "";
  $("r-until").value = editingTie && editingTie.until || "";
  $("r-note").value = editingTie && editingTie.note || "";
  $("tie-dialog").showModal();
}

export function saveTie(ev) {
  ev.preventDefault();
  var form = $("tie-form");
  clearErrors(form);
  var body = {source: state.selected, kind: $("r-kind").value, method: $("r-method").value,
              weight: parseInt($("r-weight").value, 10), note: $("r-note").value};
  if ($("r-since").value) { body.since = $("r-since").value; }
  if ($("r-until").value) { body.until = $("r-until").value; }
  if (isNaN(body.weight)) { body.weight = $("r-weight").value; }
  if (editingTie) {
    var change = {weight: body.weight, note: body.note, method: body.method,
                  since: body.since || null, until: body.until || null};
    var tiePath = "/api/v1/ties/" + encodeURIComponent(editingTie.id);
    return api("PATCH", tiePath, change, editingTie.etag).then(function (tie) {
      $("tie-dialog").close();
      var edge = scene.edges && scene.edges.get(tie.id);
      if (edge) { scene.edges.update(edgeRow(Object.assign({}, edge.data, tie))); }
      showDetails(state.selected);
      status(t("saved"));
    }).catch(function (err) {
      if (err.status === 412) {
        return staleRecord(form, tiePath, function (tie) { editingTie = tie; });
      }
      showProblem(form, err);
    });
  }
  var name = $("r-target").value.trim();
  var slot = form.querySelector("[data-error-for=target]");
  if (!name) { slot.textContent = t("no_partner"); $("r-target").focus(); return Promise.resolve(); }
  return resolvePartner(name).then(function (id) {
    if (!id) {   // nothing is sent: the name does not name an actor
      slot.textContent = t("unknown_partner", {name: name});
      $("r-target").focus();
      return null;
    }
    body.target = id;
    return createTie(form, body);
  }).catch(function (err) { showProblem(form, err); });
}

function createTie(form, body) {
  return api("POST", "/api/v1/ties", body).then(function (tie) {
    $("tie-dialog").close();
    var id = state.selected;
    return api("GET", "/api/v1/graph/actors" + query({id: [tie.source, tie.target], as_of: state.filters.as_of}))
      .then(addPiece).then(function () { renderStatus(); showDetails(id); status(t("saved")); });
  }).catch(function (err) { showProblem(form, err); });
}
