// Every string the browser shows comes from the word catalogues (graph/locale, context
// "browser"), served with the model in model.js as MODEL.words (one dictionary per language);
// these functions pick one in the language of the page.
// Labels of kinds, sectors and tie kinds come from the model (model.js, served from graph/model.py).
import {MODEL, state} from "./state.js";

export const WORDS = MODEL.words;

export function t(key, params) {
  var text = WORDS[state.lang][key];
  if (text === undefined) { text = WORDS.de[key]; }
  if (text === undefined) { return key; }
  return text.replace(/\{(\w+)\}/g, function (_, k) {
    return params && params[k] !== undefined ? String(params[k]) : "";
  });
}
export function label(table, value) {
  var pair = MODEL[table][value];
  return pair ? pair[state.lang === "en" ? 1 : 0] : String(value === null ? "" : value);
}
export function areaName(id) { return state.areaNames[id] || id; }
export function topicName(id) { return state.topicNames[id] || id; }

export function problemText(err) {
  var p = err.problem || {};
  if (p.code && WORDS[state.lang]["err." + p.code]) {
    return t("err." + p.code) + (p.detail ? " (" + p.detail + ")" : "");
  }
  return p.detail || err.message;
}
