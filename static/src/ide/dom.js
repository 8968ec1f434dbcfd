// Small DOM helpers: build elements declaratively, copy to the clipboard, debounce.

/** h("button", {class: "x", onclick: fn}, "Save") */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  let value;
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "value") value = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (typeof v === "boolean") el.toggleAttribute(k, v);
    else el.setAttribute(k, String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  if (value !== undefined) el.value = value;
  return el;
}

let uid = 0;
/** A fresh id for label/for pairs. */
export function newId(prefix = "ide") {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled field: <div class="field"><label>..</label><input></div>. */
export function field(label, control, hint) {
  if (!control.id) control.id = newId("f");
  const parts = [h("label", { for: control.id }, label), control];
  if (hint) {
    const hintId = newId("hint");
    control.setAttribute("aria-describedby", hintId);
    parts.push(h("span", { class: "hint", id: hintId }, hint));
  }
  return h("div", { class: "field" }, parts);
}

export function checkbox(label, checked, attrs = {}) {
  const input = h("input", { type: "checkbox", ...attrs });
  input.checked = !!checked;
  return { input, el: h("label", { class: "check" }, input, label) };
}

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain http on a LAN host: no async clipboard; a selected textarea still copies.
  const area = h("textarea", { class: "sr-only", readonly: true }, text);
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function formatTime(value) {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}

/** Replace ``el``'s children; nulls are skipped and arrays flattened (as in ``h``). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}
