// Small DOM and HTTP helpers for the page editor (plain DOM, no framework).

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "value") node.value = value;
    else if (key === "checked") node.checked = Boolean(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A DOM id made from any text. */
export function domId(...parts) {
  return parts.join("-").replace(/[^A-Za-z0-9_-]+/g, "-");
}

/** A labelled field: label, control, optional help and an error slot for server problems. */
export function field(id, text, control, { help = "", path = "", inline = false } = {}) {
  const helpId = help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  control.id = id;
  if (path) control.dataset.path = path;
  const described = [helpId, errorId].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", described);
  const label = h("label", { for: id }, text);
  return h("div", { class: `field pe-field${inline ? " pe-inline" : ""}`, "data-field-path": path || null },
    inline ? [control, label] : [label, control],
    help ? h("span", { class: "hint", id: helpId }, help) : null,
    h("span", { class: "pe-field-error", id: errorId, hidden: true }));
}

/** A <select> of [value, label] pairs (or plain values); an unknown current value stays listed. */
export function select(options, value, { empty = null } = {}) {
  const node = h("select", {});
  if (empty !== null) node.append(h("option", { value: "" }, empty));
  let found = empty !== null && (value === "" || value === null || value === undefined);
  for (const option of options) {
    const [v, text] = Array.isArray(option) ? option : [option, option];
    node.append(h("option", { value: v }, text));
    if (String(v) === String(value)) found = true;
  }
  if (!found && value !== null && value !== undefined && value !== "") {
    node.append(h("option", { value }, `${value} (not found)`));
  }
  node.value = value === null || value === undefined ? "" : String(value);
  return node;
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "";
    this.details = Array.isArray(error.details) ? error.details : [];
  }
}

/** JSON over the operator API with the session cookie and the CSRF header. */
export async function api(method, url, body) {
  const headers = { accept: "application/json", "X-CSRF-Token": csrfToken() };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (_) {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
