// The Form panel: page-wide attributes (title, access, label layout...), page events, where
// the form is submitted, the data sources (with a "Request test") and the actions.

import { api, ApiError, field, h, select } from "./dom.js";
import { actionBody, newActionName } from "./properties.js";
import { schemaFields } from "./schema-form.js";

// The data-source fields each kind uses (besides name, type and the hooks).
const SOURCE_FIELDS = {
  query: ["query", "vars"],
  database: ["dataset", "operation"],
  scriptforge: ["script", "function"],
  external: ["method", "url", "headers", "params"],
};
const COMMON_SOURCE = ["name", "type", "auto_load"];
const HOOKS = ["before_request", "on_response", "on_error"];
const ACCESS = [["operators", "Signed-in operators"], ["public", "Anyone (public)"], ["portal", "Customer-portal users"]];

function section(id, title, ...children) {
  return h("section", { class: "pe-section", "aria-labelledby": id }, h("h3", { id }, title), ...children);
}

function setKey(object, key, value) {
  if (value === undefined) delete object[key];
  else object[key] = value;
}

export function renderFormPanel(root, store) {
  root.replaceChildren();
  const doc = store.doc;
  const box = h("fieldset", { class: "pe-panel-body", disabled: !store.canSave }, h("legend", { class: "pe-panel-title" }, "Form attributes"));

  const title = h("input", { type: "text", value: doc.title || "", maxlength: 200 });
  title.addEventListener("input", () => store.change((d) => { d.title = title.value; }, "title"));
  const access = select(ACCESS, store.meta.access);
  access.addEventListener("change", () => store.setMeta({ access: access.value }));
  const roles = h("input", { type: "text", value: (store.meta.roles || []).join(", ") });
  roles.addEventListener("change", () => store.setMeta({ roles: roles.value.split(",").map((r) => r.trim()).filter(Boolean) }));
  box.append(section("pe-f-page", "Page",
    field("pe-f-title", "Page title", title, { path: "title" }),
    field("pe-f-access", "Who may open it", access, { path: "access" }),
    field("pe-f-roles", "Operator roles allowed", roles, { path: "roles", help: "Comma-separated; empty: every operator role." })));

  const form = doc.form || {};
  box.append(section("pe-f-layout", "Layout", ...schemaFields(store.defs.FormAttributes, {
    defs: store.defs,
    value: form,
    path: "form",
    idPrefix: "pe-f",
    skip: ["events", "submit"],
    long: ["css"],
    titles: { ui: "UI kit", css: "Style sheet", custom_class: "Custom class (form root)" },
    onChange: (key, value) => store.change((d) => {
      d.form = d.form || {};
      setKey(d.form, key, value);
    }, `form.${key}`),
  })));

  const events = h("div", {});
  for (const event of ["mounted", "refresh"]) {
    const pick = select(doc.actions.map((a) => a.name), (form.events || {})[event] || "", { empty: "(no action)" });
    pick.addEventListener("change", () => store.change((d) => {
      d.form = d.form || {};
      d.form.events = { ...(d.form.events || {}) };
      setKey(d.form.events, event, pick.value || undefined);
    }));
    events.append(field(`pe-f-event-${event}`, `${event} action`, pick, { path: `form.events.${event}` }));
  }
  box.append(section("pe-f-events", "Page events", events));
  box.append(submitSection(store));
  box.append(sourcesSection(store));
  box.append(actionsSection(store));
  root.append(box);
}

function submitSection(store) {
  const submit = (store.doc.form || {}).submit;
  const on = h("input", { type: "checkbox", checked: Boolean(submit) });
  on.addEventListener("change", () => {
    store.change((d) => {
      d.form = d.form || {};
      d.form.submit = on.checked ? { type: "dataset", dataset: store.names.datasets[0] || null } : null;
    });
    store.refreshPanel();
  });
  const body = [field("pe-f-submit-on", "Submit the form (to a dataset or a script)", on, { inline: true, path: "form.submit" })];
  if (submit) {
    body.push(...schemaFields(store.defs.SubmitTarget, {
      defs: store.defs,
      value: submit,
      path: "form.submit",
      idPrefix: "pe-f",
      choices: { dataset: store.names.datasets, script: store.names.scripts },
      onChange: (key, value) => {
        store.change((d) => setKey(d.form.submit, key, value), `submit.${key}`);
        if (key === "type") store.refreshPanel();
      },
    }));
  }
  return section("pe-f-submit", "Submit target", ...body);
}

function sourcesSection(store) {
  const doc = store.doc;
  const body = h("div", {});
  doc.data_sources.forEach((source, i) => {
    const fields = [...COMMON_SOURCE, ...(SOURCE_FIELDS[source.type] || []), ...HOOKS];
    const box = h("fieldset", { class: "pe-fieldset pe-row", "data-field-path": `data_sources.${i}` },
      h("legend", {}, `Data source ${source.name || i + 1}`));
    box.append(...schemaFields(store.defs.DataSource, {
      defs: store.defs,
      value: source,
      path: `data_sources.${i}`,
      idPrefix: "pe-f",
      only: fields,
      long: HOOKS,
      choices: { query: store.names.queries, dataset: store.names.datasets, script: store.names.scripts },
      onChange: (key, value) => {
        store.change((d) => {
          const old = d.data_sources[i].name;
          setKey(d.data_sources[i], key, value);
          if (key === "name" && value) renameSource(d, old, value);
        }, `ds.${i}.${key}`);
        if (key === "type") store.refreshPanel();
      },
    }));
    const result = h("div", { class: "pe-test-result", role: "status", "aria-live": "polite", id: `pe-f-ds-${i}-result` });
    box.append(h("div", { class: "pe-panel-actions" },
      h("button", { type: "button", class: "secondary", onclick: () => requestTest(store, i, result) }, "Request test"),
      h("button", { type: "button", class: "secondary", onclick: () => {
        store.change((d) => d.data_sources.splice(i, 1));
        store.refreshPanel();
      } }, `Remove data source ${source.name || i + 1}`)), result);
    body.append(box);
  });
  body.append(h("button", { type: "button", class: "secondary", onclick: () => {
    let n = doc.data_sources.length + 1;
    while (doc.data_sources.some((s) => s.name === `source${n}`)) n += 1;
    store.change((d) => d.data_sources.push({ name: `source${n}`, type: "query", query: store.names.queries[0] || null }));
    store.refreshPanel();
  } }, "Add data source"));
  return section("pe-f-sources", "Data sources", body);
}

async function requestTest(store, index, out) {
  const source = store.doc.data_sources[index];
  out.replaceChildren(h("p", { class: "muted" }, "Requesting…"));
  try {
    const reply = await api("POST", store.paths.test, { source, args: {} });
    out.replaceChildren(...showData(reply.data));
  } catch (error) {
    const details = error instanceof ApiError ? error.details : [];
    out.replaceChildren(h("p", { class: "form-error" }, `Request failed: ${error.message}`),
      details.length ? h("ul", { class: "pe-errors" }, details.map((d) => h("li", {}, `${d.path}: ${d.message}`))) : null);
  }
}

function showData(data) {
  const rows = Array.isArray(data) ? data : data && Array.isArray(data.rows) ? data.rows : null;
  if (rows && rows.every((r) => r && typeof r === "object" && !Array.isArray(r))) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const shown = rows.slice(0, 20);
    return [
      h("p", {}, `${rows.length} row${rows.length === 1 ? "" : "s"}${rows.length > shown.length ? `, the first ${shown.length} shown` : ""}.`),
      h("div", { class: "table-wrap" }, h("table", { class: "pe-test-table" },
        h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, shown.map((r) => h("tr", {}, columns.map((c) => h("td", {}, r[c] === null || r[c] === undefined ? "" : typeof r[c] === "object" ? JSON.stringify(r[c]) : String(r[c])))))))),
    ];
  }
  return [h("pre", { class: "json" }, JSON.stringify(data, null, 2))];
}

function actionsSection(store) {
  const doc = store.doc;
  const body = h("div", {});
  doc.actions.forEach((action, i) => {
    const name = h("input", { type: "text", value: action.name, pattern: "[A-Za-z_][A-Za-z0-9_]{0,63}" });
    name.addEventListener("change", () => {
      const old = action.name;
      const next = name.value.trim();
      store.change((d) => {
        d.actions[i].name = next;
        renameAction(d, old, next);
      });
      store.refreshPanel();
    });
    body.append(h("fieldset", { class: "pe-fieldset pe-row", "data-field-path": `actions.${i}` },
      h("legend", {}, `Action ${action.name}`),
      field(`pe-f-action-${i}-name`, "Action name", name, { path: `actions.${i}.name` }),
      actionBody(store, i, `pe-f-action-${i}-body`, `Body of ${action.name}`),
      h("button", { type: "button", class: "secondary pe-small", onclick: () => {
        store.change((d) => d.actions.splice(i, 1));
        store.refreshPanel();
      } }, `Remove action ${action.name}`)));
  });
  body.append(h("button", { type: "button", class: "secondary", onclick: () => {
    const name = newActionName(doc, "action");
    store.change((d) => d.actions.push({ name, body: "" }));
    store.refreshPanel();
  } }, "Add action"));
  return section("pe-f-actions", "Actions", body);
}

function eachComponent(doc, visit) {
  const walk = (items) => {
    for (const c of items || []) {
      visit(c);
      walk(c.children);
      for (const slot of c.slots || []) walk(slot.children);
    }
  };
  walk(doc.components);
}

/** Follow a data source's new name to the components it fills. */
function renameSource(doc, old, next) {
  eachComponent(doc, (c) => {
    if (c.data_source === old) c.data_source = next;
    if (c.options && c.options.data_source === old) c.options.data_source = next;
  });
}

/** Follow an action's new name everywhere it is bound. */
function renameAction(doc, old, next) {
  eachComponent(doc, (c) => {
    for (const [event, name] of Object.entries(c.events || {})) if (name === old) c.events[event] = next;
    if (c.options && c.options.action === old) c.options.action = next;
    if (c.rules && c.rules.custom === old) c.rules.custom = next;
  });
  const events = (doc.form || {}).events || {};
  for (const [event, name] of Object.entries(events)) if (name === old) events[event] = next;
}
