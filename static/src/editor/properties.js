// The property panel of the selected component: id and label, flags, its attributes (from
// the attribute model's JSON Schema), options, data source, validation rules, events bound
// to actions (with the action's body), and the regions of a container.

import { domId, field, h, select } from "./dom.js";
import { find } from "./model.js";
import { schemaFields } from "./schema-form.js";

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const ACTION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const RULE_TYPES = ["string", "email", "url", "number", "integer", "phone", "date"];

function section(title, ...children) {
  const id = domId("pe-sec", title);
  return h("section", { class: "pe-section", "aria-labelledby": id }, h("h3", { id }, title), ...children);
}

/** Change the selected component (found again by id: the document may have been replaced). */
function changer(store, id) {
  return (mutate, mergeKey = null) => store.change((doc) => {
    const entry = find(doc, id);
    if (entry) mutate(entry.component, doc);
  }, mergeKey);
}

function setKey(object, key, value) {
  if (value === undefined) delete object[key];
  else object[key] = value;
}

export function renderComponentPanel(root, store) {
  root.replaceChildren();
  const entry = store.selected ? find(store.doc, store.selected) : null;
  if (!entry) {
    root.append(h("p", { class: "muted pe-empty-panel" }, "Select a component on the page to see its properties."));
    return;
  }
  const c = entry.component;
  const kind = store.catalogue[c.type];
  const change = changer(store, c.id);
  const idp = domId("pe-c", c.id);
  const box = h("fieldset", { class: "pe-panel-body", disabled: !store.canSave },
    h("legend", { class: "pe-panel-title" }, `${kind ? kind.label : c.type}: ${c.name || c.id}`));

  // Identity: the id is the API handle and the data key.
  const idInput = h("input", { type: "text", value: c.id, pattern: ID_PATTERN.source, required: true });
  const idError = h("span", { class: "pe-json-problem", role: "alert" });
  idInput.addEventListener("change", () => {
    const next = idInput.value.trim();
    idError.textContent = "";
    if (!ID_PATTERN.test(next)) {
      idError.textContent = "An id starts with a letter and has only letters, digits and _.";
      return;
    }
    if (next !== c.id && find(store.doc, next)) {
      idError.textContent = `The id ${next} is already used.`;
      return;
    }
    const old = c.id;
    store.change((doc) => {
      const found = find(doc, old);
      if (found) found.component.id = next;
    });
    store.select(next);
  });
  const idField = field(`${idp}-id`, "ID", idInput, { path: "id", help: "The component's handle in actions (this.$(id)) and its key in the form's data." });
  idField.append(idError);
  const nameInput = h("input", { type: "text", value: c.name || "", maxlength: 200 });
  nameInput.addEventListener("input", () => change((x) => { x.name = nameInput.value; }, `${c.id}:name`));
  box.append(section("Component", idField,
    field(`${idp}-name`, "Label", nameInput, { path: "name", help: "The label shown with the component." }),
    ...flags(c, kind, change, idp)));

  if (kind) {
    const attrs = schemaFields(kind.attributes, {
      defs: kind.attributes.$defs || {},
      value: c.attributes || {},
      path: "attributes",
      idPrefix: idp,
      long: ["html", "content", "description", "code"],
      onChange: (key, value) => change((x) => {
        x.attributes = x.attributes || {};
        setKey(x.attributes, key, value);
      }, `${c.id}:attributes.${key}`),
    });
    if (attrs.length) box.append(section("Attributes", ...attrs));
    if (kind.options) box.append(optionsSection(c, store, change, idp));
    if (!kind.container && !kind.options) {
      const ds = select(store.doc.data_sources.map((s) => s.name), c.data_source || "", { empty: "(none)" });
      ds.addEventListener("change", () => change((x) => { x.data_source = ds.value || null; }));
      box.append(section("Data", field(`${idp}-data_source`, "Filled by data source", ds, { path: "data_source",
        help: "Grids, charts and statistics show this data source's rows." })));
    }
    if (kind.field) box.append(rulesSection(c, store, change, idp));
    if (kind.events.length) box.append(eventsSection(c, kind, store, change, idp));
    if (kind.container === "slots") box.append(slotsSection(c, store, change, idp));
  }
  box.append(h("div", { class: "pe-panel-actions" },
    h("button", { type: "button", class: "danger", onclick: () => store.removeSelected() }, "Delete component")));
  root.append(box);
}

function flags(c, kind, change, idp) {
  const names = [["hidden", "Hidden"], ["disabled", "Disabled"], ["readonly", "Read only"]];
  if (kind && kind.field) names.unshift(["binding", "Data binding (part of the form's data)"]);
  return names.map(([key, text]) => {
    const fallback = key === "binding";
    const box = h("input", { type: "checkbox", checked: c[key] === undefined ? fallback : Boolean(c[key]) });
    box.addEventListener("change", () => change((x) => { x[key] = box.checked; }));
    return field(`${idp}-${key}`, text, box, { path: key, inline: true });
  });
}

function optionsSection(c, store, change, idp) {
  const options = c.options || { source: "static", items: [] };
  const body = h("div", {});
  const source = select([["static", "Static list"], ["data_source", "A data source"], ["action", "An action"]], options.source || "static");
  source.addEventListener("change", () => {
    change((x) => {
      x.options = { ...(x.options || { items: [] }), source: source.value };
    });
    store.refreshPanel();
  });
  body.append(field(`${idp}-options-source`, "Options come from", source, { path: "options.source" }));
  if ((options.source || "static") === "static") {
    const items = (options.items || []).map((o) => ({ ...o }));
    const rows = h("div", { class: "pe-options" });
    const emit = () => change((x) => {
      x.options = { ...(x.options || {}), source: "static", items: items.map((o) => ({ ...o })) };
    });
    const draw = () => {
      rows.replaceChildren();
      items.forEach((item, i) => {
        const value = h("input", { type: "text", value: item.value ?? "" });
        value.addEventListener("input", () => { item.value = value.value; emit(); });
        const label = h("input", { type: "text", value: item.label ?? "" });
        label.addEventListener("input", () => { item.label = label.value || null; emit(); });
        rows.append(h("div", { class: "pe-option-row", "data-field-path": `options.items.${i}` },
          field(`${idp}-opt-${i}-value`, `Option ${i + 1} value`, value, { path: `options.items.${i}.value` }),
          field(`${idp}-opt-${i}-label`, `Option ${i + 1} label`, label, { path: `options.items.${i}.label` }),
          h("button", { type: "button", class: "secondary pe-small", onclick: () => { items.splice(i, 1); emit(); draw(); } }, `Remove option ${i + 1}`)));
      });
    };
    draw();
    body.append(rows, h("button", { type: "button", class: "secondary pe-small", onclick: () => {
      const n = items.length + 1;
      items.push({ value: `option${n}`, label: `Option ${n}` });
      emit();
      draw();
    } }, "Add option"));
  } else if (options.source === "data_source") {
    const ds = select(store.doc.data_sources.map((s) => s.name), options.data_source || "", { empty: "(choose)" });
    ds.addEventListener("change", () => change((x) => { x.options = { ...x.options, data_source: ds.value || null }; }));
    const vf = h("input", { type: "text", value: options.value_field || "value" });
    vf.addEventListener("input", () => change((x) => { x.options = { ...x.options, value_field: vf.value || "value" }; }, `${c.id}:vf`));
    const lf = h("input", { type: "text", value: options.label_field || "label" });
    lf.addEventListener("input", () => change((x) => { x.options = { ...x.options, label_field: lf.value || "label" }; }, `${c.id}:lf`));
    body.append(
      field(`${idp}-options-data_source`, "Options data source", ds, { path: "options.data_source",
        help: store.doc.data_sources.length ? "Add data sources in the Form tab." : "The page has no data source yet: add one in the Form tab." }),
      field(`${idp}-options-value_field`, "Value field", vf, { path: "options.value_field", help: "The row field giving each option's value." }),
      field(`${idp}-options-label_field`, "Label field", lf, { path: "options.label_field", help: "The row field giving each option's label." }));
  } else {
    const action = select(store.doc.actions.map((a) => a.name), options.action || "", { empty: "(choose)" });
    action.addEventListener("change", () => change((x) => { x.options = { ...x.options, action: action.value || null }; }));
    body.append(field(`${idp}-options-action`, "Options action", action, { path: "options.action",
      help: "An action returning the options (or rows)." }));
  }
  return section("Options", body);
}

function rulesSection(c, store, change, idp) {
  const rules = c.rules || {};
  const schema = store.defs.Rules;
  const custom = select(store.doc.actions.map((a) => a.name), rules.custom || "", { empty: "(none)" });
  custom.addEventListener("change", () => change((x) => {
    x.rules = { ...(x.rules || {}) };
    setKey(x.rules, "custom", custom.value || undefined);
  }));
  const fields = schemaFields(schema, {
    defs: store.defs,
    value: rules,
    path: "rules",
    idPrefix: idp,
    skip: ["custom"],
    choices: { type: RULE_TYPES },
    onChange: (key, value) => change((x) => {
      x.rules = { ...(x.rules || {}) };
      setKey(x.rules, key, value);
      if (!Object.keys(x.rules).length) x.rules = null;
    }, `${c.id}:rules.${key}`),
  });
  return section("Validation", ...fields,
    field(`${idp}-rules-custom`, "Custom rule (action)", custom, { path: "rules.custom",
      help: "An action (rule, value, callback) => {...}: call callback() when valid, callback('message') when not." }));
}

function eventsSection(c, kind, store, change, idp) {
  const body = h("div", {});
  for (const event of kind.events) {
    const bound = (c.events || {})[event] || "";
    const pick = select([...store.doc.actions.map((a) => a.name), ["__new__", "New action…"]], bound, { empty: "(no action)" });
    pick.addEventListener("change", () => {
      let name = pick.value;
      if (name === "__new__") {
        name = newActionName(store.doc, `${c.id}_${event}`);
        store.change((doc) => { doc.actions.push({ name, body: "" }); });
      }
      change((x) => {
        x.events = { ...(x.events || {}) };
        setKey(x.events, event, name || undefined);
      });
      store.refreshPanel();
    });
    body.append(field(`${idp}-event-${event}`, `${event} action`, pick, { path: `events.${event}` }));
    const index = store.doc.actions.findIndex((a) => a.name === bound);
    if (index >= 0) body.append(actionBody(store, index, `${idp}-event-${event}-body`, `Body of ${bound}`));
  }
  return section("Events", body);
}

export function newActionName(doc, base) {
  const stem = base.replace(/[^A-Za-z0-9_]/g, "_").replace(/^[^A-Za-z_]/, "_$&").slice(0, 56);
  let name = stem;
  for (let n = 2; doc.actions.some((a) => a.name === name); n += 1) name = `${stem}_${n}`;
  return name;
}

/** A text area bound to the body of the document's action at `index`. */
export function actionBody(store, index, id, text) {
  const action = store.doc.actions[index];
  const area = h("textarea", { rows: 6, class: "mono pe-code", spellcheck: "false" }, action.body || "");
  area.addEventListener("input", () => store.change((doc) => {
    if (doc.actions[index]) doc.actions[index].body = area.value;
  }, `action:${index}:body`));
  return field(id, text, area, { path: `actions.${index}.body`, help: "JavaScript; this is the page (this.$(id), this.getData(), this.sendRequest(name)...)." });
}

function slotsSection(c, store, change, idp) {
  const body = h("div", {});
  (c.slots || []).forEach((slot, i) => {
    const row = h("fieldset", { class: "pe-fieldset pe-row" }, h("legend", {}, `Region ${i + 1}`));
    if (c.type === "grid") {
      const span = h("input", { type: "number", min: 1, max: 24, value: slot.span ?? "" });
      span.addEventListener("input", () => change((x) => {
        if (x.slots[i]) x.slots[i].span = span.value === "" ? null : Math.max(1, Math.min(24, span.valueAsNumber || 1));
      }, `${c.id}:slot${i}:span`));
      row.append(field(`${idp}-slot-${i}-span`, `Column ${i + 1} span (of 24)`, span, { path: `slots.${i}.span` }));
    } else {
      const label = h("input", { type: "text", value: slot.label || "" });
      label.addEventListener("input", () => change((x) => { if (x.slots[i]) x.slots[i].label = label.value || null; }, `${c.id}:slot${i}:label`));
      const key = h("input", { type: "text", value: slot.key || "" });
      key.addEventListener("input", () => change((x) => { if (x.slots[i]) x.slots[i].key = key.value || null; }, `${c.id}:slot${i}:key`));
      row.append(field(`${idp}-slot-${i}-label`, `Region ${i + 1} label`, label, { path: `slots.${i}.label` }),
        field(`${idp}-slot-${i}-key`, `Region ${i + 1} key`, key, { path: `slots.${i}.key` }));
    }
    row.append(h("button", { type: "button", class: "secondary pe-small", onclick: () => {
      change((x) => { x.slots.splice(i, 1); });
      store.refreshPanel();
    } }, `Remove region ${i + 1}${slot.children && slot.children.length ? " and its components" : ""}`));
    body.append(row);
  });
  body.append(h("button", { type: "button", class: "secondary pe-small", onclick: () => {
    change((x) => {
      const n = (x.slots || []).length + 1;
      x.slots = [...(x.slots || []), x.type === "grid" ? { span: 12, children: [] } : { label: `Region ${n}`, children: [] }];
    });
    store.refreshPanel();
  } }, c.type === "grid" ? "Add column" : "Add region"));
  return section(c.type === "grid" ? "Columns" : "Regions", body);
}

export { ACTION_NAME };
