// Every string the browser shows, one dictionary per language: German (de-CH, "ss") first,
// and the functions that pick one in the language of the page.
// Labels of kinds, sectors and tie kinds come from the model (model.js, served from graph/model.py).
import {MODEL, state} from "./state.js";

export const WORDS = {
  de: {
    title: "Quartiernetz",
    lang_switch: "English",
    logout: "Abmelden",
    login_title: "Anmelden",
    login_help: "Token eingeben (von der Koordination, z.B. aus «quartiernetz users add»).",
    token: "Token",
    login: "Anmelden",
    login_failed: "Dieses Token gilt nicht (abgelaufen oder widerrufen).",
    role: "{name} · Rolle: {role}",
    role_viewer: "Lesen", role_editor: "Bearbeiten", role_admin: "Verwaltung",
    search: "Suche", search_ph: "Name, z.B. Wipkingen",
    no_results: "Keine Treffer.",
    results_more: "{count} Treffer, die ersten {shown} gezeigt",
    filters: "Filter", area: "Gebiet", kind: "Art", sector: "Sektor", topic: "Thema",
    tie_kind: "Beziehungsart", as_of: "Gültig am", all: "alle", whole_city: "ganze Stadt",
    marks: "Markieren", brokers: "Vermittler", isolates: "isolierte Akteure",
    round_table: "Runder Tisch", seats: "Plätze", require: "Weitere Vorgaben",
    require_sectors: "mindestens ein Platz für", must: "Sicher einladen (Kennungen)",
    exclude: "Nicht einladen (Kennungen)", ids_ph: "z.B. gz-wipkingen, quartierverein-wipkingen",
    require_ph: "z.B. sector=Verwaltung:1, kind=Verein:1",
    reach_isolated: "Isolierte erreichen", responsible: "zuständige Stelle einladen",
    compose: "Tisch zusammenstellen", seat_list: "{n} Plätze",
    export_png: "Als PNG speichern", fit: "Ganze Ansicht", add_actor: "Akteur hinzufügen",
    expand: "Nachbarn einblenden", more: "{n} weitere", edit_actor: "Bearbeiten",
    add_tie: "Beziehung hinzufügen", ties: "Beziehungen", legend: "Legende",
    name: "Name", areas: "Gebiete", topics: "Themen", description: "Beschreibung", website: "Website",
    target: "Partner (Kennung)", weight: "Stärke (1–5)", since: "von", until: "bis", note: "Notiz",
    save: "Speichern", cancel: "Abbrechen", new_actor: "Neuer Akteur", edit_title: "Akteur bearbeiten",
    edit_tie: "Beziehung bearbeiten", edit_short: "bearbeiten",
    saved: "Gespeichert.",
    loading: "Lädt …",
    shown: "{nodes} Akteure, {edges} Beziehungen gezeigt",
    shown_omitted: "{nodes} von {count} Akteuren gezeigt (die am besten vernetzten), {edges} Beziehungen",
    layout_server: "Layout vorberechnet (Physik aus)",
    illustrative: "Achtung: {n} der gezeigten Beziehungen sind illustrativ (für das Beispielnetz erfunden), keine Tatsachen.",
    legend_broker: "Vermittler", legend_isolated: "isoliert", legend_seat: "am Runden Tisch",
    legend_outside: "Partner ausserhalb des Gebiets",
    broker_reason: "Vermittler (Rang {rank})", isolated_reason: "Isoliert", seat_reason: "Am Tisch: {role}",
    no_ties: "Keine Beziehungen.", tie_to: "{kind}: {other}", tie_from: "← {other} ({kind})",
    illustrative_tie: "illustrativ",
    neighbours_added: "{n} Nachbarn eingeblendet",
    error: "Fehler: {detail}",
    field_error: "{field}: {message}",
    "err.missing": "Pflichtfeld fehlt",
    "err.string_too_short": "zu kurz",
    "err.string_too_long": "zu lang",
    "err.string_pattern_mismatch": "ungültiges Format",
    "err.int_parsing": "keine ganze Zahl",
    "err.less_than_equal": "zu gross",
    "err.greater_than_equal": "zu klein",
    "err.extra_field": "unbekanntes Feld",
    "err.unknown_choice": "unbekannter Wert",
    "err.forbidden": "nicht erlaubt",
    "err.unauthorized": "nicht angemeldet",
    "err.precondition_failed": "Jemand anderes hat diesen Eintrag inzwischen geändert. Er ist neu " +
      "geladen, Ihre Eingaben sind noch da: bitte prüfen und nochmals speichern.",
    exported: "PNG gespeichert",
    not_in_view: "nicht in der Ansicht (Klick zum Einblenden)",
    // the map (map.js)
    map_name: "Karte der Quartiere", show_map: "Karte", figure: "Kennzahl", layer: "Einteilung",
    figure_actors: "Akteure", figure_isolated: "isolierte Akteure", figure_brokers: "Vermittler",
    figure_gaps: "Sektorenpaare ohne Beziehung",
    figure_help_actors: "Anzahl Akteure, die im Gebiet tätig sind.",
    figure_help_isolated: "Akteure mit wenigen oder keinen Beziehungen, mit Gründen (wie die Auswertung «isolierte Akteure» sie zählt).",
    figure_help_brokers: "Wie viele der 20 wichtigsten Vermittler der Stadt im Gebiet tätig sind.",
    figure_help_gaps: "Paare von Sektoren, die im Gebiet vertreten sind, aber dort keine Beziehung zueinander haben.",
    layer_quartier: "Quartiere", layer_kreis: "Kreise", layer_sozialregionen: "Sozialregionen",
    layer_schulkreise: "Schulkreise", layer_quartierkoordination: "Quartierkoordination",
    layer_kirchenkreise: "Kirchenkreise (reformiert)",
    map_no_figure: "keine Angabe", map_legend: "Legende: {figure}",
    map_hint: "Ein Gebiet anklicken (oder mit Tab wählen und Enter drücken) öffnet sein Netz."
  },
  en: {
    title: "Quartiernetz",
    lang_switch: "Deutsch",
    logout: "Sign out",
    login_title: "Sign in",
    login_help: "Enter a token (from the coordination office, e.g. from 'quartiernetz users add').",
    token: "Token",
    login: "Sign in",
    login_failed: "This token is not valid (expired or revoked).",
    role: "{name} · role: {role}",
    role_viewer: "read", role_editor: "edit", role_admin: "administer",
    search: "Search", search_ph: "Name, e.g. Wipkingen",
    no_results: "No matches.",
    results_more: "{count} matches, the first {shown} shown",
    filters: "Filters", area: "Area", kind: "Kind", sector: "Sector", topic: "Topic",
    tie_kind: "Tie kind", as_of: "Valid on", all: "all", whole_city: "whole city",
    marks: "Mark", brokers: "Brokers", isolates: "Isolated actors",
    round_table: "Round table", seats: "Seats", require: "More requirements",
    require_sectors: "at least one seat for", must: "Invite for sure (ids)",
    exclude: "Do not invite (ids)", ids_ph: "e.g. gz-wipkingen, quartierverein-wipkingen",
    require_ph: "e.g. sector=Verwaltung:1, kind=Verein:1",
    reach_isolated: "Reach isolated actors", responsible: "invite the responsible unit",
    compose: "Compose the table", seat_list: "{n} seats",
    export_png: "Save as PNG", fit: "Fit view", add_actor: "Add actor",
    expand: "Show neighbours", more: "{n} more", edit_actor: "Edit",
    add_tie: "Add tie", ties: "Ties", legend: "Legend",
    name: "Name", areas: "Areas", topics: "Topics", description: "Description", website: "Website",
    target: "Partner (id)", weight: "Strength (1–5)", since: "since", until: "until", note: "Note",
    save: "Save", cancel: "Cancel", new_actor: "New actor", edit_title: "Edit actor",
    edit_tie: "Edit tie", edit_short: "edit",
    saved: "Saved.",
    loading: "Loading …",
    shown: "{nodes} actors, {edges} ties shown",
    shown_omitted: "{nodes} of {count} actors shown (the best connected), {edges} ties",
    layout_server: "layout precomputed (physics off)",
    illustrative: "Note: {n} of the ties shown are illustrative (made up for the sample network), not facts.",
    legend_broker: "Broker", legend_isolated: "isolated", legend_seat: "at the round table",
    legend_outside: "partner outside the area",
    broker_reason: "Broker (rank {rank})", isolated_reason: "Isolated", seat_reason: "Seated: {role}",
    no_ties: "No ties.", tie_to: "{kind}: {other}", tie_from: "← {other} ({kind})",
    illustrative_tie: "illustrative",
    neighbours_added: "{n} neighbours shown",
    error: "Error: {detail}",
    field_error: "{field}: {message}",
    "err.missing": "required field is missing",
    "err.string_too_short": "too short",
    "err.string_too_long": "too long",
    "err.string_pattern_mismatch": "invalid format",
    "err.int_parsing": "not a whole number",
    "err.less_than_equal": "too large",
    "err.greater_than_equal": "too small",
    "err.extra_field": "unknown field",
    "err.unknown_choice": "unknown value",
    "err.forbidden": "not allowed",
    "err.unauthorized": "not signed in",
    "err.precondition_failed": "Someone else changed this record meanwhile. It has been reloaded " +
      "and your input is still here: please check it and save again.",
    exported: "PNG saved",
    not_in_view: "not in the view (click to show)",
    // the map (map.js)
    map_name: "Map of the Quartiere", show_map: "Map", figure: "Figure", layer: "Division",
    figure_actors: "Actors", figure_isolated: "Isolated actors", figure_brokers: "Brokers",
    figure_gaps: "Sector pairs without a tie",
    figure_help_actors: "Number of actors active in the area.",
    figure_help_isolated: "Actors with few or no ties, with reasons (as the analysis 'isolated actors' counts them).",
    figure_help_brokers: "How many of the city's 20 most important brokers are active in the area.",
    figure_help_gaps: "Pairs of sectors present in the area without any tie between them there.",
    layer_quartier: "Quartiere", layer_kreis: "Kreise (districts)", layer_sozialregionen: "Social service regions",
    layer_schulkreise: "School districts", layer_quartierkoordination: "Neighbourhood coordination",
    layer_kirchenkreise: "Church districts (Reformed)",
    map_no_figure: "no figure", map_legend: "Legend: {figure}",
    map_hint: "Click an area (or reach it with Tab and press Enter) to open its network."
  }
};

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
