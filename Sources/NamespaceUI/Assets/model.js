// What the page shows, computed from /snapshot.json, /events and /probe:
// pure functions, no DOM, so each view only draws.

export const TYPES = ["user", "pid", "mnt", "net", "uts", "ipc", "cgroup", "time"];
export const HOLDER_KINDS = ["process", "thread", "fd", "socket", "bindmount", "hierarchy"];
/** Holders that keep a namespace alive with no member: a leak candidate. */
const PINNING = ["bindmount", "fd", "socket", "thread", "process"];

export const keyOf = (type, inode) => `${type}:${inode}`;

/** Indexes a snapshot once: namespaces by key, counts per type, the tree, leak candidates. */
export function indexSnapshot(doc) {
  const byKey = new Map();
  const comms = new Map();
  const counts = Object.fromEntries(TYPES.map((type) => [type, 0]));
  for (const ns of doc.namespaces) {
    if (ns.type === "pid") for (const member of ns.members ?? []) comms.set(member.pid, member.comm);
    ns.key = keyOf(ns.type, ns.inode);
    ns.containerText = containerText(ns.containers);
    ns.searchText = (ns.containers ?? []).flatMap((labels) => Object.values(labels)).join("\n").toLowerCase();
    ns.leakPinned = isPinned(ns);
    byKey.set(ns.key, ns);
    counts[ns.type] = (counts[ns.type] ?? 0) + 1;
  }
  return { doc, byKey, comms, counts, tree: buildTree(doc.namespaces, byKey), leaks: leakCandidates(doc.namespaces) };
}

/** A container's pod as `namespace/name`, or its UID cut short when no names are known. */
export function podName(c) {
  return c.pod ? `${c.pod_namespace ? c.pod_namespace + "/" : ""}${c.pod}` : c.pod_uid?.slice(0, 12);
}

/** "pod default/web · container nginx", or the short IDs when no names are known. */
export function containerText(containers) {
  if (!containers || containers.length === 0) return "";
  const pods = new Set(containers.map((c) => c.pod_uid).filter(Boolean));
  if (containers.length > 1 && pods.size !== 1) return `${containers.length} containers`;
  const first = containers[0];
  const pod = podName(first);
  const parts = [];
  if (pod) parts.push(`pod ${pod}`);
  if (containers.length === 1) parts.push(`container ${first.container || first.container_id.slice(0, 12)}`);
  else parts.push(`${containers.length} containers`);
  return parts.join(" · ");
}

/** "process 3 · fd 1". */
export function holderText(holders) {
  return HOLDER_KINDS.filter((kind) => holders?.[kind]).map((kind) => `${kind} ${holders[kind]}`).join(" · ");
}

/** Why a namespace with no member process is still there, one phrase per holder kind. */
export function whyAlive(ns) {
  const h = ns.holders ?? {};
  const reasons = [];
  if (h.bindmount) reasons.push(`bind-mounted at ${(ns.mount_points ?? []).join(", ") || "a path not visible"}`);
  if (h.fd) reasons.push(`${h.fd} open file descriptor${h.fd > 1 ? "s" : ""}${ns.fd_owners?.length ? ` (pid ${ns.fd_owners.join(", ")})` : ""}`);
  if (h.socket) reasons.push(`${h.socket} socket${h.socket > 1 ? "s" : ""} of processes that left it`);
  if (h.thread) reasons.push(`${h.thread} thread${h.thread > 1 ? "s" : ""} that joined it`);
  if (h.process) reasons.push("a process's *_for_children link");
  if (h.hierarchy) reasons.push("parent or owner of namespaces that are held");
  return reasons.join("; ");
}

/** Namespaces with no member process: pinned ones first (a leak candidate), then those kept only as ancestors. */
export function leakCandidates(namespaces) {
  const memberless = namespaces.filter((ns) => ns.processes === 0);
  const pinned = memberless.filter(isPinned);
  const ancestors = memberless.filter((ns) => !isPinned(ns));
  return { pinned, ancestors };
}

export function isPinned(ns) {
  return ns.processes === 0 && PINNING.some((kind) => ns.holders?.[kind]);
}

/** Per type and uid: namespaces charged against max_<type>_namespaces, and how close to it. */
export function limitRows(doc) {
  const rows = [];
  for (const type of TYPES) {
    const limit = doc.limits?.[type];
    const owned = doc.owned?.[type] ?? {};
    for (const [uid, count] of Object.entries(owned)) {
      const ratio = limit ? count / limit : 0;
      const level = !limit ? "" : ratio >= 1 ? "at" : ratio >= 0.8 ? "near" : "";
      rows.push({ type, uid, count, limit, ratio, level });
    }
  }
  return rows.sort((a, b) => b.ratio - a.ratio || TYPES.indexOf(a.type) - TYPES.indexOf(b.type) || a.uid - b.uid);
}

// The tree: user namespaces by parent, each with the namespaces it owns;
// pid namespaces under their parent; namespaces of one container or pod
// grouped under it.

function buildTree(namespaces, byKey) {
  const nodes = new Map(namespaces.map((ns) => [ns.key, { kind: "ns", id: ns.key, ns, children: [] }]));
  const root = { kind: "group", id: "host", label: "host", children: [] };
  const unowned = { kind: "group", id: "unowned", label: "owner not known yet (found by an event: the next full scan names it)", children: [] };
  for (const ns of namespaces) {
    const node = nodes.get(ns.key);
    let parent = null;
    if ((ns.type === "user" || ns.type === "pid") && ns.parent_inode !== null && ns.parent_inode !== undefined) {
      parent = nodes.get(keyOf(ns.type, ns.parent_inode)) ?? null;
    }
    if (!parent && ns.type !== "user" && ns.owner_inode !== null && ns.owner_inode !== undefined) {
      parent = nodes.get(keyOf("user", ns.owner_inode)) ?? null;
    }
    if (parent === node) parent = null;
    if (!parent) parent = ns.type === "user" ? root : unowned;
    for (const group of containerGroups(ns)) parent = groupUnder(parent, group);
    parent.children.push(node);
  }
  if (unowned.children.length) root.children.push(unowned);
  sortTree(root, new Set());
  return root;
}

/** The pod and container groups a namespace goes under: only when all its containers are of one pod, or it has one. */
function containerGroups(ns) {
  const containers = ns.containers ?? [];
  if (containers.length === 0) return [];
  const pods = new Set(containers.map((c) => c.pod_uid ?? ""));
  const groups = [];
  if (pods.size === 1 && containers[0].pod_uid) {
    const first = containers[0];
    groups.push({ id: `pod:${first.pod_uid}`, label: `pod ${podName(first)}` });
  } else if (pods.size !== 1) {
    return [];
  }
  if (containers.length === 1) {
    const c = containers[0];
    groups.push({ id: `container:${c.container_id}`, label: `container ${c.container || c.container_id.slice(0, 12)} (${c.runtime})` });
  }
  return groups;
}

function groupUnder(parent, group) {
  const id = `${parent.id}/${group.id}`;
  parent.groups ??= new Map();
  let node = parent.groups.get(id);
  if (!node) {
    node = { kind: "group", id, label: group.label, children: [] };
    parent.groups.set(id, node);
    parent.children.push(node);
  }
  return node;
}

function sortTree(node, seen) {
  if (seen.has(node)) return;
  seen.add(node);
  node.children.sort(compareNodes);
  for (const child of node.children) sortTree(child, seen);
}

function compareNodes(a, b) {
  if (a.kind !== b.kind) return a.kind === "ns" ? -1 : 1;
  if (a.kind === "group") return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  return TYPES.indexOf(a.ns.type) - TYPES.indexOf(b.ns.type) || a.ns.inode - b.ns.inode;
}

/** The filter in the URL: type, container/pod text, command text, pid. */
export function parseFilter(params) {
  const pid = Number.parseInt(params.get("pid") ?? "", 10);
  return {
    type: TYPES.includes(params.get("type")) ? params.get("type") : "",
    container: (params.get("container") ?? "").trim().toLowerCase(),
    comm: (params.get("comm") ?? "").trim().toLowerCase(),
    pid: Number.isFinite(pid) && pid > 0 ? pid : null,
  };
}

export const filterIsEmpty = (f) => !f.type && !f.container && !f.comm && f.pid === null;

export function matches(ns, f) {
  if (f.type && ns.type !== f.type) return false;
  if (f.container && !ns.searchText.includes(f.container)) return false;
  if (f.comm) {
    const inLeader = ns.leader?.comm?.toLowerCase().includes(f.comm);
    if (!inLeader && !(ns.members ?? []).some((m) => m.comm.toLowerCase().includes(f.comm))) return false;
  }
  if (f.pid !== null && ns.leader?.pid !== f.pid && !(ns.members ?? []).some((m) => m.pid === f.pid)) return false;
  return true;
}

/**
 * The rows of the tree as shown: depth-first, collapsed groups closed; with
 * a filter, only the namespaces it keeps and their ancestors (as context).
 */
export function visibleRows(tree, filter, collapsed) {
  const rows = [];
  const everything = filterIsEmpty(filter);
  const seen = new Set();
  // Whether a node or one of its descendants is kept, memoised per node.
  const kept = new Map();
  const keeps = (node) => {
    if (kept.has(node)) return kept.get(node);
    kept.set(node, false);
    let result = node.kind === "ns" && matches(node.ns, filter);
    for (const child of node.children) if (keeps(child)) result = true;
    kept.set(node, result);
    return result;
  };
  const visit = (node, depth) => {
    if (seen.has(node)) return;
    seen.add(node);
    if (!everything && !keeps(node)) return;
    const context = !everything && !(node.kind === "ns" && matches(node.ns, filter));
    rows.push({ node, depth, context, open: !collapsed.has(node.id) });
    if (collapsed.has(node.id)) return;
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const child of tree.children) visit(child, 0);
  return rows;
}

/** Samples of a Prometheus text exposition: `{name, labels, value}`. */
export function parseExposition(text) {
  const samples = [];
  const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const raw of text.split("\n")) {
    if (raw.startsWith("#")) continue;
    const m = line.exec(raw);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] ?? "").matchAll(label)) labels[l[1]] = l[2].replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/**
 * Churn per second from the counters /events carries: each poll adds a
 * point; a rate is the difference between two points over their interval,
 * so it stays right when more events came than the recent list holds.
 */
export class ChurnSeries {
  constructor(windowSeconds = 300) {
    this.window = windowSeconds;
    this.points = [];
  }

  /** A point at `time` (the page's clock) with /events' counters. */
  add(time, counters) {
    this.points.push({ time, created: { ...counters.created_total }, destroyed: { ...counters.destroyed_total } });
    while (this.points.length > 2 && this.points[0].time < time - this.window) this.points.shift();
  }

  /**
   * The minutes before the page opened, from the recent events: the
   * counter at `t` is today's minus the events after `t`. Only back to the
   * oldest event, since the list may have dropped older ones.
   * `offset`: the page's clock minus the exporter's.
   */
  seed(events, counters, now, offset) {
    if (events.length === 0) return;
    const oldest = events[0].time + offset;
    for (let t = Math.max(now - this.window, oldest); t < now; t += 2) {
      const created = { ...counters.created_total };
      const destroyed = { ...counters.destroyed_total };
      for (const e of events) {
        if (e.time + offset <= t) continue;
        if (e.kind === "created") created[e.type] = (created[e.type] ?? 0) - 1;
        if (e.kind === "destroyed") destroyed[e.type] = (destroyed[e.type] ?? 0) - 1;
      }
      this.points.push({ time: t, created, destroyed });
    }
  }

  /** `[{time, created, destroyed}]` per second between successive points, of one type or all. */
  rates(type) {
    const sum = (values) => Object.entries(values ?? {}).reduce((total, [t, v]) => total + (!type || t === type ? v : 0), 0);
    const rates = [];
    for (let i = 1; i < this.points.length; i++) {
      const a = this.points[i - 1], b = this.points[i];
      const dt = b.time - a.time;
      if (dt <= 0) continue;
      rates.push({
        time: b.time,
        created: Math.max(0, sum(b.created) - sum(a.created)) / dt,
        destroyed: Math.max(0, sum(b.destroyed) - sum(a.destroyed)) / dt,
      });
    }
    return rates;
  }
}
