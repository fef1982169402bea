// The network's actors for the keyboard and screen readers: a list box beside the canvas (the
// canvas itself is one picture to them). Each drawn actor is an option named by its name, in
// natural order; the arrow keys (Home, End) choose one, which the network selects too, and
// Enter (or Space) opens it as a click on its node does. A click on the canvas chooses the
// clicked actor in the list. The list follows the network: drawn anew, expanded (nodes added),
// or the city's overview (its areas have their own buttons: no list).
// Names only ever go into textContent (never innerHTML).
import {scene} from "./state.js";
import {t} from "./i18n.js";
import {$, clear, el, natural} from "./page.js";

var open = null;     // what Enter does: the click handler of the network's nodes (graph.js)
var pending = 0;

/** Make the list for the network just drawn (``opened``: what a click on a node does), or
 * hide it (``opened`` null: a network without actors to list). Built when the page is idle,
 * so a large network is interactive first; again whenever nodes are added or removed. */
export function listNodes(opened) {
  open = opened;
  var box = $("node-list");
  box.setAttribute("aria-label", t("node_list"));
  if (!opened || !scene.nodes || !scene.network) { box.hidden = true; clear(box); return; }
  var nodes = scene.nodes, network = scene.network;
  network.on("select", function (p) { if (scene.network === network) { mark(p.nodes[0] || null, false); } });
  nodes.on("add", later);
  nodes.on("remove", later);
  later();
}

// when the page is idle (after the network's first drawing: never in its way), at the latest
// after a second
var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 50); };
var unidle = window.cancelIdleCallback || clearTimeout;
function later() {
  unidle(pending);
  pending = idle(build, {timeout: 1000});
}

function build() {
  var box = $("node-list");
  clear(box);
  box.removeAttribute("aria-activedescendant");
  box.hidden = !open || !scene.nodes;
  if (box.hidden) { return; }
  scene.nodes.get().map(function (n) { return {id: n.id, name: n.data ? n.data.name : n.id}; })
    .sort(function (a, b) { return natural(a.name, b.name) || natural(a.id, b.id); })
    .forEach(function (n, i) {
      var li = el("li", n.name);
      li.id = "nl-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.node = n.id;
      box.appendChild(li);
    });
  var selected = scene.network ? scene.network.getSelectedNodes()[0] : null;
  if (selected) { mark(selected, false); }
}

function optionOf(id) {
  var box = $("node-list");
  for (var li = box.firstElementChild; li; li = li.nextElementSibling) {
    if (li.dataset.node === id) { return li; }
  }
  return null;
}

/** Make ``id``'s option the chosen one (aria-selected, aria-activedescendant, scrolled into
 * the list's view); ``select``: the network selects its node too. */
function mark(id, select) {
  var box = $("node-list");
  var old = box.querySelector("[aria-selected='true']");
  if (old) { old.setAttribute("aria-selected", "false"); }
  var li = id === null ? null : optionOf(id);
  if (!li) { box.removeAttribute("aria-activedescendant"); return; }
  li.setAttribute("aria-selected", "true");
  box.setAttribute("aria-activedescendant", li.id);
  li.scrollIntoView({block: "nearest"});
  if (select && scene.network && scene.nodes.get(id)) { scene.network.selectNodes([id]); }
}

/** The list's keys and clicks (once, app.js). */
export function initNodeList() {
  var box = $("node-list");
  box.addEventListener("keydown", function (ev) {
    var current = box.querySelector("[aria-selected='true']");
    var next = null;
    if (ev.key === "ArrowDown") { next = current ? current.nextElementSibling : box.firstElementChild; }
    else if (ev.key === "ArrowUp") { next = current ? current.previousElementSibling : box.lastElementChild; }
    else if (ev.key === "Home") { next = box.firstElementChild; }
    else if (ev.key === "End") { next = box.lastElementChild; }
    else if ((ev.key === "Enter" || ev.key === " ") && current && open) {
      ev.preventDefault();
      open(current.dataset.node);
      return;
    } else { return; }
    ev.preventDefault();
    if (next) { mark(next.dataset.node, true); }
  });
  box.addEventListener("focus", function () {   // the first actor chosen, so the reader names one
    if (!box.querySelector("[aria-selected='true']") && box.firstElementChild) {
      mark(box.firstElementChild.dataset.node, true);
    }
  });
  box.addEventListener("click", function (ev) {
    var li = ev.target.closest("[role='option']");
    if (li && open) { mark(li.dataset.node, true); open(li.dataset.node); }
  });
}
