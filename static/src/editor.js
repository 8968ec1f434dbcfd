// The visual page editor (/pages/{app}/{page}/edit): palette, canvas, property panels,
// undo/redo, JSON view and preview over one page document, saved with the pages API (the
// same document the runtime serves). The page hands us its data in <script id="pe-boot">.

import { renderCanvas, renderPalette } from "./editor/canvas.js";
import { api, ApiError, h } from "./editor/dom.js";
import { renderFormPanel } from "./editor/form-panel.js";
import { clone, create, find, History, listOf, locate, move, remove, walk } from "./editor/model.js";
import { renderComponentPanel } from "./editor/properties.js";

const PREVIEW_WIDTHS = [1280, 768, 375];

function normalise(doc) {
  const d = clone(doc || {});
  d.components = d.components || [];
  d.data_sources = d.data_sources || [];
  d.actions = d.actions || [];
  d.form = d.form || {};
  return d;
}

class Editor {
  constructor(root, boot) {
    this.root = root;
    this.boot = boot;
    this.paths = boot.paths;
    this.names = boot.names;
    this.canSave = Boolean(boot.can_save);
    this.doc = normalise(boot.page.document);
    this.meta = { access: boot.page.access, roles: boot.page.roles || [] };
    this.savedText = this.text();
    this.selected = null;
    this.history = new History();
    this.problems = [];
    this.previewStale = true;
    this.sortables = [];
    this.catalogue = {};
    this.kinds = [];
    this.defs = {};
    this.panelTab = "component";
    this.el = (id) => document.getElementById(id);
  }

  text() {
    return JSON.stringify({ doc: this.doc, meta: this.meta });
  }

  async start() {
    this.status("Loading the component catalogue…");
    const schema = await api("GET", this.paths.schema);
    this.kinds = schema.components;
    for (const kind of this.kinds) this.catalogue[kind.type] = kind;
    this.defs = schema.document_schema.$defs || {};
    this.bind();
    this.drawPalette();
    this.redraw();
    this.status(this.canSave ? "" : "Read only: your role may not change pages.");
    this.root.dataset.ready = "true";
  }

  // -- changes and history ---------------------------------------------------------------

  /** Apply `mutate(doc)` as one undoable step (typing with the same mergeKey merges). */
  change(mutate, mergeKey = null) {
    if (!this.canSave) return;
    const before = this.text();
    mutate(this.doc);
    if (this.text() === before) return;
    this.history.record(before, mergeKey);
    this.dirty();
    this.drawCanvas();
  }

  setMeta(values) {
    if (!this.canSave) return;
    const before = this.text();
    Object.assign(this.meta, values);
    this.history.record(before);
    this.dirty();
  }

  restore(text) {
    const { doc, meta } = JSON.parse(text);
    this.doc = normalise(doc);
    this.meta = meta;
    if (this.selected && !find(this.doc, this.selected)) this.selected = null;
    this.dirty();
    this.redraw();
  }

  undo() {
    const text = this.history.undo(this.text());
    if (text !== null) {
      this.restore(text);
      this.status("Undone.");
    }
  }

  redo() {
    const text = this.history.redo(this.text());
    if (text !== null) {
      this.restore(text);
      this.status("Redone.");
    }
  }

  dirty() {
    const changed = this.text() !== this.savedText;
    this.root.dataset.dirty = changed ? "true" : "false";
    const flag = this.el("pe-dirty");
    if (flag) flag.hidden = !changed;
    this.el("pe-undo").disabled = !this.history.past.length;
    this.el("pe-redo").disabled = !this.history.future.length;
  }

  // -- drawing ---------------------------------------------------------------------------

  redraw() {
    this.drawCanvas();
    this.refreshPanel();
    this.dirty();
  }

  drawPalette() {
    renderPalette(this.el("pe-palette-groups"), this.kinds, {
      query: this.el("pe-search").value,
      enabled: this.canSave,
      onAdd: (type) => this.addFromKeyboard(type),
    });
  }

  drawCanvas() {
    for (const s of this.sortables) s.destroy();
    const byId = {};
    for (const p of this.problems) {
      const { component, rest } = locate(this.doc, p.path);
      if (component) (byId[component.id] = byId[component.id] || []).push(rest ? `${rest}: ${p.message}` : p.message);
    }
    this.sortables = renderCanvas(this.el("pe-canvas"), this.doc, {
      catalogue: this.catalogue,
      selected: this.selected,
      problems: byId,
      enabled: this.canSave,
      onDrop: (type, id, toKey, index) => this.drop(type, id, toKey, index),
    });
  }

  refreshPanel() {
    const component = this.el("pe-component-panel");
    const form = this.el("pe-form-panel");
    renderComponentPanel(component, this);
    renderFormPanel(form, this);
    this.markFields();
  }

  /** Put the server's problems next to the fields they name. */
  markFields() {
    for (const node of this.root.querySelectorAll("[aria-invalid='true']")) node.removeAttribute("aria-invalid");
    for (const node of this.root.querySelectorAll(".pe-field-error")) {
      node.hidden = true;
      node.textContent = "";
    }
    for (const p of this.problems) {
      const { component, rest } = locate(this.doc, p.path);
      let panel = this.el("pe-form-panel");
      let path = p.path;
      if (component) {
        if (component.id !== this.selected) continue;
        panel = this.el("pe-component-panel");
        path = rest;
      }
      const control = this.findControl(panel, path);
      if (!control) continue;
      control.setAttribute("aria-invalid", "true");
      const error = document.getElementById(`${control.id}-error`);
      if (error) {
        error.hidden = false;
        error.textContent = p.message;
      }
    }
  }

  findControl(panel, path) {
    // The exact field, else the closest one above it (a list, a fieldset).
    const parts = path.split(".");
    while (parts.length) {
      const here = parts.join(".");
      const exact = [...panel.querySelectorAll("[data-path]")].find((n) => n.dataset.path === here);
      if (exact) return exact;
      parts.pop();
    }
    return null;
  }

  status(message, kind = "") {
    const node = this.el("pe-status");
    node.textContent = message;
    node.dataset.kind = kind;
  }

  // -- selection and structure -----------------------------------------------------------

  select(id, { focus = false } = {}) {
    this.selected = id;
    this.history.endMerge();
    // Only the marks change: redrawing would take the node from under a starting drag.
    for (const n of this.el("pe-canvas").querySelectorAll(".pe-node")) {
      const on = n.dataset.id === id;
      n.classList.toggle("pe-selected", on);
      n.setAttribute("aria-selected", on ? "true" : "false");
    }
    this.refreshPanel();
    if (id) this.showPanelTab("component");
    if (focus && id) {
      const node = this.el("pe-canvas").querySelector(`.pe-node[data-id="${CSS.escape(id)}"]`);
      if (node) node.focus();
    }
  }

  drop(type, id, toKey, index) {
    // After SortableJS is done with its DOM: the drawing replaces it.
    setTimeout(() => {
      if (type) {
        const kind = this.catalogue[type];
        if (!kind) return;
        const component = create(kind, this.doc);
        this.change((doc) => {
          const list = listOf(doc, toKey);
          if (list) list.splice(Math.min(index, list.length), 0, component);
        });
        this.drawPalette();
        this.select(component.id);
        this.status(`${kind.label} added.`);
      } else if (id) {
        const before = this.text();
        const moved = move(this.doc, id, toKey, index);
        if (moved && this.text() !== before) {
          this.history.record(before);
          this.dirty();
        }
        this.drawCanvas();
        this.select(id);
      }
    }, 0);
  }

  /** Enter on a palette item: into the selected container, or after the selected component. */
  addFromKeyboard(type) {
    const kind = this.catalogue[type];
    let toKey = "root";
    let index = this.doc.components.length;
    const entry = this.selected ? find(this.doc, this.selected) : null;
    if (entry) {
      const selectedKind = this.catalogue[entry.component.type];
      if (selectedKind && selectedKind.container === "children") {
        toKey = `${entry.component.id}:children`;
        index = (entry.component.children || []).length;
      } else if (selectedKind && selectedKind.container === "slots" && (entry.component.slots || []).length) {
        toKey = `${entry.component.id}:slot:0`;
        index = entry.component.slots[0].children.length;
      } else {
        toKey = entry.listKey;
        index = entry.index + 1;
      }
    }
    const component = create(kind, this.doc);
    this.change((doc) => listOf(doc, toKey).splice(index, 0, component));
    this.select(component.id, { focus: true });
    this.status(`${kind.label} added.`);
  }

  removeSelected() {
    if (!this.selected || !this.canSave) return;
    const order = walk(this.doc).map((e) => e.component.id);
    const at = order.indexOf(this.selected);
    const gone = this.selected;
    this.change((doc) => remove(doc, gone));
    const rest = walk(this.doc).map((e) => e.component.id);
    this.select(rest[Math.min(at, rest.length - 1)] || null, { focus: true });
    this.status(`Removed ${gone}.`);
  }

  moveSelection(step) {
    const order = walk(this.doc).map((e) => e.component.id);
    if (!order.length) return;
    const at = order.indexOf(this.selected);
    const next = at < 0 ? 0 : Math.max(0, Math.min(order.length - 1, at + step));
    this.select(order[next], { focus: true });
  }

  // -- saving ----------------------------------------------------------------------------

  async save() {
    if (!this.canSave) return false;
    const json = this.el("pe-json-text");
    if (!this.el("pe-view-json").hidden && json.value !== JSON.stringify(this.doc, null, 2)) {
      // Edits in the JSON view go in first (checked by the server), or nothing is saved.
      if (!(await this.applyJson())) {
        this.status("Not saved: the JSON has problems (listed under it).", "error");
        return false;
      }
    }
    this.status("Saving…");
    try {
      const body = { title: this.doc.title || "", access: this.meta.access, roles: this.meta.roles, document: this.doc };
      const page = await api("PATCH", this.paths.page, body);
      this.doc = normalise(page.document);
      this.meta = { access: page.access, roles: page.roles || [] };
      this.savedText = this.text();
      this.showProblems([]);
      this.redraw();
      this.status(`Saved at ${new Date().toLocaleTimeString()}.`, "ok");
      this.reloadPreview();
      if (this.boot.embed && window.parent !== window) {
        // The IDE around the frame refreshes its tree and tabs.
        window.parent.postMessage({ type: "page-editor:saved", app: this.boot.app, page: page.name }, window.location.origin);
      }
      return true;
    } catch (error) {
      const problems = error instanceof ApiError && error.details.length
        ? error.details : [{ path: "", message: error.message }];
      this.showProblems(problems);
      this.status(`Not saved: ${problems.length} problem${problems.length === 1 ? "" : "s"} (listed above the page).`, "error");
      return false;
    }
  }

  showProblems(problems) {
    this.problems = problems;
    const list = this.el("pe-errors");
    list.replaceChildren();
    for (const p of problems) {
      const { component, rest } = locate(this.doc, p.path);
      const where = component ? `${component.name || component.id} (${component.id})${rest ? ` · ${rest}` : ""}` : p.path || "page";
      const item = h("li", {}, h("code", {}, p.path || "document"), " ", where !== p.path ? `${where}: ` : "", p.message);
      if (component) {
        item.append(" ", h("button", { type: "button", class: "btn-link", onclick: () => this.select(component.id, { focus: true }) }, `Select ${component.id}`));
      } else if (p.path) {
        item.append(" ", h("button", { type: "button", class: "btn-link", onclick: () => this.showPanelTab("form") }, "Show the form attributes"));
      }
      list.append(item);
    }
    list.hidden = !problems.length;
    this.drawCanvas();
    this.markFields();
  }

  // -- views -----------------------------------------------------------------------------

  showView(view) {
    for (const tab of this.root.querySelectorAll("[data-view]")) {
      const on = tab.dataset.view === view;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      this.el(`pe-view-${tab.dataset.view}`).hidden = !on;
    }
    if (view === "json") this.resetJson();
    if (view === "preview" && (this.previewStale || !this.el("pe-preview-frame").getAttribute("src"))) {
      this.reloadPreview();
    }
  }

  showPanelTab(tab) {
    this.panelTab = tab;
    for (const button of this.root.querySelectorAll("[data-ptab]")) {
      const on = button.dataset.ptab === tab;
      button.setAttribute("aria-selected", on ? "true" : "false");
      button.tabIndex = on ? 0 : -1;
      this.el(`pe-${button.dataset.ptab}-panel`).hidden = !on;
    }
  }

  resetJson() {
    this.el("pe-json-text").value = JSON.stringify(this.doc, null, 2);
    this.el("pe-json-errors").replaceChildren();
  }

  async applyJson() {
    if (!this.canSave) return false;
    const out = this.el("pe-json-errors");
    out.replaceChildren();
    let data;
    try {
      data = JSON.parse(this.el("pe-json-text").value);
    } catch (exc) {
      out.append(h("li", {}, `Not JSON: ${exc.message}`));
      return false;
    }
    try {
      const reply = await api("POST", this.paths.validate, { document: data });
      const before = this.text();
      this.doc = normalise(reply.document);
      if (this.text() !== before) this.history.record(before);
      if (this.selected && !find(this.doc, this.selected)) this.selected = null;
      this.redraw();
      this.resetJson();
      out.append(h("li", { class: "pe-ok" }, "Applied to the page (not saved yet)."));
      return true;
    } catch (error) {
      const details = error instanceof ApiError && error.details.length ? error.details : [{ path: "", message: error.message }];
      for (const d of details) out.append(h("li", {}, h("code", {}, d.path || "document"), ` ${d.message}`));
      return false;
    }
  }

  reloadPreview() {
    // A frame loaded while its view is hidden may never lay out (Chromium): load on showing.
    if (this.el("pe-view-preview").hidden) {
      this.previewStale = true;
      return;
    }
    this.previewStale = false;
    const frame = this.el("pe-preview-frame");
    frame.src = `${this.paths.preview}${this.paths.preview.includes("?") ? "&" : "?"}t=${Date.now()}`;
  }

  previewWidth(width) {
    const frame = this.el("pe-preview-frame");
    frame.width = String(width);
    frame.style.width = `${width}px`;
    for (const b of this.root.querySelectorAll("[data-width]")) b.setAttribute("aria-pressed", b.dataset.width === String(width) ? "true" : "false");
  }

  // -- events ----------------------------------------------------------------------------

  bind() {
    this.el("pe-search").addEventListener("input", () => this.drawPalette());
    this.el("pe-undo").addEventListener("click", () => this.undo());
    this.el("pe-redo").addEventListener("click", () => this.redo());
    const saveButton = this.el("pe-save");
    if (saveButton) saveButton.addEventListener("click", () => this.save());
    for (const tab of this.root.querySelectorAll("[data-view]")) tab.addEventListener("click", () => this.showView(tab.dataset.view));
    for (const tab of this.root.querySelectorAll("[data-ptab]")) tab.addEventListener("click", () => this.showPanelTab(tab.dataset.ptab));
    for (const b of this.root.querySelectorAll("[data-width]")) b.addEventListener("click", () => this.previewWidth(Number(b.dataset.width)));
    this.el("pe-preview-reload").addEventListener("click", () => this.reloadPreview());
    this.el("pe-json-apply").addEventListener("click", () => this.applyJson());
    this.el("pe-json-reset").addEventListener("click", () => this.resetJson());
    this.previewWidth(PREVIEW_WIDTHS[0]);

    const canvas = this.el("pe-canvas");
    canvas.addEventListener("click", (e) => {
      const node = e.target.closest(".pe-node");
      if (node) this.select(node.dataset.id, { focus: true });
    });
    canvas.addEventListener("focusin", (e) => {
      const node = e.target.closest(".pe-node");
      if (node && node.dataset.id !== this.selected) this.select(node.dataset.id, { focus: true });
    });
    canvas.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "ArrowDown" || e.key === "ArrowRight") {
        e.preventDefault();
        this.moveSelection(1);
      } else if (e.key === "ArrowUp" || e.key === "ArrowLeft") {
        e.preventDefault();
        this.moveSelection(-1);
      } else if (e.key === "Delete" || e.key === "Backspace") {
        e.preventDefault();
        this.removeSelected();
      } else if (e.key === "Escape") {
        this.select(null);
        canvas.focus();
      }
    });

    // Tablist arrows, as ARIA tabs expect.
    for (const group of this.root.querySelectorAll("[role='tablist']")) {
      group.addEventListener("keydown", (e) => {
        if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
        const tabs = [...group.querySelectorAll("[role='tab']")];
        const at = tabs.indexOf(document.activeElement);
        const next = tabs[(at + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        next.focus();
        next.click();
      });
    }

    document.addEventListener("keydown", (e) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      const typing = e.target.closest && e.target.closest("input, textarea, select");
      if (key === "s") {
        e.preventDefault();
        this.save();
      } else if (key === "z" && !typing) {
        e.preventDefault();
        if (e.shiftKey) this.redo();
        else this.undo();
      } else if (key === "y" && !typing) {
        e.preventDefault();
        this.redo();
      }
    });
    // A field left ends its typing step: the next keystrokes are a new undo step.
    this.root.addEventListener("focusout", () => this.history.endMerge());
    window.addEventListener("beforeunload", (e) => {
      if (this.root.dataset.dirty === "true") e.preventDefault();
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("page-editor");
  const bootNode = document.getElementById("pe-boot");
  if (!root || !bootNode) return;
  const editor = new Editor(root, JSON.parse(bootNode.textContent));
  window.pageEditor = editor;
  editor.start().catch((error) => {
    editor.status(`The editor could not start: ${error.message}`, "error");
    throw error;
  });
});
