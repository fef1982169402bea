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

// Numbers the Swiss way, as graph/i18n.py writes them: 1'234.5 (the ASCII apostrophe; some ICU
// versions give "’"), the same in both languages; shares as "12 %" (one decimal below 1 %).
var NUMBERS = {};
export function num(value, digits) {
  var d = digits === undefined ? 1 : digits;
  var f = NUMBERS[d] || (NUMBERS[d] = new Intl.NumberFormat("de-CH", {maximumFractionDigits: d}));
  return f.format(value).replace(/[\u2019\u02bc]/g, "'");
}
export function pct(share) {
  var p = (share || 0) * 100;
  return (p >= 1 || p === 0 ? num(Math.round(p), 0) : num(p, 1)) + " %";
}
/** A day (YYYY-MM-DD, or a Date) as the coordinator writes it: 28.11.2026. */
export function day(value) {
  var d = value instanceof Date ? value : new Date(value + "T12:00:00");
  return new Intl.DateTimeFormat("de-CH", {day: "2-digit", month: "2-digit", year: "numeric"}).format(d);
}
