// The centre: tabs of open files, each with its toolbar and its view (a CodeMirror editor,
// the visual page editor, a form, the file's history or settings). Ctrl/Cmd-S saves the
// active tab; a dot on the tab marks unsaved changes.
import { describeError } from "./api.js";
import { confirmDialog } from "./dialogs.js";
import { fill, h } from "./dom.js";
import { showHistory } from "./history.js";
import { KINDS, fileKey } from "./kinds.js";
import { buildView, showSettings } from "./views.js";

export class Workspace {
  constructor(ide, root) {
    this.ide = ide;
    this.tablist = root.querySelector("#ide-tabs");
    this.toolbar = root.querySelector("#ide-toolbar");
    this.body = root.querySelector("#ide-body");
    this.welcome = root.querySelector("#ide-welcome");
    this.tabs = new Map();
    this.order = [];
    this.active = null;
    this.opening = new Map();
    this.panes = 0;
    this.tablist.addEventListener("keydown", (event) => this.tabKeys(event));
  }

  activeKey() {
    return this.active;
  }

  activeTab() {
    return this.active ? this.tabs.get(this.active) : null;
  }

  /** Open ``item`` (a tree item) in its tab, loading it the first time. */
  async open(item, options = {}) {
    const kind = KINDS[item.kind];
    if (!kind) {
      this.ide.status(`The IDE cannot open ${item.kind} files`, "error");
      return null;
    }
    const key = fileKey(item);
    if (this.tabs.has(key)) {
      this.activate(key);
      return this.tabs.get(key);
    }
    // A second click while the file loads waits for the same tab.
    if (!this.opening.has(key)) {
      this.opening.set(key, this.load(item, kind, key, options).finally(() => this.opening.delete(key)));
    }
    return this.opening.get(key);
  }

  async load(item, kind, key, options) {
    let file;
    try {
      file = await kind.load(this.ide.ctx, item);
    } catch (err) {
      this.ide.status(`Could not open ${item.name}: ${describeError(err)}`, "error");
      return null;
    }
    this.panes += 1;
    const pane = h("div", { class: "ide-pane", role: "tabpanel", id: `ide-pane-${this.panes}`,
      "aria-label": `${kind.label} ${item.name}` });
    const tab = {
      key, item: { ...item }, kind, pane, dirty: false, mode: "editor", baseMode: "editor", view: null,
      file: { item: { ...item }, text: file.text, meta: file.meta, language: file.language },
      run: { fn: "main", input: "{}", vars: [] },
      save: null,
    };
    if (item.kind === "template" && file.meta && file.meta.sample) {
      tab.run.input = JSON.stringify(file.meta.sample, null, 2);
    }
    if (item.kind === "query" && file.meta && file.meta.vars) {
      tab.run.vars = Object.entries(file.meta.vars).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
    }
    this.tabs.set(key, tab);
    this.order.push(key);
    this.body.append(pane);
    buildView(this.ide, tab, options);
    this.activate(key);
    return tab;
  }

  activate(key) {
    const tab = this.tabs.get(key);
    if (!tab) return;
    this.active = key;
    for (const t of this.tabs.values()) t.pane.hidden = t.key !== key;
    this.welcome.hidden = true;
    this.renderTabs();
    this.renderToolbar();
    if (this.ide.sidebar.data) this.ide.sidebar.render(); // the open file is marked there
    this.ide.console.follow(tab);
    if (tab.view && (tab.mode === "editor" || tab.mode === "json")) tab.view.focus();
  }

  async close(key, { force = false } = {}) {
    const tab = this.tabs.get(key);
    if (!tab) return true;
    if (tab.dirty && !force) {
      const yes = await confirmDialog(`${tab.item.name} has unsaved changes. Close it and lose them?`,
        { title: "Unsaved changes", confirm: "Close without saving" });
      if (!yes) return false;
    }
    if (tab.view) tab.view.destroy();
    if (tab.diff) tab.diff.destroy();
    tab.pane.remove();
    this.tabs.delete(key);
    const index = this.order.indexOf(key);
    this.order.splice(index, 1);
    if (this.active === key) {
      const next = this.order[Math.min(index, this.order.length - 1)];
      this.active = null;
      if (next) this.activate(next);
      else {
        this.welcome.hidden = false;
        this.renderTabs();
        this.renderToolbar();
        this.ide.console.follow(null);
      }
    } else this.renderTabs();
    return true;
  }

  async closeAll() {
    for (const key of [...this.order]) if (!(await this.close(key))) return false;
    return true;
  }

  /** A file was renamed in the tree: its tab follows. */
  renamed(before, after) {
    const tab = this.tabs.get(fileKey(before));
    if (!tab) return;
    this.tabs.delete(tab.key);
    const index = this.order.indexOf(tab.key);
    tab.key = fileKey(after);
    tab.item = { ...after };
    tab.file.item = { ...after };
    this.tabs.set(tab.key, tab);
    this.order[index] = tab.key;
    if (this.active === fileKey(before)) this.active = tab.key;
    this.renderTabs();
    this.renderToolbar();
    if (this.active === tab.key) this.ide.console.follow(tab);
  }

  setDirty(tab, dirty) {
    if (tab.dirty === dirty) return;
    tab.dirty = dirty;
    this.renderTabs();
  }

  async save(tab = this.activeTab()) {
    if (!tab || !tab.save) return true;
    try {
      await tab.save();
      this.ide.status(`Saved ${tab.item.name}`, "ok");
      this.ide.sidebar.refresh(); // details such as a script's version follow the save
      return true;
    } catch (err) {
      this.ide.status(`Could not save ${tab.item.name}: ${describeError(err)}`, "error");
      return false;
    }
  }

  renderTabs() {
    fill(this.tablist, ...this.order.map((key) => {
      const tab = this.tabs.get(key);
      const selected = key === this.active;
      const label = h("button", {
        type: "button", role: "tab", class: "ide-tab-label", "aria-selected": selected ? "true" : "false",
        "aria-controls": tab.pane.id, tabindex: selected ? "0" : "-1", title: `${tab.kind.label}: ${tab.item.name}`,
        dataset: { key }, onclick: () => this.activate(key),
      }, h("span", { class: "ide-tab-kind" }, tab.kind.label.split(" ")[0]), " ", tab.item.name,
      tab.dirty ? h("span", { class: "ide-dirty", title: "Unsaved changes" }, " ●", h("span", { class: "sr-only" }, " (unsaved)")) : null);
      const close = h("button", {
        type: "button", class: "ide-tab-close", "aria-label": `Close ${tab.item.name}`, title: "Close",
        tabindex: selected ? "0" : "-1", onclick: () => this.close(key),
      }, "×");
      return h("div", { class: "ide-tab" + (selected ? " active" : "") + (tab.dirty ? " dirty" : "") }, label, close);
    }));
  }

  /** Left/Right/Home/End move between tabs, Delete closes one (the ARIA tabs pattern). */
  tabKeys(event) {
    const keys = this.order;
    const index = keys.indexOf(this.active);
    if (index < 0 || !event.target.matches('[role="tab"]')) return;
    let next = null;
    if (event.key === "ArrowRight") next = keys[(index + 1) % keys.length];
    else if (event.key === "ArrowLeft") next = keys[(index - 1 + keys.length) % keys.length];
    else if (event.key === "Home") next = keys[0];
    else if (event.key === "End") next = keys[keys.length - 1];
    else if (event.key === "Delete") {
      event.preventDefault();
      this.close(this.active);
      return;
    }
    if (!next) return;
    event.preventDefault();
    this.activate(next);
    const button = this.tablist.querySelector(`[data-key="${CSS.escape(next)}"]`);
    if (button) button.focus();
  }

  renderToolbar() {
    const tab = this.activeTab();
    if (!tab) {
      fill(this.toolbar);
      this.toolbar.hidden = true;
      return;
    }
    this.toolbar.hidden = false;
    const kind = tab.kind;
    const cons = this.ide.console;
    const write = this.ide.boot.can_write;
    const button = (label, onclick, attrs = {}) => h("button", { type: "button", class: "secondary", onclick, ...attrs }, label);
    const parts = [];
    const visualPage = kind.editor === "page" && tab.baseMode !== "json";
    if (tab.save && write && !visualPage) parts.push(button("Save", () => this.save(tab), { title: "Save (Ctrl+S)", class: "" }));
    if (kind.run && write) {
      parts.push(button("Run", () => cons.run(tab), { title: "Run (Ctrl+Enter)", disabled: cons.running !== null }));
      if (cons.running && cons.running.key) parts.push(button("Cancel", () => cons.cancel(), { class: "danger", title: "Request cancellation" }));
      parts.push(button("Console", () => cons.toggle(), { "aria-pressed": cons.isOpen() ? "true" : "false" }));
    }
    if (kind.editor === "page") {
      parts.push(button(tab.baseMode === "json" ? "Visual editor" : "JSON",
        () => this.showMode(tab, tab.baseMode === "json" ? "editor" : "json"),
        { "aria-pressed": tab.mode === "json" ? "true" : "false" }));
    }
    if (kind.preview === "page" || (kind.preview && write)) parts.push(button("Preview", () => this.preview(tab)));
    const builder = tab.item.kind === "query" && tab.file.meta && tab.file.meta.spec
      ? this.ide.pathFor("query_builder", String(tab.item.id)) : null;
    if (builder) parts.push(h("a", { class: "btn secondary", href: builder, target: "_blank", rel: "noopener" }, "Query builder"));
    if (kind.history) {
      parts.push(button("History", () => this.toggleMode(tab, "history"),
        { "aria-pressed": tab.mode === "history" ? "true" : "false" }));
    }
    if (["code", "page", "dataset"].includes(kind.editor)) {
      parts.push(button("Settings", () => this.toggleMode(tab, "settings"),
        { "aria-pressed": tab.mode === "settings" ? "true" : "false" }));
    }
    const info = h("span", { class: "ide-file-info muted" }, `${kind.label}`,
      tab.item.id != null ? ` · ID ${tab.item.id}` : "", tab.item.uuid ? ` · ${tab.item.uuid}` : "");
    fill(this.toolbar, h("div", { class: "ide-tools", role: "toolbar", "aria-label": `${tab.item.name} tools` }, parts), info);
  }

  /** History and Settings replace the editor until pressed again. */
  toggleMode(tab, mode) {
    this.showMode(tab, tab.mode === mode ? tab.baseMode : mode);
  }

  /** Show one of the pane's views: editor, json (pages), history or settings. */
  showMode(tab, mode) {
    if (mode === "editor" || mode === "json") tab.baseMode = mode;
    const leaving = tab.mode;
    tab.mode = mode;
    for (const child of tab.pane.children) child.hidden = child.dataset.mode !== mode;
    if (leaving === "history" && mode !== "history" && tab.diff) {
      tab.diff.destroy();
      tab.diff = null;
    }
    if (mode === "history") showHistory(this.ide, tab);
    if (mode === "settings") showSettings(this.ide, tab);
    if (tab.onShow) tab.onShow(mode);
    this.renderToolbar();
  }

  async preview(tab) {
    if (tab.kind.preview === "page") {
      const url = this.ide.pathFor("page_preview", tab.item.name);
      if (!url) {
        this.ide.status("Page previews are not available", "error");
        return;
      }
      window.open(`${url}?draft=1`, "_blank", "noopener");
    } else {
      await this.ide.console.run(tab);
    }
  }
}
