// "Anliegen": the needs of an area (with its sub-areas) with status and age, oldest first
// (GET /api/v1/anliegen). Read-only: steps are taken in the CLI or over the API. Data only
// ever goes into textContent (see page.js).
import {query, state} from "./state.js";
import {areaName, label, t, topicName} from "./i18n.js";
import {$, areaOptions, clear, el} from "./page.js";
import {api} from "./api.js";

/** Wire the Anliegen panel. */
export function initAnliegen() {
  $("anliegen-form").addEventListener("submit", function (ev) { ev.preventDefault(); listAnliegen(); });
}

/** The panel's area list (after the reference lists arrived, and on a language switch). */
export function fillAnliegenSelects() {
  areaOptions($("a-area"), t("whole_city"));   // grouped by scheme and level (page.js)
}

var seq = 0;
export function listAnliegen() {
  var mine = ++seq;
  var out = $("anliegen-list");
  var error = $("anliegen-error");
  error.textContent = "";
  var params = {limit: 200, lang: state.lang};
  if ($("a-area").value) { params.area = $("a-area").value; }
  if ($("a-open").checked) { params.open = "true"; }
  return api("GET", "/api/v1/anliegen" + query(params)).then(function (page) {
    if (mine !== seq) { return; }
    clear(out);
    $("anliegen-count").textContent = t("anliegen_count", {count: page.count});
    if (!page.data.length) { out.appendChild(el("li", t("anliegen_none"), "sub")); }
    page.data.forEach(function (n) {
      var li = el("li");
      li.dataset.need = n.id;
      li.appendChild(el("strong", n.title));
      li.appendChild(el("div", label("needStatuses", n.status) + " · " +
                                t("anliegen_age", {days: n.age_days}), "sub need-status"));
      li.appendChild(el("div", n.areas.map(areaName).join(", ") + " · " +
                                n.topics.map(topicName).join(", "), "sub"));
      out.appendChild(li);
    });
    out.setAttribute("data-answered", "1");   // for tests: this answer is drawn
  }).catch(function (err) {
    if (mine !== seq) { return; }
    error.textContent = (err && err.problem && err.problem.detail) || String(err.message || err);
    out.setAttribute("data-answered", "1");
  });
}
