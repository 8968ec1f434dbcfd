// The palette and the canvas: a light picture of each component (label, type, key facts),
// lists that SortableJS makes draggable, containers' regions nested inside them.

import Sortable from "sortablejs";

import { h } from "./dom.js";

const FAMILIES = [
  ["layout", "Layout"],
  ["collection", "Collection"],
  ["basic", "Basic fields"],
  ["advanced", "Advanced fields"],
];

const GROUP = "pe-components";

/** The palette, grouped by family, filtered by the search box. */
export function renderPalette(root, catalogue, { query = "", enabled = true, onAdd }) {
  root.replaceChildren();
  const needle = query.trim().toLowerCase();
  for (const [family, title] of FAMILIES) {
    const kinds = catalogue.filter((k) => k.family === family
      && (!needle || k.label.toLowerCase().includes(needle) || k.type.includes(needle)));
    if (!kinds.length) continue;
    const headingId = `pe-family-${family}`;
    const list = h("ul", { class: "pe-palette-list", "aria-labelledby": headingId });
    for (const kind of kinds) {
      list.append(h("li", {
        class: "pe-item",
        tabindex: "0",
        role: "button",
        "data-type": kind.type,
        title: enabled ? `Drag onto the page, or press Enter to add ${kind.label}` : kind.label,
        onkeydown: (e) => {
          if (enabled && (e.key === "Enter" || e.key === " ")) {
            e.preventDefault();
            onAdd(kind.type);
          }
        },
      }, kind.label));
    }
    root.append(h("section", { class: "pe-family" }, h("h3", { id: headingId }, title), list));
    if (enabled) {
      Sortable.create(list, {
        group: { name: GROUP, pull: "clone", put: false },
        sort: false,
        forceFallback: true,
        fallbackOnBody: true,
        animation: 0,
      });
    }
  }
  if (!root.children.length) root.append(h("p", { class: "muted" }, "No component matches."));
}

function summary(component, kind) {
  const facts = [`#${component.id}`];
  const options = component.options;
  if (options) {
    if (options.source === "data_source") facts.push(`options from ${options.data_source || "?"}`);
    else if (options.source === "action") facts.push(`options from action ${options.action || "?"}`);
    else facts.push(`${(options.items || []).length} options`);
  }
  if (component.data_source) facts.push(`data: ${component.data_source}`);
  if (component.rules && component.rules.required) facts.push("required");
  const attrs = component.attributes || {};
  for (const key of ["role", "kind", "title", "placeholder"]) {
    if (attrs[key]) facts.push(`${key}: ${attrs[key]}`);
  }
  const events = Object.entries(component.events || {});
  if (events.length) facts.push(events.map(([e, a]) => `${e}→${a}`).join(", "));
  if (component.hidden) facts.push("hidden");
  if (kind && kind.field && component.binding === false) facts.push("not bound");
  return facts.join(" · ");
}

function slotTitle(component, slot, index) {
  if (component.type === "grid") return `Column ${index + 1} (span ${slot.span || "auto"})`;
  return slot.label || slot.key || `Region ${index + 1}`;
}

/** Where a dropped item landed among the list's components (palette items count too). */
function placeOf(list, item) {
  return [...list.children].filter((c) => c === item || c.classList.contains("pe-node")).indexOf(item);
}

/**
 * Draw the document. ctx: {catalogue (by type), selected, problems (id -> [messages]),
 * enabled, onSelect(id), onDrop(type|null, id|null, toKey, index)}.
 * Returns the Sortable instances (destroyed before the next drawing).
 */
export function renderCanvas(root, doc, ctx) {
  const sortables = [];
  const list = (items, key, depth, extraClass = "") => {
    const node = h("div", { class: `pe-list ${extraClass}`.trim(), "data-list": key, role: "group" });
    for (const component of items || []) node.append(item(component, depth));
    if (!items || !items.length) node.classList.add("pe-empty");
    if (ctx.enabled) {
      sortables.push(Sortable.create(node, {
        group: { name: GROUP, pull: true, put: true },
        forceFallback: true,
        fallbackOnBody: true,
        swapThreshold: 0.65,
        emptyInsertThreshold: 24,
        animation: 0,
        draggable: ".pe-node",
        filter: ".pe-slot-title",
        preventOnFilter: false,
        onAdd: (evt) => {
          const type = evt.item.dataset.type;
          const id = evt.item.dataset.id;
          const index = placeOf(node, evt.item);
          // The model, not the DOM, decides: redraw from the document.
          evt.item.remove();
          ctx.onDrop(type || null, id || null, key, index, evt.from.dataset.list || null);
        },
        onUpdate: (evt) => {
          ctx.onDrop(null, evt.item.dataset.id, key, placeOf(node, evt.item), key);
        },
      }));
    }
    return node;
  };

  const item = (component, depth) => {
    const kind = ctx.catalogue[component.type];
    const selected = component.id === ctx.selected;
    const problems = ctx.problems[component.id] || [];
    const label = component.name || (kind ? kind.label : component.type);
    const node = h("div", {
      class: `pe-node${selected ? " pe-selected" : ""}${problems.length ? " pe-invalid" : ""}${kind && kind.container ? " pe-container" : ""}`,
      role: "treeitem",
      // Every component is a Tab stop (Tab and the arrows both move the selection).
      tabindex: "0",
      "aria-selected": selected ? "true" : "false",
      "aria-level": String(depth + 1),
      "aria-label": `${label} (${kind ? kind.label : component.type})`,
      "data-id": component.id,
      "data-type-name": component.type,
    },
    h("div", { class: "pe-node-head" },
      h("span", { class: "pe-node-label" }, label),
      h("span", { class: "pe-node-type" }, kind ? kind.label : `${component.type} (unknown)`),
      h("span", { class: "pe-node-key" }, summary(component, kind))),
    problems.length ? h("ul", { class: "pe-node-problems" }, problems.map((p) => h("li", {}, p))) : null);
    if (kind && kind.container === "children") {
      node.append(list(component.children, `${component.id}:children`, depth + 1));
    } else if (kind && kind.container === "slots") {
      const slots = h("div", { class: `pe-slots pe-slots-${component.type}` });
      (component.slots || []).forEach((slot, index) => {
        const grow = component.type === "grid" ? slot.span || 1 : 1;
        slots.append(h("div", { class: "pe-slot", style: `flex: ${grow} 1 0`, "data-slot": String(index) },
          h("div", { class: "pe-slot-title" }, slotTitle(component, slot, index)),
          list(slot.children, `${component.id}:slot:${index}`, depth + 1)));
      });
      node.append(slots);
    }
    return node;
  };

  root.replaceChildren(list(doc.components, "root", 0, "pe-root"));
  return sortables;
}
