// Form controls generated from a JSON Schema (pydantic's model_json_schema): strings,
// numbers, booleans, enums as selects, objects as nested fieldsets, arrays of objects as
// editable lists, free-form values as JSON. The schema's description is the field's help.

import { domId, field, h, select } from "./dom.js";

const LONG_TEXT = 500;

/** The schema a property really has: $ref followed, `X | None` unwrapped. */
export function resolve(schema, defs) {
  let s = schema || {};
  let nullable = false;
  for (let guard = 0; guard < 8; guard += 1) {
    if (s.$ref) {
      s = { ...defs[s.$ref.split("/").pop()], ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== "$ref")) };
      continue;
    }
    const union = s.anyOf || s.oneOf;
    if (union) {
      const others = union.filter((u) => u.type !== "null");
      nullable = nullable || others.length < union.length;
      if (others.length === 1) {
        const { anyOf, oneOf, ...rest } = s;
        s = { ...rest, ...others[0] };
        continue;
      }
    }
    break;
  }
  return { schema: s, nullable };
}

function title(name, schema) {
  if (schema.title) return schema.title;
  return name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value for a free-form (Any) property typed into a text box: JSON when it reads as JSON. */
function looseValue(text) {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (/^(-?\d+(\.\d+)?|true|false|null|\[.*\]|\{.*\})$/s.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch (_) {
      return text;
    }
  }
  return text;
}

/**
 * Controls for the properties of an object schema.
 *
 * options: {defs, value, path (JSON path prefix for errors), idPrefix, onChange(key, value)
 * (value undefined: back to the default), only/skip (property names), choices ({name:
 * [values]}: a select of these), long ([names] shown as text areas), titles ({name: label})}.
 */
export function schemaFields(objectSchema, options) {
  const { defs = {}, value = {}, path = "", idPrefix = "pe", onChange } = options;
  const { schema } = resolve(objectSchema, defs);
  const nodes = [];
  for (const [name, raw] of Object.entries(schema.properties || {})) {
    if (options.only && !options.only.includes(name)) continue;
    if (options.skip && options.skip.includes(name)) continue;
    const here = path ? `${path}.${name}` : name;
    nodes.push(control(name, raw, value ? value[name] : undefined, {
      ...options,
      defs,
      path: here,
      id: domId(idPrefix, here),
      set: (v) => onChange(name, v),
    }));
  }
  return nodes;
}

function control(name, raw, current, ctx) {
  const { schema, nullable } = resolve(raw, ctx.defs);
  const label = (ctx.titles && ctx.titles[name]) || title(name, schema);
  const help = schema.description || "";
  const fallback = schema.default;
  const shown = current === undefined ? fallback : current;
  const set = (v) => ctx.set(v === undefined || (fallback !== undefined && sameValue(v, fallback)) ? undefined : v);
  const common = { help, path: ctx.path };

  if (ctx.choices && ctx.choices[name]) {
    const node = select(ctx.choices[name], shown ?? "", { empty: "(none)" });
    node.addEventListener("change", () => set(node.value === "" ? (nullable ? null : undefined) : node.value));
    return field(ctx.id, label, node, common);
  }
  if (schema.enum) {
    const node = select(schema.enum.map((v) => [v, String(v)]), shown ?? "", { empty: nullable ? "(none)" : null });
    node.addEventListener("change", () => set(node.value === "" ? null : node.value));
    return field(ctx.id, label, node, common);
  }
  if (schema.type === "boolean") {
    const node = h("input", { type: "checkbox", checked: Boolean(shown) });
    node.addEventListener("change", () => set(node.checked));
    return field(ctx.id, label, node, { ...common, inline: true });
  }
  if (schema.type === "integer" || schema.type === "number") {
    const node = h("input", { type: "number", value: shown ?? "", min: schema.minimum ?? schema.exclusiveMinimum,
      max: schema.maximum ?? schema.exclusiveMaximum, step: schema.type === "integer" ? 1 : "any" });
    node.addEventListener("input", () => {
      if (node.value === "") set(nullable ? null : undefined);
      else if (!Number.isNaN(node.valueAsNumber)) set(node.valueAsNumber);
    }, false);
    node.dataset.merge = ctx.path;
    return field(ctx.id, label, node, common);
  }
  if (schema.type === "string") {
    const long = (ctx.long || []).includes(name) || (schema.maxLength || 0) > LONG_TEXT;
    const node = long
      ? h("textarea", { rows: 4, class: "mono", spellcheck: "false" }, shown ?? "")
      : h("input", { type: "text", value: shown ?? "", maxlength: schema.maxLength });
    node.addEventListener("input", () => set(node.value === "" && nullable ? null : node.value));
    node.dataset.merge = ctx.path;
    return field(ctx.id, label, node, common);
  }
  if (schema.type === "object" && schema.properties) {
    const inner = current && typeof current === "object" ? { ...current } : {};
    const box = h("fieldset", { class: "pe-fieldset", "data-field-path": ctx.path }, h("legend", {}, label),
      help ? h("p", { class: "hint" }, help) : null);
    box.append(...schemaFields(schema, {
      ...ctx,
      value: inner,
      idPrefix: ctx.id,
      path: ctx.path,
      only: null,
      skip: null,
      onChange: (key, v) => {
        if (v === undefined) delete inner[key];
        else inner[key] = v;
        ctx.set(Object.keys(inner).length ? { ...inner } : undefined);
      },
    }));
    return box;
  }
  if (schema.type === "array" && schema.items) {
    const item = resolve(schema.items, ctx.defs).schema;
    if (item.type === "object" && item.properties) return objectList(label, help, current || [], item, ctx);
    return primitiveList(label, help, current || [], item, ctx);
  }
  // Anything else (Any, dict[str, X], unions): JSON, or plain text for a free-form value.
  const free = !schema.type;
  const text = shown === undefined || shown === null ? "" : free && typeof shown === "string" ? shown : JSON.stringify(shown);
  const node = h(free ? "input" : "textarea", { type: free ? "text" : null, value: text, class: "mono", rows: 3, spellcheck: "false" });
  if (!free) node.value = text;
  node.dataset.merge = ctx.path;
  const err = h("span", { class: "pe-json-problem", role: "alert" });
  node.addEventListener("input", () => {
    err.textContent = "";
    if (free) {
      set(looseValue(node.value));
      return;
    }
    if (node.value.trim() === "") {
      set(undefined);
      return;
    }
    try {
      set(JSON.parse(node.value));
    } catch (exc) {
      err.textContent = `Not JSON yet: ${exc.message}`;
    }
  });
  const wrap = field(ctx.id, free ? label : `${label} (JSON)`, node, common);
  wrap.append(err);
  return wrap;
}

function primitiveList(label, help, items, item, ctx) {
  const number = item.type === "integer" || item.type === "number";
  const node = h("textarea", { rows: 3 }, items.join("\n"));
  node.dataset.merge = ctx.path;
  node.addEventListener("input", () => {
    const lines = node.value.split("\n").map((l) => l.trim()).filter(Boolean);
    const values = number ? lines.map(Number).filter((n) => !Number.isNaN(n)) : lines;
    ctx.set(values.length ? values : undefined);
  });
  return field(ctx.id, `${label} (one per line)`, node, { help, path: ctx.path });
}

function objectList(label, help, items, item, ctx) {
  const list = items.map((x) => ({ ...x }));
  const box = h("fieldset", { class: "pe-fieldset pe-list-editor", "data-field-path": ctx.path }, h("legend", {}, label),
    help ? h("p", { class: "hint" }, help) : null);
  const rows = h("div", {});
  const emit = () => ctx.set(list.length ? list.map((x) => ({ ...x })) : undefined);
  const draw = () => {
    rows.replaceChildren();
    list.forEach((entry, index) => {
      const row = h("fieldset", { class: "pe-fieldset pe-row" }, h("legend", {}, `${label} ${index + 1}`));
      row.append(...schemaFields(item, {
        ...ctx,
        value: entry,
        idPrefix: `${ctx.id}-${index}`,
        path: `${ctx.path}.${index}`,
        only: null,
        skip: null,
        onChange: (key, v) => {
          if (v === undefined) delete entry[key];
          else entry[key] = v;
          emit();
        },
      }));
      row.append(h("button", { type: "button", class: "secondary pe-small", onclick: () => {
        list.splice(index, 1);
        emit();
        draw();
      } }, `Remove ${label.toLowerCase()} ${index + 1}`));
      rows.append(row);
    });
  };
  draw();
  box.append(rows, h("button", { type: "button", class: "secondary pe-small", onclick: () => {
    const fresh = {};
    for (const [k, p] of Object.entries(item.properties)) {
      const r = resolve(p, ctx.defs).schema;
      if ((item.required || []).includes(k)) fresh[k] = r.default ?? (r.type === "string" ? `${k}${list.length + 1}` : r.type === "integer" || r.type === "number" ? 0 : "");
    }
    list.push(fresh);
    emit();
    draw();
  } }, `Add ${label.toLowerCase()}`));
  return box;
}
