// A file's History: its saved revisions, newest first; choosing one shows it side by side
// with the editor's current text (@codemirror/merge), and Restore makes it current again.
import { describeError, seg } from "./api.js";
import { confirmDialog } from "./dialogs.js";
import { fill, formatTime, h } from "./dom.js";
import { createDiff } from "./editor.js";
import { reload } from "./views.js";

function base(ide, tab) {
  return seg("ide", "apps", ide.ctx.app.name, "files", tab.item.kind, tab.kind.ref(tab.item), "revisions");
}

function language(tab) {
  return tab.file.language === "handlebars" ? "html" : tab.file.language;
}

/** What the editor shows of a revision (a template's revision holds subject, html and sms). */
function editorText(tab, content) {
  if (tab.item.kind !== "template") return content;
  try {
    const parsed = JSON.parse(content);
    return typeof parsed.html === "string" ? parsed.html : content;
  } catch {
    return content;
  }
}

function sortedKeys(value) {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys(value[k])]));
  }
  return value;
}

/** JSON as revisions store it (keys sorted, two-space indent), so only real changes differ. */
function comparable(tab, text) {
  if (tab.file.language !== "json") return text;
  try {
    return JSON.stringify(sortedKeys(JSON.parse(text)), null, 2);
  } catch {
    return text;
  }
}

export async function showHistory(ide, tab) {
  let box = tab.pane.querySelector(':scope > [data-mode="history"]');
  if (!box) {
    box = h("div", { class: "ide-view ide-view-history", dataset: { mode: "history" } });
    tab.pane.append(box);
  }
  box.hidden = false;
  const list = h("ol", { class: "ide-revisions", "aria-label": "Revisions" });
  const heading = h("div", { class: "ide-diff-head" }, h("p", { class: "muted" }, "Choose a revision to compare it with the current text."));
  const diffBox = h("div", { class: "ide-diff" });
  fill(box, h("div", { class: "ide-history" },
    h("aside", { class: "ide-history-list" }, h("h2", {}, "History"), list),
    h("section", { class: "ide-history-diff", "aria-label": "Differences" }, heading, diffBox)));
  let found;
  try {
    found = await ide.ctx.api.get(base(ide, tab));
  } catch (err) {
    fill(list, h("li", { class: "form-error" }, describeError(err)));
    return;
  }
  const items = found.items || [];
  if (!items.length) {
    fill(list, h("li", { class: "muted" }, "No saved revisions yet."));
    return;
  }
  const buttons = items.map((rev, index) => h("button", {
    type: "button", class: "ide-revision", "aria-pressed": "false", dataset: { rev: rev.id },
    onclick: (event) => choose(rev, event.currentTarget),
  }, h("strong", {}, `Revision ${rev.id}`), index === 0 ? h("span", { class: "badge" }, "latest") : null,
  h("span", { class: "ide-detail" }, `${formatTime(rev.created_at)}${rev.author ? ` · ${rev.author}` : ""} · ${rev.size} bytes`)));
  fill(list, ...buttons.map((b) => h("li", {}, b)));

  async function choose(rev, button) {
    buttons.forEach((b) => b.setAttribute("aria-pressed", b === button ? "true" : "false"));
    let full;
    try {
      full = await ide.ctx.api.get(`${base(ide, tab)}${seg(rev.id)}`);
    } catch (err) {
      ide.status(`Could not load revision ${rev.id}: ${describeError(err)}`, "error");
      return;
    }
    if (tab.diff) tab.diff.destroy();
    fill(diffBox);
    const current = tab.view ? tab.view.state.doc.toString() : tab.file.text;
    tab.diff = createDiff({ parent: diffBox, a: comparable(tab, editorText(tab, full.content)), b: comparable(tab, current), language: language(tab) });
    const restore = ide.boot.can_write ? h("button", { type: "button", onclick: () => restoreRev(rev) }, `Restore revision ${rev.id}`) : null;
    fill(heading,
      h("div", { class: "ide-diff-labels" },
        h("span", {}, `Revision ${rev.id} · ${formatTime(full.created_at)}`), h("span", {}, tab.dirty ? "Current (unsaved)" : "Current")),
      restore);
  }

  async function restoreRev(rev) {
    if (tab.dirty) {
      const yes = await confirmDialog("The editor has unsaved changes; restoring replaces them.",
        { title: `Restore revision ${rev.id}`, confirm: "Restore" });
      if (!yes) return;
    }
    try {
      await ide.ctx.api.post(`${base(ide, tab)}${seg(rev.id, "restore")}`);
      await reload(ide, tab);
    } catch (err) {
      ide.status(`Could not restore revision ${rev.id}: ${describeError(err)}`, "error");
      return;
    }
    ide.status(`Restored revision ${rev.id} of ${tab.item.name}`, "ok");
    ide.workspace.showMode(tab, tab.baseMode);
  }
}
