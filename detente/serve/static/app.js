// The detente dashboard: three views over the API. No framework; text from the server is put
// into the page as text nodes, never as HTML, except the evidence the server marked (escaped).
"use strict";

const QUADS = {1: ["verbal cooperation", "#9ecae1"], 2: ["material cooperation", "#3182bd"],
               3: ["verbal conflict", "#fc9272"], 4: ["material conflict", "#de2d26"]};
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

async function api(path, options = {}) {
  $("error").hidden = true;
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = body.error ? body.error.message : `HTTP ${response.status}`;
    $("error").textContent = message;
    $("error").hidden = false;
    throw new Error(message);
  }
  return body;
}

function who(list) {
  if (!list || !list.length) return "–";
  return list.map((e) => `${e.name || e.text} [${[e.country, e.sector].filter(Boolean).join("/") || "?"}]`).join("; ");
}

// -- tabs ---------------------------------------------------------------------------------------
function show(view) {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.dataset.view === view));
  document.querySelectorAll(".view").forEach((v) => v.classList.toggle("active", v.id === `view-${view}`));
  if (view === "events" && !$("events-table").tBodies[0].rows.length) searchEvents(0);
}

// -- relationship -------------------------------------------------------------------------------
async function loadDyads() {
  const dyads = await api("/dyads?limit=30");
  const pick = $("dyad-pick");
  pick.replaceChildren(el("option", {value: ""}, "choose…"),
    ...dyads.map((d) => el("option", {value: `${d.a}/${d.b}`}, `${d.a}–${d.b} (${d.events})`)));
}

async function showDyad(event) {
  if (event) event.preventDefault();
  let [a, b] = ($("dyad-pick").value || "").split("/");
  if ($("dyad-a").value && $("dyad-b").value) [a, b] = [$("dyad-a").value, $("dyad-b").value];
  if (!a || !b) return;
  const data = await api(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}?freq=${$("dyad-freq").value}`);
  const periods = data.periods.map((p) => p.period);
  const traces = [1, 2, 3, 4].map((q) => ({type: "bar", name: QUADS[q][0], marker: {color: QUADS[q][1]}, x: periods,
                                           y: data.periods.map((p) => p.both.by_quad[q])}));
  traces.push({type: "scatter", mode: "lines+markers", name: "index", yaxis: "y2", x: periods,
               y: data.periods.map((p) => p.both.index), line: {color: "#222"}});
  Plotly.newPlot("timeline-chart", traces, {barmode: "stack", height: 380, title: `${data.a}–${data.b}: events and index`,
    xaxis: {type: "category"}, yaxis: {title: "events"}, margin: {t: 40, b: 40},
    yaxis2: {title: "index", overlaying: "y", side: "right", range: [-1.05, 1.05], showgrid: false,
             tickvals: [-1, -0.5, 0, 0.5, 1], zeroline: false},
    legend: {orientation: "h", y: -0.2}}, {displaylogo: false, responsive: true});
  const agenda = data.agenda.contexts.map((c) => ({type: "scatter", stackgroup: "a", name: c, x: periods,
                                                    y: data.agenda.counts[c]}));
  Plotly.newPlot("agenda-chart", agenda, {height: 300, title: "Issues", xaxis: {type: "category"},
    margin: {t: 40, b: 40}, legend: {orientation: "h", y: -0.25}}, {displaylogo: false, responsive: true});
  const t = data.total;
  $("dyad-summary").replaceChildren(...[["events", t.events], ["reports", t.mentions],
    ["index", t.index === null ? "–" : t.index.toFixed(2)], ["mean Goldstein", t.goldstein_mean ?? "–"]]
    .map(([label, value]) => el("div", {class: "card"}, el("div", {class: "value"}, String(value)),
                                el("div", {class: "label"}, label))));
  const notable = data.periods.flatMap((p) => p.notable).sort((x, y) => Math.abs(y.goldstein) - Math.abs(x.goldstein));
  $("dyad-notable").replaceChildren(...notable.slice(0, 12).map((e) =>
    el("div", {class: `event q${e.quad}`, "data-event": e.event},
       el("div", {class: "muted"}, `${e.date} · ${e.type} · ${e.direction} · Goldstein ${e.goldstein} · ${e.mentions} report(s)`),
       el("div", {}, e.sentence))));
  $("status").textContent = `${data.a}–${data.b}: ${t.events} events`;
}

// -- events -------------------------------------------------------------------------------------
let eventsOffset = 0;
const PAGE = 50;

async function searchEvents(offset, event) {
  if (event) event.preventDefault();
  eventsOffset = Math.max(0, offset);
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($("event-form"))) if (value) params.append(key, value);
  params.set("limit", PAGE);
  params.set("offset", eventsOffset);
  const data = await api(`/events?${params}`);
  $("events-count").textContent = `${data.total} events; showing ${data.items.length ? eventsOffset + 1 : 0}–${eventsOffset + data.items.length}`;
  $("events-table").tBodies[0].replaceChildren(...data.items.map((e) => {
    const row = el("tr", {"data-event": e.id},
      el("td", {}, e.date || "–"), el("td", {}, e.event), el("td", {}, who(e.actor)), el("td", {}, who(e.recipient)),
      el("td", {}, e.modality), el("td", {}, String(e.num_mentions)), el("td", {}, e.text));
    row.addEventListener("click", () => openEvidence(e));
    return row;
  }));
}

async function openEvidence(e) {
  const doc = await api(`/documents/${encodeURIComponent(e.document)}`);
  const mention = doc.mentions.find((m) => m.id === e.id) || doc.mentions[0];
  $("evidence-title").textContent = `${e.event} · ${e.date || "undated"} · ${doc.title || doc.source || doc.id}`;
  $("evidence-sentence").innerHTML = mention ? mention.marked : "";   // escaped by the server
  $("evidence-meta").replaceChildren(`${doc.source || "unknown source"} · ${e.num_mentions} report(s) · sentence ${e.sentence + 1}`,
    ...(doc.url ? [" · ", el("a", {href: doc.url, target: "_blank", rel: "noopener"}, "article")] : []));
  $("evidence").hidden = false;
}

// -- code an article ----------------------------------------------------------------------------
function marked(text, spans) {
  // the pasted text with the spans as <mark> elements, built from text nodes
  const ordered = spans.filter((s) => s.start != null).sort((a, b) => a.start - b.start);
  const out = [];
  let cursor = 0;
  for (const span of ordered) {
    if (span.start < cursor) continue;
    out.push(document.createTextNode(text.slice(cursor, span.start)));
    out.push(el("mark", {class: span.role}, text.slice(span.start, span.end)));
    cursor = span.end;
  }
  out.push(document.createTextNode(text.slice(cursor)));
  return out;
}

async function codeArticle(event) {
  event.preventDefault();
  const text = $("code-text").value;
  const body = {text};
  if ($("code-date").value) body.date = $("code-date").value;
  const doc = await api("/code", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  const spans = doc.events.flatMap((e) => [{...e.evidence.trigger, role: "trigger"},
    ...e.evidence.actor.map((s) => ({...s, role: "actor"})), ...e.evidence.recipient.map((s) => ({...s, role: "recipient"}))]);
  $("code-marked").replaceChildren(...marked(text, spans));
  $("code-table").tBodies[0].replaceChildren(...doc.events.map((e) => el("tr", {},
    el("td", {}, e.id), el("td", {}, e.event + (e.mode ? `/${e.mode}` : "")), el("td", {}, e.cameo), el("td", {}, e.modality),
    el("td", {}, who(e.actor)), el("td", {}, who(e.recipient)), el("td", {}, e.date || "–"),
    el("td", {}, e.location ? e.location.name : "–"))));
  $("status").textContent = `coded: ${doc.events.length} events in ${doc.sentences} sentences`;
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".tab").forEach((t) => t.addEventListener("click", () => show(t.dataset.view)));
  $("dyad-form").addEventListener("submit", showDyad);
  $("dyad-pick").addEventListener("change", () => { $("dyad-a").value = ""; $("dyad-b").value = ""; showDyad(); });
  $("event-form").addEventListener("submit", (e) => searchEvents(0, e));
  $("events-prev").addEventListener("click", () => searchEvents(eventsOffset - PAGE));
  $("events-next").addEventListener("click", () => searchEvents(eventsOffset + PAGE));
  $("evidence-close").addEventListener("click", () => { $("evidence").hidden = true; });
  $("code-form").addEventListener("submit", codeArticle);
  loadDyads().catch(() => {});
  api("/health").then((h) => { $("status").textContent = `${h.documents} documents · ${h.events} events`; }).catch(() => {});
});
