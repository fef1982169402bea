// "Ähnliche Akteure" in an actor's details: who else does what it does, with the reasons
// (GET /api/v1/analyses/similar/{id}); a click opens that actor. Data only ever goes into
// textContent (see page.js).
import {query, state} from "./state.js";
import {t} from "./i18n.js";
import {$, clear, el} from "./page.js";
import {api} from "./api.js";

var open = null;
var seq = 0;

/** ``openActor`` (app.js) opens an actor from the list. */
export function initSimilar(openActor) { open = openActor; }

/** The similar actors of ``id`` (a forum has none: the section stays hidden). */
export function showSimilar(id, node) {
  var mine = ++seq;
  var box = $("d-similar");
  var list = $("d-similar-list");
  clear(list);
  box.hidden = true;
  if (!node || node.kind === "forum") { return; }
  api("GET", "/api/v1/analyses/similar/" + encodeURIComponent(id) + query({top: 5, lang: state.lang}))
    .then(function (rows) {
      if (mine !== seq) { return; }
      rows.forEach(function (r) {
        var name = el("button", r.name, "link");
        name.type = "button";
        name.addEventListener("click", function () { if (open) { open(r.id); } });
        var li = el("li");
        li.appendChild(name);
        li.appendChild(el("span", " – " + r.reasons.join("; "), "sub"));
        list.appendChild(li);
      });
      if (!rows.length) { list.appendChild(el("li", t("similar_none"), "sub")); }
      box.hidden = false;
    })
    .catch(function () { if (mine === seq) { box.hidden = true; } });
}
