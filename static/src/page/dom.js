// Components in the server-rendered DOM: finding them, reading and writing their values
// from the native controls, and filling choice components with options.

const esc = (id) => (window.CSS && CSS.escape ? CSS.escape(id) : id);

/** The component's root element (`data-pb-id`), or null. */
export function rootOf(id) {
  return document.querySelector(`[data-pb-id="${esc(id)}"]`);
}

/** A field's wrapper (`.pb-field[data-pb-field]`), else the component's root. */
export function boxOf(id) {
  return document.querySelector(`.pb-field[data-pb-field="${esc(id)}"]`) || rootOf(id);
}

/** The element with the component's id (the control of a field). */
export function controlOf(id) {
  return document.getElementById(id);
}

export function errorOf(id) {
  return document.getElementById(`${id}-error`);
}

function parseJson(text, fallback) {
  if (text === null || text === undefined || text === "") return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

export function optionsOf(root) {
  return root ? parseJson(root.getAttribute("data-pb-options"), []) : [];
}

/** Python's str() of an option value, as the server renders native option values. */
export function valueText(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null || value === undefined) return "None";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function sameValue(a, b) {
  if (a === b) return true;
  if (typeof b === "string" && typeof a !== "object") return valueText(a) === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function numberOrNull(text) {
  if (text === "" || text === null || text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** The option inputs (radio/checkbox) of a fieldset, in the options' order. */
function optionInputs(root, kind) {
  return [...root.querySelectorAll(`input[type="${kind}"]`)].filter(
    (input) => !input.classList.contains("pb-visually-hidden"),
  );
}

// -- reading ---------------------------------------------------------------------------------

export function readValue(id, type, store) {
  const root = rootOf(id);
  const control = controlOf(id);
  switch (type) {
    case "input":
    case "textarea":
    case "editor":
    case "color":
      return control ? control.value : null;
    case "number":
      return control ? numberOrNull(control.value) : null;
    case "switch":
      return control ? control.checked : false;
    case "slider": {
      const end = controlOf(`${id}-end`);
      if (end) return [Number(control.value), Number(end.value)];
      return control ? numberOrNull(control.value) : null;
    }
    case "rate": {
      const checked = root && root.querySelector(`input[name="${esc(id)}"]:checked`);
      const n = checked ? Number(checked.value) : 0;
      return n || null;
    }
    case "date":
    case "time": {
      if (!control) return null;
      const end = controlOf(`${id}-end`);
      if (end) return control.value || end.value ? [control.value, end.value] : null;
      if (root && root.hasAttribute("data-pb-multiple")) {
        const parts = control.value.split(",").map((s) => s.trim()).filter(Boolean);
        return parts.length ? parts : null;
      }
      if (type === "date" && control.type === "number") return numberOrNull(control.value);
      return control.value || null;
    }
    case "select": {
      if (!control) return null;
      const options = optionsOf(root);
      // A single select starts with its placeholder option; the rest follow the options.
      const offset = control.multiple ? 0 : 1;
      const picked = (o) => {
        const i = o.index - offset;
        return i >= 0 && i < options.length ? options[i].value : o.value;
      };
      if (control.multiple) return [...control.selectedOptions].map(picked);
      const chosen = control.selectedOptions[0];
      if (!chosen || chosen.index < offset) return null;
      return picked(chosen);
    }
    case "radio":
    case "checkbox": {
      if (!root) return null;
      const options = optionsOf(root);
      const inputs = optionInputs(root, type);
      const values = inputs
        .map((input, i) => (input.checked ? (i < options.length ? options[i].value : input.value) : undefined))
        .filter((v) => v !== undefined);
      return type === "radio" ? (values.length ? values[0] : null) : values;
    }
    case "transfer": {
      if (!control) return [];
      const options = optionsOf(root);
      return [...control.options].map((o) => {
        const found = options.find((item) => valueText(item.value) === o.value);
        return found ? found.value : o.value;
      });
    }
    case "cascader":
    case "tree_select": {
      const hidden = root && root.querySelector(`input[type="hidden"][name="${esc(id)}"]`);
      return hidden ? parseJson(hidden.value, null) : null;
    }
    case "text":
      if (store.has(id)) return store.get(id);
      return control ? control.textContent.trim() || null : null;
    case "statistic": {
      if (store.has(id)) return store.get(id);
      const shown = root && root.querySelector(".pb-statistic-value");
      return shown ? numberOrNull(shown.textContent.trim()) : null;
    }
    case "html":
      if (store.has(id)) return store.get(id);
      return root ? parseJson(root.getAttribute("data-pb-vars"), null) : null;
    case "sub_form":
    case "sub_form_plus":
      if (store.has(id)) return store.get(id);
      return root ? parseJson(root.getAttribute("data-pb-value"), []) : [];
    default:
      return store.has(id) ? store.get(id) : null;
  }
}

// -- writing ---------------------------------------------------------------------------------

function fire(element) {
  element.dispatchEvent(new Event("input", { bubbles: true }));
  element.dispatchEvent(new Event("change", { bubbles: true }));
}

const TEMPLATE_VAR = /\{\{\s*([A-Za-z_$][\w$.]*)\s*\}\}/g;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Markup the page inserts (the HTML component): no scripts, frames, handlers or js: URLs. */
export function sanitise(markup) {
  const doc = new DOMParser().parseFromString(`<body>${markup}</body>`, "text/html");
  doc.querySelectorAll("script,style,iframe,object,embed,link,meta,base,form").forEach((e) => e.remove());
  doc.body.querySelectorAll("*").forEach((element) => {
    for (const attr of [...element.attributes]) {
      const name = attr.name.toLowerCase();
      const bad = name.startsWith("on") || name === "srcdoc" ||
        (["href", "src", "xlink:href", "action", "formaction"].includes(name) &&
          /^\s*(javascript|vbscript|data):/i.test(attr.value) && !/^\s*data:image\//i.test(attr.value));
      if (bad) element.removeAttribute(attr.name);
    }
  });
  return doc.body.innerHTML;
}

/** Write a value into a component; returns whether the value changed the DOM. */
export function writeValue(id, type, value, store) {
  const root = rootOf(id);
  const control = controlOf(id);
  const text = value === null || value === undefined ? "" : value;
  switch (type) {
    case "input":
    case "textarea":
    case "editor":
    case "color":
    case "number":
      if (control) control.value = String(text);
      break;
    case "switch":
      if (control) control.checked = Boolean(value) && value !== "false";
      break;
    case "slider": {
      const end = controlOf(`${id}-end`);
      if (end && Array.isArray(value)) {
        control.value = String(value[0]);
        end.value = String(value[1]);
      } else if (control) {
        control.value = String(text);
        const box = controlOf(`${id}-box`);
        if (box) box.value = String(text);
        const out = root && root.querySelector(".pb-slider-value");
        if (out) out.textContent = String(text);
      }
      break;
    }
    case "rate": {
      if (!root) break;
      const want = Number(value) || 0;
      for (const input of root.querySelectorAll(`input[name="${esc(id)}"]`)) {
        input.checked = Number(input.value) === want;
      }
      const score = root.querySelector(".pb-rate-score");
      if (score) score.textContent = want ? String(want) : "";
      break;
    }
    case "date":
    case "time": {
      if (!control) break;
      const end = controlOf(`${id}-end`);
      if (end) {
        const [a, b] = Array.isArray(value) ? value : [null, null];
        control.value = a || "";
        end.value = b || "";
      } else if (Array.isArray(value)) {
        control.value = value.join(",");
      } else {
        const v = String(text);
        control.value = control.type === "datetime-local" ? v.slice(0, 19) : v;
      }
      break;
    }
    case "select": {
      if (!control) break;
      const options = optionsOf(root);
      const wanted = control.multiple ? (Array.isArray(value) ? value : value == null ? [] : [value]) : [value];
      const offset = control.multiple ? 0 : 1;
      [...control.options].forEach((o, index) => {
        const i = index - offset;
        const optionValue = i >= 0 && i < options.length ? options[i].value : o.value;
        o.selected = i >= 0 && value !== null && value !== undefined && wanted.some((w) => sameValue(optionValue, w));
      });
      if (!control.multiple && control.selectedIndex < 0) control.selectedIndex = 0;
      break;
    }
    case "radio":
    case "checkbox": {
      if (!root) break;
      const options = optionsOf(root);
      const wanted = Array.isArray(value) ? value : value == null ? [] : [value];
      optionInputs(root, type).forEach((input, i) => {
        const optionValue = i < options.length ? options[i].value : input.value;
        input.checked = wanted.some((w) => sameValue(optionValue, w));
      });
      break;
    }
    case "transfer": {
      if (!root || !control) break;
      const source = controlOf(`${id}-source`);
      const wanted = Array.isArray(value) ? value : [];
      const all = [...(source ? source.options : []), ...control.options];
      for (const o of all) {
        const chosen = wanted.some((w) => sameValue(w, o.value));
        (chosen ? control : source).append(o);
        o.selected = chosen;
      }
      break;
    }
    case "cascader":
    case "tree_select": {
      const hidden = root && root.querySelector(`input[type="hidden"][name="${esc(id)}"]`);
      if (hidden) hidden.value = JSON.stringify(value === undefined ? null : value);
      if (root) root.setAttribute("data-pb-value", JSON.stringify(value === undefined ? null : value));
      if (control) control.value = treeLabel(root, value, type === "cascader");
      break;
    }
    case "text":
      store.set(id, value);
      if (control) control.textContent = String(text);
      break;
    case "statistic": {
      store.set(id, value);
      const shown = root && root.querySelector(".pb-statistic-value");
      if (shown) {
        const precision = root.getAttribute("data-pb-precision");
        const n = typeof value === "number" ? value : Number(value);
        shown.textContent = precision !== null && value !== "" && value !== null && Number.isFinite(n)
          ? n.toFixed(Number(precision)) : String(text);
      }
      break;
    }
    case "html": {
      if (!root) break;
      if (value && typeof value === "object") {
        store.set(id, value);
        const template = parseJson(root.getAttribute("data-pb-template"), "");
        root.innerHTML = sanitise(String(template).replace(TEMPLATE_VAR, (_, path) => {
          const found = path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), value);
          return found === undefined || found === null ? "" : escapeHtml(found);
        }));
      } else {
        store.set(id, value);
        root.innerHTML = sanitise(String(text));
      }
      break;
    }
    default:
      store.set(id, value);
  }
}

/** The label of a tree value: a cascader's path, or a tree-select's node(s). */
function treeLabel(root, value, isPath) {
  const options = optionsOf(root);
  const find = (items, v) => {
    for (const item of items) {
      if (sameValue(item.value, v)) return item;
      const inner = find(item.children || [], v);
      if (inner) return inner;
    }
    return null;
  };
  const label = (v) => {
    const item = find(options, v);
    return item ? item.label : valueText(v);
  };
  if (value === null || value === undefined) return "";
  if (isPath && Array.isArray(value)) {
    if (value.length && Array.isArray(value[0])) return value.map((p) => p.map(label).join(" / ")).join(", ");
    return value.map(label).join(" / ");
  }
  return Array.isArray(value) ? value.map(label).join(", ") : label(value);
}

// -- options ---------------------------------------------------------------------------------

/** Rows of data-source data: an array, or the `rows`/`items`/`data` array of a reply. */
export function rowsOf(data) {
  if (Array.isArray(data)) return data;
  if (data && typeof data === "object") {
    for (const key of ["rows", "items", "data"]) if (Array.isArray(data[key])) return data[key];
    if (data.data && typeof data.data === "object") return rowsOf(data.data);
  }
  return [];
}

/** Rows as options (`value`/`label` fields; `key` or `id` when there is no `value`). */
export function toOptions(rows, valueField = "value", labelField = "label") {
  return rows.map((row) => {
    if (row === null || typeof row !== "object") return { value: row, label: valueText(row), disabled: false };
    let value = row[valueField];
    if (value === undefined) value = row.key !== undefined ? row.key : row.id;
    const label = row[labelField] !== undefined ? row[labelField] : row.name !== undefined ? row.name : value;
    const option = { value, label: valueText(label), disabled: Boolean(row.disabled) };
    if (Array.isArray(row.children)) option.children = toOptions(row.children, valueField, labelField);
    return option;
  });
}

/** Replace a choice component's options, keeping its value where it is still an option. */
export function setOptionList(id, type, options, store) {
  const root = rootOf(id);
  if (!root) return;
  const before = readValue(id, type, store);
  root.setAttribute("data-pb-options", JSON.stringify(options));
  if (type === "select") {
    const control = controlOf(id);
    const placeholder = control.multiple ? null : control.options[0];
    control.replaceChildren(...(placeholder ? [placeholder] : []));
    for (const o of options) {
      const element = new Option(o.label, valueText(o.value));
      element.disabled = Boolean(o.disabled);
      control.append(element);
    }
  } else if (type === "radio" || type === "checkbox") {
    root.querySelectorAll(`.pb-${type}-option`).forEach((label) => label.remove());
    const disabled = root.hasAttribute("disabled");
    for (const o of options) {
      const label = document.createElement("label");
      label.className = `pb-${type}-option`;
      const input = document.createElement("input");
      input.type = type;
      input.name = id;
      input.value = valueText(o.value);
      input.disabled = Boolean(o.disabled) || disabled;
      label.append(input, ` ${o.label}`);
      root.append(label);
    }
  } else if (type === "transfer") {
    const source = controlOf(`${id}-source`);
    const target = controlOf(id);
    if (source) source.replaceChildren();
    if (target) target.replaceChildren();
    for (const o of options) {
      const element = new Option(o.label, valueText(o.value));
      element.disabled = Boolean(o.disabled);
      if (source) source.append(element);
    }
  } else if (type === "cascader" || type === "tree_select") {
    const tree = root.querySelector('[role="tree"]');
    if (tree) {
      const build = (items, parent) => {
        for (const o of items) {
          const li = document.createElement("li");
          li.setAttribute("role", "treeitem");
          li.setAttribute("data-pb-value", JSON.stringify(o.value));
          if (o.disabled) li.setAttribute("aria-disabled", "true");
          const span = document.createElement("span");
          span.className = "pb-tree-label";
          span.textContent = o.label;
          li.append(span);
          if (o.children && o.children.length) {
            li.setAttribute("aria-expanded", type === "cascader" ? "false" : "true");
            const group = document.createElement("ul");
            group.setAttribute("role", "group");
            build(o.children, group);
            li.append(group);
          }
          parent.append(li);
        }
      };
      tree.replaceChildren();
      build(options, tree);
    }
  }
  writeValue(id, type, before, store);
}

/** Fill a data grid's table body with rows (columns from its header cells). */
export function setGridRows(id, rows) {
  const root = rootOf(id);
  const body = root && root.querySelector("tbody");
  if (!body) return;
  const fields = [...root.querySelectorAll("thead th[data-pb-field]")].map((th) => th.getAttribute("data-pb-field"));
  body.replaceChildren(
    ...rows.map((row, index) => {
      const tr = document.createElement("tr");
      tr.dataset.pbRow = String(index);
      for (const field of fields) {
        const td = document.createElement("td");
        td.dataset.pbField = field;
        const cell = row && typeof row === "object" ? row[field] : undefined;
        td.textContent = cell === null || cell === undefined ? "" : typeof cell === "object" ? JSON.stringify(cell) : String(cell);
        tr.append(td);
      }
      return tr;
    }),
  );
}
