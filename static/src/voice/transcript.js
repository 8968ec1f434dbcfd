// The simulator's transcript list: one <li> per event (telephony/calls/transcript.py).
import { h } from "../ide/dom.js";

const DESCRIBE = {
  answer: () => "answered",
  say: (e) => `“${e.text}”` + (e.loop !== undefined && e.loop !== 1 ? ` ×${e.loop || "∞"}` : ""),
  play: (e) => e.source,
  pause: (e) => `${e.seconds} s`,
  gather: (e) => `digits “${e.digits}” (${e.reason})`,
  record: (e) => `${e.seconds} s → ${e.url}` + (e.finished_by ? ` (ended by ${e.finished_by})` : ""),
  dial: (e) => `${e.target}: ${e.status}` + (e.duration ? `, ${e.duration} s` : ""),
  dtmf: (e) => e.digits,
  reject: (e) => e.reason,
  hangup: (e) => `${e.cause}` + (e.by ? ` by ${e.by}` : ""),
  webhook: (e) => `${e.method} ${e.url}`,
  set: (e) => `${e.name} = ${e.value}`,
  stream: (e) => `${e.status} ${e.name || ""}`,
  sms: (e) => `to ${e.to}: ${e.body}`,
  warning: (e) => e.message,
  log: (e) => e.message,
  error: (e) => e.message,
};

function fallback(event) {
  const rest = Object.entries(event).filter(([k]) => !["t", "event", "leg"].includes(k));
  return rest.map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
}

export function clear(list) {
  list.replaceChildren();
}

function row(list, kind, t, name, text) {
  const item = h("li", { class: `va-ev va-ev-${kind}`, dataset: { event: name } },
    h("span", { class: "va-t" }, t == null ? "" : `${Number(t).toFixed(1)} s`),
    h("span", { class: "va-name" }, name),
    h("span", { class: "va-text" }, text));
  list.append(item);
  item.scrollIntoView({ block: "nearest" });
  return item;
}

/** Append one transcript event. */
export function addEvent(list, event) {
  const describe = DESCRIBE[event.event] || fallback;
  const kind = ["error", "warning"].includes(event.event) ? event.event : "event";
  return row(list, kind, event.t, event.event, describe(event));
}

/** A key the caller pressed (the panel's own note, not a transcript event). */
export function addKey(list, key, t) {
  return row(list, "key", t, "key", `you pressed ${key}`);
}

export function addNote(list, text, kind = "note") {
  return row(list, kind, null, kind, text);
}

/** The document's problems (it did not run). */
export function addProblems(list, problems) {
  for (const p of problems) {
    row(list, p.severity === "warning" ? "warning" : "error", null, p.severity,
      `${p.line}:${p.column} ${p.message}`);
  }
}
