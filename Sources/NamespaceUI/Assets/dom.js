// Building elements from data. Every string goes in as a text node or an
// attribute value, never as markup: process names, hostnames, mount paths
// and container names are written by whoever runs a process.

/** `el("td", {class: "num"}, "3")`: an element with attributes and children. */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "on") {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else if (name.startsWith("on") || name === "style" || name === "srcdoc") {
      throw new Error(`el: ${name} is not set from data`);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends `children` (nodes, strings, numbers, nested arrays; null skipped). */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces everything in `node` by `children`. */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A long string cut for a cell; the whole of it (up to 4 KiB) in the tooltip. */
export function clipped(text, max = 120, tag = "span") {
  const value = String(text ?? "");
  const shown = value.length > max ? value.slice(0, max) + "…" : value;
  return el(tag, { class: "clip", title: value.length > max ? value.slice(0, 4096) : null }, shown);
}

/** A table of `rows` (arrays of cells) under `headers`; `numeric`: column indexes aligned right. */
export function table(headers, rows, numeric = []) {
  const cell = (tag, value, index) => el(tag, { class: numeric.includes(index) ? "num" : null }, value);
  return el("table", null,
    el("thead", null, el("tr", null, headers.map((header, index) => cell("th", header, index)))),
    el("tbody", null, rows.map((row) => el("tr", null, row.map((value, index) => cell("td", value, index))))));
}

/** "3 s", "4 min", "2 h", "5 d". */
export function age(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "";
  const s = Math.max(0, seconds);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** A clock time for an event, local. */
export function clock(epochSeconds) {
  const date = new Date(epochSeconds * 1000);
  return date.toLocaleTimeString([], { hour12: false }) + "." + String(date.getMilliseconds()).padStart(3, "0");
}
