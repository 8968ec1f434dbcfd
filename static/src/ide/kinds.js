// Every kind of file the IDE manages, as data: how it is created, loaded, saved, renamed
// and deleted through the API, which editor shows it, and what its toolbar offers.
// A kind's ``ref(item)`` is what its own endpoints take (numeric id, or key/name).
import { seg } from "./api.js";

export const STARTER_SCRIPT = "export function main(data){ console.log('hello', data); return data }\n";
const STARTER_QUERY = "SELECT 1 AS one";
const STARTER_TEMPLATE = "<p>Hello {{name}}</p>\n";

export const BUTTON_AREAS = [
  { value: "cp_nav", label: "Control panel navigation" },
  { value: "cp_page", label: "A page's toolbar (control panel)" },
  { value: "cp_app_row", label: "The app's row in the apps list" },
  { value: "portal_nav", label: "Customer portal navigation" },
  { value: "portal_page", label: "A page's toolbar (portal)" },
];

const byId = (item) => item.id;
const byName = (item) => item.name;
const appPath = (ctx, ...rest) => seg("apps", ctx.app.name, ...rest);
const nameField = (label = "Name", hint = "") => ({ name: "name", label, required: true, hint });

export const KINDS = {
  script: {
    label: "Script",
    editor: "code",
    ref: byId,
    history: true,
    run: "script",
    settings: true,
    createFields: [
      nameField("Name", "Letters, digits, _ . -"),
      { name: "code", label: "Starter code", type: "textarea", value: STARTER_SCRIPT, rows: 4 },
    ],
    create: (ctx, v) => ctx.api.post("/scripts", { app: ctx.app.name, name: v.name, code: v.code }),
    async load(ctx, item) {
      const script = await ctx.api.get(seg("scripts", item.id));
      return { text: script.code, language: "javascript", meta: script };
    },
    async save(ctx, file, text) {
      file.meta = await ctx.api.patch(seg("scripts", file.item.id),
        { code: text, base_version: file.meta.version });
    },
    rename: (ctx, item, name) => ctx.api.patch(seg("scripts", item.id), { name }),
    remove: (ctx, item) => ctx.api.del(seg("scripts", item.id)),
  },
  query: {
    label: "Query",
    editor: "code",
    ref: byId,
    history: true,
    run: "query",
    createFields: [nameField(), { name: "sql", label: "SQL", type: "textarea", value: STARTER_QUERY, rows: 3 }],
    create: (ctx, v) => ctx.api.post(appPath(ctx, "queries"), { name: v.name, sql: v.sql }),
    async load(ctx, item) {
      const query = await ctx.api.get(appPath(ctx, "queries", item.id));
      if (query.spec) {
        return { text: JSON.stringify(query.spec, null, 2), language: "json", meta: query };
      }
      return { text: query.sql, language: "sql", meta: query };
    },
    async save(ctx, file, text) {
      const body = file.meta.spec ? { spec: JSON.parse(text) } : { sql: text };
      file.meta = await ctx.api.patch(appPath(ctx, "queries", file.item.id), body);
    },
    rename: (ctx, item, name) => ctx.api.patch(appPath(ctx, "queries", item.id), { name }),
    remove: (ctx, item) => ctx.api.del(appPath(ctx, "queries", item.id)),
  },
  template: {
    label: "Template",
    editor: "code",
    ref: byId,
    history: true,
    run: "template",
    preview: "render",
    createFields: [nameField("Name", "Letters, digits, _ . -")],
    create: (ctx, v) => ctx.api.post(appPath(ctx, "templates"),
      { name: v.name, html: STARTER_TEMPLATE, sample: { name: "world" } }),
    async load(ctx, item) {
      const template = await ctx.api.get(appPath(ctx, "templates", item.id));
      return { text: template.html, language: "handlebars", meta: template };
    },
    async save(ctx, file, text) {
      file.meta = await ctx.api.patch(appPath(ctx, "templates", file.item.id), { html: text });
    },
    rename: (ctx, item, name) => ctx.api.patch(appPath(ctx, "templates", item.id), { name }),
    remove: (ctx, item) => ctx.api.del(appPath(ctx, "templates", item.id)),
  },
  page: {
    label: "Page",
    editor: "page",
    ref: byId,
    history: true,
    preview: "page",
    createFields: [nameField("Name", "Lower case letters, digits, _ -; the landing page is 'index'")],
    create: (ctx, v) => ctx.api.post(appPath(ctx, "pages"), { name: v.name, title: v.name }),
    async load(ctx, item) {
      const page = await ctx.api.get(appPath(ctx, "pages", item.id));
      return { text: JSON.stringify(page.document, null, 2), language: "json", meta: page };
    },
    async save(ctx, file, text) {
      file.meta = await ctx.api.patch(appPath(ctx, "pages", file.item.id), { document: JSON.parse(text) });
    },
    rename: (ctx, item, name) => ctx.api.patch(appPath(ctx, "pages", item.id), { name }),
    remove: (ctx, item) => ctx.api.del(appPath(ctx, "pages", item.id)),
  },
  dataset: {
    label: "Dataset",
    editor: "dataset",
    ref: byName,
    createFields: [nameField("Name", "Lower case letters, digits and _")],
    create: (ctx, v) => ctx.api.post(appPath(ctx, "datasets"), { name: v.name }),
    async load(ctx, item) {
      const dataset = await ctx.api.get(appPath(ctx, "datasets", item.name));
      return { text: JSON.stringify(dataset.columns, null, 2), language: "json", meta: dataset };
    },
    remove: (ctx, item) => ctx.api.del(appPath(ctx, "datasets", item.name)),
  },
  env: {
    label: "Environment variable",
    editor: "env",
    ref: byName,
    createFields: [nameField("Key", "Letters, digits and _, not starting with a digit")],
    create: (ctx, v) => ctx.api.post(appPath(ctx, "env"), { key: v.name, value: "" }),
    async load(ctx, item) {
      const meta = await ctx.api.get(appPath(ctx, "env", item.name));
      return { text: "", meta };
    },
    remove: (ctx, item) => ctx.api.del(appPath(ctx, "env", item.name)),
  },
  kv: {
    label: "Key-value entry",
    editor: "code",
    ref: byName,
    createFields: [nameField("Key")],
    create: (ctx, v) => ctx.api.put(appPath(ctx, "kv", v.name), { value: "" }),
    async load(ctx, item) {
      const entry = await ctx.api.get(appPath(ctx, "kv", item.name));
      if (entry.kind === "object" || typeof entry.value !== "string") {
        return { text: JSON.stringify(entry.value, null, 2), language: "json", meta: entry };
      }
      return { text: entry.value, language: "plain", meta: entry };
    },
    async save(ctx, file, text) {
      const object = file.language === "json";
      const body = object ? { value: JSON.parse(text), kind: "object" } : { value: text };
      file.meta = await ctx.api.put(appPath(ctx, "kv", file.item.name), body);
    },
    remove: (ctx, item) => ctx.api.del(appPath(ctx, "kv", item.name)),
  },
  button: {
    label: "Button",
    editor: "button",
    ref: byId,
    // A button opens a page or runs a script's function (or both): offer the app's own.
    createFields: (sidebar) => [
      nameField("Label"),
      { name: "area", label: "Shows in", type: "select", value: "cp_nav", options: BUTTON_AREAS },
      { name: "page", label: "Opens page", type: "select",
        options: [{ value: "", label: "(none)" }, ...sidebar.items("page").map((i) => i.name)] },
      { name: "script", label: "Runs script", type: "select",
        options: [{ value: "", label: "(none)" }, ...sidebar.items("script").map((i) => i.name)] },
      { name: "function", label: "Function", value: "main", hint: "The script's exported function" },
    ],
    create(ctx, v) {
      const body = { label: v.name, area: v.area };
      if (v.page) body.page = v.page;
      if (v.script) Object.assign(body, { script: v.script, function: v.function.trim() || "main" });
      return ctx.api.post(appPath(ctx, "buttons"), body);
    },
    async load(ctx, item) {
      return { text: "", meta: await ctx.api.get(appPath(ctx, "buttons", item.id)) };
    },
    rename: (ctx, item, name) => ctx.api.patch(appPath(ctx, "buttons", item.id), { label: name }),
    remove: (ctx, item) => ctx.api.del(appPath(ctx, "buttons", item.id)),
  },
  domain: {
    label: "Domain",
    editor: "domain",
    ref: byName,
    createFields: [nameField("Host name", "e.g. portal.example.com")],
    create: (ctx, v) => ctx.api.patch(appPath(ctx), { domain: v.name }),
    async load(ctx) {
      return { text: "", meta: await ctx.api.get(appPath(ctx)) };
    },
    remove: (ctx) => ctx.api.patch(appPath(ctx), { domain: "" }),
  },
  app: {
    label: "App settings",
    editor: "app",
    ref: () => "settings",
    async load(ctx) {
      return { text: "", meta: await ctx.api.get(appPath(ctx)) };
    },
  },
};

/** A tree item from what a create call returned (each kind names its fields its way). */
export function itemFrom(kind, created, values) {
  const obj = created || {};
  const name = obj.name ?? obj.key ?? obj.label ?? obj.domain ?? values.name;
  return { kind, id: obj.id ?? null, uuid: obj.uuid ?? null, name };
}

/** The tab key of a file: one tab per file. */
export function fileKey(item) {
  return `${item.kind}:${KINDS[item.kind] ? KINDS[item.kind].ref(item) : item.name}`;
}
