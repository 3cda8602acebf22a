// The views: each draws from the indexed snapshot (model.js) into its own
// element and keeps nothing but what it shows.
import { el, fill, clipped, table, age, clock } from "./dom.js";
import { holderText, whyAlive, limitRows, keyOf, podName, TYPES } from "./model.js";

const ROW_HEIGHT = 22; // ui.css --row
const OVERSCAN = 8;

const typeBadge = (type) => el("span", { class: `type type-${type}` }, type);
const nsLink = (select, type, inode) =>
  el("button", { type: "button", class: "link", dataset: { key: keyOf(type, inode) }, on: { click: () => select(keyOf(type, inode)) } }, `${type}:${inode}`);

/**
 * The namespace tree as a window of rows over a spacer as tall as all of
 * them: the DOM holds only the rows in view, at any number of namespaces.
 */
export class TreeView {
  constructor({ select, toggle }) {
    this.select = select;
    this.toggle = toggle;
    this.rows = [];
    this.cursor = 0;
    this.selected = null;
    this.now = 0;
    this.head = el("div", { class: "list-head", role: "presentation" },
      el("span", null, "namespace"), el("span", { class: "num" }, "members"), el("span", { class: "num" }, "threads"),
      el("span", null, "holders"), el("span", null, "leader"), el("span", null, "container / pod"), el("span", { class: "num", title: "since the exporter first saw it" }, "seen for"));
    this.window = el("div", { class: "window" });
    this.spacer = el("div", { class: "spacer" }, this.window);
    this.scroller = el("div", { class: "scroller", tabindex: 0, role: "tree", "aria-label": "Namespaces",
      on: { scroll: () => this.draw(), keydown: (event) => this.key(event), click: (event) => this.click(event) } }, this.spacer);
    this.element = el("div", { class: "tree", id: "tree" }, this.head, this.scroller);
  }

  /** New rows (after a snapshot or a filter): only the rows in view are drawn again. */
  show(rows, { selected, now }) {
    const cursorKey = this.rows[this.cursor]?.node.id;
    this.rows = rows;
    this.selected = selected;
    this.now = now;
    const at = cursorKey ? rows.findIndex((row) => row.node.id === cursorKey) : -1;
    this.cursor = at >= 0 ? at : Math.min(this.cursor, Math.max(0, rows.length - 1));
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.draw();
  }

  draw() {
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    this.window.style.top = `${first * ROW_HEIGHT}px`;
    const drawn = [];
    for (let i = first; i < last; i++) drawn.push(this.row(this.rows[i], i));
    fill(this.window, drawn);
    this.element.dataset.rows = String(this.rows.length);
  }

  row(row, index) {
    const { node, depth } = row;
    const classes = ["row", node.kind === "group" ? "group" : null, row.context ? "context" : null,
      index === this.cursor ? "cursor" : null, node.id === this.selected ? "selected" : null];
    const twisty = el("span", { class: "twisty", dataset: { toggle: node.id } }, node.children.length ? (row.open ? "▾" : "▸") : "");
    const indent = el("span", { class: "indent" });
    indent.style.width = `${depth * 14}px`;
    if (node.kind === "group") {
      return el("div", { class: classes.filter(Boolean).join(" "), role: "treeitem", dataset: { id: node.id, index },
        "aria-expanded": String(row.open) }, el("span", null, indent, twisty, clipped(node.label, 160)));
    }
    const ns = node.ns;
    if (ns.processes === 0 && ns.leakPinned) classes.push("leak");
    return el("div", { class: classes.filter(Boolean).join(" "), role: "treeitem", dataset: { id: node.id, key: ns.key, index },
      "aria-selected": String(node.id === this.selected) },
      el("span", null, indent, twisty, typeBadge(ns.type), " ", String(ns.inode)),
      el("span", { class: "num members" }, ns.processes),
      el("span", { class: "num" }, ns.threads ?? ""),
      el("span", { class: "holders", title: holderText(ns.holders) }, holderText(ns.holders)),
      el("span", { class: "leader" }, ns.leader ? `${ns.leader.pid} ${ns.leader.comm}` : ""),
      ns.processes === 0 && ns.leakPinned ? el("span", { class: "why" }, whyAlive(ns)) : el("span", { class: "container" }, ns.containerText || ns.unit || ""),
      el("span", { class: "num" }, ns.first_seen ? age(this.now - ns.first_seen) : ""));
  }

  click(event) {
    const row = event.target.closest(".row");
    if (!row) return;
    const index = Number(row.dataset.index);
    this.cursor = index;
    const entry = this.rows[index];
    if (event.target.dataset.toggle || entry.node.kind === "group") this.toggle(entry.node.id);
    else this.select(entry.node.id);
  }

  key(event) {
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const entry = this.rows[this.cursor];
    if (event.key in moves) {
      this.cursor = Math.max(0, Math.min(this.rows.length - 1, this.cursor + moves[event.key]));
      this.reveal();
    } else if ((event.key === "Enter" || event.key === " ") && entry) {
      if (entry.node.kind === "group") this.toggle(entry.node.id);
      else this.select(entry.node.id);
    } else if ((event.key === "ArrowLeft" && entry?.open) || (event.key === "ArrowRight" && entry && !entry.open)) {
      if (entry.node.children.length) this.toggle(entry.node.id);
    } else {
      return;
    }
    event.preventDefault();
  }

  /** Scrolls the cursor into view and draws. */
  reveal() {
    const top = this.cursor * ROW_HEIGHT;
    const height = this.scroller.clientHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + height) this.scroller.scrollTop = top + ROW_HEIGHT - height;
    this.draw();
  }

  /** Puts the cursor on `id`'s row and scrolls to it. */
  focusRow(id) {
    const at = this.rows.findIndex((row) => row.node.id === id);
    if (at < 0) return;
    this.cursor = at;
    this.reveal();
  }
}

/** The detail panel's close button. */
export const closeButton = (close) => el("button", { type: "button", class: "close", "aria-label": "Close", on: { click: close } }, "×");

/** One namespace: who is in it, what holds it, what is inside, where it sits, what happened to it. */
export function detail(ns, { byKey, comms, events, now, select, close }) {
  const members = ns.members ?? [];
  const shown = members.slice(0, 500);
  const stats = ns.stats ?? {};
  const sections = [
    closeButton(close),
    el("h2", null, typeBadge(ns.type), " ", String(ns.inode)),
    el("p", { class: "muted" }, `${ns.processes} member processes`, ns.threads !== undefined ? `, ${ns.threads} threads` : "", ns.first_seen ? `, first seen ${age(now - ns.first_seen)} ago` : ""),
  ];
  if (ns.containers?.length) {
    sections.push(el("h3", null, "Containers"),
      table(["runtime", "container", "pod", "id"], ns.containers.map((c) => [
        c.runtime, clipped(c.container ?? "", 80), clipped(podName(c) ?? "", 80), clipped(c.container_id, 16)])));
  }
  if (ns.unit) sections.push(el("p", null, "systemd unit: ", el("span", { class: "text" }, ns.unit)));
  sections.push(el("h3", null, "Holders"));
  const holders = Object.entries(ns.holders ?? {});
  sections.push(holders.length ? table(["kind", "count"], holders.map(([kind, count]) => [kind, count]), [1]) : el("p", { class: "muted" }, "none seen"));
  if (ns.fd_owners?.length) {
    sections.push(el("h3", null, "Open file descriptors held by"),
      table(["pid", "command"], ns.fd_owners.map((pid) => [String(pid), el("span", { class: "text fd-owner" }, comms.get(pid) ?? "")]), [0]));
  }
  if (ns.mount_points?.length) {
    sections.push(el("h3", null, "Bind mounts"), el("ul", { class: "mounts" }, ns.mount_points.map((path) => el("li", { class: "text mount-point" }, path))));
  }
  if (ns.processes === 0) sections.push(el("p", { class: "why" }, "No member process: ", whyAlive(ns) || "no holder seen"));
  sections.push(el("h3", null, `Members (${members.length})`));
  sections.push(members.length
    ? table(["pid", "command"], shown.map((m) => [String(m.pid), el("span", { class: "text comm" }, m.comm)]), [0])
    : el("p", { class: "muted" }, "none"));
  if (members.length > shown.length) sections.push(el("p", { class: "muted" }, `and ${members.length - shown.length} more`));
  sections.push(...inside(ns.type, stats));
  sections.push(el("h3", null, "Place"));
  const relation = (label, type, inode) => el("p", null, `${label}: `, inode === null || inode === undefined ? el("span", { class: "muted" }, "not visible")
    : byKey.has(keyOf(type, inode)) ? nsLink(select, type, inode) : `${type}:${inode}`);
  sections.push(relation("owner", "user", ns.owner_inode));
  if (ns.type === "user" || ns.type === "pid") sections.push(relation("parent", ns.type, ns.parent_inode));
  if (ns.creator_uid !== undefined && ns.creator_uid !== null) sections.push(el("p", null, `creator uid: ${ns.creator_uid}`));
  const mine = events.filter((e) => e.type === ns.type && e.inode === ns.inode).slice(-50).reverse();
  sections.push(el("h3", null, "Recent events"),
    mine.length ? table(["time", "event", "pid", "command"], mine.map((e) => [clock(e.time), e.kind, e.pid ?? "", el("span", { class: "text" }, e.comm ?? "")]))
      : el("p", { class: "muted" }, "none in the recent list"));
  return sections;
}

/** What the per-namespace collectors found inside, by type. */
function inside(type, stats) {
  const out = [];
  if (stats.hostname !== undefined) {
    out.push(el("h3", null, "Inside"), el("p", null, "hostname: ", el("span", { class: "text hostname" }, stats.hostname)));
    if (stats.domainname !== undefined) out.push(el("p", null, "domainname: ", el("span", { class: "text" }, stats.domainname)));
  }
  if (stats.interfaces) {
    out.push(el("h3", null, "Interfaces"), table(["name", "rx bytes", "rx packets", "tx bytes", "tx packets", "errors", "drops"],
      stats.interfaces.map((i) => [el("span", { class: "text" }, i.name), i.receive_bytes, i.receive_packets, i.transmit_bytes, i.transmit_packets,
        i.receive_errors + i.transmit_errors, i.receive_drop + i.transmit_drop]), [1, 2, 3, 4, 5, 6]));
  }
  if (stats.sockets?.length) {
    out.push(el("h3", null, "Sockets"), table(["protocol", "state", "count"], stats.sockets.map((s) => [s.protocol, s.state, s.count]), [2]));
  }
  if (stats.conntrack_entries !== undefined) out.push(el("p", null, `conntrack entries: ${stats.conntrack_entries}`));
  if (stats.mounts !== undefined) out.push(el("h3", null, "Mounts"), el("p", null, `${stats.mounts} mounts, ${stats.nsfs_mounts ?? 0} of them nsfs`));
  if (stats.ipc) {
    const ipc = stats.ipc;
    out.push(el("h3", null, "IPC objects"), table(["message queues", "semaphore sets", "shared memory", "bytes"],
      [[ipc.message_queues, ipc.semaphore_sets, ipc.shared_memory_segments, ipc.shared_memory_bytes]], [0, 1, 2, 3]));
  }
  for (const name of ["uid_map", "gid_map"]) {
    if (stats[name]) out.push(el("h3", null, name), table(["inside", "outside", "count"], stats[name].map((r) => [r.inside, r.outside, r.count]), [0, 1, 2]));
  }
  if (stats.visible_processes !== undefined) out.push(el("p", null, `visible inside: ${stats.visible_processes} processes, ${stats.visible_threads ?? "?"} threads`));
  return out;
}

/** Namespaces with no member that `keep` (the filter) keeps: pinned ones (highlighted, with why), stale /run/netns entries, then those kept as ancestors. */
export function leaks(index, select, keep) {
  const pinned = index.leaks.pinned.filter(keep);
  const ancestors = index.leaks.ancestors.filter(keep);
  const rows = (list) => list.map((ns) => el("tr", { class: ns.leakPinned ? "leak" : null, dataset: { key: ns.key } },
    el("td", null, typeBadge(ns.type)), el("td", null, nsLink(select, ns.type, ns.inode)),
    el("td", null, holderText(ns.holders)), el("td", { class: "why text" }, whyAlive(ns))));
  const head = el("thead", null, el("tr", null, ["type", "namespace", "holders", "why it is alive"].map((h) => el("th", null, h))));
  const stale = index.doc.stale_netns_entries ?? [];
  return el("div", { class: "leaks" },
    el("p", { class: "note" }, `${pinned.length} namespaces pinned without a member process (leak candidates), ${ancestors.length} kept only as parent or owner.`),
    el("table", { id: "leaks-pinned" }, head, el("tbody", null, rows(pinned.slice(0, 1000)))),
    pinned.length > 1000 ? el("p", { class: "note" }, `and ${pinned.length - 1000} more: filter by type, command or pid to see them`) : null,
    stale.length ? el("div", null, el("h3", { class: "note" }, "Stale /run/netns entries (a plain file, nothing mounted)"),
      el("ul", { class: "stale" }, stale.map((name) => el("li", { class: "text" }, `/run/netns/${name}`)))) : null,
    ancestors.length ? el("details", null, el("summary", { class: "note" }, `Kept only as parent or owner (${ancestors.length})`),
      el("table", null, head.cloneNode(true), el("tbody", null, rows(ancestors.slice(0, 1000))))) : null);
}

/** Owned namespaces per type and uid against max_<type>_namespaces: a bar, red near the limit. */
export function limits(index) {
  const rows = limitRows(index.doc).map((row) => {
    const fill_ = el("div", { class: "bar-fill" });
    fill_.style.width = `${Math.min(100, row.ratio * 100).toFixed(1)}%`;
    return el("tr", { class: row.level || null, dataset: { type: row.type, uid: row.uid } },
      el("td", null, typeBadge(row.type)), el("td", { class: "num" }, row.uid), el("td", { class: "num" }, row.count),
      el("td", { class: "num" }, row.limit ?? "?"), el("td", { class: "num" }, row.limit ? `${(row.ratio * 100).toFixed(1)} %` : ""),
      el("td", { class: "bar" }, el("div", { class: "bar-track", role: "meter", "aria-valuemin": 0, "aria-valuemax": row.limit ?? 0, "aria-valuenow": row.count }, fill_)));
  });
  return el("div", { class: "limits" },
    el("p", { class: "note" }, "Namespaces charged to each uid against /proc/sys/user/max_<type>_namespaces; amber from 80 %, red at the limit (creating one more fails with ENOSPC)."),
    el("table", null, el("thead", null, el("tr", null, ["type", "uid", "owned", "limit", "used", ""].map((h) => el("th", null, h)))), el("tbody", null, rows)));
}

/** Created and destroyed per second over the last minutes, and the feed of recent events. */
export class ChurnView {
  constructor(select) {
    this.select = select;
    this.canvas = el("canvas", { class: "chart", width: 900, height: 160, "aria-label": "Namespaces created and destroyed per second" });
    this.feed = el("tbody");
    this.peak = el("span", { class: "muted" });
    this.element = el("div", { class: "churn" },
      el("div", { class: "legend" }, el("span", { class: "created" }, "created/s"), el("span", { class: "destroyed" }, "destroyed/s"), this.peak),
      this.canvas,
      el("h3", null, "Recent events"),
      el("table", { class: "feed", id: "feed" }, el("thead", null, el("tr", null, ["time", "event", "type", "namespace", "pid", "command", "lifetime"].map((h) => el("th", null, h)))), this.feed));
  }

  /** Draws `rates` (per second, oldest first) over the window ending now. */
  chart(rates, windowSeconds, now) {
    const canvas = this.canvas;
    const width = canvas.clientWidth || 900;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(160 * ratio);
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, 160);
    const peak = Math.max(1, ...rates.map((r) => Math.max(r.created, r.destroyed)));
    this.peak.textContent = `peak ${peak.toFixed(1)}/s over the last ${Math.round(windowSeconds / 60)} min`;
    g.strokeStyle = "#d8dde2";
    g.beginPath();
    for (const f of [0.25, 0.5, 0.75]) { g.moveTo(0, 150 - f * 140); g.lineTo(width, 150 - f * 140); }
    g.stroke();
    const x = (time) => width - ((now - time) / windowSeconds) * width;
    const y = (value) => 150 - (value / peak) * 140;
    for (const [field, color] of [["created", "#1e7b34"], ["destroyed", "#b3261e"]]) {
      g.strokeStyle = color;
      g.lineWidth = 1.5;
      g.beginPath();
      rates.forEach((r, i) => (i ? g.lineTo(x(r.time), y(r[field])) : g.moveTo(x(r.time), y(r[field]))));
      g.stroke();
    }
  }

  /** The newest `limit` events, newest first. */
  events(events, limit = 200) {
    fill(this.feed, events.slice(-limit).reverse().map((e) => el("tr", { class: `kind-${e.kind}`, dataset: { kind: e.kind, key: keyOf(e.type, e.inode) } },
      el("td", null, clock(e.time)), el("td", null, e.kind), el("td", null, typeBadge(e.type)),
      el("td", null, nsLink(this.select, e.type, e.inode)), el("td", { class: "num" }, e.pid ?? ""),
      el("td", null, clipped(e.comm ?? "", 40)), el("td", { class: "num" }, e.lifetime_seconds !== undefined && e.lifetime_seconds !== null ? `${e.lifetime_seconds.toFixed(3)} s` : ""))));
  }
}

/** A button per probe module; each run shows probe_success, every check and every phase. */
export function probes(modules, run) {
  const results = el("div", { id: "probe-results" });
  const buttons = modules.map((name) => el("button", { type: "button", dataset: { module: name }, on: { click: () => run(name, results) } }, name));
  return el("div", { class: "probes" },
    el("p", { class: "note" }, modules.length ? "Run a probe: create (or join) namespaces now and check they isolate. Each run counts against the probe budget." : "Probing is off (--no-probes)."),
    el("div", { class: "modules" }, buttons), results);
}

export function probeResult(module, status, samples, text) {
  const value = (name) => samples.find((s) => s.name === name)?.value;
  if (status !== 200) return el("div", { class: "result", dataset: { module } }, el("b", null, module), ": ", el("span", { class: "fail" }, `HTTP ${status}`), " ", el("span", { class: "text" }, text));
  const success = value("probe_success") === 1;
  const checks = samples.filter((s) => s.name === "probe_namespace_check_success");
  const phases = samples.filter((s) => s.name === "probe_namespace_phase_seconds");
  const failures = samples.filter((s) => s.name === "probe_failure_info");
  return el("div", { class: "result", dataset: { module, success: String(success) } },
    el("p", null, el("b", null, module), ": probe_success ", el("span", { class: success ? "pass probe-success" : "fail probe-success" }, String(value("probe_success"))),
      `, ${(1000 * (value("probe_duration_seconds") ?? 0)).toFixed(1)} ms`),
    failures.map((f) => el("p", { class: "fail text" }, `failed: ${f.labels.reason} at ${f.labels.step}`)),
    table(["check", "result"], checks.map((c) => [el("span", { class: "check" }, c.labels.check), el("span", { class: c.value === 1 ? "pass" : "fail" }, c.value === 1 ? "passed" : "failed")])),
    table(["phase", "ms"], phases.map((p) => [p.labels.phase, (p.value * 1000).toFixed(2)]), [1]));
}

export const typeOptions = () => TYPES.map((type) => el("option", { value: type }, type));
