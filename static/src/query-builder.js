// The visual query builder (/data/{app}/builder): build a query spec by pointing and clicking
// (or write SQL), preview the SQL it compiles to, run it, page through the rows and save it.
// Plain DOM, no framework. The page hands us its data in <script id="qb-boot"> (JSON).

const OPS = ["=", "!=", "<", "<=", ">", ">=", "in", "not in", "like", "between", "is null",
  "is not null"];
const OP_LABELS = { "=": "= equals", "!=": "≠ differs from", "<": "< less than",
  "<=": "≤ at most", ">": "> greater than", ">=": "≥ at least", in: "in (list)",
  "not in": "not in (list)", like: "like (pattern, % wildcard)", between: "between",
  "is null": "is empty (null)", "is not null": "is not empty" };
const AGGREGATES = ["count", "sum", "avg", "min", "max"];
const AGGREGATE_LABELS = { count: "Count", sum: "Sum", avg: "Average", min: "Minimum",
  max: "Maximum" };
const NUMBER_TYPES = new Set(["integer", "bigint", "float", "decimal"]);
const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;
const PAGE_SIZE = 50;
const RUN_LIMIT = 1000;
const DEBOUNCE_MS = 300;

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// --- small DOM helpers -----------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "value") node.value = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function idOf(path) {
  return `qb-v-${path.replace(/[^A-Za-z0-9_]+/g, "-")}`;
}

/** A label whose accessible text is "<context>: <text>" but shows only <text>. */
function label(forId, context, text) {
  return h("label", { for: forId }, context ? h("span", { class: "sr-only" }, `${context}: `) : null,
    text);
}

/** A <select> of options ([value, label] or value); an unknown current value stays listed. */
function select(id, path, options, value, onchange, placeholder) {
  const node = h("select", { id, "data-path": path, onchange });
  if (placeholder !== undefined) node.append(h("option", { value: "" }, placeholder));
  let found = placeholder !== undefined && value === "";
  for (const option of options) {
    if (option.group) {
      const group = h("optgroup", { label: option.group });
      for (const [v, text] of option.options) {
        group.append(h("option", { value: v }, text));
        if (v === value) found = true;
      }
      node.append(group);
      continue;
    }
    const [v, text] = Array.isArray(option) ? option : [option, option];
    node.append(h("option", { value: v }, text));
    if (v === value) found = true;
  }
  if (!found && value) node.append(h("option", { value }, `${value} (not found)`));
  node.value = value;
  return node;
}

function field(control, labelNode, extraClass = "") {
  return h("div", { class: `field qb-field ${extraClass}`.trim() }, labelNode, control);
}

function button(text, onclick, attrs = {}) {
  return h("button", { type: "button", class: "secondary qb-small", onclick, ...attrs }, text);
}

// --- state -------------------------------------------------------------------------------

const boot = JSON.parse(document.getElementById("qb-boot").textContent);
const datasets = new Map(boot.datasets.map((d) => [d.name, d]));

function emptyGroup(op = "and") {
  return { type: "group", op, items: [] };
}

function emptyCondition() {
  return { type: "cond", column: "", aggregate: "", op: "=", value: "", value2: "" };
}

const state = {
  mode: "visual",
  queryId: null,
  spec: {
    from: "", as: "", joins: [], select: [], where: emptyGroup(), group_by: [],
    having: emptyGroup(), order_by: [], limit: "", offset: "",
  },
  vars: [], // {name, type: text|number|boolean, value}
  result: null,
  page: 0,
};

// --- spec <-> state ------------------------------------------------------------------------

function valueText(value) {
  if (value && typeof value === "object" && "param" in value) return `:${value.param}`;
  if (value === null || value === undefined) return "";
  return String(value);
}

function conditionFrom(cond) {
  if ("and" in cond || "or" in cond) {
    const op = "and" in cond ? "and" : "or";
    return { type: "group", op, items: cond[op].map(conditionFrom) };
  }
  const item = emptyCondition();
  item.column = cond.column || "";
  item.aggregate = cond.aggregate || "";
  item.op = cond.op || "=";
  const value = cond.value;
  if (item.op === "between" && Array.isArray(value)) {
    item.value = valueText(value[0]);
    item.value2 = valueText(value[1]);
  } else if (Array.isArray(value)) {
    item.value = value.map(valueText).join(", ");
  } else {
    item.value = valueText(value);
  }
  return item;
}

function groupFrom(cond) {
  if (!cond) return emptyGroup();
  const item = conditionFrom(cond);
  return item.type === "group" ? item : { type: "group", op: "and", items: [item] };
}

function loadSpec(spec) {
  const s = state.spec;
  s.from = spec.from || "";
  s.as = spec.as || "";
  s.joins = (spec.joins || []).map((j) => ({
    dataset: j.dataset || "", as: j.as || "", type: j.type || "inner",
    on: (j.on || []).map((o) => ({ left: o.left || "", right: o.right || "" })),
  }));
  s.select = (spec.select || []).map((item) => ("aggregate" in item
    ? { kind: item.aggregate, column: item.column || "", as: item.as || "" }
    : { kind: "column", column: item.column || "", as: item.as || "" }));
  s.where = groupFrom(spec.where);
  s.having = groupFrom(spec.having);
  s.group_by = [...(spec.group_by || [])];
  s.order_by = (spec.order_by || []).map((o) => ({ column: o.column || "", desc: !!o.desc }));
  s.limit = spec.limit === null || spec.limit === undefined ? "" : String(spec.limit);
  s.offset = spec.offset === null || spec.offset === undefined ? "" : String(spec.offset);
}

/** Table aliases in scope: [{alias, dataset}] (the source first). */
function tables() {
  const s = state.spec;
  const found = [];
  if (s.from) found.push({ alias: s.as || s.from, dataset: s.from });
  for (const join of s.joins) {
    if (join.dataset) found.push({ alias: join.as || join.dataset, dataset: join.dataset });
  }
  return found;
}

function columnOptions() {
  const scope = tables();
  if (scope.length <= 1) {
    const d = scope.length ? datasets.get(scope[0].dataset) : null;
    return d ? d.columns.map((c) => [c.name, c.name]) : [];
  }
  return scope.map(({ alias, dataset }) => ({
    group: alias,
    options: (datasets.get(dataset)?.columns || []).map((c) => [`${alias}.${c.name}`,
      `${alias}.${c.name}`]),
  }));
}

function outputNames() {
  return state.spec.select.filter((item) => item.as).map((item) => item.as);
}

function columnType(ref) {
  const s = state.spec;
  const scope = tables();
  const [alias, name] = ref.includes(".") ? ref.split(".", 2) : [null, ref];
  for (const t of scope) {
    if (alias && t.alias.toLowerCase() !== alias.toLowerCase()) continue;
    const column = datasets.get(t.dataset)?.columns.find((c) => c.name === name.toLowerCase());
    if (column) return column.type;
  }
  if (!alias) {
    const out = s.select.find((item) => item.as && item.as.toLowerCase() === ref.toLowerCase());
    if (out) {
      if (out.kind === "count") return "integer";
      if (out.kind === "avg") return "float";
      return out.column ? columnType(out.column) : null;
    }
  }
  return null;
}

/** A typed-in value as a spec value: ":name" is a parameter; numbers for number columns. */
function literal(text, type) {
  const trimmed = text.trim();
  const param = PARAM.exec(trimmed);
  if (param) return { param: param[1] };
  if (type === "boolean" && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === "true";
  const numeric = /^-?\d+(\.\d+)?$/.test(trimmed);
  if (numeric && (NUMBER_TYPES.has(type) || type === null)) {
    if ((type === "integer" || type === "bigint") && trimmed.includes(".")) return trimmed;
    return Number(trimmed);
  }
  return trimmed;
}

function conditionSpec(item, path, problems, having) {
  if (item.type === "group") {
    const key = item.op;
    if (!item.items.length) {
      problems.push({ path, message: "an empty group: add a condition or remove the group" });
    }
    return { [key]: item.items.map((c, i) => conditionSpec(c, `${path}.${key}.${i}`, problems,
      having)) };
  }
  const out = {};
  if (having && item.aggregate) out.aggregate = item.aggregate;
  if (item.column) out.column = item.column;
  else if (!(having && item.aggregate === "count")) {
    problems.push({ path: `${path}.column`, message: "choose a column" });
  }
  out.op = item.op;
  const type = item.aggregate === "count" ? "integer" : columnType(item.column || "");
  if (item.op === "is null" || item.op === "is not null") return out;
  if (item.op === "like") {
    const param = PARAM.exec(item.value.trim());
    out.value = param ? { param: param[1] } : item.value;
  } else if (item.op === "between") {
    out.value = [literal(item.value, type), literal(item.value2, type)];
    if (!item.value.trim()) problems.push({ path: `${path}.value.0`, message: "enter a value" });
    if (!item.value2.trim()) problems.push({ path: `${path}.value.1`, message: "enter a value" });
  } else if (item.op === "in" || item.op === "not in") {
    const parts = item.value.split(",").map((v) => v.trim()).filter((v) => v !== "");
    if (!parts.length) problems.push({ path: `${path}.value`, message: "enter values, comma-separated" });
    out.value = parts.map((v) => literal(v, type));
  } else {
    out.value = literal(item.value, type);
  }
  return out;
}

/** The spec JSON of the visual state, and the problems found before asking the server. */
function buildSpec() {
  const s = state.spec;
  const problems = [];
  const spec = { from: s.from };
  if (!s.from) problems.push({ path: "from", message: "choose a dataset" });
  if (s.as.trim()) spec.as = s.as.trim();
  if (s.joins.length) {
    spec.joins = s.joins.map((j, i) => {
      if (!j.dataset) problems.push({ path: `joins.${i}.dataset`, message: "choose a dataset" });
      const join = { dataset: j.dataset };
      if (j.as.trim()) join.as = j.as.trim();
      join.type = j.type;
      join.on = j.on.map((o, k) => {
        if (!o.left) problems.push({ path: `joins.${i}.on.${k}.left`, message: "choose a column" });
        if (!o.right) problems.push({ path: `joins.${i}.on.${k}.right`, message: "choose a column" });
        return { left: o.left, right: o.right };
      });
      if (!j.on.length) problems.push({ path: `joins.${i}.on`, message: "add a column pair" });
      return join;
    });
  }
  if (s.select.length) {
    spec.select = s.select.map((item, i) => {
      const as = item.as.trim();
      if (item.kind === "column") {
        if (!item.column) problems.push({ path: `select.${i}.column`, message: "choose a column" });
        return as ? { column: item.column, as } : { column: item.column };
      }
      const out = { aggregate: item.kind };
      if (item.column) out.column = item.column;
      else if (item.kind !== "count") {
        problems.push({ path: `select.${i}.column`, message: `${item.kind} needs a column` });
      }
      if (!as) problems.push({ path: `select.${i}.as`, message: "name the output column" });
      out.as = as;
      return out;
    });
  }
  if (s.where.items.length) spec.where = conditionSpec(s.where, "where", problems, false);
  if (s.group_by.length) {
    spec.group_by = s.group_by.map((c, i) => {
      if (!c) problems.push({ path: `group_by.${i}`, message: "choose a column" });
      return c;
    });
  }
  if (s.having.items.length) spec.having = conditionSpec(s.having, "having", problems, true);
  if (s.order_by.length) {
    spec.order_by = s.order_by.map((o, i) => {
      if (!o.column) problems.push({ path: `order_by.${i}.column`, message: "choose a column" });
      return o.desc ? { column: o.column, desc: true } : { column: o.column };
    });
  }
  for (const key of ["limit", "offset"]) {
    const text = String(s[key]).trim();
    if (!text) continue;
    if (!/^\d+$/.test(text)) problems.push({ path: key, message: "a whole number, 0 or more" });
    else spec[key] = Number(text);
  }
  return { spec, problems };
}

function varsJson() {
  const values = {};
  const problems = [];
  state.vars.forEach((v, i) => {
    const name = v.name.trim().replace(/^:/, "");
    if (!name) return;
    if (v.type === "number") {
      const n = Number(v.value);
      if (v.value.trim() === "" || Number.isNaN(n)) {
        problems.push({ path: `vars.${i}`, message: `${name}: not a number` });
      }
      values[name] = n;
    } else if (v.type === "boolean") {
      values[name] = /^(true|yes|1)$/i.test(v.value.trim());
    } else {
      values[name] = v.value;
    }
  });
  return { values, problems };
}

function ensureVars(names) {
  let added = false;
  for (const name of names) {
    if (/^p\d+$/i.test(name)) continue; // the literals of a spec
    if (state.vars.some((v) => v.name.trim().replace(/^:/, "") === name)) continue;
    state.vars.push({ name, type: "text", value: "" });
    added = true;
  }
  if (added) renderVars();
}

// --- rendering: the visual builder ----------------------------------------------------------

const root = document.getElementById("qb-visual");

function rerender() {
  const active = document.activeElement;
  const activeId = active && active.id;
  renderVisual();
  if (activeId) {
    const again = document.getElementById(activeId);
    if (again) again.focus();
  }
  schedulePreview();
}

const SECTION_PATHS = new Set(["joins", "select", "group_by", "order_by"]);

function section(title, id, ...children) {
  const key = id.replace(/^qb-sec-/, "");
  return h("fieldset", { class: "qb-section", id, "data-path": SECTION_PATHS.has(key) ? key : null },
    h("legend", {}, title), ...children);
}

/** After a text field's change: re-render once focus has moved on (never trap the Tab). */
function rerenderLater() {
  setTimeout(rerender, 0);
}

function renderSource() {
  const s = state.spec;
  const names = [...datasets.keys()];
  return section("Source", "qb-sec-from",
    h("div", { class: "qb-row" },
      field(select("qb-from", "from", names, s.from, (e) => { s.from = e.target.value; rerender(); },
        names.length ? "— choose a dataset —" : "— this app has no datasets —"),
      label("qb-from", "", "Dataset")),
      field(h("input", { type: "text", id: "qb-as", "data-path": "as", value: s.as,
        placeholder: "optional", size: 10,
        oninput: (e) => { s.as = e.target.value; schedulePreview(); },
        onchange: rerenderLater }), label("qb-as", "", "Alias"))));
}

function renderJoins() {
  const s = state.spec;
  const names = [...datasets.keys()];
  const list = h("ol", { class: "qb-list" });
  s.joins.forEach((join, i) => {
    const path = `joins.${i}`;
    const ctx = `Join ${i + 1}`;
    const pairs = h("ol", { class: "qb-list qb-pairs" });
    join.on.forEach((pair, k) => {
      const p = `${path}.on.${k}`;
      const pctx = `${ctx} condition ${k + 1}`;
      pairs.append(h("li", { class: "qb-row" },
        field(select(idOf(`${p}.left`), `${p}.left`, columnOptions(), pair.left,
          (e) => { pair.left = e.target.value; schedulePreview(); }, "— column —"),
        label(idOf(`${p}.left`), pctx, "Left column")),
        h("span", { class: "qb-eq", "aria-hidden": "true" }, "="),
        field(select(idOf(`${p}.right`), `${p}.right`, columnOptions(), pair.right,
          (e) => { pair.right = e.target.value; schedulePreview(); }, "— column —"),
        label(idOf(`${p}.right`), pctx, "Right column")),
        button("Remove", () => { join.on.splice(k, 1); rerender(); },
          { "aria-label": `Remove ${pctx}`, id: idOf(`${p}.remove`) })));
    });
    list.append(h("li", { class: "qb-item", "data-path": path },
      h("div", { class: "qb-row" },
        field(select(idOf(`${path}.type`), `${path}.type`,
          [["inner", "Inner join"], ["left", "Left join"]], join.type,
          (e) => { join.type = e.target.value; schedulePreview(); }),
        label(idOf(`${path}.type`), ctx, "Type")),
        field(select(idOf(`${path}.dataset`), `${path}.dataset`, names, join.dataset,
          (e) => { join.dataset = e.target.value; rerender(); }, "— choose a dataset —"),
        label(idOf(`${path}.dataset`), ctx, "Dataset")),
        field(h("input", { type: "text", id: idOf(`${path}.as`), "data-path": `${path}.as`,
          value: join.as, placeholder: "optional", size: 10,
          oninput: (e) => { join.as = e.target.value; schedulePreview(); },
          onchange: rerenderLater }), label(idOf(`${path}.as`), ctx, "Alias")),
        button("Remove join", () => { s.joins.splice(i, 1); rerender(); },
          { "aria-label": `Remove ${ctx.toLowerCase()}`, id: idOf(`${path}.remove`) })),
      h("p", { class: "qb-sub" }, "On (columns that must be equal):"),
      h("div", { "data-path": `${path}.on` }, pairs),
      button("Add column pair", () => { join.on.push({ left: "", right: "" }); rerender(); },
        { "aria-label": `Add a column pair to ${ctx.toLowerCase()}`, id: idOf(`${path}.add`) })));
  });
  return section("Joins", "qb-sec-joins", list,
    button("Add join", () => {
      s.joins.push({ dataset: "", as: "", type: "inner", on: [{ left: "", right: "" }] });
      rerender();
    }, { id: "qb-add-join" }));
}

function renderSelect() {
  const s = state.spec;
  const list = h("ol", { class: "qb-list" });
  s.select.forEach((item, i) => {
    const path = `select.${i}`;
    const ctx = `Output ${i + 1}`;
    const kinds = [["column", "Column"], ...AGGREGATES.map((a) => [a, AGGREGATE_LABELS[a]])];
    const columnPlaceholder = item.kind === "count" ? "* (all rows)" : "— column —";
    list.append(h("li", { class: "qb-row", "data-path": path },
      field(select(idOf(`${path}.aggregate`), `${path}.aggregate`, kinds, item.kind, (e) => {
        const before = item.kind;
        item.kind = e.target.value;
        if (item.kind !== "column" && (!item.as || item.as === before)) item.as = item.kind;
        if (item.kind === "column" && AGGREGATES.includes(item.as)) item.as = "";
        rerender();
      }), label(idOf(`${path}.aggregate`), ctx, "Kind")),
      field(select(idOf(`${path}.column`), `${path}.column`, columnOptions(), item.column,
        (e) => { item.column = e.target.value; rerender(); }, columnPlaceholder),
      label(idOf(`${path}.column`), ctx, "Column")),
      field(h("input", { type: "text", id: idOf(`${path}.as`), "data-path": `${path}.as`,
        value: item.as, size: 12, placeholder: item.kind === "column" ? "optional" : "required",
        oninput: (e) => { item.as = e.target.value; schedulePreview(); },
        onchange: rerenderLater }), label(idOf(`${path}.as`), ctx, "Output name")),
      button("Remove", () => { s.select.splice(i, 1); rerender(); },
        { "aria-label": `Remove ${ctx.toLowerCase()}`, id: idOf(`${path}.remove`) })));
  });
  return section("Columns", "qb-sec-select",
    s.select.length ? null : h("p", { class: "muted qb-sub" }, "No columns chosen: every column (*)."),
    list,
    button("Add column", () => { s.select.push({ kind: "column", column: "", as: "" }); rerender(); },
      { id: "qb-add-column" }));
}

function valueInputs(item, path, ctx) {
  if (item.op === "is null" || item.op === "is not null") return [];
  const input = (p, key, text, hint) => field(h("input", {
    type: "text", id: idOf(p), "data-path": p, value: item[key], size: 14, placeholder: hint,
    "aria-describedby": "qb-value-hint",
    oninput: (e) => { item[key] = e.target.value; schedulePreview(); },
  }), label(idOf(p), ctx, text));
  if (item.op === "between") {
    return [input(`${path}.value.0`, "value", "From", "low"),
      h("span", { class: "qb-eq" }, "and"),
      input(`${path}.value.1`, "value2", "To", "high")];
  }
  if (item.op === "in" || item.op === "not in") {
    return [input(`${path}.value`, "value", "Values", "a, b, c")];
  }
  return [input(`${path}.value`, "value", "Value", item.op === "like" ? "%text%" : "value or :name")];
}

function renderGroup(group, path, ctxName, depth, having) {
  const box = h("div", { class: `qb-group depth-${depth % 4}`, "data-path": path });
  const opId = idOf(`${path}.match`);
  box.append(h("div", { class: "qb-row" },
    field(select(opId, `${path}.match`, [["and", "all of these (and)"], ["or", "any of these (or)"]],
      group.op, (e) => { group.op = e.target.value; rerender(); }),
    label(opId, ctxName, "Match"))));
  const list = h("ol", { class: "qb-list" });
  group.items.forEach((item, i) => {
    const itemPath = `${path}.${group.op}.${i}`;
    const number = depth === 0 ? `${i + 1}` : `${ctxName.replace(/^\D+/, "")}.${i + 1}`;
    const base = having ? "Having" : "Condition";
    const remove = () => { group.items.splice(i, 1); rerender(); };
    if (item.type === "group") {
      const name = `${having ? "Having group" : "Group"} ${number}`;
      list.append(h("li", { class: "qb-item" }, renderGroup(item, itemPath, name, depth + 1, having),
        button("Remove group", remove, { "aria-label": `Remove ${name.toLowerCase()}`,
          id: idOf(`${itemPath}.remove`) })));
      return;
    }
    const ctx = `${base} ${number}`;
    const columns = having
      ? [...outputNames().map((n) => [n, n]), ...columnOptions()]
      : columnOptions();
    const row = h("li", { class: "qb-row", "data-path": itemPath });
    if (having) {
      row.append(field(select(idOf(`${itemPath}.aggregate`), `${itemPath}.aggregate`,
        [["", "(value)"], ...AGGREGATES.map((a) => [a, AGGREGATE_LABELS[a]])], item.aggregate,
        (e) => { item.aggregate = e.target.value; rerender(); }),
      label(idOf(`${itemPath}.aggregate`), ctx, "Of")));
    }
    row.append(
      field(select(idOf(`${itemPath}.column`), `${itemPath}.column`, columns, item.column,
        (e) => { item.column = e.target.value; rerender(); },
        having && item.aggregate === "count" ? "* (all rows)" : "— column —"),
      label(idOf(`${itemPath}.column`), ctx, "Column")),
      field(select(idOf(`${itemPath}.op`), `${itemPath}.op`, OPS.map((o) => [o, OP_LABELS[o]]),
        item.op, (e) => { item.op = e.target.value; rerender(); }),
      label(idOf(`${itemPath}.op`), ctx, "Operator")),
      ...valueInputs(item, itemPath, ctx),
      button("Remove", remove, { "aria-label": `Remove ${ctx.toLowerCase()}`,
        id: idOf(`${itemPath}.remove`) }));
    list.append(row);
  });
  box.append(list);
  const where = depth === 0 ? (having ? "having" : "filters") : ctxName.toLowerCase();
  box.append(h("div", { class: "qb-row" },
    button("Add condition", () => { group.items.push(emptyCondition()); rerender(); },
      { "aria-label": `Add condition to ${where}`, id: idOf(`${path}.add`) }),
    button("Add group", () => {
      group.items.push({ ...emptyGroup(group.op === "and" ? "or" : "and"),
        items: [emptyCondition()] });
      rerender();
    }, { "aria-label": `Add group to ${where}`, id: idOf(`${path}.addgroup`) })));
  return box;
}

function renderGroupBy() {
  const s = state.spec;
  const list = h("ol", { class: "qb-list" });
  s.group_by.forEach((column, i) => {
    const path = `group_by.${i}`;
    const ctx = `Group by ${i + 1}`;
    list.append(h("li", { class: "qb-row" },
      field(select(idOf(path), path, columnOptions(), column,
        (e) => { s.group_by[i] = e.target.value; schedulePreview(); }, "— column —"),
      label(idOf(path), ctx, "Column")),
      button("Remove", () => { s.group_by.splice(i, 1); rerender(); },
        { "aria-label": `Remove ${ctx.toLowerCase()}`, id: idOf(`${path}.remove`) })));
  });
  return section("Group by", "qb-sec-group_by", list,
    button("Add group-by column", () => { s.group_by.push(""); rerender(); },
      { id: "qb-add-group-by" }));
}

function renderOrderBy() {
  const s = state.spec;
  const list = h("ol", { class: "qb-list" });
  s.order_by.forEach((order, i) => {
    const path = `order_by.${i}`;
    const ctx = `Sort ${i + 1}`;
    const names = outputNames();
    const options = names.length
      ? [{ group: "Output columns", options: names.map((n) => [n, n]) }, ...wrapGroup(columnOptions())]
      : columnOptions();
    list.append(h("li", { class: "qb-row" },
      field(select(idOf(`${path}.column`), `${path}.column`, options, order.column,
        (e) => { order.column = e.target.value; schedulePreview(); }, "— column —"),
      label(idOf(`${path}.column`), ctx, "Column")),
      field(select(idOf(`${path}.desc`), `${path}.desc`,
        [["asc", "Ascending"], ["desc", "Descending"]], order.desc ? "desc" : "asc",
        (e) => { order.desc = e.target.value === "desc"; schedulePreview(); }),
      label(idOf(`${path}.desc`), ctx, "Direction")),
      button("Remove", () => { s.order_by.splice(i, 1); rerender(); },
        { "aria-label": `Remove ${ctx.toLowerCase()}`, id: idOf(`${path}.remove`) })));
  });
  return section("Order by", "qb-sec-order_by", list,
    button("Add sort", () => { s.order_by.push({ column: "", desc: false }); rerender(); },
      { id: "qb-add-sort" }));
}

function wrapGroup(options) {
  // Plain options next to an optgroup need a group of their own.
  if (options.length && !options[0].group) return [{ group: "Columns", options }];
  return options;
}

function renderLimits() {
  const s = state.spec;
  const number = (key, text) => field(h("input", {
    type: "number", id: `qb-${key}`, "data-path": key, min: 0, step: 1, value: s[key],
    class: "qb-number", placeholder: key === "limit" ? "all" : "0",
    oninput: (e) => { s[key] = e.target.value; schedulePreview(); },
  }), label(`qb-${key}`, "", text));
  return section("Limit", "qb-sec-limit",
    h("div", { class: "qb-row" }, number("limit", "Limit (rows)"), number("offset", "Offset (skip rows)")));
}

function renderVisual() {
  root.replaceChildren(
    renderSource(),
    renderJoins(),
    renderSelect(),
    section("Filters (where)", "qb-sec-where",
      h("p", { id: "qb-value-hint", class: "muted qb-sub" },
        "Write :name as a value to use a parameter; lists are comma-separated."),
      renderGroup(state.spec.where, "where", "Filters", 0, false)),
    renderGroupBy(),
    section("Having", "qb-sec-having",
      h("p", { class: "muted qb-sub" }, "Conditions on groups (needs group by or an aggregate)."),
      renderGroup(state.spec.having, "having", "Having", 0, true)),
    renderOrderBy(),
    renderLimits(),
  );
  if (lastErrors.length) markErrors(lastErrors);
}

// --- rendering: parameters -------------------------------------------------------------------

const varsRoot = document.getElementById("qb-vars");

function renderVars() {
  const active = document.activeElement;
  const activeId = active && active.id;
  const list = h("ol", { class: "qb-list" });
  state.vars.forEach((v, i) => {
    const ctx = `Parameter ${i + 1}`;
    const id = (key) => `qb-var-${i}-${key}`;
    list.append(h("li", { class: "qb-row", "data-var": i },
      field(h("input", { type: "text", id: id("name"), value: v.name, size: 12,
        class: "mono", oninput: (e) => { v.name = e.target.value; } }),
      label(id("name"), ctx, "Name")),
      field(select(id("type"), "", [["text", "Text or date"], ["number", "Number"],
        ["boolean", "True/false"]], v.type, (e) => { v.type = e.target.value; }),
      label(id("type"), ctx, "Type")),
      field(h("input", { type: "text", id: id("value"), value: v.value, size: 18,
        oninput: (e) => { v.value = e.target.value; } }),
      label(id("value"), ctx, "Value")),
      button("Remove", () => { state.vars.splice(i, 1); renderVars(); },
        { "aria-label": `Remove parameter ${i + 1}`, id: id("remove") })));
  });
  varsRoot.replaceChildren(list,
    button("Add parameter", () => {
      state.vars.push({ name: "", type: "text", value: "" });
      renderVars();
      document.getElementById(`qb-var-${state.vars.length - 1}-name`)?.focus();
    }, { id: "qb-add-var" }));
  if (activeId) document.getElementById(activeId)?.focus();
}

// --- errors --------------------------------------------------------------------------------

let lastErrors = [];

function clearMarks() {
  for (const node of document.querySelectorAll(".qb-field-error")) node.remove();
  for (const node of document.querySelectorAll(".qb-invalid")) {
    node.classList.remove("qb-invalid");
    node.removeAttribute("aria-invalid");
    const described = (node.getAttribute("aria-describedby") || "").split(" ")
      .filter((x) => x && !x.startsWith("qb-err-"));
    if (described.length) node.setAttribute("aria-describedby", described.join(" "));
    else node.removeAttribute("aria-describedby");
  }
}

function findByPath(path) {
  let p = path;
  while (p) {
    const found = document.querySelector(`#qb-visual [data-path="${CSS.escape(p)}"]`);
    if (found) return found;
    p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "";
  }
  return null;
}

function normalizePath(path) {
  return String(path || "").replace(/^body\./, "").replace(/^spec\.?/, "") || "spec";
}

function markErrors(errors) {
  clearMarks();
  errors.forEach((error, n) => {
    const target = findByPath(error.path);
    if (!target) return;
    const id = `qb-err-${n}`;
    target.classList.add("qb-invalid");
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("aria-invalid", "true");
      const described = target.getAttribute("aria-describedby");
      target.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
    }
    const message = h("p", { class: "qb-field-error", id }, error.message);
    const holder = target.closest(".qb-field") || target;
    if (holder.tagName === "FIELDSET" || holder.classList.contains("qb-group")) {
      holder.insertBefore(message, holder.children[1] || null);
    } else {
      holder.append(message);
    }
  });
}

function errorsOf(body, fallback) {
  const error = body && body.error ? body.error : {};
  const message = error.message || fallback;
  const details = Array.isArray(error.details) ? error.details : [];
  const list = details.filter((d) => d && d.path !== undefined)
    .map((d) => ({ path: normalizePath(d.path), message: d.message }));
  return { message, list };
}

// --- API calls --------------------------------------------------------------------------------

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json",
      "X-CSRF-Token": csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

// --- SQL preview --------------------------------------------------------------------------------

const preview = document.getElementById("qb-preview");
const previewStatus = document.getElementById("qb-preview-status");
const previewErrors = document.getElementById("qb-preview-errors");
let previewTimer = null;
let previewSeq = 0;

function showPreviewErrors(errors, message) {
  lastErrors = errors;
  previewErrors.replaceChildren(...(errors.length ? errors : [{ path: "", message }])
    .map((e) => h("li", {}, e.path ? h("code", {}, e.path) : null, e.path ? ": " : "", e.message)));
  markErrors(errors);
}

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(updatePreview, DEBOUNCE_MS);
}

async function updatePreview() {
  const seq = ++previewSeq;
  if (!state.spec.from) {
    lastErrors = [];
    clearMarks();
    preview.textContent = "";
    previewErrors.replaceChildren();
    previewStatus.textContent = "Choose a dataset to start.";
    return;
  }
  const { spec, problems } = buildSpec();
  if (problems.length) {
    preview.textContent = "";
    previewStatus.textContent = "The query is not complete yet:";
    showPreviewErrors(problems);
    return;
  }
  previewStatus.textContent = "Compiling…";
  const answer = await api("POST", boot.paths.compile, { spec });
  if (seq !== previewSeq) return; // a newer preview is on its way
  if (answer.ok) {
    lastErrors = [];
    clearMarks();
    previewErrors.replaceChildren();
    preview.textContent = answer.data.sql;
    const params = (answer.data.params || []).filter((p) => !/^p\d+$/i.test(p));
    previewStatus.textContent = params.length
      ? `Compiled. Parameters: ${params.map((p) => `:${p}`).join(", ")}`
      : "Compiled.";
    ensureVars(params);
  } else {
    preview.textContent = "";
    const { message, list } = errorsOf(answer.data, `Could not compile (HTTP ${answer.status})`);
    previewStatus.textContent = message;
    showPreviewErrors(list, message);
  }
}

// --- tabs -----------------------------------------------------------------------------------------

const tabs = [...document.querySelectorAll('[role="tab"][data-tab]')];

function setMode(mode, focus = false) {
  state.mode = mode;
  for (const tab of tabs) {
    const on = tab.dataset.tab === mode;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    if (on && focus) tab.focus();
  }
  document.getElementById("query-builder").dataset.mode = mode;
}

for (const tab of tabs) {
  tab.addEventListener("click", () => setMode(tab.dataset.tab));
  tab.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(tab);
    let next = null;
    if (event.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
    else if (event.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (event.key === "Home") next = tabs[0];
    else if (event.key === "End") next = tabs[tabs.length - 1];
    if (next) {
      event.preventDefault();
      setMode(next.dataset.tab, true);
    }
  });
}

// --- run and results -----------------------------------------------------------------------------

const message = document.getElementById("qb-message");
const results = document.getElementById("qb-results");
const sqlText = document.getElementById("qb-sql-text");

function say(text, kind = "info") {
  message.className = `qb-message ${kind}`;
  message.setAttribute("role", kind === "error" ? "alert" : "status");
  message.textContent = text;
}

/** What runs or is saved: {sql} or {spec}, or problems to show instead. */
function source() {
  if (state.mode === "sql") {
    const sql = sqlText.value.trim();
    return sql ? { body: { sql }, problems: [] }
      : { body: null, problems: [{ path: "sql", message: "write a SELECT first" }] };
  }
  const { spec, problems } = buildSpec();
  return { body: { spec }, problems };
}

async function runQuery() {
  const { body, problems } = source();
  const vars = varsJson();
  const all = [...problems, ...vars.problems];
  if (all.length) {
    say(`Cannot run yet: ${all.map((p) => `${p.path}: ${p.message}`).join("; ")}`, "error");
    if (state.mode === "visual" && problems.length) showPreviewErrors(problems);
    return;
  }
  say("Running…");
  const runButton = document.getElementById("qb-run");
  runButton.disabled = true;
  try {
    const answer = await api("POST", boot.paths.run, { ...body, vars: vars.values,
      limit: RUN_LIMIT });
    if (!answer.ok) {
      const { message: text, list } = errorsOf(answer.data, `The query failed (HTTP ${answer.status})`);
      say(text, "error");
      if (state.mode === "visual" && list.length) showPreviewErrors(list, text);
      return;
    }
    state.result = answer.data;
    state.page = 0;
    say("");
    renderResults();
    document.getElementById("qb-results-title").focus();
  } finally {
    runButton.disabled = false;
  }
}

function cell(value) {
  if (value === null || value === undefined) return h("td", { class: "mono qb-null" }, "NULL");
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return h("td", { class: "mono" }, text);
}

function renderResults() {
  const r = state.result;
  results.hidden = false;
  const pages = Math.max(1, Math.ceil(r.rows.length / PAGE_SIZE));
  state.page = Math.min(Math.max(state.page, 0), pages - 1);
  const count = r.rows.length;
  const summary = [`${count} ${count === 1 ? "row" : "rows"}`];
  if (r.truncated) summary.push(`truncated: only the first ${count} rows are shown`);
  summary.push(`${Number(r.elapsed_ms).toFixed(1)} ms`);
  document.getElementById("qb-results-summary").textContent = summary.join(" · ");
  const grid = document.getElementById("qb-grid");
  grid.tHead.replaceChildren(h("tr", {}, r.columns.map((c) => h("th", { scope: "col" },
    h("span", { class: "qb-col-name" }, c.name), " ",
    h("span", { class: "qb-col-type" }, c.type || "")))));
  const start = state.page * PAGE_SIZE;
  const rows = r.rows.slice(start, start + PAGE_SIZE).map((row) => h("tr", {}, row.map(cell)));
  if (!rows.length) {
    rows.push(h("tr", {}, h("td", { class: "empty", colspan: Math.max(1, r.columns.length) },
      "No rows.")));
  }
  grid.tBodies[0].replaceChildren(...rows);
  document.getElementById("qb-page").textContent = `Page ${state.page + 1} of ${pages}`;
  document.getElementById("qb-prev").disabled = state.page === 0;
  document.getElementById("qb-next").disabled = state.page >= pages - 1;
  results.querySelector(".pager").hidden = pages <= 1;
  document.getElementById("qb-ran").textContent = r.sql || "";
}

document.getElementById("qb-prev").addEventListener("click", () => {
  state.page -= 1;
  renderResults();
});
document.getElementById("qb-next").addEventListener("click", () => {
  state.page += 1;
  renderResults();
});

// --- save ---------------------------------------------------------------------------------------

async function saveQuery() {
  const nameInput = document.getElementById("qb-name");
  const description = document.getElementById("qb-description").value;
  const name = nameInput.value.trim();
  nameInput.removeAttribute("aria-invalid");
  if (!name) {
    nameInput.setAttribute("aria-invalid", "true");
    say("Give the query a name to save it.", "error");
    nameInput.focus();
    return;
  }
  const { body, problems } = source();
  const vars = varsJson();
  const all = [...problems, ...vars.problems];
  if (all.length) {
    say(`Cannot save yet: ${all.map((p) => `${p.path}: ${p.message}`).join("; ")}`, "error");
    if (state.mode === "visual" && problems.length) showPreviewErrors(problems);
    return;
  }
  const payload = { name, description, vars: vars.values, ...body };
  const saveButton = document.getElementById("qb-save");
  saveButton.disabled = true;
  try {
    const answer = state.queryId === null
      ? await api("POST", boot.paths.queries, payload)
      : await api("PATCH", `${boot.paths.queries}/${state.queryId}`, payload);
    if (!answer.ok) {
      const { message: text, list } = errorsOf(answer.data, `Could not save (HTTP ${answer.status})`);
      say(text, "error");
      if (list.some((e) => e.path === "name")) nameInput.setAttribute("aria-invalid", "true");
      const specErrors = list.filter((e) => e.path !== "name" && e.path !== "description");
      if (state.mode === "visual" && specErrors.length) showPreviewErrors(specErrors, text);
      return;
    }
    state.queryId = answer.data.id;
    const url = `${boot.paths.builder}/${answer.data.id}`;
    window.history.replaceState(null, "", url);
    document.title = document.title.replace(/^.*? · Query builder/, `${answer.data.name} · Query builder`);
    saveButton.textContent = "Save changes";
    say(`Saved “${answer.data.name}”.`, "ok");
  } finally {
    saveButton.disabled = false;
  }
}

// --- start --------------------------------------------------------------------------------------

function start() {
  const query = boot.query;
  if (query) {
    state.queryId = query.id;
    if (query.spec) loadSpec(query.spec);
    state.vars = Object.entries(query.vars || {}).map(([name, value]) => ({
      name,
      type: typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "text",
      value: value === null || value === undefined ? "" : String(value),
    }));
    setMode(query.spec ? "visual" : "sql");
  } else {
    setMode("visual");
  }
  renderVisual();
  renderVars();
  updatePreview();

  document.getElementById("qb-run").addEventListener("click", runQuery);
  document.getElementById("qb-save")?.addEventListener("click", saveQuery);
  let sqlTimer = null;
  sqlText.addEventListener("input", () => {
    clearTimeout(sqlTimer);
    sqlTimer = setTimeout(() => {
      const names = [...sqlText.value.matchAll(/(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)/g)]
        .map((m) => m[1]);
      ensureVars([...new Set(names)]);
    }, DEBOUNCE_MS);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runQuery();
    }
  });
}

start();
