// The page at /ui: state, the URL, and polling. It reads only what the
// exporter already publishes: /snapshot.json, /events and /probe.
//
// Updates poll /events every half second with If-None-Match: a 304 while
// nothing changed, and a body (the recent events and churn counters) when a
// publication happened; then /snapshot.json is fetched again (also with
// If-None-Match), at most as often as four times what the last one cost.
// Polling rather than server-sent events: a prepared body per publication is
// what every other client gets, it passes the same auth, rate limit and
// request limit, and an open page holds no connection or server state.
import { el, fill } from "./dom.js";
import { indexSnapshot, parseFilter, matches, visibleRows, parseExposition, ChurnSeries, TYPES } from "./model.js";
import { TreeView, ChurnView, closeButton, detail, leaks, limits, probes, probeResult, typeOptions } from "./views.js";

const VIEWS = ["tree", "leaks", "limits", "churn", "probes"];
const EVENTS_POLL_MS = 500;
const CHURN_WINDOW_SECONDS = 300;

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  view: VIEWS.includes(params.get("view")) ? params.get("view") : "tree",
  filterText: { type: params.get("type") ?? "", container: params.get("container") ?? "", comm: params.get("comm") ?? "", pid: params.get("pid") ?? "" },
  filter: parseFilter(params),
  selected: /^[a-z]+:[0-9]+$/.test(params.get("ns") ?? "") ? params.get("ns") : null,
  collapsed: new Set(),
  index: null,
  snapshotTag: null,
  eventsTag: null,
  events: [],
  counters: null,
  series: new ChurnSeries(CHURN_WINDOW_SECONDS),
  clockOffset: 0,
  snapshotCost: 0,
  snapshotAt: -Infinity,
  fetchingSnapshot: false,
  probesShown: null,
};

const tree = new TreeView({ select, toggle });
const churn = new ChurnView(select);
let cspViolations = 0;
document.addEventListener("securitypolicyviolation", () => { document.body.dataset.cspViolations = String(++cspViolations); });

function select(key) {
  state.selected = key;
  writeURL();
  drawDetail();
  if (state.view === "tree") {
    drawView();
    tree.focusRow(key);
  }
}

function toggle(id) {
  if (state.collapsed.has(id)) state.collapsed.delete(id);
  else state.collapsed.add(id);
  drawView();
}

function writeURL() {
  const next = new URLSearchParams();
  if (state.view !== "tree") next.set("view", state.view);
  for (const [name, value] of Object.entries(state.filterText)) if (value) next.set(name, value);
  if (state.selected) next.set("ns", state.selected);
  const query = next.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

/** `url`'s body when it changed since `tag` (null on 304), and its new tag. */
async function fetchIfChanged(url, tag) {
  const response = await fetch(url, { headers: tag ? { "If-None-Match": tag } : {}, cache: "no-store" });
  if (response.status === 304) return null;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return { tag: response.headers.get("ETag"), body: await response.json() };
}

function setStatus(text, error = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", error);
}

async function refreshSnapshot(force = false) {
  const since = performance.now() - state.snapshotAt;
  if (state.fetchingSnapshot || (!force && since < Math.max(400, 4 * state.snapshotCost))) return;
  state.fetchingSnapshot = true;
  const started = performance.now();
  try {
    const got = await fetchIfChanged("snapshot.json", state.snapshotTag);
    if (!got) return;
    const fetched = performance.now();
    state.snapshotTag = got.tag;
    state.index = indexSnapshot(got.body);
    state.clockOffset = Date.now() / 1000 - got.body.sample.timestamp;
    drawAll();
    const drawn = performance.now();
    const body = document.body.dataset;
    if (!body.firstRenderMs) body.firstRenderMs = drawn.toFixed(0);
    body.fetchMs = (fetched - started).toFixed(1);
    body.updateMs = (drawn - fetched).toFixed(1);
    body.snapshot = got.tag ?? "";
  } finally {
    state.fetchingSnapshot = false;
    state.snapshotAt = performance.now();
    state.snapshotCost = state.snapshotAt - started;
  }
}

async function pollEvents() {
  try {
    const got = await fetchIfChanged("events", state.eventsTag);
    const now = Date.now() / 1000;
    if (got) {
      const first = state.counters === null;
      state.eventsTag = got.tag;
      state.events = got.body.events ?? [];
      state.counters = got.body.counters ?? {};
      if (first) state.series.seed(state.events, state.counters, now, state.clockOffset);
    }
    if (state.counters) state.series.add(now, state.counters);
    if (state.eventsTag !== state.snapshotTag) await refreshSnapshot();
    setStatus(state.index ? `${state.index.doc.namespaces.length} namespaces · ${state.index.doc.host.hostname} · updated ${new Date().toLocaleTimeString([], { hour12: false })}` : "loading…");
    if (state.view === "churn") drawChurn();
  } catch (error) {
    setStatus(`cannot update: ${error.message}`, true);
  }
  setTimeout(pollEvents, EVENTS_POLL_MS);
}

function drawAll() {
  drawSummary();
  drawView();
  drawDetail();
}

function drawSummary() {
  const counts = state.index.counts;
  const summary = $("summary");
  fill(summary, TYPES.map((type) => el("span", { dataset: { type, count: counts[type] } }, el("b", null, counts[type]), ` ${type}`)),
    el("span", { dataset: { type: "total", count: state.index.doc.namespaces.length } }, el("b", null, state.index.doc.namespaces.length), " total"));
  summary.dataset.snapshot = state.snapshotTag ?? "";
}

function drawView() {
  for (const button of document.querySelectorAll("#views button")) {
    if (button.dataset.view === state.view) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  const view = $("view");
  view.dataset.view = state.view;
  if (!state.index) return;
  if (state.view === "tree") {
    if (view.firstChild !== tree.element) fill(view, tree.element);
    tree.show(visibleRows(state.index.tree, state.filter, state.collapsed), { selected: state.selected, now: state.index.doc.sample.timestamp });
  } else if (state.view === "leaks") {
    fill(view, leaks(state.index, select, (ns) => matches(ns, state.filter)));
  } else if (state.view === "limits") {
    fill(view, limits(state.index));
  } else if (state.view === "churn") {
    if (view.firstChild !== churn.element) fill(view, churn.element);
    drawChurn();
  } else if (state.view === "probes") {
    const modules = state.index.doc.probe_modules ?? [];
    if (view.firstChild !== state.probesShown || state.probesShown?.dataset.modules !== modules.join(",")) {
      state.probesShown = probes(modules, runProbe);
      state.probesShown.dataset.modules = modules.join(",");
      fill(view, state.probesShown);
    }
  }
}

function drawChurn() {
  const typed = state.filter.type ? state.events.filter((e) => e.type === state.filter.type) : state.events;
  churn.chart(state.series.rates(state.filter.type), CHURN_WINDOW_SECONDS, Date.now() / 1000);
  churn.events(typed);
}

function drawDetail() {
  const aside = $("detail");
  const ns = state.selected && state.index?.byKey.get(state.selected);
  if (!state.selected) {
    aside.hidden = true;
    return;
  }
  aside.hidden = false;
  const close = () => { state.selected = null; writeURL(); drawDetail(); drawView(); };
  if (!ns) {
    fill(aside, closeButton(close),
      el("h2", null, state.selected), el("p", { class: "muted" }, state.index ? "Not in the current sample: the namespace is gone." : "loading…"));
    return;
  }
  const events = [...(state.index.doc.events ?? []), ...state.events];
  fill(aside, detail(ns, { byKey: state.index.byKey, comms: state.index.comms, events: dedupe(events), now: state.index.doc.sample.timestamp, select, close }));
  aside.dataset.key = ns.key;
}

const dedupe = (events) => {
  const seen = new Set();
  return events.filter((e) => {
    const id = `${e.time}|${e.kind}|${e.type}|${e.inode}|${e.pid}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  }).sort((a, b) => a.time - b.time);
};

async function runProbe(module, results) {
  const button = document.querySelector(`button[data-module="${CSS.escape(module)}"]`);
  if (button) button.disabled = true;
  try {
    const response = await fetch(`probe?module=${encodeURIComponent(module)}`, { cache: "no-store" });
    const text = await response.text();
    results.prepend(probeResult(module, response.status, parseExposition(text), text.slice(0, 500)));
    while (results.childElementCount > 10) results.lastElementChild.remove();
  } catch (error) {
    results.prepend(el("div", { class: "result fail" }, `${module}: ${error.message}`));
  } finally {
    if (button) button.disabled = false;
  }
}

function readFilters() {
  state.filterText = { type: $("f-type").value, container: $("f-container").value, comm: $("f-comm").value, pid: $("f-pid").value };
  state.filter = parseFilter(new URLSearchParams(Object.entries(state.filterText)));
  writeURL();
  drawView();
  if (state.view === "churn") drawChurn();
}

function start() {
  $("f-type").append(...typeOptions());
  for (const [name, value] of Object.entries(state.filterText)) $(`f-${name}`).value = value;
  let pending = null;
  for (const id of ["f-type", "f-container", "f-comm", "f-pid"]) {
    $(id).addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(readFilters, 120); });
  }
  for (const button of document.querySelectorAll("#views button")) {
    button.addEventListener("click", () => { state.view = button.dataset.view; writeURL(); drawView(); });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.selected) { state.selected = null; writeURL(); drawDetail(); drawView(); }
  });
  window.addEventListener("resize", () => { if (state.view === "tree") tree.draw(); });
  drawView();
  refreshSnapshot(true).then(() => {
    if (state.selected && state.view === "tree") tree.focusRow(state.selected);
  }).catch((error) => setStatus(`cannot load: ${error.message}`, true)).finally(pollEvents);
}

start();
