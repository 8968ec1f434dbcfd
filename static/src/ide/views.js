// What fills a tab: a CodeMirror editor (scripts, queries, templates, kv values, page JSON),
// the visual page editor in a frame, or a form (environment variables, buttons, the
// domain, app settings); and each file's Settings view (ids, a script's limits and access).
import { describeError, seg } from "./api.js";
import { checkbox, copyText, field, fill, formatTime, h } from "./dom.js";
import { createEditor, setText } from "./editor.js";
import { BUTTON_AREAS } from "./kinds.js";

function child(tab, mode, ...content) {
  const el = h("div", { class: `ide-view ide-view-${mode}`, dataset: { mode }, hidden: tab.mode !== mode }, content);
  tab.pane.append(el);
  return el;
}

/** The editor of a text file; ``tab.save`` writes what it holds. */
function codeEditor(ide, tab, parent, { readOnly = false } = {}) {
  const ws = ide.workspace;
  tab.view = createEditor({
    parent,
    text: tab.file.text,
    language: tab.file.language || "plain",
    readOnly: readOnly || !ide.boot.can_write,
    api: ide.ctx.api,
    appName: () => (ide.ctx.app ? ide.ctx.app.name : ""),
    label: `${tab.kind.label} ${tab.item.name}`,
    keys: {
      "Mod-s": () => ws.save(tab),
      "Mod-Enter": () => tab.kind.run && ide.console.run(tab),
    },
    onChange: (text) => ws.setDirty(tab, text !== tab.file.text),
  });
  if (readOnly || !tab.kind.save) return;
  tab.save = async () => {
    const text = tab.view.state.doc.toString();
    await tab.kind.save(ide.ctx, tab.file, text);
    tab.file.text = text;
    ws.setDirty(tab, tab.view.state.doc.toString() !== text);
  };
}

/** Load the file again (after a restore, or the visual editor saved it). */
export async function reload(ide, tab) {
  const file = await tab.kind.load(ide.ctx, tab.item);
  tab.file.text = file.text;
  tab.file.meta = file.meta;
  if (tab.view) setText(tab.view, file.text);
  if (tab.refreshForm) tab.refreshForm();
  ide.workspace.setDirty(tab, false);
}

function pageView(ide, tab) {
  const base = ide.pathFor("page_editor", tab.item.name);
  const editorUrl = base ? `${base}?embed=1` : null;
  const frame = editorUrl
    ? h("iframe", { class: "ide-page-frame", src: editorUrl, title: `Visual editor: ${tab.item.name}` })
    : h("p", { class: "ide-empty muted" }, "The visual page editor is not installed here; use the JSON view.");
  child(tab, "editor", frame);
  const jsonBox = child(tab, "json");
  codeEditor(ide, tab, jsonBox);
  if (!editorUrl) {
    tab.baseMode = "json";
    tab.mode = "json";
    for (const c of tab.pane.children) c.hidden = c.dataset.mode !== "json";
  }
  let jsonSaved = false;
  const save = tab.save;
  tab.save = async () => {
    if (tab.baseMode !== "json") throw new Error("The visual editor saves with its own Save button; switch to JSON to save here");
    await save();
    jsonSaved = true;
  };
  tab.onShow = async (mode) => {
    if (mode === "json" && !tab.dirty) {
      try {
        await reload(ide, tab); // the visual editor may have saved since
      } catch (err) {
        ide.status(`Could not reload ${tab.item.name}: ${describeError(err)}`, "error");
      }
    } else if (mode === "editor" && jsonSaved && frame.tagName === "IFRAME") {
      jsonSaved = false;
      frame.src = editorUrl;
    }
  };
}

function datasetView(ide, tab) {
  const name = tab.item.name;
  const rows = ide.pathFor("dataset_rows", name);
  const schema = ide.pathFor("dataset_schema", name);
  const meta = tab.file.meta;
  const box = h("div", { class: "ide-dataset-code" });
  child(tab, "editor",
    h("div", { class: "ide-form-head" },
      h("p", {}, meta.description || "Columns of this dataset (besides id, created_at, updated_at):"),
      h("p", { class: "ide-links" },
        rows ? h("a", { href: rows, target: "_blank", rel: "noopener" }, "Open rows") : null, " ",
        schema ? h("a", { href: schema, target: "_blank", rel: "noopener" }, "Edit columns") : null)),
    box);
  codeEditor(ide, tab, box, { readOnly: true });
}

/** A form view: ``render()`` builds its fields from ``tab.file.meta``; ``submit()`` saves them. */
function formView(ide, tab, { render, submit, saveLabel = "Save" }) {
  const ws = ide.workspace;
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const holder = h("div", { class: "ide-form-fields" });
  const saveButton = h("button", { type: "submit" }, saveLabel);
  const form = h("form", { class: "stack ide-form", novalidate: true }, holder, error,
    ide.boot.can_write ? h("div", {}, saveButton) : null);
  const extra = h("div", { class: "ide-form-extra" });
  child(tab, "editor", form, extra);
  tab.refreshForm = () => {
    fill(holder, ...render(tab.file.meta, extra));
    if (!ide.boot.can_write) holder.querySelectorAll("input, select, textarea").forEach((c) => { c.disabled = true; });
  };
  tab.refreshForm();
  form.addEventListener("input", () => ws.setDirty(tab, true));
  form.addEventListener("change", () => ws.setDirty(tab, true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ws.save(tab);
  });
  tab.save = async () => {
    error.hidden = true;
    try {
      tab.file.meta = (await submit(holder, tab.file.meta)) || tab.file.meta;
    } catch (err) {
      error.textContent = describeError(err);
      error.hidden = false;
      throw err;
    }
    ws.setDirty(tab, false);
    tab.refreshForm();
  };
}

const input = (name, value, attrs = {}) => h("input", { type: "text", name, value: value ?? "", autocomplete: "off", ...attrs });
const numberInput = (name, value, attrs = {}) => h("input", { type: "number", name, value: value ?? "", ...attrs });
const select = (name, value, options) => h("select", { name, value: value ?? "" },
  options.map((o) => (Array.isArray(o) ? h("option", { value: o[0] }, o[1]) : h("option", { value: o }, o))));
const val = (holder, name) => holder.querySelector(`[name="${name}"]`).value;
const checked = (holder, name) => holder.querySelector(`[name="${name}"]`).checked;
const appPath = (ide, ...rest) => seg("apps", ide.ctx.app.name, ...rest);

function envView(ide, tab) {
  formView(ide, tab, {
    render(meta) {
      const value = h("textarea", { name: "value", rows: 4, class: "mono", spellcheck: "false",
        placeholder: meta.protected ? "****" : "", value: meta.protected ? "" : meta.value });
      const flags = [
        ["protected", "Protected: the value is never shown again"],
        ["private", "Private: scripts only, not pages or templates"],
        ["locked", "Locked: no change or deletion until unlocked"],
        ["is_default", "Default: install-time default; upgrades keep the stored value"],
      ].map(([name, label]) => checkbox(label, meta[name], { name }).el);
      return [
        field("Key", input("key", meta.key, { readonly: true })),
        meta.protected ? h("p", { class: "muted" }, "Current value: ", h("code", {}, "****"),
          meta.has_value ? "" : " (empty)", ". Type a new value to replace it.") : null,
        field("Value", value),
        h("fieldset", { class: "choice" }, h("legend", {}, "Flags"), flags),
      ];
    },
    async submit(holder, meta) {
      const body = {};
      for (const flag of ["protected", "private", "locked", "is_default"]) body[flag] = checked(holder, flag);
      const value = val(holder, "value");
      if (!meta.protected || value !== "") body.value = value;
      return ide.ctx.api.patch(appPath(ide, "env", meta.key), body);
    },
  });
}

const COLOURS = ["primary", "secondary", "success", "warning", "danger", "info"];
const AREAS = BUTTON_AREAS.map((a) => [a.value, a.label]);

function names(ide, kind) {
  return ide.sidebar.items(kind).map((i) => i.name);
}

function datalist(id, values) {
  return h("datalist", { id }, values.map((v) => h("option", { value: v })));
}

function buttonView(ide, tab) {
  formView(ide, tab, {
    render(meta) {
      const pages = `dl-pages-${tab.item.id}`;
      const scripts = `dl-scripts-${tab.item.id}`;
      return [
        datalist(pages, names(ide, "page")), datalist(scripts, names(ide, "script")),
        field("Label", input("label", meta.label, { required: true, maxlength: 64 })),
        field("Icon", input("icon", meta.icon, { maxlength: 64 }), "An icon name, e.g. phone"),
        field("Colour", select("colour", meta.colour, COLOURS)),
        field("Tooltip", input("tooltip", meta.tooltip, { maxlength: 200 })),
        field("Shows in", select("area", meta.area, AREAS)),
        field("Show on page", input("show_on", meta.show_on, { list: pages }), "For the page toolbars: the page that shows it"),
        field("Opens page", input("page", meta.page, { list: pages })),
        field("Runs script", input("script", meta.script, { list: scripts })),
        field("Function", input("function", meta.function), "The script's exported function"),
        h("div", { class: "ide-row" },
          field("Min. selected rows", numberInput("min_select", meta.min_select, { min: 0 })),
          field("Max. selected rows", numberInput("max_select", meta.max_select, { min: 0 }), "Empty: no limit"),
          field("Sort order", numberInput("sort_order", meta.sort_order))),
      ];
    },
    async submit(holder, meta) {
      const int = (name, fallback) => (val(holder, name) === "" ? fallback : parseInt(val(holder, name), 10));
      const body = {
        label: val(holder, "label").trim(), icon: val(holder, "icon").trim(), colour: val(holder, "colour"),
        tooltip: val(holder, "tooltip"), area: val(holder, "area"), show_on: val(holder, "show_on").trim(),
        page: val(holder, "page").trim(), script: val(holder, "script").trim(),
        function: val(holder, "function").trim(), min_select: int("min_select", 0),
        max_select: int("max_select", null), sort_order: int("sort_order", 0),
      };
      const saved = await ide.ctx.api.patch(appPath(ide, "buttons", meta.id), body);
      if (saved.label !== tab.item.name) ide.sidebar.refresh();
      return saved;
    },
  });
}

function domainView(ide, tab) {
  formView(ide, tab, {
    render: (meta) => [
      field("Domain", input("domain", meta.domain, { placeholder: "portal.example.com" }),
        "Requests for this host name get the app's pages (the root is its index page) and nothing else. Empty unbinds it."),
    ],
    async submit(holder) {
      const saved = await ide.ctx.api.patch(appPath(ide), { domain: val(holder, "domain").trim() });
      ide.sidebar.refresh();
      return saved;
    },
  });
}

function versionsPanel(ide, tab, box) {
  const api = ide.ctx.api;
  const list = h("div", { class: "ide-versions" });
  const publishError = h("p", { class: "form-error", role: "alert", hidden: true });
  const version = input("version", "", { placeholder: "1.0.0", required: true });
  const note = h("textarea", { name: "note", rows: 3 });
  const publish = h("form", { class: "stack" },
    field("Version", version, "Semantic version, e.g. 1.0.0"), field("Release note", note), publishError,
    h("div", {}, h("button", { type: "submit" }, "Publish")));
  async function load() {
    let found;
    try {
      found = await api.get(appPath(ide, "versions"));
    } catch (err) {
      fill(list, h("p", { class: "form-error" }, describeError(err)));
      return;
    }
    const items = found.items || [];
    const liveIndex = items.findIndex((v) => v.live);
    if (!items.length) {
      fill(list, h("p", { class: "muted" }, "Not published yet."));
      return;
    }
    fill(list, h("table", {},
      h("thead", {}, h("tr", {}, ["Version", "Note", "Published", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, items.map((v, i) => h("tr", {},
        h("td", {}, v.version, v.live ? h("span", { class: "badge ok ide-live" }, "live") : null),
        h("td", {}, v.note), h("td", {}, `${formatTime(v.published_at)} · ${v.published_by}`),
        h("td", {}, v.live || !ide.boot.can_write ? null : h("button", {
          type: "button", class: "secondary",
          onclick: async () => {
            try {
              await api.post(appPath(ide, "versions", v.version, "live"));
              ide.status(`Version ${v.version} is live`, "ok");
              await load();
              ide.sidebar.refresh();
            } catch (err) {
              ide.status(`Could not make ${v.version} live: ${describeError(err)}`, "error");
            }
          },
        }, liveIndex >= 0 && i > liveIndex ? `Roll back to ${v.version}` : "Make live")))))));
  }
  publish.addEventListener("submit", async (event) => {
    event.preventDefault();
    publishError.hidden = true;
    try {
      const made = await api.post(appPath(ide, "versions"), { version: version.value.trim(), note: note.value });
      ide.status(`Published ${made.version || version.value}`, "ok");
      version.value = "";
      note.value = "";
      await load();
      ide.sidebar.refresh();
    } catch (err) {
      publishError.textContent = describeError(err);
      publishError.hidden = false;
    }
  });
  fill(box,
    ide.boot.can_write ? h("section", { class: "panel" }, h("h2", {}, "Publish"), publish) : null,
    h("section", { class: "panel" }, h("h2", {}, "Versions"), list));
  load();
}

function appView(ide, tab) {
  formView(ide, tab, {
    render(meta, extra) {
      if (!extra.childElementCount) versionsPanel(ide, tab, extra);
      return [
        h("h2", {}, "App settings"),
        h("p", { class: "muted" }, `ID ${meta.id} · UUID ${meta.uuid}`),
        field("Title", input("title", meta.title, { maxlength: 128 })),
        field("Description", h("textarea", { name: "description", rows: 3, value: meta.description })),
        field("Time zone", input("timezone", meta.timezone), "IANA time zone, e.g. Europe/London"),
        field("Domain", input("domain", meta.domain, { placeholder: "portal.example.com" }), "Empty: no domain"),
      ];
    },
    async submit(holder) {
      const saved = await ide.ctx.api.patch(appPath(ide), {
        title: val(holder, "title"), description: val(holder, "description"),
        timezone: val(holder, "timezone").trim(), domain: val(holder, "domain").trim(),
      });
      ide.sidebar.refresh();
      return saved;
    },
  });
}

const VIEWS = { page: pageView, dataset: datasetView, env: envView, button: buttonView, domain: domainView, app: appView };

/** Fill a new tab's pane with the view its kind uses. */
export function buildView(ide, tab) {
  const view = VIEWS[tab.kind.editor];
  if (view) view(ide, tab);
  else codeEditor(ide, tab, child(tab, "editor"));
}

const LIMITS = [
  ["cpu_ms", "CPU ms per call"], ["wall_ms", "Wall-clock ms per call"], ["memory_mb", "Memory, MB"],
  ["stack_kb", "Stack, KB"], ["result_kb", "Largest result, KB"], ["log_kb", "Console output kept, KB"],
  ["rate_limit_per_minute", "HTTP calls per minute"],
];

function scriptSettings(ide, tab, meta) {
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "stack ide-form" },
    h("h3", {}, "Limits and access"),
    field("Type", select("type", meta.type, ["app", "script", "driver", "voice"])),
    field("HTTP access", select("access", meta.access, [["apikey", "API key"], ["session", "Signed-in session"], ["public", "Public"]]),
      `Who may call /scriptforge/${meta.uuid}`),
    field("Routing priority", select("routing_priority", meta.routing_priority, ["disabled", "first", "last"])),
    h("div", { class: "ide-row ide-limits" }, LIMITS.map(([name, label]) => field(label, numberInput(name, meta[name], { min: 0 })))),
    field("Description", h("textarea", { name: "description", rows: 2, value: meta.description })),
    error, ide.boot.can_write ? h("div", {}, h("button", { type: "submit" }, "Save settings")) : null);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const body = { type: val(form, "type"), access: val(form, "access"), routing_priority: val(form, "routing_priority"),
      description: val(form, "description") };
    for (const [name] of LIMITS) body[name] = parseInt(val(form, name), 10);
    try {
      tab.file.meta = await ide.ctx.api.patch(seg("scripts", tab.item.id), body);
      ide.status(`Settings of ${tab.item.name} saved`, "ok");
    } catch (err) {
      error.textContent = describeError(err);
      error.hidden = false;
      ide.status(`Could not save settings: ${describeError(err)}`, "error");
    }
  });
  return form;
}

function templateSettings(ide, tab, meta) {
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const sample = h("textarea", { name: "sample", rows: 5, class: "mono", spellcheck: "false",
    value: JSON.stringify(meta.sample || {}, null, 2) });
  const form = h("form", { class: "stack ide-form" },
    h("h3", {}, "Subject, SMS text and sample data"),
    field("Subject", input("subject", meta.subject, { maxlength: 500 }), "Handlebars; plain text"),
    field("SMS text", h("textarea", { name: "sms", rows: 3, value: meta.sms }), "Handlebars; plain text"),
    field("Saved sample data (JSON)", sample, "The variables Run and Preview start from"),
    error, ide.boot.can_write ? h("div", {}, h("button", { type: "submit" }, "Save settings")) : null);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      const body = { subject: val(form, "subject"), sms: val(form, "sms"), sample: JSON.parse(sample.value || "{}") };
      tab.file.meta = await ide.ctx.api.patch(appPath(ide, "templates", tab.item.id), body);
      tab.run.input = JSON.stringify(tab.file.meta.sample || {}, null, 2);
      ide.console.follow(tab);
      ide.status(`Settings of ${tab.item.name} saved`, "ok");
    } catch (err) {
      error.textContent = describeError(err);
      error.hidden = false;
    }
  });
  return form;
}

const SETTINGS = { script: scriptSettings, template: templateSettings };

/** The Settings view: the file's ids (with copy buttons), and a script's limits. */
export function showSettings(ide, tab) {
  let box = tab.pane.querySelector(':scope > [data-mode="settings"]');
  if (!box) {
    box = h("div", { class: "ide-view ide-view-settings", dataset: { mode: "settings" } });
    tab.pane.append(box);
  }
  const meta = tab.file.meta || {};
  const copy = (label, value) => h("button", {
    type: "button", class: "secondary",
    onclick: async () => {
      await copyText(String(value));
      ide.status(`${label} ${value} copied`, "ok");
    },
  }, `Copy ${label}`);
  const ids = h("dl", { class: "ide-ids" },
    tab.item.id != null ? [h("dt", {}, "File ID"), h("dd", {}, h("code", {}, String(tab.item.id)), " ", copy("ID", tab.item.id))] : null,
    (meta.uuid || tab.item.uuid) ? [h("dt", {}, "UUID"), h("dd", {}, h("code", {}, String(meta.uuid || tab.item.uuid)), " ",
      copy("UUID", meta.uuid || tab.item.uuid))] : null,
    meta.updated_at ? [h("dt", {}, "Updated"), h("dd", {}, formatTime(meta.updated_at), meta.updated_by ? ` by ${meta.updated_by}` : "")] : null);
  fill(box, h("h2", {}, `Settings: ${tab.item.name}`), ids,
    SETTINGS[tab.item.kind] ? SETTINGS[tab.item.kind](ide, tab, meta) : null);
  box.hidden = false;
}

