// Explanations beside the numbers: the brokers' ranking in one line, each broker measure in plain
// words with a "?" button ("Was heisst …?") that opens what it means for this actor, and the
// isolated actors' count. Words from the catalogue (context "browser"), numbers de-CH.
import {t, num, pct} from "./i18n.js";
import {el} from "./page.js";

var helps = 0;
/** A "?" button (accessible name "Was heisst «term»?") that shows or hides ``text`` below it. */
export function help(term, text) {
  var id = "help-" + (++helps);
  var box = el("span", null, "help");
  var b = el("button", "?", "help-button");
  b.type = "button";
  b.setAttribute("aria-label", t("what_is", {term: term}));
  b.setAttribute("aria-expanded", "false");
  b.setAttribute("aria-controls", id);
  var p = el("span", text, "help-text");
  p.id = id;
  p.hidden = true;
  b.addEventListener("click", function () {
    p.hidden = !p.hidden;
    b.setAttribute("aria-expanded", String(!p.hidden));
  });
  box.appendChild(b);
  box.appendChild(p);
  return box;
}

/** The line under "Vermittler" that says how the list is ordered, with its "?". */
export function rankingLine() {
  var p = el("p", t("broker_ranking"), "explain");
  p.id = "broker-how";
  p.appendChild(document.createTextNode(" "));
  p.appendChild(help(t("broker_ranking_term"), t("broker_ranking_help")));
  return p;
}

var ROLES = ["coordinator", "itinerant", "gatekeeper", "representative", "liaison"];

/** A broker's measures in plain words, each with its "?" (a <dl>). */
export function brokerMeasures(row) {
  var dl = el("dl", null, "measures");
  function item(term, value, explained) {
    var dt = el("dt", term);
    dt.appendChild(document.createTextNode(" "));
    dt.appendChild(help(term, explained));
    dl.appendChild(dt);
    dl.appendChild(el("dd", value));
  }
  var share = pct(row.betweenness);
  item(t("m_paths"), t("m_paths_value", {share: share}), t("m_paths_help", {name: row.name, share: share}));
  if (row.constraint !== null && row.constraint !== undefined) {
    item(t("m_constraint"), num(row.constraint, 2), t("m_constraint_help", {value: num(row.constraint, 2)}));
  }
  if (row.effective_size !== null && row.effective_size !== undefined) {
    var of = {value: num(row.effective_size, 1), partners: num(row.degree, 0)};
    item(t("m_esize"), t("m_esize_value", of), t("m_esize_help", of));
  }
  var roles = ROLES.filter(function (r) { return row.brokerage && row.brokerage[r]; }).map(function (r) {
    return t("brole_" + r) + " " + num(row.brokerage[r], 0);
  });
  item(t("m_roles"), roles.join(", ") || t("m_roles_none"), t("m_roles_help"));
  return dl;
}
