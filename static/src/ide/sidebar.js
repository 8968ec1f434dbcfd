// The explorer: app picker and "New app", the app's files grouped by kind (with counts,
// a "+" per group, rename, delete, copy id/uuid), and search by name, numeric id or uuid.
import { describeError, seg } from "./api.js";
import { askForm, confirmDialog } from "./dialogs.js";
import { copyText, debounce, fill, h } from "./dom.js";
import { KINDS, fileKey, itemFrom } from "./kinds.js";

const SEARCH_DELAY_MS = 250;

export class Sidebar {
  constructor(ide, root) {
    this.ide = ide;
    this.picker = root.querySelector("#ide-app");
    this.tree = root.querySelector("#ide-tree");
    this.search = root.querySelector("#ide-search");
    this.results = root.querySelector("#ide-results");
    this.collapsed = new Set();
    this.data = null;
    this.fillPicker(ide.boot.apps);
    this.picker.addEventListener("change", () => {
      if (this.picker.value) ide.selectApp(this.picker.value);
    });
    const newApp = root.querySelector("#ide-new-app"); // only for roles that may write
    if (newApp) newApp.addEventListener("click", () => this.newApp());
    root.querySelector("#ide-refresh").addEventListener("click", () => this.refresh());
    root.querySelector("#ide-app-settings").addEventListener("click", () => {
      if (ide.ctx.app) ide.workspace.open({ kind: "app", id: null, name: ide.ctx.app.name });
      else ide.status("Choose an app first", "error");
    });
    const run = debounce(() => this.runSearch(), SEARCH_DELAY_MS);
    this.search.addEventListener("input", run);
    this.search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.runSearch().then(() => {
          const first = this.results.querySelector("button");
          if (first) first.focus();
        });
      } else if (event.key === "ArrowDown") {
        const first = this.results.querySelector("button");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      } else if (event.key === "Escape") {
        this.search.value = "";
        this.shownQuery = null;
        this.showResults(null);
      }
    });
    this.results.addEventListener("keydown", (event) => this.moveFocus(event, this.results));
    this.tree.addEventListener("keydown", (event) => this.moveFocus(event, this.tree));
  }

  /** Up/Down walk the buttons that open things, like a file list in an editor. */
  moveFocus(event, container) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...container.querySelectorAll("button.ide-open, button.ide-group-toggle")]
      .filter((b) => b.offsetParent !== null);
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    const next = buttons[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
  }

  fillPicker(apps) {
    const current = this.picker.value;
    fill(this.picker, h("option", { value: "" }, "Choose an app…"),
      ...apps.map((a) => h("option", { value: a.name }, a.title && a.title !== a.name ? `${a.name} (${a.title})` : a.name)));
    this.picker.value = current;
  }

  async newApp() {
    const { api } = this.ide.ctx;
    const created = await askForm({
      title: "New app",
      intro: "An app holds pages, scripts, datasets, templates, queries and settings.",
      submit: "Save and continue",
      fields: [
        { name: "name", label: "Name", required: true, hint: "Lower case letters, digits, _ and -; at least 2" },
        { name: "title", label: "Title" },
      ],
      action: (v) => api.post("/apps", { name: v.name.trim(), title: v.title.trim() }),
    });
    if (!created) return;
    this.ide.boot.apps.push({ id: created.id, uuid: created.uuid, name: created.name, title: created.title });
    this.ide.boot.apps.sort((a, b) => a.name.localeCompare(b.name));
    this.fillPicker(this.ide.boot.apps);
    await this.ide.selectApp(created.name);
    this.ide.status(`App ${created.name} created`, "ok");
  }

  async refresh() {
    const { app, api } = this.ide.ctx;
    if (!app) {
      fill(this.tree, h("p", { class: "muted ide-empty" }, "Choose an app, or make a new one."));
      return;
    }
    this.picker.value = app.name;
    try {
      this.data = await api.get(seg("ide", "apps", app.name, "tree"));
    } catch (err) {
      this.ide.status(`Could not load the app: ${describeError(err)}`, "error");
      return;
    }
    Object.assign(app, this.data.app);
    this.render();
  }

  /** Tree items of one kind, as the last refresh saw them. */
  items(kind) {
    const group = this.data && this.data.groups.find((g) => g.kind === kind);
    return group ? group.items : [];
  }

  render() {
    const active = this.ide.workspace.activeKey();
    const focused = document.activeElement && this.tree.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey : null;
    const groups = this.data.groups.map((group) => this.renderGroup(group, active));
    const live = this.data.app.live_version;
    fill(this.tree,
      h("p", { class: "ide-app-line" },
        h("strong", {}, this.data.app.title || this.data.app.name), " ",
        h("span", { class: "badge" + (live ? " ok" : "") }, live ? "published" : "unpublished")),
      ...groups);
    if (focused) {
      const again = this.tree.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  renderGroup(group, active) {
    const kind = KINDS[group.kind];
    const listId = `ide-group-${group.kind}`;
    const open = !this.collapsed.has(group.kind);
    const toggle = h("button", {
      type: "button", class: "ide-group-toggle", "aria-expanded": open ? "true" : "false",
      "aria-controls": listId, dataset: { focusKey: `group:${group.kind}` },
    }, group.label, " ", h("span", { class: "ide-count", "aria-label": `${group.items.length} items` },
      String(group.items.length)));
    toggle.addEventListener("click", () => {
      if (this.collapsed.has(group.kind)) this.collapsed.delete(group.kind);
      else this.collapsed.add(group.kind);
      this.render();
    });
    const canCreate = this.ide.boot.can_write && kind && kind.create
      && !(group.kind === "domain" && group.items.length > 0);
    const add = canCreate ? h("button", {
      type: "button", class: "ide-icon", title: `New ${kind.label.toLowerCase()}`,
      "aria-label": `New ${kind.label.toLowerCase()}`, onclick: () => this.create(group.kind),
    }, "+") : null;
    const list = h("ul", { class: "ide-items", id: listId, hidden: !open },
      group.items.length ? group.items.map((item) => this.renderItem({ ...item, kind: item.kind || group.kind }, active))
        : h("li", { class: "muted ide-none" }, "None yet"));
    return h("section", { class: "ide-group", dataset: { kind: group.kind } },
      h("div", { class: "ide-group-head" }, toggle, add), list);
  }

  renderItem(item, active) {
    const kind = KINDS[item.kind];
    const key = kind ? fileKey(item) : `${item.kind}:${item.name}`;
    const icon = (label, text, onclick) => h("button", {
      type: "button", class: "ide-icon", title: label, "aria-label": `${label}: ${item.name}`, onclick,
    }, text);
    const write = this.ide.boot.can_write;
    return h("li", { class: "ide-item" + (key === active ? " active" : "") },
      h("button", {
        type: "button", class: "ide-open", title: item.detail || item.name,
        dataset: { focusKey: key, key }, "aria-current": key === active ? "true" : null,
        onclick: () => this.ide.workspace.open(item),
      }, h("span", { class: "ide-name" }, item.name), item.detail ? h("span", { class: "ide-detail" }, item.detail) : null),
      h("span", { class: "ide-item-actions" },
        item.id != null ? icon("Copy ID", "#", () => this.copy(`${item.id}`, "ID")) : null,
        item.uuid ? icon("Copy UUID", "⧉", () => this.copy(item.uuid, "UUID")) : null,
        write && kind && kind.rename ? icon("Rename", "✎", () => this.rename(item)) : null,
        write && kind && kind.remove ? icon("Delete", "🗑", () => this.remove(item)) : null));
  }

  async copy(text, what) {
    try {
      await copyText(text);
      this.ide.status(`${what} ${text} copied`, "ok");
    } catch (err) {
      this.ide.status(`Could not copy: ${describeError(err)}`, "error");
    }
  }

  async create(kindName) {
    const kind = KINDS[kindName];
    const created = await askForm({
      title: `New ${kind.label.toLowerCase()}`,
      fields: typeof kind.createFields === "function" ? kind.createFields(this) : kind.createFields,
      action: async (v) => ({ values: v, obj: await kind.create(this.ide.ctx, { ...v, name: v.name.trim() }) }),
    });
    if (!created) return;
    const item = itemFrom(kindName, created.obj, created.values);
    await this.refresh();
    // The tree knows the new file's id and uuid even when the create reply did not say.
    const listed = this.items(kindName).find((i) => i.name === item.name || (item.id != null && i.id === item.id));
    await this.ide.workspace.open(listed ? { ...listed, kind: kindName } : item);
    this.ide.status(`${kind.label} ${item.name} created`, "ok");
  }

  async rename(item) {
    const kind = KINDS[item.kind];
    const renamed = await askForm({
      title: `Rename ${item.name}`,
      submit: "Rename",
      fields: [{ name: "name", label: "New name", value: item.name, required: true }],
      action: (v) => kind.rename(this.ide.ctx, item, v.name.trim()),
    });
    if (!renamed) return;
    await this.refresh();
    const fresh = this.items(item.kind).find((i) => i.id === item.id) || item;
    this.ide.workspace.renamed(item, { ...fresh, kind: item.kind });
    this.ide.status(`Renamed to ${fresh.name}`, "ok");
  }

  async remove(item) {
    const kind = KINDS[item.kind];
    const yes = await confirmDialog(`Delete ${kind.label.toLowerCase()} "${item.name}"? This cannot be undone.`,
      { title: `Delete ${item.name}` });
    if (!yes) return;
    try {
      await kind.remove(this.ide.ctx, item);
    } catch (err) {
      this.ide.status(`Could not delete ${item.name}: ${describeError(err)}`, "error");
      return;
    }
    this.ide.workspace.close(fileKey(item), { force: true });
    await this.refresh();
    this.ide.status(`Deleted ${item.name}`, "ok");
  }

  async runSearch() {
    const q = this.search.value.trim();
    if (!q) {
      this.shownQuery = null;
      this.showResults(null);
      return;
    }
    // Enter searches at once and the typing's delayed search follows: do not redraw the
    // same results under the focus.
    if (q === this.shownQuery && !this.results.hidden) return;
    try {
      const found = await this.ide.ctx.api.get("/ide/search", { q });
      if (this.search.value.trim() === q) {
        this.shownQuery = q;
        this.showResults(found.items || []);
      }
    } catch (err) {
      this.ide.status(`Search failed: ${describeError(err)}`, "error");
    }
  }

  showResults(items) {
    if (items === null) {
      this.results.hidden = true;
      fill(this.results);
      return;
    }
    this.results.hidden = false;
    if (!items.length) {
      fill(this.results, h("li", { class: "muted" }, "Nothing found"));
      return;
    }
    fill(this.results, ...items.map((item) => h("li", {},
      h("button", {
        type: "button", class: "ide-open", onclick: () => this.jump(item),
      }, h("span", { class: "ide-kind" }, KINDS[item.kind] ? KINDS[item.kind].label : item.kind),
      h("span", { class: "ide-name" }, item.name),
      h("span", { class: "ide-detail" }, `${item.app} · #${item.id ?? ""}`)))));
  }

  async jump(item) {
    const appName = typeof item.app === "object" && item.app ? item.app.name : item.app;
    if (appName && (!this.ide.ctx.app || this.ide.ctx.app.name !== appName)) {
      await this.ide.selectApp(appName);
    }
    await this.ide.workspace.open(item);
  }
}
